//! Importing spreadsheets into a workbench: one transaction, one audit event, idempotent,
//! undoable as one step, the mapping kept for next time.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use gatehouse_app::core::Model;
use gatehouse_app::import;
use gatehouse_app::job::quiet;
use gatehouse_app::{templates, ErrorCode, FixedClock, Workbench};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(name)
}

fn workbench() -> Workbench {
    let clock = Arc::new(FixedClock::at("2026-11-27T09:00:00Z"));
    let model: Model = templates::load("generic-nocode").unwrap();
    Workbench::create(model, &[], "for a test", "admin", clock).unwrap()
}

#[test]
fn an_import_is_one_audit_event_with_the_files_hash_and_counts() {
    let mut wb = workbench();
    let events_before = wb.events().unwrap().len();
    let outcome = import::apply(&mut wb, &sample("raci.xlsx"), None, false, &quiet).unwrap();
    assert!(outcome.changed);
    let events = wb.events().unwrap();
    assert_eq!(
        events.len(),
        events_before + 1,
        "one event for the whole import"
    );
    let event = events.last().unwrap();
    assert_eq!(event.action, "model.import");
    let after = event.after.as_ref().unwrap();
    assert_eq!(after["sha256"], outcome.preview.sha256.as_str());
    assert_eq!(after["file"], "raci.xlsx");
    assert_eq!(after["changes"]["new"], outcome.preview.changes.new);
    assert_eq!(after["rows"]["raci"], 17);
    assert_eq!(wb.model().responsibilities.len(), 17);
    assert_eq!(
        wb.vault().model().unwrap(),
        *wb.model(),
        "the vault holds what the workbench shows"
    );
    wb.vault().verify_chain().unwrap();
}

#[test]
fn re_importing_the_same_file_changes_nothing() {
    let mut wb = workbench();
    let first = import::apply(
        &mut wb,
        &sample("permission-matrix.xlsx"),
        None,
        false,
        &quiet,
    )
    .unwrap();
    assert!(first.preview.changes.new > 0);
    let model = wb.model().clone();
    let again = import::apply(
        &mut wb,
        &sample("permission-matrix.xlsx"),
        None,
        false,
        &quiet,
    )
    .unwrap();
    assert_eq!(
        (again.preview.changes.new, again.preview.changes.changed),
        (0, 0)
    );
    assert!(!again.changed);
    assert_eq!(*wb.model(), model);
    assert_eq!(wb.vault().model().unwrap(), model);
}

#[test]
fn the_import_is_undone_as_one_step() {
    let mut wb = workbench();
    let before = wb.model().clone();
    import::apply(&mut wb, &sample("assignments.csv"), None, false, &quiet).unwrap();
    let imported = wb.model().clone();
    assert_ne!(imported, before);
    assert_eq!(wb.vault().model().unwrap(), imported);
    let summary = wb.summary().unwrap();
    assert!(summary
        .undo_label
        .unwrap()
        .starts_with("imported assignments.csv"));
    let recorded = wb.vault().import_mapping("assignments.csv").unwrap();
    assert!(recorded.as_ref().is_some_and(|m| !m.entities.is_empty()));
    wb.undo().unwrap();
    assert_eq!(*wb.model(), before);
    assert_eq!(wb.vault().model().unwrap(), before);
    // Undoing a file's first import forgets the file too.
    assert_eq!(wb.vault().import_mapping("assignments.csv").unwrap(), None);
    // Redo brings back exactly the model the import built, and the file's record.
    wb.redo().unwrap();
    assert_eq!(*wb.model(), imported);
    assert_eq!(wb.vault().model().unwrap(), imported);
    assert_eq!(
        wb.vault().import_mapping("assignments.csv").unwrap(),
        recorded
    );
}

