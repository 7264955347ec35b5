//! The workbench session as the desktop drives it: demo model, edits, undo/redo, save,
//! autosave, open, identity.

use std::path::Path;
use std::sync::Arc;

use gatehouse_app::core::{Edit, Entity, EntityKind, Keyed, Role, RoleKind};
use gatehouse_app::{AppError, ErrorCode, FixedClock, Session};

fn session(dir: &Path) -> (Session, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::at("2026-11-27T09:00:00Z"));
    let session = Session::demo(dir.join("identity.age"), "facilitator", clock.clone()).unwrap();
    (session, clock)
}

fn add_role(id: &str, name: &str) -> Edit {
    Edit::Upsert {
        entity: Entity::Role(Role {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            kind: RoleKind::Other,
        }),
    }
}

#[test]
fn a_new_session_shows_the_demo_model_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = session(dir.path());
    let summary = s.summary().unwrap();
    assert_eq!(summary.name, "Generic no-code governance");
    assert_eq!(summary.path, None);
    assert!(!summary.dirty);
    assert_eq!(
        (
            summary.counts.roles,
            summary.counts.people,
            summary.counts.gates
        ),
        (8, 9, 2)
    );
    assert_eq!(summary.events, 1);
    assert!(!summary.can_undo);
    let status = s.identity_status();
    assert!(!status.exists && !status.unlocked);
}

#[test]
fn every_edit_is_one_audit_event_and_undo_redo_walk_back_and_forth() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(dir.path());
    let original = s.model();
    let summary = s.apply_edit(add_role("auditor", "Auditor")).unwrap();
    assert_eq!(summary.counts.roles, 9);
    assert_eq!(summary.events, 2);
    assert!(summary.dirty && summary.can_undo && !summary.can_redo);
    assert_eq!(summary.undo_label.as_deref(), Some("set role \"auditor\""));

    let summary = s.undo().unwrap();
    assert_eq!(s.model(), original);
    assert_eq!(summary.events, 3, "the undo is itself audited");
    assert!(summary.can_redo);
    let summary = s.redo().unwrap();
    assert_eq!(summary.counts.roles, 9);
    let events = s.workbench().events().unwrap();
    let actions: Vec<_> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "model.create",
            "role.upsert",
            "role.delete.undo",
            "role.upsert.redo"
        ]
    );
    assert!(events.iter().skip(1).all(|e| e.actor == "facilitator"));
    gatehouse_app::core::verify_chain(&events).unwrap();

    // A new edit clears the redo stack.
    s.undo().unwrap();
    s.apply_edit(add_role("reader", "Reader")).unwrap();
    assert_eq!(s.redo().unwrap_err().code, ErrorCode::NothingToRedo);
}

#[test]
fn an_invalid_edit_changes_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(dir.path());
    let before = s.summary().unwrap();
    let err = s
        .apply_edit(Edit::Delete {
            kind: EntityKind::Role,
            key: "citizen-developer".into(),
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidEdit);
    assert!(
        err.message.contains("refers to role \"citizen-developer\""),
        "{}",
        err.message
    );
    let after = s.summary().unwrap();
    assert_eq!(after.events, before.events);
    assert!(!after.dirty && !after.can_undo);
    assert_eq!(s.undo().unwrap_err().code, ErrorCode::NothingToUndo);
}

#[test]
fn saving_needs_an_identity_which_is_created_on_first_use() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(dir.path());
    let path = dir.path().join("workshop.gatehouse");
    assert_eq!(
        s.save_as(&path).unwrap_err().code,
        ErrorCode::IdentityLocked
    );
    assert_eq!(s.save().unwrap_err().code, ErrorCode::NoFile);
    assert_eq!(
        s.create_identity("short".into()).unwrap_err().code,
        ErrorCode::WeakPassphrase
    );

    let status = s.create_identity("workshop passphrase".into()).unwrap();
    assert!(status.exists && status.protected && status.unlocked);
    let summary = s.save_as(&path).unwrap();
    assert_eq!(summary.path.as_deref(), Some(path.to_str().unwrap()));
    assert_eq!(summary.recipients, vec![status.recipient.clone().unwrap()]);
    assert!(!summary.dirty);

    // A later session unlocks the same identity and opens the file.
    let (mut later, _) = session(dir.path());
    assert_eq!(
        later.open(&path).unwrap_err().code,
        ErrorCode::IdentityLocked
    );
    assert_eq!(
        later.unlock("not it at all".into()).unwrap_err().code,
        ErrorCode::WrongPassphrase
    );
    later.unlock("workshop passphrase".into()).unwrap();
    let opened = later.open(&path).unwrap();
    assert_eq!(opened.counts, summary.counts);
    assert_eq!(opened.chain_head, summary.chain_head);
}

