use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::process::Command;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

use super::*;
use crate::fixture::{self, FORMULA_ROLE};
use crate::Section;

type Sheets = BTreeMap<String, Vec<Vec<Data>>>;

fn read_back(bytes: &[u8]) -> (Vec<String>, Sheets) {
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens it");
    let names = book.sheet_names().to_vec();
    let mut sheets = BTreeMap::new();
    for name in &names {
        let range = book.worksheet_range(name).expect("every sheet reads back");
        sheets.insert(name.clone(), range.rows().map(|r| r.to_vec()).collect());
    }
    (names, sheets)
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The model's grants as (role id, capability id, environment id or "", effect).
fn model_grants(s: &Snapshot) -> BTreeSet<[String; 4]> {
    s.model
        .grants
        .iter()
        .map(|g| {
            [
                g.role.clone(),
                g.capability.clone(),
                g.environment.clone().unwrap_or_default(),
                g.effect.as_str().to_string(),
            ]
        })
        .collect()
}

fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut out).unwrap();
    out
}

#[test]
fn calamine_reads_every_sheet_back_and_the_grants_match_the_model() {
    let snap = fixture::snapshot();
    let bytes = workbook(&snap).unwrap();
    let (names, sheets) = read_back(&bytes);
    let expected: Vec<&str> = Sheet::included(&snap).iter().map(|s| s.name()).collect();
    assert_eq!(
        names, expected,
        "one sheet per register, Provenance and Controls"
    );
    assert_eq!(
        names.len(),
        22,
        "with the two sheets of pinned results, the access reviews, the change log and the dashboard"
    );
    assert!(
        !names.contains(&"Versions".to_string()),
        "no versions sheet for a snapshot made without the vault's versions"
    );

    let grants = &sheets["Grants"];
    assert_eq!(
        grants[0].iter().map(text).collect::<Vec<_>>(),
        matrix::GRANT_COLUMNS
    );
    let read: BTreeSet<[String; 4]> = grants[1..]
        .iter()
        .map(|r| [text(&r[4]), text(&r[5]), text(&r[6]), text(&r[3])])
        .collect();
    assert_eq!(
        grants.len() - 1,
        snap.model.grants.len(),
        "one row per grant"
    );
    assert_eq!(read, model_grants(&snap));

    let roles: Vec<String> = sheets["Roles"][1..].iter().map(|r| text(&r[1])).collect();
    assert!(roles.contains(&FORMULA_ROLE.to_string()), "{roles:?}");
    let people: String = sheets["Assignments"].iter().flatten().map(text).collect();
    for name in ["Łucja Müller", "Zoë Café", "王芳"] {
        assert!(people.contains(name), "{name} intact");
    }
    let statuses: BTreeSet<String> = sheets["Assignments"][1..]
        .iter()
        .map(|r| text(&r[6]))
        .collect();
    assert_eq!(
        statuses,
        ["active", "expired", "expiring", "not yet valid"]
            .map(String::from)
            .into()
    );
    let conflicts = &sheets["SoD conflicts"];
    assert!(conflicts
        .iter()
        .any(|r| text(&r[0]) == "accepted by exception" && text(&r[4]) == "exc-hugo"));
    assert!(conflicts.iter().any(|r| text(&r[0]) == "open"));
    let log = &sheets["Audit log"];
    assert_eq!(log.len(), 1 + snap.events.len());
    assert_eq!(text(&log[3][6]), snap.events[2].hash);
    let provenance: String = sheets["Provenance"].iter().flatten().map(text).collect();
    assert!(provenance.contains(&snap.provenance.model_hash) && provenance.contains("left out"));
    assert!(provenance.contains("made without the vault's named versions"));
    let controls = &sheets["Controls"];
    assert!(controls
        .iter()
        .any(|r| text(&r[1]) == "A.5.3" && text(&r[5]).contains("accepted by exception")));
}

