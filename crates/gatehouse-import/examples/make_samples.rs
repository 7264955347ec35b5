//! Writes the legacy spreadsheets in `samples/` that the importer's tests and the README's
//! walkthrough use: `cargo run -p gatehouse-import --example make_samples`.
//!
//! They are made here rather than copied from anywhere, and they are messy on purpose: title
//! rows, notes, legends, merged environment headers, marks in several languages, an unknown
//! mark, formula cells, text that looks like a formula, Windows-1252 text.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    permission_matrix(&dir.join("permission-matrix.xlsx"))?;
    per_environment(&dir.join("matrix-per-environment.xlsx"))?;
    raci(&dir.join("raci.xlsx"))?;
    sod_rules(&dir.join("sod-rules.xlsx"))?;
    assignments(&dir.join("assignments.csv"))?;
    for f in [
        "permission-matrix.xlsx",
        "matrix-per-environment.xlsx",
        "raci.xlsx",
        "sod-rules.xlsx",
        "assignments.csv",
    ] {
        println!("wrote {}", PathBuf::from("samples").join(f).display());
    }
    Ok(())
}

/// Roles in rows, capabilities in columns grouped under merged environment headers; a
/// legend sheet saying that `A` means "with approval"; an unknown mark `?`.
fn permission_matrix(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet().set_name("Cover")?;
    ws.write(0, 0, "Contoso Power Platform — access matrix")?;
    ws.write(2, 0, "Owner: IT Governance. Reviewed quarterly.")?;
    ws.write(3, 0, "=Do not edit the matrix without a change ticket")?;

    let ws = wb.add_worksheet().set_name("Legend")?;
    ws.write_row(0, 0, ["Mark", "Meaning"])?;
    for (r, entry) in (1..).zip([
        ["X", "Allowed"],
        ["A", "Allowed with approval"],
        ["-", "Not allowed"],
    ]) {
        ws.write_row(r, 0, entry)?;
    }

    let ws = wb.add_worksheet().set_name("Matrix")?;
    ws.write_with_format(0, 0, "Permission matrix (v3, 2024)", &bold)?;
    ws.write(1, 0, "Marks: see the Legend sheet")?;
    ws.merge_range(3, 1, 3, 3, "Development", &bold)?;
    ws.merge_range(3, 4, 3, 6, "Production", &bold)?;
    let caps = ["Create app", "Publish app", "Manage connectors"];
    ws.write_with_format(4, 0, "Role", &bold)?;
    ws.write_row_with_format(4, 1, caps.into_iter().chain(caps), &bold)?;
    let rows: [(&str, [&str; 6]); 4] = [
        ("Citizen Developer", ["X", "X", "-", "-", "A", "-"]),
        ("IT   administrator", ["✓", "yes", "X", "X", "X", "X"]),
        ("App Owner", ["x", "ja", "", "", "with approval", "nein"]),
        ("Viewer", ["-", "no", "0", "?", "", ""]),
    ];
    for (r, (role, marks)) in (5..).zip(rows) {
        ws.write(r, 0, role)?;
        write_filled(ws, r, 1, &marks)?;
    }
    ws.write(10, 0, "Last reviewed by the CAB")?;
    wb.save(path)
}

/// One sheet per environment, roles in columns, capabilities in rows; marks as formulas.
fn per_environment(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    for (env, publish) in [("Development", "y"), ("Production", "n")] {
        let ws = wb.add_worksheet().set_name(env)?;
        ws.write(0, 0, "Capability")?;
        ws.write(0, 1, "Citizen Developer")?;
        ws.write(0, 2, "IT Administrator")?;
        ws.write(0, 3, "IT Approver")?;
        ws.write(1, 0, "Create app")?;
        ws.write(1, 1, "x")?;
        ws.write(1, 2, "x")?;
        ws.write(2, 0, "Publish app")?;
        ws.write(2, 1, publish)?;
        ws.write(2, 2, Formula::new("=\"x\"").set_result("x"))?;
        ws.write(3, 0, "Approve change")?;
        ws.write(3, 3, "●")?;
        ws.write(4, 0, "Deploy to production")?;
        ws.write(
            4,
            2,
            Formula::new("=IF(TRUE,\"oui\",\"non\")").set_result("oui"),
        )?;
    }
    wb.save(path)
}

