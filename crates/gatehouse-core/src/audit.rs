//! The audit chain: every change, who made it and when, linked by SHA-256 so that editing
//! any stored event breaks the chain at that event.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[cfg(feature = "ts")]
use ts_rs::TS;

/// The `prev_hash` of the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What is recorded about a change before it is linked into the chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct EventDraft {
    pub at: DateTime<Utc>,
    pub actor: String,
    /// Stable machine name, e.g. `role.upsert`, `model.create`, `vault.recipients`.
    pub action: String,
    /// One line a person understands.
    pub summary: String,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub before: Option<serde_json::Value>,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub after: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct AuditEvent {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub summary: String,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub before: Option<serde_json::Value>,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub after: Option<serde_json::Value>,
    pub prev_hash: String,
    pub hash: String,
}

/// The hashed part of an event, in a fixed field order.
#[derive(Serialize)]
struct Canonical<'a> {
    seq: u64,
    at: String,
    actor: &'a str,
    action: &'a str,
    summary: &'a str,
    before: &'a Option<serde_json::Value>,
    after: &'a Option<serde_json::Value>,
    prev_hash: &'a str,
}

impl AuditEvent {
    /// Links `draft` after the event whose hash is `prev_hash`.
    pub fn link(draft: EventDraft, seq: u64, prev_hash: &str) -> AuditEvent {
        let mut event = AuditEvent {
            seq,
            at: draft.at,
            actor: draft.actor,
            action: draft.action,
            summary: draft.summary,
            before: draft.before,
            after: draft.after,
            prev_hash: prev_hash.to_string(),
            hash: String::new(),
        };
        event.hash = event.compute_hash();
        event
    }

    /// SHA-256 over the canonical JSON of every field but `hash` (which covers `prev_hash`).
    pub fn compute_hash(&self) -> String {
        let canonical = Canonical {
            seq: self.seq,
            at: self.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            actor: &self.actor,
            action: &self.action,
            summary: &self.summary,
            before: &self.before,
            after: &self.after,
            prev_hash: &self.prev_hash,
        };
        let bytes = serde_json::to_vec(&canonical).expect("an event always serialises");
        hex(&Sha256::digest(&bytes))
    }
}

/// Why a chain does not verify, naming the first bad event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    #[error("audit event {seq} has been altered: its hash does not match its contents")]
    Altered { seq: u64 },
    #[error("audit event {seq} does not follow event {previous}: the chain is broken there")]
    Broken { seq: u64, previous: u64 },
    #[error("audit event {seq} is out of sequence (expected {expected}): events were removed or inserted")]
    Sequence { seq: u64, expected: u64 },
}

/// Checks every link of `events` (in order); returns the head hash.
pub fn verify_chain<'a>(
    events: impl IntoIterator<Item = &'a AuditEvent>,
) -> Result<String, ChainError> {
    let mut prev_hash = GENESIS_HASH.to_string();
    for (expected, event) in (1..).zip(events) {
        if event.seq != expected {
            return Err(ChainError::Sequence {
                seq: event.seq,
                expected,
            });
        }
        if event.prev_hash != prev_hash {
            return Err(ChainError::Broken {
                seq: event.seq,
                previous: expected - 1,
            });
        }
        if event.compute_hash() != event.hash {
            return Err(ChainError::Altered { seq: event.seq });
        }
        prev_hash = event.hash.clone();
    }
    Ok(prev_hash)
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// SHA-256 of `bytes` as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// SHA-256 of `value`'s JSON (as `serde_json::to_string` writes it) as lowercase hex,
/// hashed as it is written: a 200,000-entity edit's 30 MB of JSON are never held at once.
pub fn sha256_json_hex(value: &impl Serialize) -> String {
    struct Hashing(Sha256);
    impl std::io::Write for Hashing {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, Hashing(Sha256::new()));
    serde_json::to_writer(&mut out, value).expect("model types always serialise to JSON");
    let hashing = out
        .into_inner()
        .unwrap_or_else(|_| unreachable!("hashing never fails to write"));
    hex(&hashing.0.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_hash_is_the_hash_of_the_json_written_out() {
        // Larger than the writer's buffer, so that it is hashed in several pieces.
        let value: Vec<String> = (0..20_000).map(|i| format!("entity {i} «é»")).collect();
        let json = serde_json::to_string(&value).unwrap();
        assert!(json.len() > 64 * 1024);
        assert_eq!(sha256_json_hex(&value), sha256_hex(json.as_bytes()));
        assert_eq!(sha256_json_hex(&"x"), sha256_hex(b"\"x\""));
    }
}
