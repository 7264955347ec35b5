//! The desktop's import wizard through the session: choose, preview (off the session, with
//! progress and cancel), change a sheet's layout, look at cells, apply as one undoable step.

use std::path::Path;
use std::sync::{Arc, Mutex};

use gatehouse_app::core::EntityKind;
use gatehouse_app::import::Layout;
use gatehouse_app::wizard::{CellRole, ImportReview, SheetChoice};
use gatehouse_app::{ErrorCode, FixedClock, Session};

fn session(dir: &Path) -> Session {
    let clock = Arc::new(FixedClock::at("2026-11-27T09:00:00Z"));
    Session::demo(dir.join("identity.age"), "admin", clock).unwrap()
}

/// A demo session in a fresh folder, with the sample `name` chosen in the wizard.
fn with_sample(name: &str) -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    s.import_sample(name).unwrap();
    (dir, s)
}

fn preview(s: &mut Session, choices: &[SheetChoice]) -> ImportReview {
    let job = s.import_job(choices).unwrap();
    let prepared = job.run(&|_| {}).unwrap();
    s.import_keep(prepared).unwrap()
}

/// Previews again with the sheet `sheet` read as `layout`.
fn preview_as(s: &mut Session, sheet: &str, layout: Layout) -> ImportReview {
    preview(
        s,
        &[SheetChoice {
            sheet: sheet.into(),
            layout,
            parts: None,
        }],
    )
}

/// The index of the first sheet the preview reads as `layout`.
fn sheet_read_as(review: &ImportReview, layout: Layout) -> usize {
    review
        .sheets
        .iter()
        .position(|x| x.layout == layout)
        .unwrap_or_else(|| panic!("no sheet read as {layout:?}: {:?}", review.sheets))
}

#[test]
fn a_sample_previews_with_counts_and_warnings_at_their_cells_then_applies_as_one_undo() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    assert!(s
        .import_samples()
        .contains(&"permission-matrix.xlsx".to_string()));
    let file = s.import_sample("permission-matrix.xlsx").unwrap();
    assert!(file.sample && file.bytes > 1000);
    assert!(
        file.description
            .as_deref()
            .unwrap()
            .contains("legend sheet"),
        "a sample says what it shows: {file:?}"
    );
    let infos = s.import_sample_infos();
    assert_eq!(
        infos.iter().map(|i| i.name.clone()).collect::<Vec<_>>(),
        s.import_samples()
    );
    assert!(infos.iter().all(|i| !i.description.is_empty()));

    let steps = Mutex::new(Vec::new());
    let job = s.import_job(&[]).unwrap();
    let prepared = job
        .run(&|step| steps.lock().unwrap().push(step.fraction))
        .unwrap();
    assert_eq!(steps.lock().unwrap().last(), Some(&1.0));
    let review = s.import_keep(prepared).unwrap();

    // Cover and legend are skipped; the matrix sheet is read.
    let layouts: Vec<(&str, Layout)> = review
        .sheets
        .iter()
        .map(|x| (x.name.as_str(), x.layout))
        .collect();
    assert_eq!(layouts.len(), 3, "{layouts:?}");
    let matrix_index = sheet_read_as(&review, Layout::Matrix);
    let matrix = &review.sheets[matrix_index];
    assert!(matrix.read > 0 && matrix.read == review.rows.grants);
    assert!(review.changes.new > 0);
    assert_eq!(
        review.changes_by_kind["grant"].new + review.changes_by_kind["grant"].changed,
        review.changes.new + review.changes.changed
            - review
                .changes_by_kind
                .iter()
                .filter(|(k, _)| *k != "grant")
                .map(|(_, c)| c.new + c.changed)
                .sum::<u32>()
    );
    // The unknown mark `?` is a warning at its cell, and the grid marks that cell.
    let unknown = review
        .warnings
        .iter()
        .find(|w| w.message.contains("\"?\""))
        .expect("the sample's unknown mark is warned about");
    let window = s.import_cells(matrix_index, 0, 100).unwrap();
    let marked = window
        .marks
        .iter()
        .find(|m| m.role == CellRole::Warning)
        .expect("a warning cell is marked");
    assert_eq!(window.cells[marked.row as usize][marked.col as usize], "?");
    assert!(marked
        .message
        .as_deref()
        .unwrap()
        .contains(&unknown.message));
    let header = matrix.header_row.unwrap() - 1;
    assert!(window
        .marks
        .iter()
        .any(|m| m.role == CellRole::Header && m.row == header));
    assert!(window.marks.iter().any(|m| m.role == CellRole::Read));

    let before = s.model();
    let events = s.summary().unwrap().events;
    let done = s.import_apply(false).unwrap();
    assert!(done.changed);
    assert_eq!(done.summary.events, events + 1);
    assert!(done.summary.can_undo);
    assert!(done
        .summary
        .undo_label
        .as_deref()
        .unwrap()
        .starts_with("imported permission-matrix.xlsx"));
    assert!(s.model().counts().get(EntityKind::Grant) > before.counts().get(EntityKind::Grant));
    // The wizard is closed by applying.
    assert_eq!(
        s.import_cells(0, 0, 10).unwrap_err().code,
        ErrorCode::NoImport
    );
    // One undo takes the whole import back.
    s.undo().unwrap();
    assert_eq!(s.model(), before);
}

