//! Sharing a model: who can open its file (each recipient with a label, your own key
//! marked), adding and removing them, and hand-over copies for other people. The rules are
//! the same for the desktop and the CLI.

use std::collections::BTreeMap;
use std::path::Path;

use gatehouse_vault::Recipient;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::workbench::Workbench;

/// One key that opens the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecipientEntry {
    /// The public key, `age1…`.
    pub key: String,
    /// The name a person gave it ("Ana Silva, client CO").
    pub label: Option<String>,
    /// Whether it is the key of the person at this computer.
    pub you: bool,
}

/// Who can open the model's file, and what a change to that list waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Sharing {
    pub recipients: Vec<RecipientEntry>,
    /// Your own public key, to send to a colleague who wants to share a file with you.
    pub your_key: Option<String>,
    /// The model's file, when it has one.
    pub file: Option<String>,
    /// Whether the list differs from what the file on disk is encrypted to (it takes effect
    /// at the next save).
    pub unsaved: bool,
}

/// Parses a pasted key.
pub fn parse_key(text: &str) -> AppResult<Recipient> {
    Ok(Recipient::parse(text)?)
}

/// The recipient in a key file: a public key, or the public half of an identity file.
pub fn key_from_file(path: &Path) -> AppResult<Recipient> {
    Ok(Recipient::from_key_file(path)?)
}

pub fn sharing(workbench: &Workbench, you: Option<&Recipient>) -> AppResult<Sharing> {
    let labels = workbench.recipient_labels()?;
    let recipients = workbench
        .recipients()?
        .into_iter()
        .map(|r| {
            let key = r.to_string();
            RecipientEntry {
                label: labels.get(&key).cloned(),
                you: you == Some(&r),
                key,
            }
        })
        .collect();
    Ok(Sharing {
        recipients,
        your_key: you.map(|r| r.to_string()),
        file: workbench.path().map(|p| p.display().to_string()),
        unsaved: workbench.is_dirty(),
    })
}

/// Adds `recipient` (or, when it is one already, gives it `label`): one audited change,
/// in force from the next save.
pub fn add(workbench: &mut Workbench, recipient: Recipient, label: Option<&str>) -> AppResult<()> {
    let mut recipients = workbench.recipients()?;
    let mut labels = workbench.recipient_labels()?;
    let key = recipient.to_string();
    let label = label.map(str::trim).filter(|l| !l.is_empty());
    let known = recipients.contains(&recipient);
    if known && labels.get(&key).map(String::as_str) == label {
        return Ok(());
    }
    if !known {
        recipients.push(recipient);
    }
    match label {
        Some(label) => labels.insert(key, label.to_string()),
        None => labels.remove(&key),
    };
    workbench.set_recipients_labelled(&recipients, &labels)?;
    Ok(())
}

/// Removes `recipient`. Refuses the last one (nobody could open the file), and your own
/// key unless `allow_self` (you could no longer open it).
pub fn remove(
    workbench: &mut Workbench,
    recipient: &Recipient,
    you: Option<&Recipient>,
    allow_self: bool,
) -> AppResult<()> {
    let mut recipients = workbench.recipients()?;
    let before = recipients.len();
    recipients.retain(|r| r != recipient);
    let file = workbench
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "this model".into());
    if recipients.len() == before {
        return Err(AppError::new(
            ErrorCode::UnknownRecipient,
            format!("{recipient} is not a recipient of {file}"),
        ));
    }
    if recipients.is_empty() {
        return Err(AppError::new(
            ErrorCode::LastRecipient,
            "refusing to remove the last recipient: nobody could open the vault",
        ));
    }
    if you == Some(recipient) && !allow_self {
        return Err(AppError::new(
            ErrorCode::RemoveSelf,
            "refusing to remove your own key: you could no longer open this vault (use --force if you mean it)",
        ));
    }
    let labels: BTreeMap<String, String> = workbench.recipient_labels()?;
    workbench.set_recipients_labelled(&recipients, &labels)?;
    Ok(())
}

/// Writes a hand-over copy for `recipients` only (at least one), recorded in the log.
pub fn save_copy(
    workbench: &mut Workbench,
    path: &Path,
    recipients: &[Recipient],
) -> AppResult<()> {
    if recipients.is_empty() {
        return Err(AppError::new(
            ErrorCode::NoRecipients,
            "a hand-over copy needs at least one recipient: choose who may open it",
        ));
    }
    workbench.save_copy(path, recipients)?;
    Ok(())
}
