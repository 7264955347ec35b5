//! Rows a status column says are revoked, disabled or ended, for assignments the model
//! has: the import ends those assignments (the day before it runs) in its one edit, each
//! with a warning at the row's cell, instead of leaving revoked access active.

use chrono::NaiveDate;
use gatehouse_core::{Entity, EntityKind, Model};

use crate::extract::Warning;
use crate::Import;

impl Import {
    /// Ends, on the day before `today`, each assignment of the model that a row of the file
    /// says is revoked and that is in force then or later. An assignment that only starts
    /// after that day is left as it is, with a warning.
    pub fn end_revoked(&mut self, today: NaiveDate) {
        let end = today.pred_opt().unwrap_or(today);
        let mut ended = Vec::new();
        for row in std::mem::take(&mut self.revoked) {
            let Some(at) = self.model.position(EntityKind::Assignment, &row.assignment) else {
                continue;
            };
            let a = &self.model.assignments[at];
            let who = format!(
                "{} as {}",
                name(&self.model, EntityKind::Person, &a.person),
                name(&self.model, EntityKind::Role, &a.role)
            );
            if a.valid_until.is_some_and(|u| u <= end) {
                continue;
            }
            if let Some(from) = a.valid_from.filter(|f| *f > end) {
                self.preview.warnings.push(Warning {
                    source: row.source,
                    message: format!(
                        "the row says {who} is revoked, but the model's assignment only starts on {from}: not changed; remove it if it should not start"
                    ),
                });
                continue;
            }
            let was = match a.valid_until {
                Some(u) => format!("until {u}"),
                None => "with no end".into(),
            };
            self.preview.warnings.push(Warning {
                source: row.source,
                message: format!(
                    "the row says {who} is revoked: the model's assignment ({was}) is ended on {end}"
                ),
            });
            self.model.assignments[at].valid_until = Some(end);
            ended.push((EntityKind::Assignment, at));
        }
        if ended.is_empty() {
            return;
        }
        let n = u32::try_from(ended.len()).unwrap_or(u32::MAX);
        self.preview.changes.changed += n;
        self.preview
            .changes_by_kind
            .entry(EntityKind::Assignment.to_string())
            .or_default()
            .changed += n;
        self.changed.extend(ended);
        self.changed.sort_unstable();
        self.changed.dedup();
    }
}

fn name(m: &Model, kind: EntityKind, id: &str) -> String {
    match m.get(kind, id) {
        Some(Entity::Person(p)) => p.name,
        Some(Entity::Role(r)) => r.name,
        _ => id.to_string(),
    }
}
