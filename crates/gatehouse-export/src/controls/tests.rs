use super::*;
use crate::fixture;
use crate::ExportError;

fn find<'a>(all: &'a [ControlEvidence], framework: &str, id: &str) -> &'a ControlEvidence {
    all.iter()
        .find(|e| e.framework.starts_with(framework) && e.id == id)
        .unwrap_or_else(|| panic!("{framework} {id} is in the catalogue"))
}

#[test]
fn the_builtin_catalogue_has_the_iso_annex_a_controls_and_the_sox_itgc() {
    let cat = Catalogue::builtin();
    let iso: Vec<(&str, &str)> = cat
        .controls
        .iter()
        .filter(|c| c.framework == "ISO/IEC 27001:2022 Annex A")
        .map(|c| (c.id.as_str(), c.title.as_str()))
        .collect();
    for (id, title) in [
        ("A.5.2", "Information security roles and responsibilities"),
        ("A.5.3", "Segregation of duties"),
        ("A.5.15", "Access control"),
        ("A.5.18", "Access rights"),
        ("A.8.2", "Privileged access rights"),
        (
            "A.8.31",
            "Separation of development, test and production environments",
        ),
        ("A.8.32", "Change management"),
    ] {
        assert!(
            iso.contains(&(id, title)),
            "{id} {title} is an Annex A control: {iso:?}"
        );
    }
    let sox = cat
        .controls
        .iter()
        .filter(|c| c.framework == "SOX ITGC")
        .count();
    assert!(
        sox >= 5,
        "logical access and program change controls: {sox}"
    );
    assert!(
        cat.controls
            .iter()
            .all(|c| c.measure.is_some() && !c.sheets.is_empty()),
        "every built-in control has a status measure and sheets"
    );
}

#[test]
fn sod_status_counts_open_conflicts_and_the_one_an_exception_accepts() {
    let snap = fixture::snapshot();
    let all = evidence(&snap, &Catalogue::builtin());
    let sod = find(&all, "ISO", "A.5.3");
    let open = snap
        .findings
        .iter()
        .filter(|f| f.code == gatehouse_core::FindingCode::SodConflict)
        .count();
    assert!(open >= 1, "the fixture has open conflicts");
    assert!(
        sod.status.contains(&format!("{open} conflict"))
            && sod.status.contains("1 accepted by exception"),
        "the status gives the open conflicts and Hugo's accepted one: {}",
        sod.status
    );
    assert!(sod.attention, "open conflicts need the auditor's attention");
    assert_eq!(
        sod.sections,
        vec![Section::Sod, Section::Exceptions, Section::Findings]
    );
    assert!(sod.sheets.contains(&Sheet::SodConflicts));
}

#[test]
fn access_rights_status_gives_each_state_of_temporary_access() {
    let snap = fixture::snapshot();
    let all = evidence(&snap, &Catalogue::builtin());
    let rights = &find(&all, "ISO", "A.5.18").status;
    // Hugo's approver role ends 2026-03-20 (expiring), Ines's owner role ended in January.
    assert!(rights.contains("14 assignments on 2026-03-01"), "{rights}");
    assert!(
        rights.contains("1 expired") && rights.contains("1 expiring"),
        "{rights}"
    );
    assert!(
        rights.contains("expired_access: 1"),
        "the expired access finding: {rights}"
    );
}

#[test]
fn a_control_whose_sections_are_left_out_says_so() {
    let mut snap = fixture::snapshot();
    snap.sections.retain(|s| *s != Section::AuditLog);
    let all = evidence(&snap, &Catalogue::builtin());
    let log = find(&all, "ISO", "A.8.15");
    assert!(log.sections.is_empty() && log.attention);
    assert!(
        log.status.contains("left out") && log.status.contains("audit_log"),
        "{}",
        log.status
    );
}

