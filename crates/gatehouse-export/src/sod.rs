//! The SoD conflicts of the as-of date, the open ones and those an exception in force
//! accepts: the "SoD conflicts" sheet and the segregation-of-duties status read them.

use gatehouse_core::{EntityKind, Exception, Finding, FindingCode, Waiver};

use crate::Snapshot;

/// One conflict and, when an exception in force accepts it, that exception.
pub struct Conflict<'a> {
    pub finding: Finding,
    pub accepted_by: Option<&'a Exception>,
}

fn waives_sod(e: &Exception) -> bool {
    matches!(e.waives, Waiver::SodRule(_))
}

fn key(f: &Finding, kind: EntityKind) -> Option<&str> {
    f.entities
        .iter()
        .find(|e| e.kind == kind)
        .map(|e| e.key.as_str())
}

/// Every conflict of the snapshot's date, open ones first (in findings order), then the
/// accepted ones.
pub fn conflicts(s: &Snapshot) -> Vec<Conflict<'_>> {
    let on = s.as_of_date();
    let mut out: Vec<Conflict> = s
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::SodConflict)
        .map(|f| Conflict {
            finding: f.clone(),
            accepted_by: None,
        })
        .collect();
    let in_force = |e: &&Exception| waives_sod(e) && e.start <= on && on <= e.end;
    if !s.model.exceptions.iter().any(|e| in_force(&e)) {
        return out;
    }
    // The conflicts the exceptions hide: those of the model without its SoD exceptions.
    let mut without = s.model.clone();
    without.exceptions.retain(|e| !waives_sod(e));
    for f in gatehouse_core::findings(&without, on) {
        if f.code != FindingCode::SodConflict || s.findings.contains(&f) {
            continue;
        }
        let (person, rule) = (key(&f, EntityKind::Person), key(&f, EntityKind::SodRule));
        let accepted_by = s.model.exceptions.iter().filter(in_force).find(|e| {
            Some(e.person.as_str()) == person
                && matches!(&e.waives, Waiver::SodRule(r) if Some(r.as_str()) == rule)
        });
        out.push(Conflict {
            finding: f,
            accepted_by,
        });
    }
    out
}