#[test]
fn a_detected_layout_is_detected_again_in_the_next_version_of_the_file() {
    let mut wb = workbench();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("access.csv");
    fs_err::write(
        &file,
        "Access matrix\nv1\nCapability,Admin,Maker\nCreate app,x,x\nPublish app,x,\n",
    )
    .unwrap();
    let first = import::apply(&mut wb, &file, None, false, &quiet).unwrap();
    assert_eq!(first.preview.grants.len(), 3);
    assert_eq!(first.preview.sheets[0].header_row, Some(3));
    // The next version has a role column more and its header one row lower.
    fs_err::write(
        &file,
        "Access matrix\nv2\ndraft\nCapability,Admin,Maker,Viewer\nCreate app,x,x,\nPublish app,x,,\nView app,x,x,x\n",
    )
    .unwrap();
    let next = import::preview(&wb, &file, None, &quiet).unwrap();
    assert_eq!(next.sheets[0].header_row, Some(4), "{:?}", next.sheets);
    assert_eq!(
        next.grants.len(),
        6,
        "every column of the new version is read: {:?}",
        next.warnings
    );
    assert!(next.grants.iter().any(|g| g.role == "Viewer"));
}

#[test]
fn the_mapping_used_is_stored_and_reused_next_time() {
    let mut wb = workbench();
    let given = gatehouse_import::Mapping::from_toml(
        "[[sheet]]\nname = \"Screens\"\nlayout = \"skipped\"\n",
    )
    .unwrap();
    let first = import::apply(
        &mut wb,
        &sample("access-list.xlsx"),
        Some(&given),
        false,
        &quiet,
    )
    .unwrap();
    assert!(
        !first
            .preview
            .grants
            .iter()
            .any(|g| g.source.starts_with("Screens!")),
        "the mapping says skip the sheet"
    );
    let stored = wb
        .vault()
        .import_mapping("access-list.xlsx")
        .unwrap()
        .unwrap();
    assert!(
        stored.mapping.contains("layout = \"skipped\""),
        "{}",
        stored.mapping
    );
    assert_eq!(stored.file_sha256, first.preview.sha256);
    // Without --mapping, the stored one is used again.
    let preview = import::preview(&wb, &sample("access-list.xlsx"), None, &quiet).unwrap();
    assert_eq!(preview.sheets[1].note, "not read, as chosen");
    assert!(!preview
        .grants
        .iter()
        .any(|g| g.source.starts_with("Screens!")));
    // A newer file of the same name without that sheet: detected afresh, and said so.
    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("access-list.xlsx");
    fs_err::copy(sample("sod-rules.xlsx"), &newer).unwrap();
    let preview = import::preview(&wb, &newer, None, &quiet).unwrap();
    assert_eq!(preview.sod_rules.len(), 4);
    assert!(preview
        .warnings
        .iter()
        .any(|w| w.source == "access-list.xlsx" && w.message.contains("no longer has")));
}

#[test]
fn a_broken_file_changes_nothing_and_gives_a_coded_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.xlsx");
    fs_err::write(&path, b"PK\x03\x04 not really a zip").unwrap();
    let mut wb = workbench();
    let events = wb.events().unwrap().len();
    let model = wb.model().clone();
    let e = import::apply(&mut wb, &path, None, false, &quiet).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImportCorrupt);
    assert!(e.message.starts_with("broken.xlsx: "), "{}", e.message);
    assert_eq!(wb.events().unwrap().len(), events);
    assert_eq!(*wb.model(), model);
}

