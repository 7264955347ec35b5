//! Named versions of the model, kept in the vault: each a snapshot of the canonical model
//! JSON, with who named it, who approved it and when.

use chrono::{DateTime, Utc};
use gatehouse_core::{AuditEvent, EventDraft, Model};
use rusqlite::{params, OptionalExtension};

use crate::error::{Result, VaultError};
use crate::{append_event, Vault};

/// A named version as stored (without its model).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVersion {
    pub name: String,
    pub approved_by: Option<String>,
    pub note: String,
    pub at: DateTime<Utc>,
    /// Who named it.
    pub actor: String,
    pub model_sha256: String,
}

impl Vault {
    /// Keeps `model` as the version `version.name`, with its audit event, in one
    /// transaction. A name already used is refused by the database (its primary key).
    pub fn add_version(
        &mut self,
        version: &StoredVersion,
        model: &Model,
        draft: EventDraft,
    ) -> Result<AuditEvent> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO version (name, approved_by, note, at, actor, model_sha256, model)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                version.name,
                version.approved_by,
                version.note,
                version
                    .at
                    .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                version.actor,
                version.model_sha256,
                model.to_canonical_json(),
            ],
        )?;
        let event = append_event(&tx, draft)?;
        tx.commit()?;
        Ok(event)
    }

    /// Every named version, oldest first.
    pub fn versions(&self) -> Result<Vec<StoredVersion>> {
        let mut stmt = self.conn.prepare(
            "SELECT name, approved_by, note, at, actor, model_sha256 FROM version ORDER BY at, name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        rows.map(|row| {
            let (name, approved_by, note, at, actor, model_sha256) = row?;
            let at = DateTime::parse_from_rfc3339(&at)
                .map_err(|e| VaultError::Corrupt {
                    kind: "version".into(),
                    key: name.clone(),
                    message: format!("its time {at:?} is not RFC 3339: {e}"),
                })?
                .with_timezone(&Utc);
            Ok(StoredVersion {
                name,
                approved_by,
                note,
                at,
                actor,
                model_sha256,
            })
        })
        .collect()
    }

    /// The model kept as the version `name`, if there is one.
    pub fn version_model(&self, name: &str) -> Result<Option<Model>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT model FROM version WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?;
        json.map(|text| {
            Model::from_json(&text).map_err(|e| VaultError::Corrupt {
                kind: "version".into(),
                key: name.to_string(),
                message: e.to_string(),
            })
        })
        .transpose()
    }
}
