//! Access review campaigns through the session on the demo model, and the reviewers'
//! workbook: a round trip, and a reordered, partly edited file written by another program.

use std::path::Path;

use chrono::NaiveDate;
use gatehouse_app::core::{ReviewDecisionKind, ReviewStatus, ReviewerSource};
use gatehouse_app::review::{DecideInput, ReviewInput};
use gatehouse_app::review_xlsx;
use gatehouse_app::{ErrorCode, FixedClock, Session};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn session(dir: &Path) -> Session {
    let clock = std::sync::Arc::new(FixedClock::at("2026-12-02T09:00:00Z"));
    let mut s = Session::demo(dir.join("id.age"), "facilitator", clock).unwrap();
    s.start_review(ReviewInput {
        name: "Makers".into(),
        id: None,
        reviewer: "Grace Kim".into(),
        reviewers_from: ReviewerSource::Ownership,
        roles: vec!["Citizen Developer".into(), "Business Validator".into()],
        environments: vec![],
        assets: vec![],
        due: day("2026-12-31"),
        recurrence_days: None,
    })
    .unwrap();
    s
}

fn decide(s: &mut Session, assignment: &str, decision: ReviewDecisionKind, by: &str) {
    s.decide_review(DecideInput {
        campaign: "rev-makers".into(),
        assignment: assignment.into(),
        decision,
        end_date: None,
        comment: Some("ok".into()),
        by: by.into(),
    })
    .unwrap();
}

fn items(s: &Session) -> Vec<(String, Option<ReviewDecisionKind>)> {
    let board = s.reviews(None).unwrap();
    board.campaigns[0]
        .items
        .iter()
        .map(|i| {
            (
                i.item.assignment.clone(),
                i.decision.as_ref().map(|d| d.decision),
            )
        })
        .collect()
}

#[test]
fn closing_through_the_session_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let before = s.model();
    decide(
        &mut s,
        "asg-hugo-cd",
        ReviewDecisionKind::Revoke,
        "Dev Patel",
    );
    let err = s
        .decide_review(DecideInput {
            campaign: "rev-makers".into(),
            assignment: "asg-hugo-temp-test".into(),
            decision: ReviewDecisionKind::Keep,
            end_date: None,
            comment: None,
            by: "Hugo Silva".into(),
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ReviewSelfDecision);
    let decided = s.model();
    s.close_review("rev-makers").unwrap();
    let m = s.model();
    assert!(!m.assignments.iter().any(|a| a.id == "asg-hugo-cd"));
    assert_eq!(m.assignments.len(), before.assignments.len() - 1);
    let closed = m
        .access_reviews
        .iter()
        .find(|r| r.id == "rev-makers")
        .unwrap();
    assert_eq!(closed.status, ReviewStatus::Closed);
    s.undo().unwrap();
    assert_eq!(s.model(), decided, "closing is undone in one step");
}

