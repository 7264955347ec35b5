//! Hostile and broken input: each gives a clear error or a reported, bounded truncation.

use std::io::Write;

use gatehouse_import::{read_workbook, ImportError, Limits};

use crate::{bytes_preview, ods, ods_cell, ods_row};

fn small_xlsx() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_row(0, 0, ["Person", "Role"]).unwrap();
    ws.write_row(1, 0, ["Ana", "Viewer"]).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_truncated_xlsx_is_reported_as_damaged() {
    let bytes = small_xlsx();
    let cut = bytes[..bytes.len() / 2].to_vec();
    let e = bytes_preview("cut.xlsx", cut).unwrap_err();
    assert_eq!(e.code(), "import_corrupt", "{e}");
    assert!(
        e.to_string()
            .starts_with("cut.xlsx: the file is damaged or truncated"),
        "{e}"
    );
}

/// A real xlsx whose sheet part declares (and holds) 300 MiB of zeros, compressed to a
/// few hundred KiB.
fn zip_bomb() -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        let original = zip::ZipArchive::new(std::io::Cursor::new(small_xlsx())).unwrap();
        let mut original = original;
        for i in 0..original.len() {
            let mut f = original.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut data).unwrap();
            zip.start_file(&name, opts).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                let zeros = vec![b' '; 1 << 20];
                for _ in 0..300 {
                    zip.write_all(&zeros).unwrap();
                }
            }
            zip.write_all(&data).unwrap();
        }
        zip.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn a_zip_bomb_is_refused_before_inflating() {
    let bomb = zip_bomb();
    assert!(
        bomb.len() < 2 << 20,
        "the bomb is small: {} bytes",
        bomb.len()
    );
    let e = bytes_preview("bomb.xlsx", bomb).unwrap_err();
    assert_eq!(e.code(), "import_zip_bomb", "{e}");
    assert!(e.to_string().contains("xl/worksheets/sheet1.xml"), "{e}");
}

#[test]
fn a_million_row_csv_is_cut_at_the_row_limit_and_says_so() {
    let mut text = String::from("User,Role\n");
    for i in 0..1_000_000 {
        text.push_str(&format!("user{i},role{}\n", i % 7));
    }
    let p = bytes_preview("million.csv", text.into_bytes()).unwrap();
    let limit = Limits::default().max_rows as usize;
    assert_eq!(
        p.assignments.len(),
        limit - 1,
        "header plus rows up to the limit"
    );
    assert!(
        p.warnings
            .iter()
            .any(|w| w.source == "million"
                && w.message.contains("only the first 250000 rows were read")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn a_long_xlsx_sheet_is_cut_while_streaming() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_row(0, 0, ["User", "Role"]).unwrap();
    for r in 1..300_000u32 {
        ws.write_number(r, 0, r as f64).unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let limits = Limits {
        max_rows: 1000,
        ..Limits::default()
    };
    let wb = read_workbook("big.xlsx", &bytes, &limits).unwrap();
    assert_eq!(wb.sheets[0].height(), 1000);
    assert!(wb.sheets[0]
        .truncated
        .as_deref()
        .unwrap()
        .contains("first 1000 rows"));
}

#[test]
fn absurd_dimensions_are_bounded() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_row(0, 0, ["Role", "Capability"]).unwrap();
    ws.write(1_048_575, 16_383, "x").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let wb = read_workbook("far.xlsx", &bytes, &Limits::default()).unwrap();
    assert!(wb.sheets[0].height() <= Limits::default().max_rows);
    assert!(
        wb.sheets[0].truncated.is_some(),
        "the far cell is reported, not allocated"
    );
}

#[test]
fn a_file_that_is_not_a_spreadsheet_says_what_it_is() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let e = bytes_preview("photo.xlsx", png).unwrap_err();
    assert_eq!(e.code(), "import_not_a_spreadsheet");
    assert!(e.to_string().contains("PNG image"), "{e}");
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 251) as u8).collect();
    let e = bytes_preview("blob.csv", binary).unwrap_err();
    assert_eq!(e.code(), "import_not_a_spreadsheet", "{e}");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"hello").unwrap();
    let e = bytes_preview("archive.xlsx", zip.finish().unwrap().into_inner()).unwrap_err();
    assert!(e.to_string().contains("without a workbook inside"), "{e}");
}

