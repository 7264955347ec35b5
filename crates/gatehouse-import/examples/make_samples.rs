//! Writes the legacy spreadsheets in `samples/` that the importer's tests and the README's
//! walkthrough use: `cargo run -p gatehouse-import --example make_samples`.
//!
//! They are made here rather than copied from anywhere, and they are messy on purpose: title
//! rows, notes, legends, merged environment headers, marks in several languages, an unknown
//! mark, formula cells, text that looks like a formula, Windows-1252 text.
//!
//! `samples/actual/` holds actual access exports for `gatehouse drift`, in the shapes three
//! platforms write them, each with known differences from the generic template's model
//! (samples/README.md lists them).

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    permission_matrix(&dir.join("permission-matrix.xlsx"))?;
    per_environment(&dir.join("matrix-per-environment.xlsx"))?;
    raci(&dir.join("raci.xlsx"))?;
    sod_rules(&dir.join("sod-rules.xlsx"))?;
    assignments(&dir.join("assignments.csv"))?;
    access_list(&dir.join("access-list.xlsx"))?;
    sod_entitlements(&dir.join("sod-entitlements.xlsx"))?;
    user_roles(&dir.join("user-roles.csv"))?;
    access_review(&dir.join("access-review.xlsx"))?;
    raci_sections(&dir.join("raci-sections.xlsx"))?;
    numeric_marks(&dir.join("numeric-marks.xlsx"))?;
    environment_groups(&dir.join("environment-groups.xlsx"))?;
    crud_matrix(&dir.join("crud-matrix.xlsx"))?;
    fs_err::create_dir_all(dir.join("actual"))?;
    power_platform_users(&dir.join("actual/power-platform-users.xlsx"))?;
    servicenow_user_roles(&dir.join("actual/servicenow-sys_user_has_role.csv"))?;
    generic_user_roles(&dir.join("actual/user-roles-generic.csv"))?;
    for f in [
        "permission-matrix.xlsx",
        "matrix-per-environment.xlsx",
        "raci.xlsx",
        "sod-rules.xlsx",
        "assignments.csv",
        "access-list.xlsx",
        "sod-entitlements.xlsx",
        "user-roles.csv",
        "access-review.xlsx",
        "raci-sections.xlsx",
        "numeric-marks.xlsx",
        "environment-groups.xlsx",
        "crud-matrix.xlsx",
        "actual/power-platform-users.xlsx",
        "actual/servicenow-sys_user_has_role.csv",
        "actual/user-roles-generic.csv",
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

/// Role → resource → level lists, as platforms export them: ids, a parent column, `null`
/// literals and a Y/N flag on one sheet; screens with standard/admin/read on another.
fn access_list(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Role access")?;
    ws.write_row(
        0,
        0,
        [
            "RoleID",
            "RoleName",
            "ParentRole",
            "System",
            "Access_Level",
            "Active",
        ],
    )?;
    let rows = [
        [
            "R01",
            "Citizen Developer",
            "null",
            "Power Apps",
            "Write",
            "Y",
        ],
        ["R01", "Citizen Developer", "null", "Dataverse", "Read", "Y"],
        [
            "R02",
            "IT Administrator",
            "null",
            "Power Apps",
            "Write",
            "Y",
        ],
        [
            "R02",
            "IT Administrator",
            "null",
            "Admin Center",
            "Write",
            "Y",
        ],
        ["R03", "App Owner", "R01", "Power Apps", "Read", "N"],
        ["R04", "Viewer", "R01", "Dataverse", "null", "Y"],
    ];
    for (r, row) in (1..).zip(rows) {
        ws.write_row(r, 0, row)?;
    }
    let ws = wb.add_worksheet().set_name("Screens")?;
    ws.write_row(0, 0, ["role", "screen", "access level"])?;
    let rows = [
        ["Citizen Developer", "App designer", "standard"],
        ["IT Administrator", "App designer", "admin"],
        ["Viewer", "Reports", "read"],
    ];
    for (r, row) in (1..).zip(rows) {
        ws.write_row(r, 0, row)?;
    }
    wb.save(path)
}

/// SoD rules between entitlements, each in its system, headers run together (`RuleName`,
/// `EntitlementA`, `RiskLevel`), one side a wildcard; and a sheet of functions with
/// `Risk-Level`.
fn sod_entitlements(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Entitlement rules")?;
    let header = [
        "RuleName",
        "EntitlementA",
        "System_A",
        "EntitlementB",
        "System_B",
        "RiskLevel",
        "Description",
    ];
    ws.write_row(0, 0, header)?;
    let rows = [
        [
            "Vendor and payment",
            "Create vendor",
            "SAP",
            "Pay vendor",
            "SAP",
            "High",
            "One person could pay a vendor they created",
        ],
        [
            "Build and approve",
            "Publish app",
            "Power Platform",
            "Approve change",
            "ServiceNow",
            "Critical",
            "",
        ],
        [
            "Admin and anything",
            "Manage roles",
            "Entra ID",
            "<any>",
            "Entra ID",
            "Medium",
            "",
        ],
    ];
    for (r, row) in (1..).zip(rows) {
        write_filled(ws, r, 0, &row)?;
    }
    let ws = wb.add_worksheet().set_name("Functions")?;
    ws.write_row(0, 0, ["Function A", "Function B", "Risk-Level"])?;
    ws.write_row(1, 0, ["Post journal", "Approve journal", "High"])?;
    ws.write_row(2, 0, ["Create user", "*", "Low"])?;
    wb.save(path)
}

/// A user export listing each person's roles in one cell (`;`, `,`, `|`, line breaks),
/// with an account status that says some accounts are disabled.
fn user_roles(path: &Path) -> std::io::Result<()> {
    let text = "Display Name,Email,Security Roles,Account status\r\n\
Ana Lima,ana.lima@example.org,Citizen Developer; IT Administrator,Active\r\n\
Ben Okafor,ben.okafor@example.org,\"App Owner, Viewer\",Enabled\r\n\
Chloé Martin,chloe.martin@example.org,IT Approver | Security Reviewer,Active\r\n\
Dev Patel,dev.patel@example.org,\"Citizen Developer\nApp Owner\",Disabled\r\n\
Eve Adams,eve.adams@example.org,Viewer,Terminated\r\n";
    fs_err::write(path, text)
}

/// An access review (certification) export: decisions KEEP / REVOKE / EXCEPTION beside
/// YES/NO flags that are facts about the row, never roles; and a sheet of flags only.
fn access_review(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Certification")?;
    let header = [
        "Cert ID",
        "User",
        "Entitlement",
        "Decision",
        "InBaseline",
        "SoD_Violation",
    ];
    ws.write_row(0, 0, header)?;
    let rows = [
        [
            "CERT-001",
            "Ana Lima",
            "Citizen Developer",
            "KEEP",
            "YES",
            "NO",
        ],
        [
            "CERT-002",
            "Ana Lima",
            "IT Administrator",
            "REVOKE",
            "NO",
            "YES",
        ],
        [
            "CERT-003",
            "Ben Okafor",
            "App Owner",
            "EXCEPTION",
            "NO",
            "YES",
        ],
        ["CERT-004", "Grace Kim", "IT Approver", "KEEP", "YES", "NO"],
    ];
    for (r, row) in (1..).zip(rows) {
        ws.write_row(r, 0, row)?;
    }
    let ws = wb.add_worksheet().set_name("Flags")?;
    ws.write_row(0, 0, ["User", "InBaseline", "SoD_Sensitive"])?;
    ws.write_row(1, 0, ["Ana Lima", "Y", "N"])?;
    ws.write_row(2, 0, ["Ben Okafor", "N", "Y"])?;
    wb.save(path)
}

/// A RACI chart whose empty cells say `N`, `-` or `n/a`, with section rows, bulleted
/// activities, and a deliverable beside each activity (it tells apart an activity that
/// repeats).
fn raci_sections(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("RACI")?;
    let header = [
        "Activity",
        "Deliverable",
        "Citizen Developer",
        "App Owner",
        "IT Approver",
    ];
    ws.write_row(0, 0, header)?;
    let rows: [[&str; 5]; 7] = [
        ["Build", "", "", "", ""],
        ["– Create app", "App draft", "R", "A", "N"],
        ["• Test app", "Test report", "R", "A", "n/a"],
        ["Release", "", "", "", ""],
        ["- Publish app", "Release notes", "R", "A", "C"],
        ["- Publish app", "Change record", "N", "C", "A"],
        ["- Retire app", "Retirement plan", "-", "R", "N"],
    ];
    for (r, row) in (1..).zip(rows) {
        write_filled(ws, r, 0, &row)?;
    }
    wb.save(path)
}

/// Marks written as the numbers 1 and 0 (not text), one sheet per environment.
fn numeric_marks(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    for (env, publish) in [("Development", 1), ("Production", 0)] {
        let ws = wb.add_worksheet().set_name(env)?;
        ws.write_row(
            0,
            0,
            ["Capability", "Citizen Developer", "IT Administrator"],
        )?;
        ws.write(1, 0, "Create app")?;
        ws.write(1, 1, 1)?;
        ws.write(1, 2, 1)?;
        ws.write(2, 0, "Publish app")?;
        ws.write(2, 1, publish)?;
        ws.write(2, 2, 1)?;
        ws.write(3, 0, "Manage connectors")?;
        ws.write(3, 1, 0)?;
        ws.write(3, 2, 1)?;
    }
    wb.save(path)
}

/// Environment groups as a merged first row over the capability columns, the corner
/// blank, and the capability names repeated under each group in row 2.
fn environment_groups(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet().set_name("Access")?;
    ws.merge_range(0, 1, 0, 2, "Development", &bold)?;
    ws.merge_range(0, 3, 0, 4, "Test", &bold)?;
    ws.merge_range(0, 5, 0, 6, "Production", &bold)?;
    let caps = ["Create app", "Publish app"];
    ws.write(1, 0, "Role")?;
    ws.write_row(1, 1, caps.into_iter().chain(caps).chain(caps))?;
    let rows: [(&str, [&str; 6]); 3] = [
        ("Citizen Developer", ["x", "x", "x", "", "", ""]),
        ("IT Administrator", ["x", "x", "x", "x", "x", "x"]),
        ("App Owner", ["", "", "", "x", "", "x"]),
    ];
    for (r, (role, marks)) in (2..).zip(rows) {
        ws.write(r, 0, role)?;
        write_filled(ws, r, 1, &marks)?;
    }
    wb.save(path)
}

/// A CRUD matrix under a title: entities down the side, roles across, the operations a
/// role may perform written as letters (`CRUD`, `R`, `C/R/U`, `RU`); `-` and `n/a` say
/// none; one cell (`X`) is not letters.
fn crud_matrix(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("Data access")?;
    ws.write(
        0,
        0,
        "Dataverse tables: who may create, read, update, delete",
    )?;
    let header = [
        "Table",
        "Citizen Developer",
        "App Owner",
        "IT Administrator",
        "Auditor",
    ];
    ws.write_row(2, 0, header)?;
    let rows: [[&str; 5]; 5] = [
        ["Account", "CRU", "CRUD", "CRUD", "R"],
        ["Invoice", "R", "RU", "CRUD", "R"],
        ["Connector", "-", "R", "C/R/U/D", "n/a"],
        ["Audit log", "", "R", "R", "R"],
        ["Environment variable", "X", "R", "CRUD", ""],
    ];
    for (r, row) in (3..).zip(rows) {
        write_filled(ws, r, 0, &row)?;
    }
    wb.save(path)
}

/// A Power Platform user export of one environment: several security roles in one cell, a
/// status column. Against the generic template: Ana also holds IT Administrator and Chloé
/// Viewer (unauthorised), Dev is disabled (his Data Steward role missing), Hugo still holds
/// Business Validator (expired on 2026-12-31), Zoe Quinn is no person of the model and
/// Environment Maker no role of it (unmatched).
fn power_platform_users(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = wb.add_worksheet().set_name("Users")?;
    let header = [
        "Full Name",
        "Primary Email",
        "Business Unit",
        "Security Roles",
        "Status",
    ];
    ws.write_row_with_format(0, 0, header, &bold)?;
    let rows = [
        [
            "Ana Lima",
            "ana.lima@example.org",
            "Finance",
            "Citizen Developer; IT Administrator",
            "Enabled",
        ],
        [
            "Ben Okafor",
            "ben.okafor@example.org",
            "IT",
            "IT Administrator; Environment Maker",
            "Enabled",
        ],
        [
            "Chloé Martin",
            "chloe.martin@example.org",
            "Finance",
            "App Owner, Viewer",
            "Enabled",
        ],
        [
            "Dev Patel",
            "dev.patel@example.org",
            "Finance",
            "Data Steward",
            "Disabled",
        ],
        [
            "Eva Novák",
            "eva.novak@example.org",
            "IT",
            "IT Approver",
            "Enabled",
        ],
        [
            "Farid Haddad",
            "farid.haddad@example.org",
            "Operations",
            "Business Validator",
            "Enabled",
        ],
        [
            "Grace Kim",
            "grace.kim@example.org",
            "Security",
            "Security Reviewer",
            "Enabled",
        ],
        [
            "Hugo Silva",
            "hugo.silva@example.org",
            "Field Services",
            "Citizen Developer\nBusiness Validator",
            "Enabled",
        ],
        [
            "Ines Berg",
            "ines.berg@example.org",
            "Audit",
            "Viewer",
            "Enabled",
        ],
        [
            "Zoe Quinn",
            "zoe.quinn@example.org",
            "Marketing",
            "Viewer",
            "Enabled",
        ],
    ];
    for (r, row) in (1..).zip(rows) {
        ws.write_row(r, 0, row)?;
    }
    wb.save(path)
}

/// ServiceNow's sys_user_has_role list exported as CSV: one row per user and role, the role
/// by its technical name (the model's ids here), a state. Against the generic template: Ben
/// also holds it-approver (unauthorised), Eva's it-approver is inactive (missing), Hugo
/// still holds business-validator (expired on 2026-12-31), Ana's sn_app_eng_studio.user is
/// no role of the model and the pipeline's functional account no person (unmatched).
fn servicenow_user_roles(path: &Path) -> std::io::Result<()> {
    let text = "user,role,state,inherited,granted_by\r\n\
Ana Lima,citizen-developer,active,false,\r\n\
Ana Lima,sn_app_eng_studio.user,active,true,App Engine Studio Users\r\n\
Hugo Silva,citizen-developer,active,false,\r\n\
Hugo Silva,business-validator,active,false,\r\n\
Ben Okafor,it-administrator,active,false,\r\n\
Ben Okafor,it-approver,active,false,\r\n\
Chloé Martin,app-owner,active,false,\r\n\
Dev Patel,data-steward,active,false,\r\n\
Eva Novák,it-approver,inactive,false,\r\n\
Farid Haddad,business-validator,active,false,\r\n\
Grace Kim,security-reviewer,active,false,\r\n\
Ines Berg,viewer,active,false,\r\n\
svc.pipeline,it-administrator,active,false,\r\n";
    fs_err::write(path, text)
}

/// A generic user-role export with an environment per row, names in any case and spacing.
/// Against the generic template on 2026-12-15: Hugo holds Business Validator in Production
/// where the model gives it in Test only (unauthorised, and the Test one missing), Ines's
/// only row names the environment UAT, which the model lacks (unmatched, her Viewer
/// missing), and "Chloe Martin" is not "Chloé Martin" (unmatched).
fn generic_user_roles(path: &Path) -> std::io::Result<()> {
    let text = "Person,Role,Environment\n\
ana lima,Citizen Developer,Development\n\
\"  BEN OKAFOR \",IT Administrator,Production\n\
Chloé Martin,App Owner,\n\
Dev Patel,data steward,\n\
Eva Novák,IT Approver,Production\n\
Farid Haddad,Business Validator,\n\
Grace Kim,Security Reviewer,\n\
Hugo Silva,Citizen Developer,Production\n\
Hugo Silva,Business Validator,Production\n\
Ines Berg,Viewer,UAT\n\
Chloe Martin,Viewer,\n";
    fs_err::write(path, text)
}