#[test]
fn a_large_batch_is_recorded_by_count_and_digest_not_entity_by_entity() {
    use gatehouse_app::core::{Edit, Entity, Role, RoleKind};
    let mut wb = workbench();
    let role = |i: usize| Edit::Upsert {
        entity: Entity::Role(Role {
            id: format!("role-{i:04}"),
            name: format!("Role {i}"),
            description: String::new(),
            kind: RoleKind::Other,
        }),
    };
    let big = Edit::Batch {
        edits: (0..300).map(role).collect(),
    };
    wb.apply(big).unwrap();
    let event = wb.events().unwrap().pop().unwrap();
    let after = event.after.unwrap();
    assert_eq!(after["op"], "batch");
    assert_eq!(after["edits"], 300);
    assert_eq!(after["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(
        event.before.unwrap()["edits"],
        300,
        "the inverse deletes all 300"
    );
    // A small batch keeps its entities.
    wb.apply(Edit::Batch {
        edits: (300..302).map(role).collect(),
    })
    .unwrap();
    let event = wb.events().unwrap().pop().unwrap();
    let after = event.after.unwrap();
    assert!(after.to_string().contains("\"role-0300\""), "{after}");
}

#[test]
fn a_newer_version_of_a_file_lists_what_it_no_longer_has_and_sync_removes_it() {
    use gatehouse_app::core::EntityKind;

    let mut wb = workbench();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("access.csv");
    fs_err::write(
        &file,
        "Capability,Admin,Maker\nCreate app,x,x\nPublish app,x,\n",
    )
    .unwrap();
    let first = import::apply(&mut wb, &file, None, false, &quiet).unwrap();
    assert_eq!(first.preview.grants.len(), 3);
    assert!(
        first.preview.gone.is_empty(),
        "a first import has nothing gone"
    );
    let grants_after_v1 = wb.model().grants.len();

    // Version 2 drops the Publish app row and adds a Viewer grant.
    fs_err::write(&file, "Capability,Admin,Maker,Viewer\nCreate app,x,x,x\n").unwrap();
    let next = import::preview(&wb, &file, None, &quiet).unwrap();
    assert_eq!(next.gone.len(), 1, "{:?}", next.gone);
    let gone = next.gone[0].clone();
    assert_eq!(gone.kind, "grant");
    assert!(
        gone.what.contains("Admin") && gone.what.contains("Publish app"),
        "{}",
        gone.what
    );
    assert!(!next.synced);

    // Without sync it is kept, and said so in the audit event.
    let kept = import::apply(&mut wb, &file, None, false, &quiet).unwrap();
    assert!(wb.model().contains(EntityKind::Grant, &gone.key));
    assert_eq!(wb.model().grants.len(), grants_after_v1 + 1);
    let event = wb.events().unwrap().pop().unwrap();
    assert_eq!(event.seq, kept.event);
    assert!(
        event.summary.contains("1 no longer in the file (kept)"),
        "{}",
        event.summary
    );
    // Kept, it is listed again by the next import of the file, until synced.
    let again = import::preview(&wb, &file, None, &quiet).unwrap();
    assert_eq!(again.gone, vec![gone.clone()]);

    // With sync it goes, in the import's one undoable edit.
    let synced = import::apply(&mut wb, &file, None, true, &quiet).unwrap();
    assert!(synced.changed);
    assert!(synced.preview.synced);
    assert!(!wb.model().contains(EntityKind::Grant, &gone.key));
    assert_eq!(wb.model().grants.len(), grants_after_v1);
    let event = wb.events().unwrap().pop().unwrap();
    assert!(
        event.summary.contains("1 removed (no longer in the file)"),
        "{}",
        event.summary
    );
    let after = event.after.unwrap();
    assert_eq!(after["synced"], true);
    assert_eq!(after["gone"][0]["key"], gone.key.as_str());
    wb.undo().unwrap();
    assert!(wb.model().contains(EntityKind::Grant, &gone.key));
    // The undo also forgets what the synced import recorded of the file: back in the
    // model, the entry is listed as no longer in the file again.
    let undone = import::preview(&wb, &file, None, &quiet).unwrap();
    assert_eq!(undone.gone, vec![gone.clone()]);
    wb.redo().unwrap();
    assert!(!wb.model().contains(EntityKind::Grant, &gone.key));

    // The file as it is now: nothing gone, nothing to change.
    let last = import::preview(&wb, &file, None, &quiet).unwrap();
    assert!(last.gone.is_empty(), "{:?}", last.gone);
    assert_eq!(last.changes.new + last.changes.changed, 0);
}

#[test]
fn a_sync_that_would_orphan_an_exception_is_refused_and_changes_nothing() {
    use gatehouse_app::core::{Edit, Entity, EntityKind, Exception, Waiver};

    let mut wb = workbench();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("access.csv");
    fs_err::write(&file, "Capability,Admin\nCreate app,x\nPublish app,x\n").unwrap();
    import::apply(&mut wb, &file, None, false, &quiet).unwrap();
    fs_err::write(&file, "Capability,Admin\nCreate app,x\n").unwrap();
    let gone = import::preview(&wb, &file, None, &quiet).unwrap().gone;
    assert_eq!(gone.len(), 1);
    let person = wb.model().people[0].id.clone();
    let approver = wb.model().people[1].id.clone();
    wb.apply(Edit::Upsert {
        entity: Entity::Exception(Exception {
            id: "publish-waiver".into(),
            waives: Waiver::Grant(gone[0].key.clone()),
            person,
            justification: "release weekend".into(),
            approver,
            start: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            end: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            review: None,
        }),
    })
    .unwrap();
    let model = wb.model().clone();
    let events = wb.events().unwrap().len();

    let e = import::apply(&mut wb, &file, None, true, &quiet).unwrap_err();
    assert_eq!(e.code, ErrorCode::ImportSyncRefused);
    assert!(
        e.message.contains("access.csv") && e.message.contains("publish-waiver"),
        "{}",
        e.message
    );
    assert_eq!(wb.model(), &model, "nothing changed");
    assert_eq!(wb.events().unwrap().len(), events, "nothing recorded");
    assert!(wb.model().contains(EntityKind::Grant, &gone[0].key));
}

#[test]
fn a_row_that_says_revoked_ends_the_assignment_the_model_has() {
    use gatehouse_app::core::EntityKind;

    let mut wb = workbench();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("users.csv");
    fs_err::write(&file, "User,Role\nAda Lovelace,Maker\nAlan Turing,Maker\n").unwrap();
    import::apply(&mut wb, &file, None, false, &quiet).unwrap();
    let alan = |wb: &Workbench| {
        wb.model()
            .assignments
            .iter()
            .find(|a| a.person == "alan-turing")
            .cloned()
            .unwrap()
    };
    assert_eq!(alan(&wb).valid_until, None);

    // The next export says Alan's access is disabled, and names someone the model lacks.
    fs_err::write(
        &file,
        "User,Role,Status\nAda Lovelace,Maker,Active\nAlan Turing,Maker,Disabled\nGrace Hopper,Maker,Revoked\n",
    )
    .unwrap();
    let preview = import::preview(&wb, &file, None, &quiet).unwrap();
    assert_eq!(
        preview.changes_by_kind["assignment"].changed, 1,
        "{:?}",
        preview.changes_by_kind
    );
    let ended: Vec<_> = preview
        .warnings
        .iter()
        .filter(|w| w.message.contains("is ended on"))
        .collect();
    assert_eq!(ended.len(), 1, "{:?}", preview.warnings);
    assert_eq!(ended[0].source, "users!A3");
    assert!(
        ended[0].message.contains("Alan Turing as Maker")
            && ended[0]
                .message
                .contains("(with no end) is ended on 2026-11-26"),
        "{}",
        ended[0].message
    );
    assert!(
        preview
            .warnings
            .iter()
            .any(|w| w.source.starts_with("users!C4")),
        "Grace's revoked row is warned at its status cell: {:?}",
        preview.warnings
    );

    import::apply(&mut wb, &file, None, false, &quiet).unwrap();
    assert_eq!(
        alan(&wb).valid_until,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
    );
    assert!(
        !wb.model().people.iter().any(|p| p.name == "Grace Hopper"),
        "a revoked row makes nobody"
    );
    assert!(wb.model().contains(EntityKind::Assignment, &alan(&wb).id));
    wb.undo().unwrap();
    assert_eq!(alan(&wb).valid_until, None);

    // Importing the same file again changes nothing: the assignment is ended already.
    import::apply(&mut wb, &file, None, false, &quiet).unwrap();
    let again = import::preview(&wb, &file, None, &quiet).unwrap();
    assert_eq!(again.changes.new + again.changes.changed, 0);
    assert!(
        again.gone.is_empty(),
        "a revoked row still names its assignment"
    );
}