/// An OLE compound file holding `EncryptionInfo` and `EncryptedPackage` streams: the
/// container Excel writes for a password-protected workbook (the payload here is random,
/// not real AES: no encryption library is used to make it).
fn encrypted_workbook() -> Vec<u8> {
    let mut comp = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    comp.create_stream("/EncryptionInfo")
        .unwrap()
        .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
        .unwrap();
    comp.create_stream("/EncryptedPackage")
        .unwrap()
        .write_all(&[0x5a; 4096])
        .unwrap();
    comp.flush().unwrap();
    comp.into_inner().into_inner()
}

#[test]
fn a_password_protected_workbook_asks_for_an_unprotected_copy() {
    let e = bytes_preview("locked.xlsx", encrypted_workbook()).unwrap_err();
    assert!(matches!(e, ImportError::PasswordProtected { .. }), "{e}");
    assert!(e.to_string().contains("password-protected"), "{e}");
}

#[test]
fn an_empty_file_is_an_error() {
    let e = bytes_preview("empty.csv", Vec::new()).unwrap_err();
    assert_eq!(e.code(), "import_empty", "{e}");
}

#[test]
fn utf16_and_bom_csv_are_decoded_and_tabs_sniffed() {
    let text = "User\tRole\r\nZoë\tViewer\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let p = bytes_preview("u16.tsv", utf16).unwrap();
    assert_eq!(p.assignments[0].person, "Zoë");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(b"User;Role\nZo\xC3\xAB;Viewer;extra;cells\n");
    let p = bytes_preview("bom.csv", bom).unwrap();
    assert_eq!(
        p.assignments[0].person, "Zoë",
        "BOM stripped, ragged row accepted"
    );
    assert_eq!(p.sheets[0].header_row, Some(1));
}

/// What a person might mistake for a workbook: this crate's own README-like text.
const PROSE: &str = "# Gatehouse\n\nDesign, test and evidence separation of duties, on \
                     no-code platforms.\n\nIt reads legacy role spreadsheets (xlsx, ods, csv) \
                     and shows, per role, what it may do.\n\n## Build\n\n    cargo build\n";

#[test]
fn text_named_as_a_zip_workbook_is_refused_and_says_what_it_is() {
    for extension in ["xlsx", "xlsm", "xlsb", "ods"] {
        let name = format!("readme.{extension}");
        let e = bytes_preview(&name, PROSE.as_bytes().to_vec()).unwrap_err();
        assert_eq!(e.code(), "import_not_a_spreadsheet", "{e}");
        let text = e.to_string();
        assert!(
            text.starts_with(&format!("{name} is not a spreadsheet Gatehouse can read: ")),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "named as an {extension} workbook but is plain text"
            )),
            "{text}"
        );
        assert!(text.contains("save it as xlsx"), "{text}");
    }
    let e = bytes_preview("data.XLSX", br#"{"a": [1, 2], "b": {"c": "d"}}"#.to_vec()).unwrap_err();
    assert_eq!(e.code(), "import_not_a_spreadsheet", "{e}");
    assert!(e.to_string().contains("but is JSON"), "{e}");
    // A table saved as text under an xlsx name: refused, with the way to import it.
    let csv = b"User,Role\nAna,Viewer\n".to_vec();
    let e = bytes_preview("users.xlsx", csv.clone()).unwrap_err();
    assert_eq!(e.code(), "import_not_a_spreadsheet", "{e}");
    assert!(e.to_string().contains("rename it to .csv"), "{e}");
    // The same bytes named as text are read as before.
    let p = bytes_preview("users.csv", csv).unwrap();
    assert_eq!(p.assignments[0].person, "Ana");
    let p = bytes_preview("users", b"User,Role\nAna,Viewer\n".to_vec()).unwrap();
    assert_eq!(p.assignments[0].person, "Ana");
}

