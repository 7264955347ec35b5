use gatehouse_core::*;

use crate::{role, small_model};

fn upsert(entity: Entity) -> Edit {
    Edit::Upsert { entity }
}

/// A grant of the model's one capability, "deploy", in every environment.
fn deploy_grant(role: &str, effect: Effect) -> Entity {
    Entity::Grant(Grant {
        role: role.into(),
        capability: "deploy".into(),
        environment: None,
        effect,
    })
}

#[test]
fn upsert_then_inverse_restores_the_model() {
    let original = small_model();
    let mut m = original.clone();
    let inverse = apply(&mut m, upsert(role("viewer", "Viewer"))).unwrap();
    assert_eq!(m.roles.len(), 3);
    assert_eq!(
        inverse,
        Edit::Delete {
            kind: EntityKind::Role,
            key: "viewer".into()
        }
    );
    apply(&mut m, inverse).unwrap();
    assert_eq!(m, original);
}

#[test]
fn replacing_an_entity_returns_the_previous_version_as_inverse() {
    let mut m = small_model();
    let inverse = apply(&mut m, upsert(role("dev", "Maker"))).unwrap();
    assert_eq!(
        m.roles.iter().find(|r| r.id == "dev").unwrap().name,
        "Maker"
    );
    let Edit::Upsert {
        entity: Entity::Role(previous),
    } = inverse
    else {
        panic!("expected an upsert")
    };
    assert_eq!(previous.name, "Developer");
}

#[test]
fn an_invalid_edit_is_refused_and_changes_nothing() {
    let original = small_model();
    let mut m = original.clone();
    // The role is still referenced by an assignment.
    let err = apply(
        &mut m,
        Edit::Delete {
            kind: EntityKind::Role,
            key: "dev".into(),
        },
    )
    .unwrap_err();
    assert!(matches!(err, EditError::Invalid(_)), "{err:?}");
    assert!(err.to_string().contains("refers to role \"dev\""), "{err}");
    assert_eq!(m, original);

    let err = apply(&mut m, upsert(role("ops2", "operator"))).unwrap_err();
    assert!(err.to_string().contains("name \"operator\""), "{err}");
    assert_eq!(m, original);
}

#[test]
fn deleting_what_does_not_exist_is_an_error() {
    let mut m = small_model();
    let err = apply(
        &mut m,
        Edit::Delete {
            kind: EntityKind::Person,
            key: "zed".into(),
        },
    )
    .unwrap_err();
    assert_eq!(
        err,
        EditError::NotFound {
            kind: EntityKind::Person,
            key: "zed".into()
        }
    );
}

#[test]
fn upserts_keep_lists_in_canonical_order() {
    let mut m = small_model();
    apply(&mut m, upsert(role("aaa", "First"))).unwrap();
    apply(&mut m, upsert(role("zzz", "Last"))).unwrap();
    let ids: Vec<_> = m.roles.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["aaa", "dev", "ops", "zzz"]);
    assert!(m.is_canonical());
}

#[test]
fn replace_swaps_the_whole_model_and_back() {
    let original = small_model();
    let mut m = original.clone();
    let mut other = small_model();
    other.meta.name = "Other".into();
    other.people.clear();
    other.assignments.clear();
    let inverse = apply(
        &mut m,
        Edit::Replace {
            model: Box::new(other.clone()),
        },
    )
    .unwrap();
    assert_eq!(m, other);
    apply(&mut m, inverse).unwrap();
    assert_eq!(m, original);
}

#[test]
fn grant_keys_include_the_environment_scope() {
    assert_eq!(grant_key("ops", "deploy", Some("prod")), "ops|deploy|prod");
    assert_eq!(grant_key("ops", "deploy", None), "ops|deploy|*");
    let m = small_model();
    assert!(m.get(EntityKind::Grant, "ops|deploy|prod").is_some());
}

#[test]
fn a_batch_applies_as_one_step_and_undoes_as_one() {
    let original = small_model();
    let mut m = original.clone();
    let batch = Edit::Batch {
        edits: vec![
            upsert(role("viewer", "Viewer")),
            upsert(deploy_grant("viewer", Effect::Deny)),
        ],
    };
    assert_eq!(batch.describe(), "2 changes at once");
    let inverse = apply(&mut m, batch).unwrap();
    assert_eq!((m.roles.len(), m.grants.len()), (3, 2));
    apply(&mut m, inverse).unwrap();
    assert_eq!(m, original);
}

#[test]
fn a_batch_with_one_bad_edit_changes_nothing() {
    let original = small_model();
    let mut m = original.clone();
    let batch = Edit::Batch {
        edits: vec![
            upsert(role("viewer", "Viewer")),
            Edit::Delete {
                kind: EntityKind::Person,
                key: "nobody".into(),
            },
        ],
    };
    assert!(matches!(
        apply(&mut m, batch),
        Err(EditError::NotFound { .. })
    ));
    assert_eq!(m, original);
    // Valid step by step is not enough: the batch must leave a valid model.
    let batch = Edit::Batch {
        edits: vec![upsert(deploy_grant("ghost", Effect::Allow))],
    };
    assert!(matches!(apply(&mut m, batch), Err(EditError::Invalid(_))));
    assert_eq!(m, original);
}
