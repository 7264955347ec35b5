//! `data/model.json` and `data/audit-log.jsonl`: the model and its audit chain as plain JSON,
//! the log checkable line by line with `jq` and `sha256sum` ([`AUDIT_LOG_SCRIPT`]).

use gatehouse_core::AuditEvent;
use serde::Serialize;

use crate::Snapshot;

/// A POSIX shell script that checks `audit-log.jsonl`'s chain with `jq` and `sha256sum`
/// (the bag ships it; VERIFY.txt says how to run it).
pub const AUDIT_LOG_SCRIPT: &str = include_str!("../../scripts/verify-audit-log.sh");

/// The file name the bag gives [`AUDIT_LOG_SCRIPT`].
pub const AUDIT_LOG_SCRIPT_NAME: &str = "verify-audit-log.sh";

/// VERIFY.txt's paragraph on the audit log.
pub const AUDIT_LOG_VERIFY: &str = "\
Audit log (data/audit-log.jsonl): one event a line, each linked to the one before by SHA-256.
Check the chain with jq and sha256sum:

    sh verify-audit-log.sh data/audit-log.jsonl

It prints \"OK ...: N events, ... chain head H\"; compare H with the audit-chain head on the
binder's production page and in bag-info.txt. An event's hash is the SHA-256 of the compact
JSON of its fields seq, at, actor, action, summary, before, after, prev_hash in that order,
exactly as the line writes them. jq 1.6 re-escapes the character U+007F and rounds numbers
past 2^53; a line jq does not read back unchanged is still checked for its link but not
re-hashed, and the script names it (gatehouse verify re-hashes every event).
";

/// `data/model.json`: the same bytes as `gatehouse model export`.
pub fn model_json(snapshot: &Snapshot) -> String {
    snapshot.model.to_canonical_json()
}

/// One line of the log: the hashed fields in the hash's order, then the hash. `at` is
/// written exactly as it is hashed (RFC 3339, microseconds, `Z`).
#[derive(Serialize)]
struct Line<'a> {
    seq: u64,
    at: String,
    actor: &'a str,
    action: &'a str,
    summary: &'a str,
    before: &'a Option<serde_json::Value>,
    after: &'a Option<serde_json::Value>,
    prev_hash: &'a str,
    hash: &'a str,
}

/// `data/audit-log.jsonl`: every event of the chain, in order, one compact JSON a line.
pub fn audit_log_jsonl(events: &[AuditEvent]) -> String {
    let mut out = String::with_capacity(events.len() * 400);
    for e in events {
        let line = Line {
            seq: e.seq,
            at: e.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            actor: &e.actor,
            action: &e.action,
            summary: &e.summary,
            before: &e.before,
            after: &e.after,
            prev_hash: &e.prev_hash,
            hash: &e.hash,
        };
        out.push_str(&serde_json::to_string(&line).expect("an event always serialises"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
