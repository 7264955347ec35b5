//! The session's sharing (see [`crate::share`]): who can open the model's file, with the
//! session's own key (known once the identity is unlocked) marked, and hand-over copies.
//!
//! A change of recipients is in force from the next save, and is saved at once when
//! autosave is on and the model has a file. A model with no recipients yet (the demo, a new
//! model) is encrypted to your key at its first Save As; a recipient added before that
//! brings your key along, so adding a colleague never locks you out of your own model.

use std::path::Path;

use gatehouse_vault::Recipient;

use super::Session;
use crate::error::AppResult;
use crate::identity::{self, parse_recipients};
use crate::share::{self, Sharing};

impl Session {
    /// Who can open the model's file, your own key marked.
    pub fn sharing(&self) -> AppResult<Sharing> {
        share::sharing(&self.workbench, self.you().as_ref())
    }

    /// Adds a pasted `age1…` key with an optional label (a key already there gets the label).
    pub fn share_add(&mut self, key: &str, label: Option<&str>) -> AppResult<Sharing> {
        let recipient = share::parse_key(key)?;
        self.add_recipient(recipient, label)
    }

    /// Adds the recipient a key file holds: a public key, or the public half of an identity.
    pub fn share_add_file(&mut self, path: &Path, label: Option<&str>) -> AppResult<Sharing> {
        let recipient = share::key_from_file(path)?;
        self.add_recipient(recipient, label)
    }

    /// Removes a recipient; your own key only with `allow_self`, the last one never.
    pub fn share_remove(&mut self, key: &str, allow_self: bool) -> AppResult<Sharing> {
        let you = self.you().ok_or_else(identity::locked)?;
        let recipient = share::parse_key(key)?;
        share::remove(&mut self.workbench, &recipient, Some(&you), allow_self)?;
        self.saved_if_autosave()
    }

    /// Writes a hand-over copy to `path` for `keys` only; the open file and its recipients
    /// stay as they are. The copy's audit record is saved with the model's next save.
    pub fn share_copy(&mut self, path: &Path, keys: &[String]) -> AppResult<Sharing> {
        let recipients = parse_recipients(keys)?;
        share::save_copy(&mut self.workbench, path, &recipients)?;
        self.sharing()
    }

    fn add_recipient(&mut self, recipient: Recipient, label: Option<&str>) -> AppResult<Sharing> {
        let you = self.you().ok_or_else(identity::locked)?;
        // Before the first save the list is empty, and Save As would then encrypt to the
        // added key alone: yours goes first, as it would have at that save.
        // One audited change either way.
        if self.workbench.recipients()?.is_empty() && recipient != you {
            let mut labels = self.workbench.recipient_labels()?;
            if let Some(label) = label.map(str::trim).filter(|l| !l.is_empty()) {
                labels.insert(recipient.to_string(), label.to_string());
            }
            self.workbench
                .set_recipients_labelled(&[you, recipient], &labels)?;
        } else {
            share::add(&mut self.workbench, recipient, label)?;
        }
        self.saved_if_autosave()
    }

    /// Saves the change at once when autosave is on and the model has a file.
    fn saved_if_autosave(&mut self) -> AppResult<Sharing> {
        let summary = self.workbench.summary()?;
        if summary.autosave.enabled && summary.path.is_some() {
            self.workbench.save()?;
        }
        self.sharing()
    }

    fn you(&self) -> Option<Recipient> {
        self.identity.as_ref().map(|i| i.recipient())
    }
}