#[test]
fn changing_a_sheets_layout_previews_it_again_read_that_way() {
    let (_dir, mut s) = with_sample("raci.xlsx");
    let first = preview(&mut s, &[]);
    let sheet = first.sheets[0].name.clone();
    assert_eq!(first.sheets[0].layout, Layout::Raci);
    assert!(first.rows.raci > 0);

    let skipped = preview_as(&mut s, &sheet, Layout::Skipped);
    assert_eq!(skipped.sheets[0].layout, Layout::Skipped);
    assert_eq!(skipped.rows.raci, 0);
    assert_eq!(skipped.changes.new + skipped.changes.changed, 0);
    assert!(skipped.mapping.contains("layout = \"skipped\""));

    // Back to RACI: detected again as a RACI chart.
    let again = preview_as(&mut s, &sheet, Layout::Raci);
    assert_eq!(again.rows.raci, first.rows.raci);
    assert_eq!(again.changes, first.changes);
}

#[test]
fn a_sheets_columns_chosen_are_read_so_and_kept_beside_the_other_sheets_choices() {
    let (_dir, mut s) = with_sample("crud-matrix.xlsx");
    let first = preview(&mut s, &[]);
    let sheet = &first.sheets[0];
    assert_eq!(sheet.layout, Layout::Crud, "{}", sheet.note);
    assert_eq!(sheet.read, 15, "cells of letters read");
    // What the wizard shows to choose from: the mapping as detected, the header's text.
    assert_eq!(sheet.mapping.label_column.as_deref(), Some("A"));
    assert_eq!(sheet.mapping.columns, ["B", "C", "D", "E"]);
    assert_eq!(
        sheet.headers,
        [
            "Table",
            "Citizen Developer",
            "App Owner",
            "IT Administrator",
            "Auditor"
        ]
    );
    assert!(sheet.fields.is_empty(), "a grid names no fields");
    // The Auditor's column left out: three cells fewer.
    let mut parts = sheet.mapping.clone();
    parts.columns = vec!["B".into(), "C".into(), "D".into()];
    let choice = SheetChoice {
        sheet: sheet.name.clone(),
        layout: Layout::Crud,
        parts: Some(parts),
    };
    let chosen = preview(&mut s, &[choice]);
    assert_eq!(chosen.sheets[0].read, 12);
    assert_eq!(chosen.sheets[0].mapping.columns, ["B", "C", "D"]);
    assert!(chosen.mapping.contains(r#"columns = ["B", "C", "D"]"#));
    assert_eq!(
        (first.rows.grants, chosen.rows.grants),
        (33, 30),
        "the Auditor's three Read grants are left out"
    );
    // A mapping pointing past the sheet is refused, and says where.
    let mut past = chosen.sheets[0].mapping.clone();
    past.columns = vec!["Z".into()];
    let job = s.import_job(&[SheetChoice {
        sheet: "Data access".into(),
        layout: Layout::Crud,
        parts: Some(past),
    }]);
    let why = match job.and_then(|job| job.run(&|_| {})) {
        Ok(_) => panic!("a column past the sheet is refused"),
        Err(e) => e.to_string(),
    };
    assert!(why.contains("past its last column (E)"), "{why}");
}

#[test]
fn a_preview_made_before_an_edit_is_stale_and_not_applied() {
    let (_dir, mut s) = with_sample("sod-rules.xlsx");
    let job = s.import_job(&[]).unwrap();
    // The model changes while the preview is being computed.
    let role = gatehouse_app::core::Entity::Role(gatehouse_app::core::Role {
        id: "auditor".into(),
        name: "Auditor".into(),
        description: String::new(),
        kind: gatehouse_app::core::RoleKind::Other,
    });
    s.apply_edit(gatehouse_app::core::Edit::Upsert { entity: role })
        .unwrap();
    let prepared = job.run(&|_| {}).unwrap();
    let err = s.import_keep(prepared).unwrap_err();
    assert_eq!(err.code, ErrorCode::ImportStale);
    assert_eq!(
        err.message,
        "the model changed since this preview was made; preview again"
    );
    // A kept preview is stale too once the model changes before applying, and the
    // summary's revision tells the front end so before it tries.
    let kept = preview(&mut s, &[]);
    assert_eq!(kept.revision, s.summary().unwrap().revision);
    let undone = s.undo().unwrap();
    assert_ne!(undone.revision, kept.revision);
    let model = s.model();
    let err = s.import_apply(false).unwrap_err();
    assert_eq!(err.code, ErrorCode::ImportStale);
    assert_eq!(s.model(), model, "nothing applied");
}

#[test]
fn cancelling_stops_the_running_preview_and_the_wizard_can_preview_again() {
    let (_dir, mut s) = with_sample("assignments.csv");
    let job = s.import_job(&[]).unwrap();
    s.import_cancel();
    let err = job.run(&|_| {}).err().unwrap();
    assert_eq!(err.code, ErrorCode::ImportCancelled);
    assert_eq!(
        err.message,
        "assignments.csv: import cancelled; nothing was changed"
    );
    // A new preview is not stopped by the earlier cancel.
    let review = preview(&mut s, &[]);
    assert!(review.rows.assignments > 0);
    // Closing the wizard cancels and forgets it.
    s.import_close();
    assert_eq!(s.import_apply(false).unwrap_err().code, ErrorCode::NoImport);
}

#[test]
fn a_file_that_is_not_a_spreadsheet_says_so_and_opens_no_wizard() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let path = dir.path().join("notes.xlsx");
    fs_err::write(&path, b"PK\x03\x04 this is not really a zip").unwrap();
    let err = s
        .import_choose(&path)
        .and_then(|_| s.import_job(&[]))
        .and_then(|j| j.run(&|_| {}));
    let err = err.err().unwrap();
    assert!(err.code.as_str().starts_with("import_"), "{err:?}");
    assert!(err.message.starts_with("notes.xlsx: "), "{}", err.message);
    assert_eq!(
        s.import_sample("nope.xlsx").unwrap_err().message,
        "there is no sample called \"nope.xlsx\"; the samples are permission-matrix.xlsx, matrix-per-environment.xlsx, raci.xlsx, sod-rules.xlsx, assignments.csv, crud-matrix.xlsx"
    );
}

#[test]
fn a_spreadsheet_named_at_start_waits_for_the_wizard_and_a_vault_for_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let sheet = dir.path().join("Access.CSV");
    fs_err::write(&sheet, "Person;Role\nAna Lima;Maker\n").unwrap();
    s.start_with(sheet);
    assert_eq!(
        s.pending_file(),
        None,
        "a spreadsheet is not a vault to open"
    );
    let file = s.import_pending().unwrap().expect("the spreadsheet waits");
    assert_eq!(file.name, "Access.CSV");
    assert!(!file.sample);
    assert_eq!(file.description, None, "only samples have a description");
    assert_eq!(preview(&mut s, &[]).rows.assignments, 1);
    assert_eq!(s.import_pending().unwrap(), None, "only once");

    let mut s = session(dir.path());
    s.start_with(dir.path().join("client.gatehouse"));
    assert_eq!(s.import_pending().unwrap(), None);
    assert!(s.pending_file().unwrap().ends_with("client.gatehouse"));
}

