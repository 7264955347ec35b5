//! INTERIM (dropped at merge; the "xlsx" helper owns this module): data/model.json and
//! data/audit-log.jsonl, and the chain check for VERIFY.txt.

use crate::Snapshot;

pub fn model_json(snapshot: &Snapshot) -> String {
    snapshot.model.to_canonical_json()
}

pub fn audit_log_jsonl(snapshot: &Snapshot) -> String {
    snapshot
        .events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap_or_default() + "\n")
        .collect()
}

pub const CHAIN_CHECK: &str = "(the audit chain check script comes with the xlsx helper's work)\n";
