//! The encrypted model file.
//!
//! A vault is a SQLite database held in memory; saving serialises it and encrypts it with
//! age to the vault's recipients, written crash-safely beside the previous generation
//! (`<file>.bak`). Every change is recorded in the same transaction as an audit event,
//! hash-chained so that any later edit of history is detected.

mod crypto;
mod error;
mod file;
mod identity;
mod recipients;
mod schema;
mod versions;

use std::path::Path;

use chrono::{DateTime, Utc};
use gatehouse_core::{
    verify_chain, AuditEvent, Edit, Entity, EntityKind, EventDraft, Model, ModelMeta, GENESIS_HASH,
};
use rusqlite::{params, CachedStatement, Connection, OptionalExtension, Transaction};

pub use crypto::{load_decrypted, save_encrypted};
pub use error::{Backup, Result, VaultError};
pub use file::backup_path;
pub use identity::{
    read_protected, write_protected, Identity, Recipient, SCRYPT_MAX_WORK_FACTOR,
    SCRYPT_WORK_FACTOR,
};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};

pub use versions::StoredVersion;

use recipients::set_recipients_in;

/// The spreadsheet mapping an import used, as stored in the vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMapping {
    /// The imported file's name, without folder.
    pub source: String,
    /// The mapping as TOML.
    pub mapping: String,
    pub file_sha256: String,
    /// The keys of what the file's rows made, by kind (`grant`, `assignment`, …), sorted.
    pub entities: std::collections::BTreeMap<String, Vec<String>>,
}