#[test]
fn the_workbook_round_trips_and_a_reordered_partly_edited_one_reads_by_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    assert_eq!(
        items(&s),
        [
            ("asg-ana-cd".to_string(), None),
            ("asg-farid-bv".to_string(), None),
            ("asg-hugo-cd".to_string(), None),
            ("asg-hugo-temp-test".to_string(), None),
        ]
    );
    decide(&mut s, "asg-ana-cd", ReviewDecisionKind::Keep, "Dev Patel");
    let file = dir.path().join("review.xlsx");
    let at = day("2026-12-02");
    assert_eq!(
        review_xlsx::export(&s.model(), "rev-makers", at, &file).unwrap(),
        4
    );
    // Round trip: what was exported reads back as it is.
    let now = "2026-12-03T09:00:00Z".parse().unwrap();
    let read = review_xlsx::read(&s.model(), "rev-makers", &file, None, now).unwrap();
    assert_eq!(
        (
            read.decisions,
            read.unchanged,
            read.blank,
            read.warnings.len()
        ),
        (0, 1, 3, 0)
    );

    // A reviewer's copy: columns and rows reordered, an unknown key, a bad value, a bad
    // date, one row left blank.
    let edited = dir.path().join("edited.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Review").unwrap();
    let rows: [[&str; 4]; 6] = [
        ["Decision", "Comment", "Key", "End date"],
        ["revoke", "moved on", "asg-hugo-cd", ""],
        ["Change", "", "asg-hugo-temp-test", "2026-12-20"],
        ["maybe", "", "asg-farid-bv", ""],
        ["keep", "", "asg-nobody", ""],
        ["change", "", "asg-ana-cd", "soon"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    book.save(&edited).unwrap();
    let read = review_xlsx::read(&s.model(), "rev-makers", &edited, None, now).unwrap();
    assert_eq!(read.decisions, 2);
    assert_eq!(
        read.warnings,
        [
            "Review!A4: \"maybe\" is not a decision (keep, revoke or change); skipped",
            "Review!C5: \"asg-nobody\" is not an item of the campaign rev-makers; skipped",
            "Review!D6: \"soon\" is not a date (YYYY-MM-DD); skipped",
        ]
    );
    s.apply_edit(read.edit).unwrap();
    let view = &s.reviews(None).unwrap().campaigns[0];
    let change = view
        .items
        .iter()
        .find(|i| i.item.assignment == "asg-hugo-temp-test");
    let d = change.unwrap().decision.as_ref().unwrap();
    assert_eq!(
        (d.decision, d.end_date),
        (ReviewDecisionKind::Change, Some(day("2026-12-20")))
    );
    assert_eq!(
        items(&s),
        [
            ("asg-ana-cd".to_string(), Some(ReviewDecisionKind::Keep)),
            ("asg-farid-bv".to_string(), None),
            ("asg-hugo-cd".to_string(), Some(ReviewDecisionKind::Revoke)),
            (
                "asg-hugo-temp-test".to_string(),
                Some(ReviewDecisionKind::Change)
            ),
        ]
    );

    // A decision the campaign refuses is an error naming the cell: nothing is recorded.
    let own = dir.path().join("own.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, text) in ["Key", "Reviewer", "Decision"].iter().enumerate() {
        sheet.write_string(0, c as u16, *text).unwrap();
    }
    for (c, text) in ["asg-farid-bv", "Hugo Silva", "keep"].iter().enumerate() {
        sheet.write_string(1, c as u16, *text).unwrap();
    }
    for (c, text) in ["asg-hugo-cd", "Hugo Silva", "keep"].iter().enumerate() {
        sheet.write_string(2, c as u16, *text).unwrap();
    }
    book.save(&own).unwrap();
    let err = review_xlsx::read(&s.model(), "rev-makers", &own, None, now).unwrap_err();
    assert_eq!(err.code, ErrorCode::ReviewImport);
    assert!(
        err.message.starts_with("Sheet1!C") && err.message.ends_with("no decision was recorded"),
        "{}",
        err.message
    );
}

/// A decision made by someone other than the item's first reviewer (the campaign's named
/// reviewer, here) reads back from the exported workbook as the same decision by the same
/// person: nothing is decided again.
#[test]
fn a_decision_by_another_reviewer_round_trips_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let first = |s: &Session| {
        let board = s.reviews(None).unwrap();
        let item = board.campaigns[0]
            .items
            .iter()
            .find(|i| i.item.assignment == "asg-ana-cd")
            .cloned()
            .unwrap();
        (item.reviewer_name, item.decision)
    };
    let (reviewer, _) = first(&s);
    assert_ne!(
        reviewer.as_deref(),
        Some("Grace Kim"),
        "the test needs another"
    );
    decide(&mut s, "asg-ana-cd", ReviewDecisionKind::Keep, "Grace Kim");
    let (_, decided) = first(&s);
    let file = dir.path().join("review.xlsx");
    review_xlsx::export(&s.model(), "rev-makers", day("2026-12-02"), &file).unwrap();
    let now = "2026-12-03T09:00:00Z".parse().unwrap();
    let read = review_xlsx::read(&s.model(), "rev-makers", &file, None, now).unwrap();
    assert_eq!(
        (read.decisions, read.unchanged),
        (0, 1),
        "{:?}",
        read.warnings
    );
    s.apply_edit(read.edit).unwrap();
    assert_eq!(
        first(&s).1,
        decided,
        "the decision and who made it are kept"
    );
}

#[test]
fn libreoffice_reads_the_reviewers_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let s = session(dir.path());
    let file = dir.path().join("review.xlsx");
    review_xlsx::export(&s.model(), "rev-makers", day("2026-12-02"), &file).unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    // 44,34,76: comma, double quote, UTF-8; the last -1: every sheet to its own file.
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
    let out = std::process::Command::new("soffice")
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
    // The sheet "Review": the header and one row per item, by key.
    let listing: Vec<String> = fs_err::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let csv = fs_err::read_to_string(dir.path().join("review-Review.csv")).unwrap_or_else(|e| {
        panic!(
            "{e}; soffice wrote {listing:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        rows[0],
        [
            "Key",
            "Person",
            "Role",
            "Environment",
            "Valid until",
            "Reviewer",
            "Decision",
            "End date",
            "Comment"
        ]
    );
    let keys: Vec<&str> = rows[1..].iter().map(|r| r[0]).collect();
    assert_eq!(
        keys,
        [
            "asg-ana-cd",
            "asg-farid-bv",
            "asg-hugo-cd",
            "asg-hugo-temp-test"
        ]
    );
    assert_eq!(
        &rows[4][..6],
        [
            "asg-hugo-temp-test",
            "Hugo Silva",
            "Business Validator",
            "Test",
            "2026-12-31",
            "Chloé Martin"
        ]
    );
}