#[test]
fn an_xls_name_admits_delimited_text_and_nothing_else() {
    let html = b"<html><body><table><tr><td>Role</td><td>Admin</td></tr></table></body></html>";
    let e = bytes_preview("export.xls", html.to_vec()).unwrap_err();
    assert_eq!(e.code(), "import_not_a_spreadsheet", "{e}");
    let text = e.to_string();
    assert!(
        text.contains("named as an xls workbook but is an HTML page"),
        "{text}"
    );
    assert!(
        text.contains("open it in your spreadsheet program, save it as xlsx"),
        "{text}"
    );
    let e = bytes_preview("data.xls", br#"{"roles": ["Admin", "Viewer"]}"#.to_vec()).unwrap_err();
    assert_eq!(e.code(), "import_not_a_spreadsheet", "{e}");
    assert!(e.to_string().contains("but is JSON"), "{e}");
    let lock = "# This file is automatically @generated by Cargo.\nversion = 4\n\n[[package]]\n\
                name = \"adler2\"\nversion = \"2.0.1\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n\
                [[package]]\nname = \"age\"\nversion = \"0.11.1\"\ndependencies = [\n \"aes\",\n \"bech32\",\n]\n";
    for (name, text) in [("Cargo.xls", lock), ("readme.xls", PROSE)] {
        let e = bytes_preview(name, text.as_bytes().to_vec()).unwrap_err();
        assert_eq!(e.code(), "import_not_a_spreadsheet", "{name}: {e}");
        assert!(e.to_string().contains("not a delimited table"), "{e}");
    }
    // Tab-separated text under an .xls name, as legacy systems export it (also as UTF-16).
    let tsv = "User\tRole\r\nAna\tViewer\r\nBen\tAdmin\r\n";
    let p = bytes_preview("export.xls", tsv.as_bytes().to_vec()).unwrap();
    assert_eq!(p.assignments.len(), 2);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(tsv.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let p = bytes_preview("unicode.xls", utf16).unwrap();
    assert_eq!(p.assignments[1].person, "Ben");
}

#[test]
fn utf8_with_a_stray_windows_1252_byte_stays_utf8() {
    // "José Müller" in UTF-8, then "Zoë" with its ë as the one Windows-1252 byte 0xEB.
    let bytes = b"Name,Role\nJos\xC3\xA9 M\xC3\xBCller,Viewer\nZo\xEB,Admin\n".to_vec();
    let p = bytes_preview("mixed.csv", bytes.clone()).unwrap();
    let people: Vec<&str> = p.assignments.iter().map(|a| a.person.as_str()).collect();
    assert_eq!(people, ["José Müller", "Zoë"]);
    let wb = read_workbook("mixed.csv", &bytes, &Limits::default()).unwrap();
    let notes = wb.notes.join("\n");
    assert!(
        notes.contains("1 byte that is not UTF-8, on line 3"),
        "{notes}"
    );
    assert!(notes.contains("Windows-1252"), "{notes}");
    // A file that is all Windows-1252 is still read as such.
    let cp1252 = b"Name;Role\nJos\xE9 M\xFCller;Viewer\n".to_vec();
    let wb = read_workbook("cp1252.csv", &cp1252, &Limits::default()).unwrap();
    assert_eq!(wb.sheets[0].text(1, 0), "José Müller");
    assert_eq!(wb.notes, ["read as Windows-1252 text delimited by ';'"]);
}

#[test]
fn an_ods_of_huge_repeated_cells_is_cut_at_the_limits_and_says_so() {
    let header = ods_row(
        &[
            ods_cell("Capability", 1),
            ods_cell("Admin", 1),
            ods_cell("Viewer", 1),
        ],
        1,
    );
    // A few hundred bytes that expand to 1,048,575 rows by 16,384 columns.
    let bomb =
        ods(&(header.clone() + &ods_row(&[ods_cell("cap", 1), ods_cell("x", 16_383)], 1_048_575)));
    assert!(bomb.len() < 2_000, "{} bytes", bomb.len());
    let limits = Limits::default();
    let wb = read_workbook("rep.ods", &bomb, &limits).unwrap();
    let sheet = &wb.sheets[0];
    assert!(u64::from(sheet.height()) * u64::from(sheet.width()) <= limits.max_cells);
    assert_eq!(sheet.width(), limits.max_columns);
    assert_eq!(sheet.text(0, 2), "Viewer");
    assert_eq!(sheet.text(5, 1023), "x");
    let cut = sheet.truncated.as_deref().unwrap();
    assert!(
        cut.contains("only the first 1024 columns were read"),
        "{cut}"
    );
    assert!(cut.contains("more than the 5000000 cells"), "{cut}");
    // And through the preview: a warning, not an error.
    let p = bytes_preview("rep.ods", bomb).unwrap();
    crate::assert_warns(&p, "Access", "sheet truncated");

    // Repeats beyond what any spreadsheet holds are bounded the same way.
    let absurd = ods(&(header.clone()
        + &ods_row(
            &[ods_cell("cap", 1), ods_cell("x", 2_000_000_000)],
            1_000_000_000,
        )));
    let small = Limits {
        max_cells: 20_000,
        ..Limits::default()
    };
    let wb = read_workbook("absurd.ods", &absurd, &small).unwrap();
    assert_eq!(wb.sheets[0].height(), 20_000 / 1_025);
    assert!(wb.sheets[0].truncated.is_some());

    // Repeated rows up to the row limit: cut there, as for the other formats.
    let long = ods(&(header.clone() + &ods_row(&[ods_cell("cap", 1), ods_cell("x", 2)], 400_000)));
    let wb = read_workbook("long.ods", &long, &limits).unwrap();
    assert_eq!(wb.sheets[0].height(), limits.max_rows);
    let cut = wb.sheets[0].truncated.as_deref().unwrap();
    assert_eq!(
        cut,
        "only the first 250000 rows were read; the sheet goes on below"
    );
}

#[test]
fn an_ods_with_the_usual_trailing_empty_repeats_is_read_whole() {
    // What LibreOffice writes: the used rows, then empty rows and cells up to the sheet's end.
    let empty = r#"<table:table-cell table:number-columns-repeated="1021"/>"#.to_string();
    let rows = ods_row(
        &[
            ods_cell("Capability", 1),
            ods_cell("Admin", 1),
            ods_cell("Viewer", 1),
            empty.clone(),
        ],
        1,
    ) + &ods_row(&[ods_cell("Read", 1), ods_cell("x", 2), empty.clone()], 3)
        + &ods_row(&[empty], 1_048_572);
    let wb = read_workbook("usual.ods", &ods(&rows), &Limits::default()).unwrap();
    let sheet = &wb.sheets[0];
    assert_eq!((sheet.height(), sheet.width()), (4, 3));
    assert_eq!(sheet.text(3, 2), "x");
    assert_eq!(sheet.truncated, None);
}

#[test]
fn a_web_page_or_json_under_any_other_name_is_not_read_as_a_table() {
    for (name, text) in [
        (
            "export.htm",
            "<!DOCTYPE html><html><body><table><tr><td>x</td></tr></table></body></html>",
        ),
        ("roles.json", "{\"roles\": [\"Admin\", \"Viewer\"]}"),
    ] {
        let e = bytes_preview(name, text.as_bytes().to_vec()).unwrap_err();
        assert_eq!(e.code(), "import_not_a_spreadsheet", "{name}: {e}");
        assert!(e.to_string().starts_with(name), "{e}");
    }
    // Delimited text under an unusual name is still read.
    let p = bytes_preview(
        "people.export",
        b"Name;Role\nAna Lima;Viewer\nBen Okafor;Admin\n".to_vec(),
    )
    .unwrap();
    assert_eq!(p.assignments.len(), 2);
}