/// A change to the stored mapping of one imported file.
#[derive(Debug, Clone, Copy)]
pub enum MappingWrite<'a> {
    /// Stores the mapping (replacing the file's earlier one).
    Put(&'a StoredMapping),
    /// Forgets the file of that name (undoing its first import).
    Remove(&'a str),
}

fn put_mapping(
    tx: &rusqlite::Transaction<'_>,
    mapping: &StoredMapping,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    // Kind → sorted keys, written straight from the map (no copy of the keys).
    let entities = serde_json::to_string(&mapping.entities)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    tx.execute(
        "INSERT INTO import_mapping (source, mapping, file_sha256, at, entities)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (source) DO UPDATE SET mapping = excluded.mapping,
           file_sha256 = excluded.file_sha256, at = excluded.at,
           entities = excluded.entities",
        params![
            mapping.source,
            mapping.mapping,
            mapping.file_sha256,
            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            entities,
        ],
    )?;
    Ok(())
}

/// An open vault: the model's database in memory.
pub struct Vault {
    conn: Connection,
    /// The schema version the database is at (older only for migration fixtures).
    schema: i64,
}

impl Vault {
    /// A new vault holding `model`, encrypted (when saved) to `recipients`, which may stay
    /// empty until the first save. The creation is the first audit event.
    pub fn create(model: &Model, recipients: &[Recipient], draft: EventDraft) -> Result<Vault> {
        Self::create_at_schema(model, recipients, draft, SCHEMA_VERSION)
    }

    /// A new vault at an older schema version; used to make migration fixtures.
    #[doc(hidden)]
    pub fn create_at_schema(
        model: &Model,
        recipients: &[Recipient],
        draft: EventDraft,
        version: i64,
    ) -> Result<Vault> {
        gatehouse_core::validate(model)?;
        let mut conn = memory_database()?;
        schema::initialise(&conn)?;
        schema::migrate(&mut conn, version)?;
        let mut vault = Vault {
            conn,
            schema: version,
        };
        let tx = vault.conn.transaction()?;
        write_meta(&tx, &model.meta)?;
        set_recipients_in(&tx, recipients)?;
        Writer::new(&tx, version).all(model)?;
        append_event(&tx, draft)?;
        tx.commit()?;
        Ok(vault)
    }

    /// Opens the vault at `path` with `identity`, migrating an older schema.
    ///
    /// The plaintext is decrypted straight into SQLite's own allocation (no intermediate
    /// copy); when anything fails on the way, the file is read again to say exactly what.
    pub fn open(path: &Path, identity: &Identity) -> Result<Vault> {
        let mut conn = Connection::open_in_memory()?;
        if crypto::decrypt_into(path, identity, |reader, size| {
            conn.deserialize_read_exact(rusqlite::MAIN_DB, reader, size, false)
                .is_ok()
        })? {
            if let Ok(vault) = Self::checked(path, conn) {
                return Ok(vault);
            }
        }
        let image = load_decrypted(path, identity)?;
        Self::from_image(path, &image)
    }

    /// Opens a decrypted database image; `path` is only for messages.
    pub fn from_image(path: &Path, image: &[u8]) -> Result<Vault> {
        crypto::check_sqlite_image(path, image)?;
        let mut conn = Connection::open_in_memory()?;
        conn.deserialize_read_exact(rusqlite::MAIN_DB, image, image.len(), false)
            .map_err(|e| not_a_vault(path, &e.to_string()))?;
        Self::checked(path, conn)
    }

    /// Checks that the database is Gatehouse's and not newer than this build; migrates it.
    fn checked(path: &Path, mut conn: Connection) -> Result<Vault> {
        let app_id: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| not_a_vault(path, &e.to_string()))?;
        if app_id != APPLICATION_ID {
            return Err(not_a_vault(
                path,
                "it is a SQLite database, but not one Gatehouse made",
            ));
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(VaultError::NewerSchema {
                path: path.into(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        schema::migrate(&mut conn, SCHEMA_VERSION)?;
        Ok(Vault {
            conn,
            schema: SCHEMA_VERSION,
        })
    }

    /// Encrypts the database to the vault's recipients and writes it crash-safely.
    pub fn save(&mut self, path: &Path) -> Result<()> {
        let recipients = self.recipients()?;
        let image = self.conn.serialize(rusqlite::MAIN_DB)?;
        save_encrypted(path, &image, &recipients)
    }

    /// The plaintext database image (what `age -d` of a saved vault gives).
    pub fn image(&mut self) -> Result<Vec<u8>> {
        Ok(self.conn.serialize(rusqlite::MAIN_DB)?.to_vec())
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Reads the whole model, in canonical order.
    pub fn model(&self) -> Result<Model> {
        let mut model = Model {
            meta: self.meta()?,
            ..Model::default()
        };
        for &kind in EntityKind::ALL {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT key, data FROM {} ORDER BY key",
                schema::entity_table(kind, self.schema)
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let corrupt = |message: String| VaultError::Corrupt {
                    kind: kind.to_string(),
                    key: row.get(0).unwrap_or_default(),
                    message,
                };
                // Parsed from SQLite's own buffer, without copying the text first.
                let data = row
                    .get_ref(1)?
                    .as_str()
                    .map_err(|e| corrupt(e.to_string()))?;
                let entity = Entity::from_json(kind, data).map_err(|e| corrupt(e.to_string()))?;
                model.push(entity);
            }
        }
        // Rows come in key order, which is the canonical order: this only checks it (a
        // hand-edited key that no longer matches its entity is put back in order).
        model.canonicalize();
        Ok(model)
    }

    pub fn meta(&self) -> Result<ModelMeta> {
        let get = |key: &str| -> Result<Option<String>> {
            Ok(self
                .conn
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                .optional()?)
        };
        Ok(ModelMeta {
            name: get("name")?.unwrap_or_default(),
            description: get("description")?.unwrap_or_default(),
            template: get("template")?,
        })
    }

    /// Records an edit that has already been applied to the in-memory model, with its audit
    /// event, in one transaction.
    pub fn record(&mut self, edit: &Edit, draft: EventDraft) -> Result<AuditEvent> {
        self.record_with_mapping(Some(edit), None, draft)
    }

    /// Records a spreadsheet import in one transaction: the edit (when the import changes
    /// the model; already applied to the in-memory model), the mapping it used, and one
    /// audit event.
    pub fn record_import(
        &mut self,
        edit: Option<&Edit>,
        mapping: &StoredMapping,
        draft: EventDraft,
    ) -> Result<AuditEvent> {
        self.record_with_mapping(edit, Some(MappingWrite::Put(mapping)), draft)
    }

    /// Records an edit (already applied to the in-memory model), a change to the stored
    /// import mappings (an import, or the undo or redo of one), and one audit event, in one
    /// transaction.
    pub fn record_with_mapping(
        &mut self,
        edit: Option<&Edit>,
        mapping: Option<MappingWrite<'_>>,
        draft: EventDraft,
    ) -> Result<AuditEvent> {
        let tx = self.conn.transaction()?;
        if let Some(edit) = edit {
            Writer::new(&tx, self.schema).edit(edit)?;
        }
        match mapping {
            Some(MappingWrite::Put(mapping)) => put_mapping(&tx, mapping, draft.at)?,
            Some(MappingWrite::Remove(source)) => {
                tx.execute("DELETE FROM import_mapping WHERE source = ?1", [source])?;
            }
            None => {}
        }
        let event = append_event(&tx, draft)?;
        tx.commit()?;
        Ok(event)
    }

    /// The mapping last used to import a file called `source`, if any.
    pub fn import_mapping(&self, source: &str) -> Result<Option<StoredMapping>> {
        self.conn
            .query_row(
                "SELECT source, mapping, file_sha256, entities FROM import_mapping
                 WHERE source = ?1",
                [source],
                |r| {
                    let entities: String = r.get(3)?;
                    Ok((
                        StoredMapping {
                            source: r.get(0)?,
                            mapping: r.get(1)?,
                            file_sha256: r.get(2)?,
                            entities: Default::default(),
                        },
                        entities,
                    ))
                },
            )
            .optional()?
            .map(|(stored, entities)| {
                serde_json::from_str(&entities)
                    .map(|entities| StoredMapping { entities, ..stored })
                    .map_err(|e| VaultError::Corrupt {
                        kind: "import mapping".into(),
                        key: source.to_string(),
                        message: format!("its list of imported entities: {e}"),
                    })
            })
            .transpose()
    }

    /// Appends an event that changes no data (e.g. an import's summary).
    pub fn log(&mut self, draft: EventDraft) -> Result<AuditEvent> {
        let tx = self.conn.transaction()?;
        let event = append_event(&tx, draft)?;
        tx.commit()?;
        Ok(event)
    }

    /// Every audit event, oldest first.
    pub fn events(&self) -> Result<Vec<AuditEvent>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, actor, action, summary, before_json, after_json, prev_hash, hash
             FROM audit_event ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
            ))
        })?;
        let mut events = Vec::new();
        for row in rows {
            let (seq, at, actor, action, summary, before, after, prev_hash, hash) = row?;
            let corrupt = |message: String| VaultError::Corrupt {
                kind: "audit event".into(),
                key: seq.to_string(),
                message,
            };
            let json = |text: Option<String>| -> Result<Option<serde_json::Value>> {
                text.map(|t| serde_json::from_str(&t).map_err(|e| corrupt(e.to_string())))
                    .transpose()
            };
            events.push(AuditEvent {
                seq: seq as u64,
                at: DateTime::parse_from_rfc3339(&at)
                    .map_err(|e| corrupt(format!("bad time {at:?}: {e}")))?
                    .with_timezone(&Utc),
                actor,
                action,
                summary,
                before: json(before)?,
                after: json(after)?,
                prev_hash,
                hash,
            });
        }
        Ok(events)
    }

    /// Checks the whole audit chain; returns the head hash or names the first bad event.
    pub fn verify_chain(&self) -> Result<String> {
        Ok(verify_chain(&self.events()?)?)
    }

    /// How many audit events there are (without reading them).
    pub fn event_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM audit_event", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// The hash of the newest audit event.
    pub fn chain_head(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row(
                "SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_else(|| GENESIS_HASH.to_string()))
    }

    /// Direct access for tests that tamper with stored data.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// An empty in-memory database on SQLite's memdb VFS: one contiguous image, so saving can
/// serialise it without copying (an ordinary `:memory:` database would be copied page by
/// page).
fn memory_database() -> Result<Connection> {
    use rusqlite::OpenFlags;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_URI;
    Ok(Connection::open_with_flags(
        "file:gatehouse?vfs=memdb",
        flags,
    )?)
}

fn not_a_vault(path: &Path, reason: &str) -> VaultError {
    VaultError::NotAVault {
        path: path.into(),
        reason: reason.to_string(),
    }
}

fn write_meta(tx: &Transaction, meta: &ModelMeta) -> Result<()> {
    let mut stmt = tx.prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?;
    stmt.execute(["name", &meta.name])?;
    stmt.execute(["description", &meta.description])?;
    match &meta.template {
        Some(t) => {
            stmt.execute(["template", t])?;
        }
        None => {
            tx.execute("DELETE FROM meta WHERE key = 'template'", [])?;
        }
    }
    Ok(())
}

/// Writes entities through one prepared statement per kind and operation, each prepared
/// once per write (a hundred thousand rows must not format and look up their SQL each).
struct Writer<'a> {
    tx: &'a Transaction<'a>,
    schema: i64,
    upserts: Vec<Option<CachedStatement<'a>>>,
    deletes: Vec<Option<CachedStatement<'a>>>,
}