#[test]
fn autosave_waits_for_a_quiet_moment_after_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, clock) = session(dir.path());
    s.create_identity("workshop passphrase".into()).unwrap();
    let path = dir.path().join("auto.gatehouse");
    s.save_as(&path).unwrap();
    let saved = fs_err::read(&path).unwrap();

    s.apply_edit(add_role("auditor", "Auditor")).unwrap();
    clock.advance(chrono::Duration::milliseconds(500));
    assert!(s.autosave().unwrap().dirty, "too soon after the edit");
    assert_eq!(fs_err::read(&path).unwrap(), saved);

    clock.advance(chrono::Duration::milliseconds(1500));
    assert!(!s.autosave().unwrap().dirty, "saved once the delay passed");
    let (mut reader, _) = session(dir.path());
    reader.unlock("workshop passphrase".into()).unwrap();
    assert_eq!(reader.open(&path).unwrap().counts.roles, 9);
}

#[test]
fn the_demo_model_is_never_autosaved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, clock) = session(dir.path());
    s.apply_edit(add_role("auditor", "Auditor")).unwrap();
    clock.advance(chrono::Duration::seconds(60));
    assert!(s.autosave().unwrap().dirty);
    assert_eq!(
        fs_err::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn new_from_template_and_unknown_templates() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(dir.path());
    s.apply_edit(add_role("auditor", "Auditor")).unwrap();
    let fresh = s.new_from_template("generic-nocode").unwrap();
    assert_eq!(fresh.counts.roles, 8);
    assert!(!fresh.can_undo);
    let err = s.new_from_template("mendix").unwrap_err();
    assert_eq!(err.code, ErrorCode::UnknownTemplate);
    assert!(err.message.contains("generic-nocode"));
    let ids: Vec<_> = s.templates().into_iter().map(|t| (t.id, t.empty)).collect();
    assert_eq!(
        ids,
        [
            ("client-start".to_string(), true),
            ("blank".to_string(), true),
            ("generic-nocode".to_string(), false)
        ],
        "the empty models come first, beside the worked example"
    );
}

#[test]
fn a_client_model_starts_with_environments_and_capabilities_only() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(dir.path());
    let fresh = s.new_from_template("client-start").unwrap();
    assert_eq!(
        (fresh.counts.environments, fresh.counts.capabilities),
        (4, 15),
        "the vocabulary of the worked example"
    );
    assert_eq!(
        (fresh.counts.people, fresh.counts.roles, fresh.counts.grants),
        (0, 0, 0)
    );
    assert!(!fresh.dirty && !fresh.can_undo);
    let blank = s.new_from_template("blank").unwrap();
    assert_eq!(blank.counts.total(), 0, "a blank model holds nothing");
    for t in s.templates() {
        assert!(
            !t.summary.contains('\n') && t.summary.len() < 110,
            "a template's summary is one line: {:?}",
            t.summary
        );
    }
}

#[test]
fn errors_cross_the_boundary_as_code_and_message() {
    let err = AppError::new(ErrorCode::WrongKey, "none of your keys opens this vault");
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"code": "wrong_key", "message": "none of your keys opens this vault"})
    );
}

#[test]
fn a_file_named_at_start_opens_once_the_key_is_unlocked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("client.gatehouse");
    let (mut first, _) = session(dir.path());
    first.create_identity("workshop passphrase".into()).unwrap();
    first.apply_edit(add_role("auditor", "Auditor")).unwrap();
    first.save_as(&path).unwrap();

    let (mut s, _) = session(dir.path());
    s.open_later(path.clone());
    assert_eq!(s.pending_file().as_deref(), Some(path.to_str().unwrap()));
    assert_eq!(
        s.open_pending().unwrap_err().code,
        ErrorCode::IdentityLocked
    );
    assert!(
        s.pending_file().is_some(),
        "still waiting after a refused open"
    );
    s.unlock("workshop passphrase".into()).unwrap();
    let summary = s.open_pending().unwrap();
    assert_eq!(summary.counts.roles, 9);
    assert_eq!(s.pending_file(), None);
    assert_eq!(s.open_pending().unwrap_err().code, ErrorCode::NoFile);
}

