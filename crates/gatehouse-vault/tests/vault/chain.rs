//! Editing any stored audit event is detected at that event, also after save and open.

use gatehouse_core::{ChainError, Edit, Entity, Role, RoleKind};
use gatehouse_vault::{Vault, VaultError};

use crate::{draft, Setup};

fn vault_with_events(s: &Setup) -> Vault {
    let mut vault = s.template_vault();
    for i in 1..=5 {
        let edit = Edit::Upsert {
            entity: Entity::Role(Role {
                id: format!("extra-{i}"),
                name: format!("Extra {i}"),
                description: String::new(),
                kind: RoleKind::Other,
            }),
        };
        vault.record(&edit, draft("role.upsert", i)).unwrap();
    }
    vault
}

#[test]
fn each_edit_is_one_linked_event() {
    let s = Setup::new();
    let vault = vault_with_events(&s);
    let events = vault.events().unwrap();
    assert_eq!(events.len(), 6);
    for pair in events.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }
    assert_eq!(vault.verify_chain().unwrap(), events[5].hash);
}

#[test]
fn editing_a_stored_event_is_detected_at_that_event() {
    for (seq, sql) in [
        (
            3,
            "UPDATE audit_event SET summary = 'nothing happened' WHERE seq = 3",
        ),
        (
            1,
            "UPDATE audit_event SET actor = 'someone else' WHERE seq = 1",
        ),
        (
            6,
            "UPDATE audit_event SET at = '2020-01-01T00:00:00.000000Z' WHERE seq = 6",
        ),
        (
            4,
            "UPDATE audit_event SET after_json = '{\"op\":\"delete\"}' WHERE seq = 4",
        ),
    ] {
        let s = Setup::new();
        let mut vault = vault_with_events(&s);
        vault.connection().execute_batch(sql).unwrap();
        // Through the file, as an auditor would receive it.
        let path = s.path("tampered.gatehouse");
        vault.save(&path).unwrap();
        let reopened = Vault::open(&path, &s.identity).unwrap();
        match reopened.verify_chain() {
            Err(VaultError::Chain(ChainError::Altered { seq: bad })) => {
                assert_eq!(bad, seq, "{sql}")
            }
            other => panic!("expected event {seq} to be reported as altered, got {other:?}"),
        }
    }
}

#[test]
fn deleting_a_stored_event_is_detected() {
    let s = Setup::new();
    let vault = vault_with_events(&s);
    vault
        .connection()
        .execute_batch("DELETE FROM audit_event WHERE seq = 2")
        .unwrap();
    let err = vault.verify_chain().unwrap_err();
    assert!(
        matches!(
            err,
            VaultError::Chain(ChainError::Sequence {
                seq: 3,
                expected: 2
            })
        ),
        "{err}"
    );
    assert_eq!(err.code(), "audit_chain_broken");
}
