//! Who can open a vault: its recipients, the labels people gave them, and hand-over copies
//! encrypted to other recipients than the vault's own.

use std::collections::BTreeMap;
use std::path::Path;

use gatehouse_core::{AuditEvent, EventDraft};
use rusqlite::{OptionalExtension, Transaction};

use crate::{append_event, save_encrypted, Recipient, Result, Vault, VaultError};

impl Vault {
    pub fn recipients(&self) -> Result<Vec<Recipient>> {
        let list: Vec<String> = self.meta_json("recipients")?.unwrap_or_default();
        list.iter().map(|r| Recipient::parse(r)).collect()
    }

    /// The names people gave the recipients ("Ana Silva, client CO"), by recipient key.
    /// A vault made before labels existed has none.
    pub fn recipient_labels(&self) -> Result<BTreeMap<String, String>> {
        Ok(self.meta_json("recipient_labels")?.unwrap_or_default())
    }

    /// Replaces who the vault is encrypted to (from the next save on), audited. The labels
    /// of recipients that stay are kept.
    pub fn set_recipients(
        &mut self,
        recipients: &[Recipient],
        draft: EventDraft,
    ) -> Result<AuditEvent> {
        let labels = self.recipient_labels()?;
        self.set_recipients_labelled(recipients, &labels, draft)
    }

    /// Replaces the recipients and their labels in one audited step. Labels of keys that
    /// are not recipients are dropped.
    pub fn set_recipients_labelled(
        &mut self,
        recipients: &[Recipient],
        labels: &BTreeMap<String, String>,
        draft: EventDraft,
    ) -> Result<AuditEvent> {
        if recipients.is_empty() {
            return Err(VaultError::NoRecipients);
        }
        let kept: BTreeMap<String, String> = recipients
            .iter()
            .filter_map(|r| {
                let key = r.to_string();
                let label = labels.get(&key)?.trim();
                (!label.is_empty()).then(|| (key, label.to_string()))
            })
            .collect();
        let tx = self.conn.transaction()?;
        set_recipients_in(&tx, recipients)?;
        set_meta_json(&tx, "recipient_labels", &kept)?;
        let event = append_event(&tx, draft)?;
        tx.commit()?;
        Ok(event)
    }

    /// Writes the vault as it is now to `path`, encrypted to `recipients` only: a hand-over
    /// copy. The vault's own recipients and its file are left as they are; the caller
    /// records the copy in the audit log once it is written.
    pub fn save_copy(&mut self, path: &Path, recipients: &[Recipient]) -> Result<()> {
        let image = self.conn.serialize(rusqlite::MAIN_DB)?;
        save_encrypted(path, &image, recipients)
    }

    fn meta_json<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?;
        text.map(|t| {
            serde_json::from_str(&t).map_err(|e| VaultError::Corrupt {
                kind: "meta".into(),
                key: key.into(),
                message: e.to_string(),
            })
        })
        .transpose()
    }
}

pub(crate) fn set_recipients_in(tx: &Transaction, recipients: &[Recipient]) -> Result<()> {
    let list: Vec<String> = recipients.iter().map(|r| r.to_string()).collect();
    set_meta_json(tx, "recipients", &list)
}

fn set_meta_json(tx: &Transaction, key: &str, value: &impl serde::Serialize) -> Result<()> {
    let text = serde_json::to_string(value).expect("strings serialise");
    tx.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        [key, text.as_str()],
    )?;
    Ok(())
}