#[test]
fn the_matrix_shows_each_recorded_effect_per_scope_with_headers_frozen() {
    let snap = fixture::snapshot();
    let bytes = workbook(&snap).unwrap();
    let (_, sheets) = read_back(&bytes);
    let matrix = &sheets["Matrix"];
    let caps: Vec<String> = matrix[0][2..].iter().map(text).collect();
    let cap_names: Vec<&str> = snap
        .model
        .capabilities
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(caps, cap_names);
    let mut cells = BTreeSet::new();
    for row in &matrix[1..] {
        for (cap, cell) in snap.model.capabilities.iter().zip(&row[2..]) {
            if !text(cell).is_empty() {
                let role = snap
                    .model
                    .roles
                    .iter()
                    .find(|r| r.name == text(&row[1]))
                    .unwrap();
                let scope = text(&row[0]);
                let env = snap
                    .model
                    .environments
                    .iter()
                    .find(|e| e.name == scope)
                    .map(|e| e.id.clone());
                cells.insert([
                    role.id.clone(),
                    cap.id.clone(),
                    env.unwrap_or_default(),
                    text(cell),
                ]);
            }
        }
    }
    assert_eq!(
        cells,
        model_grants(&snap),
        "every grant in its cell, nothing else"
    );
    let xml = zip_entry(&bytes, "xl/worksheets/sheet5.xml");
    assert!(xml.contains(r#"<pane xSplit="2" ySplit="1" topLeftCell="C2" activePane="bottomRight" state="frozen"/>"#), "frozen row and columns");
    assert!(
        xml.contains("<autoFilter ref=") && xml.contains("<conditionalFormatting"),
        "filters and colours"
    );
    assert!(xml.contains("<formula>\"allow\"</formula>"));
}

#[test]
fn a_formula_looking_role_is_written_as_quote_prefixed_text() {
    let bytes = workbook(&fixture::snapshot()).unwrap();
    let strings = zip_entry(&bytes, "xl/sharedStrings.xml");
    assert!(
        strings.contains(r#"<t>=HYPERLINK("http://x","y")</t>"#),
        "a plain string"
    );
    let styles = zip_entry(&bytes, "xl/styles.xml");
    assert!(
        styles.contains(r#"quotePrefix="1""#),
        "a quote-prefix style exists"
    );
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        if name.starts_with("xl/worksheets/") {
            let mut xml = String::new();
            entry.read_to_string(&mut xml).unwrap();
            assert!(!xml.contains("<f>"), "{name} holds no formula");
        }
    }
    for (text, unsafe_) in [
        ("=1+1", true),
        ("+1", true),
        ("-x", true),
        ("@SUM(A1)", true),
        ("\tx", true),
        ("\rx", true),
        ("a=b", false),
        ("", false),
    ] {
        assert_eq!(cells::looks_like_formula(text), unsafe_, "{text:?}");
    }
}

#[test]
fn two_workbooks_of_one_snapshot_are_byte_identical() {
    let a = workbook(&fixture::snapshot()).unwrap();
    let b = workbook(&fixture::snapshot()).unwrap();
    assert!(a == b, "same snapshot, same bytes");
    let core = zip_entry(&a, "docProps/core.xml");
    assert!(
        core.contains("2026-03-01T09:30:00Z"),
        "the creation time is the as-of time: {core}"
    );
}

#[test]
fn an_empty_model_gives_headers_and_a_line_saying_so() {
    let mut snap = fixture::snapshot();
    snap.model = gatehouse_core::Model::default();
    snap.events.clear();
    snap.findings.clear();
    let (names, sheets) = read_back(&workbook(&snap).unwrap());
    assert_eq!(names.len(), 22);
    assert_eq!(
        text(&sheets["Access reviews"][1][0]),
        "The model records no access review campaigns."
    );
    assert_eq!(
        text(&sheets["Simulations"][1][0]),
        "The model has no pinned simulation results."
    );
    assert_eq!(
        text(&sheets["Grants"][1][0]),
        "The model records no grants."
    );
}

#[test]
fn sections_left_out_take_their_sheets_with_them() {
    let mut snap = fixture::snapshot();
    snap.sections = vec![Section::Roles, Section::Matrix];
    let (names, _) = read_back(&workbook(&snap).unwrap());
    assert_eq!(
        names,
        ["Provenance", "Roles", "Capabilities", "Matrix", "Grants"]
    );
}

#[test]
fn the_simulations_and_versions_sheets_have_one_row_per_pin_and_version() {
    let snap = fixture::history_snapshot();
    let (names, sheets) = read_back(&workbook(&snap).unwrap());
    for sheet in [
        "Simulations",
        "Simulation percentiles",
        "Versions",
        "Changes since version",
    ] {
        assert!(names.contains(&sheet.to_string()), "{sheet} in {names:?}");
    }
    let pins = &sheets["Simulations"];
    assert_eq!(pins.len(), 1 + 3, "a header and one row per pinned result");
    let ids: Vec<String> = pins[1..].iter().map(|r| text(&r[0])).collect();
    assert_eq!(ids, ["deck", "monte-carlo", "request"]);
    let current: Vec<String> = pins[1..].iter().map(|r| text(&r[9])).collect();
    assert_eq!(
        current,
        ["no", "yes", "yes"],
        "the deck's pin is of an older model"
    );
    let summaries: Vec<String> = pins[1..].iter().map(|r| text(&r[3])).collect();
    let model_summaries: Vec<String> = snap
        .model
        .pinned_simulations
        .iter()
        .map(|p| p.summary.clone())
        .collect();
    assert_eq!(summaries, model_summaries);

    let mc = match crate::history::PinnedResult::read(&snap.model.pinned_simulations[1]) {
        crate::history::PinnedResult::MonteCarlo(r) => r,
        other => panic!("the fixture's second pin is a Monte Carlo run: {other:?}"),
    };
    let percentiles = &sheets["Simulation percentiles"];
    let expected_rows = mc.gates.len() + usize::from(mc.overall.is_some());
    assert!(expected_rows > 0, "the run has gates");
    assert_eq!(
        percentiles.len(),
        1 + expected_rows,
        "one row per gate and overall"
    );
    for (row, gate) in percentiles[1..].iter().zip(&mc.gates) {
        assert_eq!(text(&row[2]), gate.gate);
        assert_eq!(row[5], Data::Float(gate.hours.p50), "p50 of {}", gate.gate);
        assert_eq!(row[7], Data::Float(gate.hours.p99), "p99 of {}", gate.gate);
    }

    let versions = &sheets["Versions"];
    let names: Vec<String> = versions[1..].iter().map(|r| text(&r[0])).collect();
    assert_eq!(names, ["v1.0", "v1.1"], "oldest first");
    let changes = &sheets["Changes since version"];
    assert!(
        changes[1..].iter().any(|r| text(&r[1]) == "role"
            && text(&r[4]) == "name"
            && text(&r[5]) == "Renamed role"),
        "the renamed role's name, before and after"
    );
    assert!(
        changes[1..]
            .iter()
            .any(|r| text(&r[1]) == "pinned_simulation" && text(&r[3]) == "added"),
        "the pins added since v1.1"
    );
    assert!(changes[1..].iter().all(|r| text(&r[0]) == "v1.1"));
}

#[test]
fn a_changed_value_past_a_cells_limit_is_clipped_not_refused() {
    let mut snap = fixture::history_snapshot();
    let versions = snap.versions.as_mut().expect("versions");
    let changes = versions.changes.as_mut().expect("changes");
    let mut huge = snap.model.pinned_simulations[1].clone();
    huge.result = "x".repeat(40_000);
    changes.diff.entities.push(gatehouse_core::EntityDiff {
        kind: gatehouse_core::EntityKind::PinnedSimulation,
        key: "huge".into(),
        change: gatehouse_core::ChangeKind::Added,
        before: None,
        after: Some(gatehouse_core::Entity::PinnedSimulation(huge)),
    });
    let (_, sheets) = read_back(&workbook(&snap).expect("the workbook is written"));
    let cell = sheets["Changes since version"]
        .iter()
        .find(|r| text(&r[2]) == "huge" && text(&r[4]) == "result")
        .map(|r| text(&r[6]))
        .expect("the huge result's row");
    assert!(
        cell.chars().count() < 5_000 && cell.contains("40000 characters in all"),
        "clipped, saying how long it is: {} characters",
        cell.chars().count()
    );
}

#[test]
fn a_history_workbook_is_byte_identical_too() {
    let a = workbook(&fixture::history_snapshot()).unwrap();
    let b = workbook(&fixture::history_snapshot()).unwrap();
    assert!(a == b, "same snapshot, same bytes");
}

/// LibreOffice's CSV of every sheet: (sheet name → CSV text).
fn libreoffice_csv(bytes: &[u8]) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("binder.xlsx");
    fs_err::write(&file, bytes).unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    // 44,34,76: comma, double quote, UTF-8; the last -1: every sheet to its own file.
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
    let out = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&file)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut csv = BTreeMap::new();
    for entry in fs_err::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(sheet) = name
            .strip_prefix("binder-")
            .and_then(|n| n.strip_suffix(".csv"))
        {
            csv.insert(sheet.to_string(), fs_err::read_to_string(&path).unwrap());
        }
    }
    csv
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn libreoffice_converts_the_workbook_and_its_grants_match_the_model() {
    let snap = fixture::snapshot();
    let csv = libreoffice_csv(&workbook(&snap).unwrap());
    assert_eq!(csv.len(), 22, "a CSV per sheet: {:?}", csv.keys());
    let grants = csv_rows(&csv["Grants"]);
    let read: BTreeSet<[String; 4]> = grants[1..]
        .iter()
        .map(|r| [r[4].clone(), r[5].clone(), r[6].clone(), r[3].clone()])
        .collect();
    assert_eq!(read, model_grants(&snap));
    let roles = csv_rows(&csv["Roles"]);
    let formula = roles
        .iter()
        .find(|r| r[0] == "formula-role")
        .expect("the formula role's row");
    assert_eq!(
        formula[1], FORMULA_ROLE,
        "LibreOffice kept the text, did not evaluate it"
    );
    assert_eq!(formula[3], "-looks like a formula");
    let assignments = &csv["Assignments"];
    assert!(assignments.contains("2026-03-20") && assignments.contains("Łucja Müller"));
}

/// The style indexes (in `cellXfs` order) that carry `quotePrefix="1"`.
fn quote_prefixed_styles(styles: &str) -> Vec<usize> {
    let xfs = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("</cellXfs>")
        .next()
        .unwrap();
    xfs.split("<xf ")
        .skip(1)
        .enumerate()
        .filter(|(_, xf)| xf.split('>').next().unwrap().contains(r#"quotePrefix="1""#))
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn the_formula_role_cell_itself_carries_the_quote_prefix_style() {
    let bytes = workbook(&fixture::snapshot()).unwrap();
    let strings = zip_entry(&bytes, "xl/sharedStrings.xml");
    let index = strings
        .split("<si>")
        .skip(1)
        .position(|si| si.contains(r#"=HYPERLINK("http://x","y")"#))
        .expect("the role's name is a shared string");
    let quoted = quote_prefixed_styles(&zip_entry(&bytes, "xl/styles.xml"));
    // Roles is the third sheet (after Provenance and Controls).
    let roles = zip_entry(&bytes, "xl/worksheets/sheet3.xml");
    let cell = roles
        .split("<c ")
        .find(|c| c.contains(&format!("<v>{index}</v>")))
        .expect("the Roles sheet holds the role's name");
    let style: usize = cell
        .split(r#"s=""#)
        .nth(1)
        .expect("the cell has a style")
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        quoted.contains(&style),
        "cell {cell} uses style {style}, quote-prefixed ones: {quoted:?}"
    );
}

#[test]
fn a_value_past_excels_limits_is_refused_naming_the_sheet() {
    let mut snap = fixture::snapshot();
    snap.model.roles[0].description = "x".repeat(40_000);
    let err = workbook(&snap).expect_err("Excel holds at most 32,767 characters in a cell");
    let message = err.to_string();
    assert!(
        matches!(&err, crate::ExportError::Workbook { sheet, .. } if sheet == "Roles"),
        "{message}"
    );
    assert!(
        message.contains("\"Roles\"") && message.contains("--sections"),
        "what, where, what to do: {message}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Whatever valid model: the workbook is written, every sheet reads back, the grants
    /// match, and two workbooks are the same bytes.
    #[test]
    fn any_valid_model_gives_a_readable_reproducible_workbook(model in gatehouse_core::testing::arb_model()) {
        let mut snap = fixture::snapshot();
        snap = Snapshot::new(model, snap.events, snap.as_of, Section::ALL.to_vec(), snap.provenance);
        let bytes = workbook(&snap).unwrap();
        let (names, sheets) = read_back(&bytes);
        proptest::prop_assert_eq!(names.len(), Sheet::included(&snap).len());
        let read: BTreeSet<[String; 4]> = sheets["Grants"][1..]
            .iter()
            .filter(|r| !text(&r[4]).is_empty()) // not the "no grants" line
            .map(|r| [text(&r[4]), text(&r[5]), text(&r[6]), text(&r[3])])
            .collect();
        proptest::prop_assert_eq!(read, model_grants(&snap));
        proptest::prop_assert!(bytes == workbook(&snap).unwrap());
    }
}

#[test]
fn the_change_log_sheet_has_one_row_per_change_with_its_time_to_approval() {
    let snap = fixture::snapshot_of(fixture::model_with_a_change());
    let (_, sheets) = read_back(&workbook(&snap).unwrap());
    let log = &sheets["Change log"];
    let header: Vec<String> = log[0].iter().map(text).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = log
        .iter()
        .find(|r| text(&r[0]) == "chg-1")
        .expect("a row for the change");
    assert_eq!(log.len(), 3, "the header, chg-1 and the template's cr-0001");
    assert_eq!(text(&row[col("Status")]), "deployed");
    assert_eq!(text(&row[col("Requested by")]), "Łucja Müller");
    assert!(
        text(&row[col("Approved by")]).starts_with("王芳 2026-03-02 10:30 UTC"),
        "{:?}",
        row[col("Approved by")]
    );
    assert_eq!(text(&row[col("Promoted by")]), "Eva Novák");
    assert_eq!(row[col("Hours to approval")], Data::Float(1.5));
    assert_eq!(row[col("Hours to promotion")], Data::Float(2.0));
}

/// The fixture's snapshot with a drift check recorded in its audit log on 2026-02-20.
pub(crate) fn with_drift_check() -> Snapshot {
    let mut snap = fixture::snapshot();
    let last = snap.events.last().cloned().expect("the fixture has events");
    snap.events.push(gatehouse_core::AuditEvent {
        seq: last.seq + 1,
        at: chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 2, 20, 10, 0, 0).unwrap(),
        action: "drift.check".into(),
        summary: "drift check of users.csv".into(),
        before: None,
        after: Some(serde_json::json!({
            "file": "users.csv", "sha256": "00", "format": "csv", "at": "2026-02-20", "rows": 12,
            "counts": {"unauthorised": 2, "missing": 1, "expired_present": 0, "unmatched": 3},
            "warnings": 0
        })),
        prev_hash: last.hash.clone(),
        hash: "ff".repeat(32),
        ..last
    });
    snap
}

#[test]
fn the_dashboard_sheet_has_the_dashboards_figures() {
    let snap = with_drift_check();
    let (_, sheets) = read_back(&workbook(&snap).unwrap());
    let rows: Vec<(String, String)> = sheets["Dashboard"][1..]
        .iter()
        .take_while(|r| !text(&r[0]).is_empty())
        .map(|r| (text(&r[0]), text(&r[1])))
        .collect();
    let m = gatehouse_core::metrics::metrics(&snap.model, snap.as_of_date());
    let a = &m.adherence;
    let f = &m.open_findings;
    assert_eq!(rows.len(), 8, "eight figures: {rows:?}");
    assert_eq!(
        rows[0],
        (
            "Policy adherence".to_string(),
            format!(
                "{:.0}% ({} of {} grants and assignments)",
                a.rate.unwrap() * 100.0,
                a.grants_clean + a.assignments_clean,
                a.grants + a.assignments
            )
        )
    );
    assert_eq!(
        rows[1].1,
        format!(
            "{} ({} critical, {} high, {} medium, {} low)",
            f.total(),
            f.critical,
            f.high,
            f.medium,
            f.low
        )
    );
    assert_eq!(
        rows[7],
        (
            "Drift at last check".to_string(),
            "2 unauthorised, 1 missing, 0 expired still present, 3 unmatched (users.csv, checked 2026-02-20)"
                .to_string()
        )
    );
}

#[test]
fn the_access_reviews_sheet_has_one_row_per_item_with_its_decision_and_what_closing_did() {
    let mut m = fixture::model_with_a_closed_review();
    let reviewer = fixture::reviewer_of_the_closed_review(&m);
    let mut scheduled = m.access_reviews[0].clone();
    scheduled.id = "q2".into();
    scheduled.name = "Q2 access review".into();
    scheduled.status = gatehouse_core::ReviewStatus::Scheduled;
    scheduled.items = Box::default();
    scheduled.decisions.clear();
    scheduled.closed = None;
    m.access_reviews.push(scheduled);
    let assignment = m.access_reviews[0].items[0].clone();
    let snap = fixture::snapshot_of(m);
    let (names, sheets) = read_back(&workbook(&snap).unwrap());
    let at = names
        .iter()
        .position(|n| n == "Access reviews")
        .expect("the sheet");
    assert_eq!(
        names[at + 1],
        "Change log",
        "after the simulations, as in the binder"
    );
    let rows = &sheets["Access reviews"];
    let header: Vec<String> = rows[0].iter().map(text).collect();
    let cell = |row: &[Data], name: &str| {
        let col = header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"));
        text(&row[col])
    };
    assert_eq!(rows.len(), 3, "the header, q1's one item, q2 not started");
    let q1 = &rows[1];
    assert_eq!(cell(q1, "Campaign id"), "q1");
    assert_eq!(
        cell(q1, &format!("State on {}", snap.as_of_date())),
        "closed, 1 of 1 decided"
    );
    assert_eq!(
        cell(q1, "Overdue"),
        "no",
        "a closed campaign is never overdue"
    );
    assert_eq!(cell(q1, "Reviewer"), reviewer.name);
    assert_eq!(cell(q1, "Decision"), "revoke");
    assert_eq!(cell(q1, "Decided by"), reviewer.name);
    assert!(
        matches!(
            q1[header.iter().position(|h| h == "Decided at (UTC)").unwrap()],
            Data::Float(_) | Data::DateTime(_)
        ),
        "a date, not text"
    );
    assert_eq!(cell(q1, "Comment"), "left the team");
    assert_eq!(cell(q1, "On closing"), "revoked");
    assert_eq!(cell(q1, "Assignment id"), assignment.assignment);
    let person = snap
        .model
        .people
        .iter()
        .find(|p| p.id == assignment.person)
        .unwrap();
    assert_eq!(cell(q1, "Person"), person.name);
    let q2 = &rows[2];
    assert_eq!(cell(q2, "Campaign id"), "q2");
    assert_eq!(
        cell(q2, &format!("State on {}", snap.as_of_date())),
        "scheduled"
    );
    assert_eq!(cell(q2, "Decision"), "not started: no items yet");
    assert_eq!(
        cell(q2, "Overdue"),
        "yes",
        "due 2026-02-15, before the as-of date"
    );
}

/// The history fixture with hand-set findings at its two versions (and one point after the
/// as-of date, which a package of that date cannot show).
pub(crate) fn with_findings_over_time() -> Snapshot {
    use gatehouse_core::metrics::{FindingsPoint, SeverityCounts};
    let mut snap = fixture::history_snapshot();
    let point = |label: &str, day: u32, month: u32, [critical, high, medium, low]: [u32; 4]| {
        FindingsPoint {
            label: label.into(),
            at: chrono::NaiveDate::from_ymd_opt(2026, month, day).unwrap(),
            counts: SeverityCounts {
                critical,
                high,
                medium,
                low,
            },
        }
    };
    snap.versions.as_mut().unwrap().findings = vec![
        point("v1.0", 9, 2, [2, 1, 0, 3]),
        point("v1.1", 19, 2, [0, 4, 1, 0]),
        point("v2.0", 5, 3, [9, 9, 9, 9]),
    ];
    snap
}

#[test]
fn the_dashboard_sheet_charts_the_open_findings_at_each_version_and_as_exported() {
    let snap = with_findings_over_time();
    let bytes = workbook(&snap).unwrap();
    let (_, sheets) = read_back(&bytes);
    let rows = &sheets["Dashboard"];
    let start = rows
        .iter()
        .position(|r| text(&r[0]) == "Point")
        .expect("the findings table's header");
    assert!(text(&rows[start - 1][0]).starts_with("Open findings over time"));
    let table: Vec<Vec<String>> = rows[start + 1..]
        .iter()
        .take_while(|r| !text(&r[0]).is_empty())
        .map(|r| r[..7].iter().map(text).collect())
        .collect();
    let now = gatehouse_core::metrics::metrics(&snap.model, snap.as_of_date()).open_findings;
    assert_eq!(
        table.len(),
        3,
        "two versions and the model as exported, not v2.0: {table:?}"
    );
    assert_eq!(table[0][0], "v1.0");
    assert_eq!(table[0][2..], ["2", "1", "0", "3", "6"]);
    assert_eq!(table[1][2..], ["0", "4", "1", "0", "5"]);
    assert_eq!(table[2][0], "as exported");
    assert_eq!(
        table[2][2..],
        [now.critical, now.high, now.medium, now.low, now.total()].map(|n| n.to_string())
    );
    let chart = zip_entry(&bytes, "xl/charts/chart1.xml");
    assert!(
        chart.contains("<c:grouping val=\"stacked\"/>"),
        "a stacked column chart"
    );
    for severity in ["$C$", "$D$", "$E$", "$F$"] {
        assert!(
            chart.contains(&format!(
                "Dashboard!{severity}{}:{severity}{}",
                start + 2,
                start + 4
            )),
            "a series of {severity} over the table's three rows"
        );
    }
}