#[test]
fn a_raci_letter_that_also_makes_a_grant_is_one_cell_read() {
    let (_dir, mut s) = with_sample("raci.xlsx");
    let review = preview(&mut s, &[]);
    let raci = &review.sheets[sheet_read_as(&review, Layout::Raci)];
    assert!(
        review.rows.grants > 0,
        "the demo model knows some of the chart's activities as capabilities"
    );
    assert_eq!(raci.read, review.rows.raci);
}

#[test]
fn a_chosen_layout_that_finds_nothing_stays_chosen_and_the_other_sheets_stay_detected() {
    let (_dir, mut s) = with_sample("permission-matrix.xlsx");
    let first = preview(&mut s, &[]);
    assert!(first.sheets.iter().all(|x| x.chosen.is_none()));
    let matrix = first.sheets[sheet_read_as(&first, Layout::Matrix)]
        .name
        .clone();
    let review = preview_as(&mut s, &matrix, Layout::Raci);
    for (before, now) in first.sheets.iter().zip(&review.sheets) {
        if now.name == matrix {
            assert_eq!(now.layout, Layout::Skipped);
            assert_eq!(now.chosen, Some(Layout::Raci));
            assert!(now.note.starts_with("raci as chosen: "), "{}", now.note);
        } else {
            assert_eq!(now.chosen, None);
            assert_eq!(now.note, before.note, "detected as before");
        }
    }
    // The summary's revision is the preview's until the model changes.
    assert_eq!(review.revision, s.summary().unwrap().revision);
}

