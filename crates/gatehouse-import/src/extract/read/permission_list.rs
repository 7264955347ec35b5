//! A permission list: one row per role and object, a flag column per verb.

use gatehouse_core::Effect;

use super::SheetReader;
use crate::extract::sheet_plan::PermissionList;
use crate::extract::vocabulary::norm;
use crate::extract::GrantRow;
use crate::marks::Mark;

impl SheetReader<'_> {
    pub(super) fn permission_list(&mut self, list: &PermissionList) {
        let h = list.header;
        let flags: Vec<(u32, String)> = list
            .columns
            .iter()
            .map(|&c| {
                let n = norm(&self.trimmed(h, c));
                let verb = n
                    .strip_prefix("perm ")
                    .or(n.strip_prefix("can "))
                    .unwrap_or(&n)
                    .to_string();
                (c, verb)
            })
            .collect();
        for r in h + 1..self.sheet.height() {
            let object = self.trimmed(r, list.capability);
            if object.is_empty() {
                continue;
            }
            let role = self.trimmed(r, list.role);
            // Platform exports qualify ids with their module ("account.group_x"); the
            // same group appears with and without it.
            let role = role.rsplit('.').next().unwrap_or(&role).to_string();
            if role.is_empty() {
                self.warn(
                    r,
                    list.role,
                    format!(
                        "no role given for {object:?} (the rule applies to everyone); row ignored"
                    ),
                );
                continue;
            }
            for (c, verb) in &flags {
                let v = self.sheet.get(r, *c);
                let effect = match self.vocab.mark(v) {
                    Some(Mark::Allow) => Effect::Allow,
                    Some(Mark::Approval) => Effect::Approval,
                    Some(Mark::Deny) => Effect::Deny,
                    Some(Mark::None) => continue,
                    None => {
                        let text = v.text();
                        self.warn(r, *c, format!("unknown mark {text:?}; no grant made"));
                        continue;
                    }
                };
                let source = self.src(r, *c);
                let environment = self.optional(r, list.environment);
                self.out.grants.push(GrantRow {
                    role: role.clone(),
                    capability: format!("{object} {verb}"),
                    environment,
                    effect,
                    source,
                });
            }
        }
    }
}