/// A RACI chart with notes above the header and letters in every written form.
fn raci(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("RACI")?;
    ws.write(0, 0, "Change management RACI")?;
    ws.write(
        1,
        0,
        "R = Responsible, A = Accountable, C = Consulted, I = Informed",
    )?;
    let header = [
        "#",
        "Activity",
        "Citizen Developer",
        "App Owner",
        "IT Approver",
        "IT Administrator",
    ];
    ws.write_row(3, 0, header)?;
    let rows: [(&str, [&str; 4]); 5] = [
        ("Create app", ["A/R", "I", "", "C"]),
        ("Publish app", ["R", "R / A", "C", "I"]),
        ("Approve change", ["I", "C", "(R) ", "R (A)"]),
        ("Review access", ["", "C", "R", "R"]),
        ("Retire app", ["C", "A", "A", "x"]),
    ];
    for (i, (activity, letters)) in rows.iter().enumerate() {
        let r = i as u32 + 4;
        ws.write(
            r,
            0,
            Formula::new("=ROW()-4").set_result((i + 1).to_string()),
        )?;
        ws.write(r, 1, *activity)?;
        write_filled(ws, r, 2, letters)?;
    }
    wb.save(path)
}

/// SoD rules: two functions per row, a risk level, an optional mitigation.
fn sod_rules(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("SoD rules")?;
    ws.write(0, 0, "Segregation of duties — conflicting functions")?;
    let header = [
        "Rule ID",
        "Function 1",
        "Function 2",
        "Risk level",
        "Mitigation",
    ];
    ws.write_row(2, 0, header)?;
    let rows = [
        [
            "SOD-01",
            "Citizen Developer",
            "IT Approver",
            "High",
            "Approvals by a second IT approver",
        ],
        ["SOD-02", "Publish app", "Approve change", "Critical", ""],
        [
            "SOD-03",
            "Manage roles",
            "Access restricted data",
            "Medium",
            "Quarterly access review",
        ],
        ["SOD-04", "App Owner", "Security Reviewer", "extreme", ""],
    ];
    for (r, row) in (3..).zip(rows) {
        write_filled(ws, r, 0, &row)?;
    }
    let _ = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.save(path)
}

/// Writes `cells` along row `r` from column `c`, leaving the empty ones blank as people do.
fn write_filled(ws: &mut Worksheet, r: u32, c: u16, cells: &[&str]) -> Result<(), XlsxError> {
    for (col, cell) in (c..).zip(cells) {
        if !cell.is_empty() {
            ws.write(r, col, *cell)?;
        }
    }
    Ok(())
}

/// An assignment list as a European spreadsheet exports it: semicolons, Windows-1252, a
/// BOM-less header, dates as dd.mm.yyyy, a name written with a line break and odd case.
fn assignments(path: &Path) -> std::io::Result<()> {
    let text = "Name;E-Mail;Role;Environment;Granted;Expires;Granted by\r\n\
Ana Lima;ana.lima@example.org;Citizen Developer;Development;01.02.2024;;Farid Haddad\r\n\
BEN  OKAFOR;ben.okafor@example.org;IT Administrator;Production;2023-11-15;;Farid Haddad\r\n\
\"Chloé\nMartin\";chloe.martin@example.org;App Owner;;15.01.2024;31.12.2024;Grace Kim\r\n\
José Müller;jose.mueller@example.org;IT Approver;Production;01.03.2024;30.06.2024;Grace Kim\r\n\
=HYPERLINK(\"http://x\");evil@example.org;Viewer;;;;\r\n\
Dev Patel;dev.patel@example.org;Citizen Developer;Test;01.02.2024;someday;\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    fs_err::write(path, bytes)
}