#[test]
fn findings_on_a_date_and_a_bad_date() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = session(dir.path());
    let codes: Vec<String> = s
        .findings(Some("2026-11-27"))
        .unwrap()
        .into_iter()
        .map(|f| f.code.to_string())
        .collect();
    assert_eq!(
        codes,
        ["sod_conflict", "unapproved_use", "unvetted_dependency"]
    );
    // Without a date: today by the session's clock (the fixed clock says 2026-11-27).
    assert_eq!(s.findings(None).unwrap().len(), 3);
    assert_eq!(
        s.findings(Some("27.11.2026")).unwrap_err().code,
        ErrorCode::InvalidDate
    );
}

#[test]
fn undoing_back_to_the_saved_state_leaves_nothing_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(dir.path());
    s.create_identity("workshop passphrase".into()).unwrap();
    let path = dir.path().join("workshop.gatehouse");
    s.apply_edit(add_role("auditor", "Auditor")).unwrap();
    assert!(!s.save_as(&path).unwrap().dirty);

    assert!(s.apply_edit(add_role("scribe", "Scribe")).unwrap().dirty);
    assert!(!s.undo().unwrap().dirty, "back at the saved model");
    assert!(s.undo().unwrap().dirty, "one step before the saved model");
    assert!(!s.redo().unwrap().dirty, "redone up to the saved model");
    // An edit made after undoing past the saved state leaves that state unreachable.
    s.undo().unwrap();
    s.apply_edit(add_role("other", "Other")).unwrap();
    assert!(
        s.undo().unwrap().dirty,
        "the saved state held the auditor, not this"
    );
    assert!(s.redo().unwrap().dirty);
}

#[test]
fn opening_a_file_while_the_key_is_locked_keeps_it_waiting_for_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(dir.path());
    s.create_identity("workshop passphrase".into()).unwrap();
    let path = dir.path().join("workshop.gatehouse");
    s.save_as(&path).unwrap();

    let (mut later, _) = session(dir.path());
    assert_eq!(
        later.open(&path).unwrap_err().code,
        ErrorCode::IdentityLocked
    );
    assert_eq!(
        later.pending_file().as_deref(),
        Some(path.to_str().unwrap()),
        "the passphrase dialog names the file it unlocks for"
    );
    later.unlock("workshop passphrase".into()).unwrap();
    let summary = later.open_pending().unwrap();
    assert_eq!(summary.path.as_deref(), Some(path.to_str().unwrap()));
    assert_eq!(later.pending_file(), None);
}

/// The top-level fields of a model delta's JSON (sorted: serde_json's map).
fn fields_of(delta: &gatehouse_app::ModelDelta) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(delta.model.get()).unwrap();
    value.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn after_an_edit_only_the_lists_it_touched_are_sent_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = session(dir.path());
    let first = s.model_delta(None);
    assert!(
        first.full,
        "a front end holding nothing gets the whole model"
    );
    let whole: gatehouse_app::core::Model = serde_json::from_str(first.model.get()).unwrap();
    assert_eq!(whole, s.model());

    s.apply_edit(add_role("auditor-2", "Second auditor"))
        .unwrap();
    let delta = s.model_delta(Some(first.revision));
    assert!(!delta.full);
    assert_eq!(fields_of(&delta), ["meta", "roles"]);
    assert_ne!(delta.revision, first.revision);
    // Nothing since: only the meta.
    assert_eq!(fields_of(&s.model_delta(Some(delta.revision))), ["meta"]);

    // An undo and a removal since the first revision: still only roles, merged.
    s.undo().unwrap();
    s.apply_edit(Edit::Delete {
        kind: EntityKind::Grant,
        key: s.model().grants[0].key(),
    })
    .unwrap();
    let since_first = s.model_delta(Some(first.revision));
    assert_eq!(fields_of(&since_first), ["grants", "meta", "roles"]);
    let mut merged: serde_json::Value = serde_json::from_str(first.model.get()).unwrap();
    let part: serde_json::Value = serde_json::from_str(since_first.model.get()).unwrap();
    for (field, value) in part.as_object().unwrap() {
        merged[field] = value.clone();
    }
    let merged: gatehouse_app::core::Model = serde_json::from_value(merged).unwrap();
    assert_eq!(
        merged,
        s.model(),
        "the old model with the delta is the model"
    );

    // A revision this workbench never had (another model's): the whole model.
    assert!(s.model_delta(Some(u64::MAX)).full);
}
