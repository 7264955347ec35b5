//! A vault written at schema 1 (a fixture kept since that schema shipped) opens in this
//! build, migrated, with its model and log intact.

use gatehouse_core::Model;
use gatehouse_vault::{Identity, Vault, SCHEMA_VERSION};

use crate::{workspace, Setup};

#[test]
fn a_schema_1_vault_opens_after_later_migrations() {
    let fixtures = workspace().join("crates/gatehouse-vault/tests/fixtures");
    let identity = Identity::read(&fixtures.join("schema-v1.identity.txt"), || None).unwrap();
    let expected =
        Model::from_json(&fs_err::read_to_string(fixtures.join("schema-v1.model.json")).unwrap())
            .unwrap();

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
