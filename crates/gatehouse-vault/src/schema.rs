//! Schema and migrations: ordered SQL files embedded at build time. `PRAGMA user_version`
//! holds the schema version; `PRAGMA application_id` marks the database as Gatehouse's.

use gatehouse_core::EntityKind;
use rusqlite::Connection;

use crate::error::Result;

/// "GTH1" as a big-endian integer: what `PRAGMA application_id` says in every vault.
pub const APPLICATION_ID: i64 = 0x4754_4831;

/// The migrations, in order; the schema version is the number of the last one applied.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_initial.sql")),
    (2, include_str!("../migrations/0002_exceptions.sql")),
    (3, include_str!("../migrations/0003_import_mapping.sql")),
    (4, include_str!("../migrations/0004_gate_criteria.sql")),
    (5, include_str!("../migrations/0005_pinned_simulations.sql")),
    (6, include_str!("../migrations/0006_versions.sql")),
    (9, include_str!("../migrations/0009_import_entities.sql")),
    (10, include_str!("../migrations/0010_entity_views.sql")),
];

/// The schema that moved each kind's entities into a `<kind>_data` table of keys and JSON,
/// the old table's name becoming a view with its readable columns.
const DATA_TABLES: i64 = 10;

/// The table (quoted) that holds the entities of `kind` in a database at schema `version`.
pub(crate) fn entity_table(kind: EntityKind, version: i64) -> String {
    if version >= DATA_TABLES {
        format!("\"{}_data\"", kind.as_str())
    } else {
        format!("\"{}\"", kind.as_str())
    }
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

pub(crate) fn initialise(conn: &Connection) -> Result<()> {
    conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))?;
    Ok(())
}

/// Applies every migration above the database's version up to `target`, each in its own
/// transaction together with the version bump.
pub(crate) fn migrate(conn: &mut Connection, target: i64) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (version, sql) in MIGRATIONS
        .iter()
        .filter(|(v, _)| *v > current && *v <= target)
    {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {version};"))?;
        tx.commit()?;
    }
    Ok(())
}