#[test]
fn a_model_adds_its_own_framework_shown_the_same_way() {
    let text = r#"
framework = "Acme internal controls"

[[control]]
id = "ACME-7"
title = "Quarterly role attestation"
sections = ["roles", "assignments"]
sheets = ["Roles", "Assignments"]

[[control]]
id = "ACME-8"
title = "Segregation"
sections = ["sod"]
measure = "segregation_of_duties"
"#;
    let cat = Catalogue::builtin_with(text).expect("a valid custom file");
    let all = evidence(&fixture::snapshot(), &cat);
    let acme = find(&all, "Acme", "ACME-7");
    assert_eq!(
        acme.status,
        "Role catalogue: 9 rows; Assignments and temporary access: 14 rows"
    );
    assert_eq!(acme.sheets, vec![Sheet::Roles, Sheet::Assignments]);
    assert!(find(&all, "Acme", "ACME-8")
        .status
        .contains("1 accepted by exception"));
}

fn error_at(text: &str) -> (usize, usize, String) {
    match load_custom(text) {
        Err(ExportError::ControlsFile {
            line,
            column,
            reason,
        }) => (line, column, reason),
        other => panic!("expected a controls file error, got {other:?}"),
    }
}

#[test]
fn custom_controls_errors_name_the_line_and_column() {
    let unknown_section = "framework = \"X\"\n[[control]]\nid = \"X-1\"\ntitle = \"t\"\nsections = [\"roles\", \"payroll\"]\n";
    let (line, column, reason) = error_at(unknown_section);
    assert_eq!(
        (line, column),
        (5, 22),
        "the bad section's position: {reason}"
    );
    assert!(reason.contains("payroll"), "{reason}");

    let bad_sheet = "framework = \"X\"\n[[control]]\nid = \"X-1\"\ntitle = \"t\"\nsections = [\"roles\"]\nsheets = [\"Payroll\"]\n";
    assert_eq!(error_at(bad_sheet).0, 6);

    let bad_measure = "framework = \"X\"\n[[control]]\nid = \"X-1\"\ntitle = \"t\"\nsections = [\"roles\"]\nmeasure = \"vibes\"\n";
    let (line, column, _) = error_at(bad_measure);
    assert_eq!((line, column), (6, 11));

    let twice = "framework = \"X\"\n[[control]]\nid = \"X-1\"\ntitle = \"t\"\nsections = [\"roles\"]\n[[control]]\nid = \"X-1\"\ntitle = \"u\"\nsections = [\"sod\"]\n";
    let (line, column, reason) = error_at(twice);
    assert_eq!((line, column), (7, 6));
    assert!(reason.contains("listed twice"), "{reason}");

    let syntax = "framework = \"X\"\n[[control]\n";
    assert_eq!(error_at(syntax).0, 2);

    let no_sections =
        "framework = \"X\"\n[[control]]\nid = \"X-1\"\ntitle = \"t\"\nsections = []\n";
    let (line, _, reason) = error_at(no_sections);
    assert_eq!(line, 5);
    assert!(reason.contains("names no binder section"), "{reason}");

    let accented =
        "framework = \"Zoë\"\ncontrol = [{ title = \"é\", id = \"x\", sections = [\"nope\"] }]\n";
    assert_eq!(
        (error_at(accented).0, error_at(accented).1),
        (2, 49),
        "columns count characters (49), not bytes (50)"
    );

    let message = load_custom(bad_measure).unwrap_err().to_string();
    assert!(
        message.contains("line 6, column 11"),
        "the message names where: {message}"
    );
}

#[test]
fn the_access_review_control_counts_campaigns_closed_and_what_closing_revoked() {
    let none = fixture::snapshot_of(gatehouse_core::Model {
        access_reviews: vec![],
        ..fixture::model()
    });
    let all = evidence(&none, &Catalogue::builtin());
    let review = find(&all, "SOX", "ITGC-LA-5");
    assert!(
        review.attention,
        "no campaign ever closed: {}",
        review.status
    );
    assert!(review
        .status
        .starts_with("0 access review campaigns: 0 closed (none closed"));

    let snap = fixture::snapshot_of(fixture::model_with_a_closed_review());
    let all = evidence(&snap, &Catalogue::builtin());
    let review = find(&all, "SOX", "ITGC-LA-5");
    assert_eq!(
        review.status.split("; ").next().unwrap(),
        "1 access review campaign: 1 closed (last closed 2026-02-10, 1 assignment revoked on closing), 0 open, 0 overdue on 2026-03-01",
    );
    assert!(!review.attention, "{}", review.status);
    assert_eq!(review.sheets, vec![Sheet::AccessReviews]);
}
