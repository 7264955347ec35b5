//! An access list: one grant per row, the capability named `<resource> <level>`
//! ("Payroll Read"), so the same resource and level always make the same capability.

use super::SheetReader;
use crate::extract::sheet_plan::AccessList;
use crate::extract::GrantRow;
use gatehouse_core::Effect;

/// Exports write a missing value as a literal.
fn is_null(text: &str) -> bool {
    ["null", "nil", "none", "(null)", "n/a", "-"].contains(&text.to_lowercase().as_str())
}

impl SheetReader<'_> {
    /// The text of a cell, blank when it holds a `null` literal.
    fn value(&self, r: u32, c: Option<u32>) -> String {
        let t = c.map(|c| self.trimmed(r, c)).unwrap_or_default();
        if is_null(&t) {
            String::new()
        } else {
            t
        }
    }

    pub(super) fn access_list(&mut self, list: &AccessList) {
        let h = list.header;
        for r in h + 1..self.sheet.height() {
            let role = self.value(r, Some(list.role));
            let resource = self.value(r, Some(list.resource));
            let level = self.value(r, list.level);
            if role.is_empty() && resource.is_empty() {
                continue;
            }
            let missing = if role.is_empty() {
                Some((list.role, "role"))
            } else if resource.is_empty() {
                Some((list.resource, "resource"))
            } else if level.is_empty() && list.level.is_some() {
                list.level.map(|c| (c, "access level"))
            } else {
                None
            };
            if let Some((c, what)) = missing {
                self.warn(r, c, format!("no {what} given; row ignored, no grant made"));
                continue;
            }
            let capability = if level.is_empty() {
                resource
            } else {
                format!("{resource} {level}")
            };
            let what = format!("{role:?} on {capability:?}");
            if self.in_force(h, r, list.status, &what) != super::InForce::Yes {
                continue;
            }
            let source = self.src(r, list.level.unwrap_or(list.resource));
            let environment = self.optional(r, list.environment);
            self.out.grants.push(GrantRow {
                role,
                capability,
                environment,
                effect: Effect::Allow,
                source,
            });
        }
    }
}
