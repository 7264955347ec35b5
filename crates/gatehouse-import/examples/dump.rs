//! Prints every sheet of a spreadsheet as the importer reads it: `cargo run --example dump FILE [ROWS]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: dump FILE [ROWS]");
    let rows: u32 = args.next().and_then(|r| r.parse().ok()).unwrap_or(40);
    let bytes = fs_err::read(&path).expect("readable file");
    match gatehouse_import::read_workbook(&path, &bytes, &Default::default()) {
        Err(e) => println!("error: {e}"),
        Ok(wb) => {
            println!("{:?} {:?}", wb.format, wb.notes);
            for sheet in &wb.sheets {
                println!(
                    "== {} ({}x{}) merged {:?} truncated {:?}",
                    sheet.name,
                    sheet.height(),
                    sheet.width(),
                    sheet.merged,
                    sheet.truncated
                );
                for r in 0..sheet.height().min(rows) {
                    let cells: Vec<String> =
                        sheet.row(r).iter().map(|v| format!("{v:?}")).collect();
                    println!("{:>3}: {}", r + 1, cells.join(" | "));
                }
            }
        }
    }
}
