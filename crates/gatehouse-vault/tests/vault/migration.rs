//! A vault written at schema 1 (a fixture kept since that schema shipped) opens in this
//! build, migrated, with its model and log intact.

use std::path::PathBuf;

use gatehouse_core::{EventDraft, Model};
use gatehouse_vault::{Identity, Vault, SCHEMA_VERSION};

use crate::{workspace, Setup};

/// The fixtures' folder, the identity its vault is encrypted to, and the model it holds.
fn fixture() -> (PathBuf, Identity, Model) {
    let fixtures = workspace().join("crates/gatehouse-vault/tests/fixtures");
    let identity = Identity::read(&fixtures.join("schema-v1.identity.txt"), || None).unwrap();
    let model =
        Model::from_json(&fs_err::read_to_string(fixtures.join("schema-v1.model.json")).unwrap())
            .unwrap();
    (fixtures, identity, model)
}

/// An audit event of the tests' own edits, at a fixed time.
fn event(summary: &str) -> EventDraft {
    EventDraft {
        at: chrono::DateTime::parse_from_rfc3339("2026-11-01T10:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc),
        actor: "test".into(),
        action: "create".into(),
        summary: summary.into(),
        before: None,
        after: None,
    }
}

#[test]
fn a_schema_1_vault_opens_after_later_migrations() {
    let (fixtures, identity, expected) = fixture();

    // Work on a copy: opening never writes, but saving the migrated vault does.
    let s = Setup::new();
    let path = s.path("old.gatehouse");
    fs_err::copy(fixtures.join("schema-v1.gatehouse"), &path).unwrap();

    let mut vault = Vault::open(&path, &identity).unwrap();
    const { assert!(SCHEMA_VERSION >= 2) };
    assert_eq!(vault.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(vault.model().unwrap(), expected);
    let events = vault.events().unwrap();
    assert_eq!(
        events[0].summary,
        "created from template generic-nocode at schema 1"
    );
    vault.verify_chain().unwrap();

    // The table schema 2 added is usable, and the migrated vault saves and reopens.
    let count: i64 = vault
        .connection()
        .query_row("SELECT count(*) FROM exception", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0);
    vault.save(&path).unwrap();
    let again = Vault::open(&path, &identity).unwrap();
    assert_eq!(again.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(again.model().unwrap(), expected);
}

/// A vault saved at schema 3 (before risk tiers and calendars) opens migrated, its gates
/// unchanged, and then stores the new kinds.
#[test]
fn a_schema_3_vault_opens_with_gate_criteria_tables() {
    use gatehouse_core::{Calendar, Edit, Entity, Weekday};

    let (_, identity, model) = fixture();
    let s = Setup::new();
    let path = s.path("v3.gatehouse");
    let mut old = Vault::create_at_schema(
        &model,
        &[identity.recipient()],
        event("created at schema 3"),
        3,
    )
    .unwrap();
    old.save(&path).unwrap();

    let mut vault = Vault::open(&path, &identity).unwrap();
    const { assert!(SCHEMA_VERSION >= 4) };
    assert_eq!(vault.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(vault.model().unwrap(), model, "gates read back unchanged");
    let calendar = Calendar {
        id: "office".into(),
        name: "Office".into(),
        working_days: vec![Weekday::Mon, Weekday::Fri],
        opens: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        closes: chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        utc_offset_minutes: 60,
        holidays: vec![],
    };
    let edit = Edit::Upsert {
        entity: Entity::Calendar(calendar.clone()),
    };
    vault.record(&edit, event("calendar added")).unwrap();
    vault.save(&path).unwrap();
    let again = Vault::open(&path, &identity).unwrap();
    assert_eq!(again.model().unwrap().calendars, [calendar]);
}

/// A vault saved at schema 6 (before imports recorded what each file made) opens migrated:
/// a mapping stored then reads with no entities, and the next import records them.
#[test]
fn a_schema_6_vault_keeps_its_import_mappings_and_then_records_what_a_file_made() {
    use gatehouse_vault::StoredMapping;

    let (_, identity, model) = fixture();
    let s = Setup::new();
    let path = s.path("v6.gatehouse");
    let mut old =
        Vault::create_at_schema(&model, &[identity.recipient()], event("at schema 6"), 6).unwrap();
    old.connection()
        .execute(
            "INSERT INTO import_mapping (source, mapping, file_sha256, at)
             VALUES ('access.csv', '', 'abc', '2026-11-01T10:00:00Z')",
            [],
        )
        .unwrap();
    old.save(&path).unwrap();

    let mut vault = Vault::open(&path, &identity).unwrap();
    assert_eq!(vault.schema_version().unwrap(), SCHEMA_VERSION);
    let stored = vault.import_mapping("access.csv").unwrap().unwrap();
    assert_eq!(stored.file_sha256, "abc");
    assert!(stored.entities.is_empty());

    let entities: std::collections::BTreeMap<String, Vec<String>> =
        [("grant".to_string(), vec!["admin--create-app".to_string()])].into();
    let next = StoredMapping {
        entities: entities.clone(),
        file_sha256: "def".into(),
        ..stored
    };
    vault.record_import(None, &next, event("imported")).unwrap();
    vault.save(&path).unwrap();
    let again = Vault::open(&path, &identity).unwrap();
    let stored = again.import_mapping("access.csv").unwrap().unwrap();
    assert_eq!(
        (stored.file_sha256.as_str(), stored.entities),
        ("def", entities)
    );
}

/// A vault saved at schema 9 (entity tables with JSON checks and generated columns) opens
/// migrated to tables of keys and JSON with views of the old names: the model reads back
/// the same, the views show its readable columns, and it still takes edits.
#[test]
fn a_schema_9_vault_moves_its_entities_into_data_tables_behind_views() {
    use gatehouse_core::{Edit, Entity, Person};

    let (_, identity, model) = fixture();
    let s = Setup::new();
    let path = s.path("v9.gatehouse");
    let mut old =
        Vault::create_at_schema(&model, &[identity.recipient()], event("at schema 9"), 9).unwrap();
    old.save(&path).unwrap();

    let mut vault = Vault::open(&path, &identity).unwrap();
    const { assert!(SCHEMA_VERSION >= 10) };
    assert_eq!(vault.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(vault.model().unwrap(), model);
    let kind_of = |name: &str| -> String {
        vault
            .connection()
            .query_row(
                "SELECT type FROM sqlite_schema WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(kind_of("person"), "view");
    assert_eq!(kind_of("person_data"), "table");
    assert_eq!(kind_of("grant"), "view");
    let names: Vec<String> = vault
        .connection()
        .prepare("SELECT name FROM person ORDER BY key")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected: Vec<String> = model.people.iter().map(|p| p.name.clone()).collect();
    assert!(!expected.is_empty());
    assert_eq!(names, expected);
    let grants: i64 = vault
        .connection()
        .query_row("SELECT count(*) FROM permission_matrix", [], |r| r.get(0))
        .unwrap();
    assert_eq!(grants as usize, model.grants.len());

    let person = Person {
        id: "new-person".into(),
        name: "New Person".into(),
        ..model.people[0].clone()
    };
    let edit = Edit::Upsert {
        entity: Entity::Person(person.clone()),
    };
    vault.record(&edit, event("person added")).unwrap();
    vault.save(&path).unwrap();
    let again = Vault::open(&path, &identity).unwrap();
    assert!(again.model().unwrap().people.contains(&person));
    let name: String = again
        .connection()
        .query_row(
            "SELECT name FROM person WHERE key = 'new-person'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, "New Person");
}