#[test]
fn unchanged_counts_what_the_file_holds_that_the_model_already_has() {
    let (_dir, mut s) = with_sample("permission-matrix.xlsx");
    let review = preview(&mut s, &[]);
    let total: u32 = review.changes_by_kind.values().map(|c| c.unchanged).sum();
    assert_eq!(total, review.changes.unchanged);
    let in_file = review.rows.grants;
    let grants = review.changes_by_kind["grant"];
    assert_eq!(
        grants.new + grants.changed + grants.unchanged,
        in_file,
        "each grant of the file is new, changed or unchanged: {grants:?}"
    );
}

#[test]
fn every_field_a_list_reads_from_a_row_is_marked_read() {
    let (_dir, mut s) = with_sample("sod-rules.xlsx");
    let review = preview(&mut s, &[]);
    let sheet = sheet_read_as(&review, Layout::SodRules);
    let window = s.import_cells(sheet, 0, 100).unwrap();
    // The first rule's row: both functions, the risk level and the mitigation are read.
    // The row under the header: 0-based, it is the 1-based header row's number.
    let first_rule_row = review.sheets[sheet].header_row.unwrap();
    let read: Vec<u32> = window
        .marks
        .iter()
        .filter(|m| m.row == first_rule_row && m.role == CellRole::Read)
        .map(|m| m.col)
        .collect();
    assert!(
        read.len() >= 4,
        "{read:?} of {:?}",
        window.cells[first_rule_row as usize]
    );
}

#[test]
fn a_preview_of_a_file_no_longer_chosen_is_stale() {
    let (_dir, mut s) = with_sample("raci.xlsx");
    let prepared = s.import_job(&[]).unwrap().run(&|_| {}).unwrap();
    // Another file is chosen before the finished preview is handed back.
    s.import_sample("sod-rules.xlsx").unwrap();
    let err = s.import_keep(prepared).unwrap_err();
    assert_eq!(err.code, ErrorCode::ImportStale);
    assert_eq!(
        err.message,
        "another file was chosen while this one was being read; preview again"
    );
    assert_eq!(
        s.import_cells(0, 0, 10).unwrap_err().code,
        ErrorCode::NoPreview,
        "nothing was kept"
    );
    // The same file chosen again is the same input: its preview holds.
    s.import_sample("raci.xlsx").unwrap();
    let prepared = s.import_job(&[]).unwrap().run(&|_| {}).unwrap();
    s.import_sample("raci.xlsx").unwrap();
    let review = s.import_keep(prepared).unwrap();
    assert!(review.rows.raci > 0);
}

#[test]
fn the_wizard_lists_what_a_newer_file_no_longer_has_and_applies_the_removal_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let file = dir.path().join("people.csv");
    fs_err::write(
        &file,
        "Person,Role\nAda Lovelace,Maker\nAlan Turing,Maker\n",
    )
    .unwrap();
    s.import_choose(&file).unwrap();
    let first = preview(&mut s, &[]);
    assert_eq!((first.gone_total, first.gone.len()), (0, 0));
    s.import_apply(false).unwrap();
    let assignments = s.model().assignments.len();

    fs_err::write(&file, "Person,Role\nAda Lovelace,Maker\n").unwrap();
    s.import_choose(&file).unwrap();
    let next = preview(&mut s, &[]);
    assert_eq!(next.gone_total, 1);
    assert_eq!(next.gone[0].kind, "assignment");
    assert_eq!(next.gone[0].what, "Alan Turing holds Maker");
    assert_eq!(next.changes.new + next.changes.changed, 0);
    let done = s.import_apply(true).unwrap();
    assert!(done.changed, "removing is a change");
    assert_eq!(s.model().assignments.len(), assignments - 1);
    assert!(done.summary.can_undo);
    s.undo().unwrap();
    assert_eq!(s.model().assignments.len(), assignments);
}
