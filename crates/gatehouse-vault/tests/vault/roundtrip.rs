use gatehouse_core::testing::arb_model;
use gatehouse_core::{Edit, Entity, Role, RoleKind};
use gatehouse_vault::{backup_path, Recipient, Vault};
use proptest::prelude::*;

use crate::{draft, template, Setup};

#[test]
fn a_saved_vault_opens_to_the_same_model_and_log() {
    let s = Setup::new();
    let path = s.saved_template("model.gatehouse");
    let vault = Vault::open(&path, &s.identity).unwrap();
    assert_eq!(vault.model().unwrap(), template());
    let events = vault.events().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].action, "model.create");
    assert_eq!(vault.verify_chain().unwrap(), events[0].hash);
    assert_eq!(vault.recipients().unwrap(), vec![s.identity.recipient()]);
}

#[test]
fn the_same_model_saved_twice_opens_identically() {
    let s = Setup::new();
    let mut vault = s.template_vault();
    let (a, b) = (s.path("a.gatehouse"), s.path("b.gatehouse"));
    vault.save(&a).unwrap();
    vault.save(&b).unwrap();
    // Encryption is randomised, the content is not.
    assert_ne!(fs_err::read(&a).unwrap(), fs_err::read(&b).unwrap());
    let (mut va, mut vb) = (
        Vault::open(&a, &s.identity).unwrap(),
        Vault::open(&b, &s.identity).unwrap(),
    );
    assert_eq!(va.model().unwrap(), vb.model().unwrap());
    assert_eq!(va.events().unwrap(), vb.events().unwrap());
    assert_eq!(va.image().unwrap(), vb.image().unwrap());
}

#[test]
fn recorded_edits_survive_save_and_open() {
    let s = Setup::new();
    let path = s.saved_template("model.gatehouse");
    let mut vault = Vault::open(&path, &s.identity).unwrap();
    let mut model = vault.model().unwrap();
    let edit = Edit::Upsert {
        entity: Entity::Role(Role {
            id: "auditor".into(),
            name: "Auditor".into(),
            description: "Reads evidence".into(),
            kind: RoleKind::Viewer,
        }),
    };
    gatehouse_core::apply(&mut model, edit.clone()).unwrap();
    vault.record(&edit, draft("role.upsert", 5)).unwrap();
    vault.save(&path).unwrap();

    let reopened = Vault::open(&path, &s.identity).unwrap();
    assert_eq!(reopened.model().unwrap(), model);
    assert_eq!(reopened.events().unwrap().len(), 2);
    reopened.verify_chain().unwrap();
    // The previous generation is kept beside it and still opens to the old model.
    let previous = Vault::open(&backup_path(&path), &s.identity).unwrap();
    assert_eq!(previous.model().unwrap(), template());
}

#[test]
fn a_vault_for_two_recipients_opens_with_either_key() {
    let s = Setup::new();
    let other = gatehouse_vault::Identity::generate();
    let recipients: Vec<Recipient> = vec![s.identity.recipient(), other.recipient()];
    let mut vault = Vault::create(&template(), &recipients, draft("model.create", 0)).unwrap();
    let path = s.path("shared.gatehouse");
    vault.save(&path).unwrap();
    assert_eq!(
        Vault::open(&path, &s.identity).unwrap().model().unwrap(),
        template()
    );
    assert_eq!(
        Vault::open(&path, &other).unwrap().model().unwrap(),
        template()
    );
}

#[test]
fn saving_without_recipients_is_refused_and_writes_nothing() {
    let s = Setup::new();
    let mut vault = Vault::create(&template(), &[], draft("model.create", 0)).unwrap();
    let path = s.path("nobody.gatehouse");
    let err = vault.save(&path).unwrap_err();
    assert_eq!(err.code(), "no_recipients");
    assert!(!path.exists());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_valid_models_round_trip_through_the_vault(model in arb_model()) {
        let s = Setup::new();
        let path = s.path("random.gatehouse");
        let mut vault = Vault::create(&model, &[s.identity.recipient()], draft("model.create", 0)).unwrap();
        vault.save(&path).unwrap();
        let back = Vault::open(&path, &s.identity).unwrap().model().unwrap();
        prop_assert_eq!(&back, &model);
        prop_assert_eq!(back.to_canonical_json(), model.to_canonical_json());
    }
}

#[test]
fn entities_are_stored_as_their_compact_json_and_older_key_orders_still_load() {
    let model = template();
    let vault = Vault::create(&model, &[], draft("model.create", 0)).unwrap();
    let role = model.roles[0].clone();
    let stored: String = vault
        .connection()
        .query_row("SELECT data FROM role WHERE key = ?1", [&role.id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(stored, Entity::Role(role.clone()).to_json());
    assert_eq!(stored, serde_json::to_string(&role).unwrap());

    // Vaults written before kept each entity's fields in alphabetical order (through a
    // serde_json::Value); such rows read back the same.
    let alphabetical = serde_json::to_value(&role).unwrap().to_string();
    assert_ne!(alphabetical, stored, "the test needs a different order");
    vault
        .connection()
        .execute(
            "UPDATE role_data SET data = ?1 WHERE key = ?2",
            [&alphabetical, &role.id],
        )
        .unwrap();
    assert_eq!(vault.model().unwrap(), model);
}

/// The JSON is checked in Rust when the vault is read (the tables have no SQL check): a
/// row edited by hand into something that is not an entity is refused, naming its kind
/// and key.
#[test]
fn a_row_that_is_not_an_entity_is_named_when_the_model_is_read() {
    let model = template();
    let vault = Vault::create(&model, &[], draft("model.create", 0)).unwrap();
    let role = &model.roles[0].id;
    for data in ["{not json", r#"{"name": 7}"#] {
        vault
            .connection()
            .execute(
                "UPDATE role_data SET data = ?1 WHERE key = ?2",
                [data, role.as_str()],
            )
            .unwrap();
        let err = vault.model().unwrap_err();
        assert_eq!(err.code(), "corrupt_vault");
        let message = err.to_string();
        assert!(
            message.contains("role") && message.contains(role.as_str()),
            "{message}"
        );
    }
}

#[test]
fn a_large_batch_is_written_and_undone_in_the_vault() {
    // Over the size at which the batch's JSON is written on a second thread.
    let mut model = template();
    let people: Vec<Edit> = (0..20_000)
        .map(|i| Edit::Upsert {
            entity: Entity::Person(gatehouse_core::Person {
                id: format!("bulk-{i:05}"),
                name: format!("Bulk person {i}"),
                email: None,
                department: None,
                kind: gatehouse_core::PersonKind::Other,
            }),
        })
        .collect();
    let mut vault = Vault::create(&model, &[], draft("model.create", 0)).unwrap();
    let before = model.clone();
    let edit = Edit::Batch { edits: people };
    let inverse = gatehouse_core::apply(&mut model, edit.clone()).unwrap();
    vault.record(&edit, draft("model.batch", 1)).unwrap();
    assert_eq!(vault.model().unwrap(), model);
    assert_eq!(model.people.len(), before.people.len() + 20_000);

    gatehouse_core::apply(&mut model, inverse.clone()).unwrap();
    vault.record(&inverse, draft("model.batch", 2)).unwrap();
    assert_eq!(model, before);
    assert_eq!(vault.model().unwrap(), before);
}