impl<'a> Writer<'a> {
    fn new(tx: &'a Transaction<'a>, schema: i64) -> Writer<'a> {
        let none = || EntityKind::ALL.iter().map(|_| None).collect();
        Writer {
            tx,
            schema,
            upserts: none(),
            deletes: none(),
        }
    }

    fn edit(&mut self, edit: &Edit) -> Result<()> {
        match edit {
            Edit::Upsert { entity } => self.upsert(entity)?,
            Edit::Delete { kind, key } => {
                self.statement(*kind, Op::Delete)?.execute([key])?;
            }
            Edit::SetMeta { meta } => write_meta(self.tx, meta)?,
            Edit::Replace { model } => {
                for kind in EntityKind::ALL {
                    let table = schema::entity_table(*kind, self.schema);
                    self.tx.execute(&format!("DELETE FROM {table}"), [])?;
                }
                write_meta(self.tx, &model.meta)?;
                self.all(model)?;
            }
            Edit::Batch { edits } => self.batch(edits)?,
        }
        Ok(())
    }

    /// Writes a batch's edits in order. A large one (an import) has its entities' JSON
    /// written on a second thread, a chunk ahead of the inserts on this one.
    fn batch(&mut self, edits: &[Edit]) -> Result<()> {
        const CHUNK: usize = 2048;
        if edits.len() < 4 * CHUNK {
            return edits.iter().try_for_each(|edit| self.edit(edit));
        }
        std::thread::scope(|scope| {
            let (sender, texts) = std::sync::mpsc::sync_channel::<Vec<Option<String>>>(4);
            scope.spawn(move || {
                for chunk in edits.chunks(CHUNK) {
                    let json = chunk
                        .iter()
                        .map(|edit| match edit {
                            Edit::Upsert { entity } => Some(entity.to_json()),
                            _ => None,
                        })
                        .collect();
                    if sender.send(json).is_err() {
                        // The writer stopped at an error.
                        return;
                    }
                }
            });
            for (chunk, json) in edits.chunks(CHUNK).zip(texts) {
                for (edit, json) in chunk.iter().zip(json) {
                    match (edit, json) {
                        (Edit::Upsert { entity }, Some(json)) => self.insert(entity, &json)?,
                        (edit, _) => self.edit(edit)?,
                    }
                }
            }
            Ok(())
        })
    }

    fn all(&mut self, model: &Model) -> Result<()> {
        for entity in model.entities() {
            self.upsert(&entity)?;
        }
        Ok(())
    }

    /// Inserts or replaces one entity: its key, and its JSON written straight from it.
    fn upsert(&mut self, entity: &Entity) -> Result<()> {
        self.insert(entity, &entity.to_json())
    }

    /// Inserts or replaces `entity`, whose JSON is `json`.
    fn insert(&mut self, entity: &Entity, json: &str) -> Result<()> {
        self.statement(entity.kind(), Op::Upsert)?
            .execute(params![entity.key_ref().as_ref(), json])?;
        Ok(())
    }

    fn statement(&mut self, kind: EntityKind, op: Op) -> Result<&mut CachedStatement<'a>> {
        let (slots, sql) = match op {
            Op::Upsert => (
                &mut self.upserts,
                "INSERT INTO {} (key, data) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET data = excluded.data",
            ),
            Op::Delete => (&mut self.deletes, "DELETE FROM {} WHERE key = ?1"),
        };
        let slot = &mut slots[kind as usize];
        if slot.is_none() {
            let table = schema::entity_table(kind, self.schema);
            *slot = Some(self.tx.prepare_cached(&sql.replace("{}", &table))?);
        }
        Ok(slot.as_mut().expect("prepared just now"))
    }
}

#[derive(Clone, Copy)]
enum Op {
    Upsert,
    Delete,
}

pub(crate) fn append_event(tx: &Transaction, draft: EventDraft) -> Result<AuditEvent> {
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev) = match last {
        Some((seq, hash)) => (seq as u64 + 1, hash),
        None => (1, GENESIS_HASH.to_string()),
    };
    let event = AuditEvent::link(draft, seq, &prev);
    let json = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
    tx.prepare_cached(
        "INSERT INTO audit_event (seq, at, actor, action, summary, before_json, after_json, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        event.seq as i64,
        event.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        event.actor,
        event.action,
        event.summary,
        json(&event.before),
        json(&event.after),
        event.prev_hash,
        event.hash,
    ])?;
    Ok(event)
}
