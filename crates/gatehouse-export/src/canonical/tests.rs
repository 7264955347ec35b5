use std::process::Command;

use gatehouse_core::{AuditEvent, EventDraft};

use super::*;
use crate::fixture;

/// Runs the shipped script on `log` with the real jq and sha256sum: (success, stdout).
fn run_script(log: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit-log.jsonl");
    fs_err::write(&path, log).unwrap();
    let script = dir.path().join(AUDIT_LOG_SCRIPT_NAME);
    fs_err::write(&script, AUDIT_LOG_SCRIPT).unwrap();
    let out = Command::new("sh")
        .arg(&script)
        .arg(&path)
        .output()
        .expect("sh runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.is_empty() || !out.status.success(),
        "no noise on success: {stderr}"
    );
    (out.status.success(), stdout + &stderr)
}

#[test]
fn model_json_is_the_canonical_export() {
    let snap = fixture::snapshot();
    let json = model_json(&snap);
    assert_eq!(json, snap.model.to_canonical_json());
    assert_eq!(
        gatehouse_core::audit::sha256_hex(json.as_bytes()),
        snap.provenance.model_hash
    );
}

#[test]
fn jq_and_sha256sum_recompute_every_hash_of_the_log() {
    let events = fixture::events();
    let log = audit_log_jsonl(&events);
    assert_eq!(log.lines().count(), events.len());
    let (ok, out) = run_script(&log);
    assert!(ok, "the script accepts the real chain: {out}");
    let head = &events.last().unwrap().hash;
    assert!(
        out.contains(&format!("3 events, 3 hashes recomputed, chain head {head}")),
        "every event re-hashed (control characters, quotes, non-ASCII, nested objects): {out}"
    );
}

#[test]
fn the_script_names_the_altered_event() {
    let log = audit_log_jsonl(&fixture::events());
    let altered = log.replacen("Added the role", "Added the rule", 1);
    let (ok, out) = run_script(&altered);
    assert!(!ok && out.contains("line 2 (event 2): altered"), "{out}");

    let lines: Vec<&str> = log.lines().collect();
    let dropped = format!("{}\n{}\n", lines[0], lines[2]);
    let (ok, out) = run_script(&dropped);
    assert!(!ok && out.contains("line 2: seq is 3, expected 2"), "{out}");

    let relinked = log.replacen(&fixture::events()[0].hash, &"1".repeat(64), 2);
    let (ok, out) = run_script(&relinked);
    assert!(!ok && out.contains("line 1 (event 1): altered"), "{out}");
}

#[test]
fn a_line_jq_cannot_read_back_is_linked_but_named_not_rehashed() {
    let mut events = fixture::events();
    let last = events.last().unwrap().clone();
    events.push(AuditEvent::link(
        EventDraft {
            at: last.at,
            actor: "x".into(),
            action: "role.upsert".into(),
            summary: "DEL \u{7f} in a name".into(),
            before: None,
            after: Some(serde_json::json!({ "n": 9_007_199_254_740_993u64 })),
        },
        4,
        &last.hash,
    ));
    gatehouse_core::verify_chain(&events).expect("a valid chain");
    let (ok, out) = run_script(&audit_log_jsonl(&events));
    assert!(ok, "{out}");
    assert!(
        out.contains("NOTE") && out.contains("line 4 (event 4)"),
        "{out}"
    );
    assert!(out.contains("4 events, 3 hashes recomputed"), "{out}");
}

/// A log as a vault stores it: edits recorded through gatehouse-vault (their before and
/// after as the app writes them, a whole model among them), read back from SQLite.
#[test]
fn jq_and_sha256sum_check_a_log_read_back_from_a_real_vault() {
    use gatehouse_core::{Edit, Entity};
    let model = fixture::model();
    let draft = |i: i64, action: &str, summary: &str, before, after| EventDraft {
        at: fixture::as_of() + chrono::Duration::milliseconds(1_234 * i),
        actor: "Zoë Café".into(),
        action: action.into(),
        summary: summary.into(),
        before,
        after,
    };
    let mut blank = gatehouse_core::Model::default();
    blank.meta.name = "Łódź pilot".into();
    let mut vault = gatehouse_vault::Vault::create(
        &blank,
        &[],
        draft(0, "model.create", "Created", None, None),
    )
    .unwrap();
    let replace = Edit::Replace {
        model: Box::new(model.clone()),
    };
    let after = serde_json::to_value(&model).unwrap();
    vault
        .record(
            &replace,
            draft(1, &replace.action(), &replace.describe(), None, Some(after)),
        )
        .unwrap();
    for role in model.roles.iter().rev().take(2) {
        let edit = Edit::Upsert {
            entity: Entity::Role(role.clone()),
        };
        let value = Entity::Role(role.clone()).to_value();
        vault
            .record(
                &edit,
                draft(
                    2,
                    &edit.action(),
                    &edit.describe(),
                    Some(value.clone()),
                    Some(value),
                ),
            )
            .unwrap();
    }
    let events = vault.events().unwrap();
    assert_eq!(events.len(), 4);
    let (ok, out) = run_script(&audit_log_jsonl(&events));
    let head = vault.chain_head().unwrap();
    assert!(ok, "{out}");
    assert!(
        out.contains(&format!("4 events, 4 hashes recomputed, chain head {head}")),
        "{out}"
    );
}
