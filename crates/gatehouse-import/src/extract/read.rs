//! Reading a sheet's cells into rows, following its plan.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDate;
use gatehouse_core::Effect;

use super::dates::*;
use super::shape::*;
use super::vocabulary::*;
use super::*;
use crate::mapping::{column_index, Axis, Layout, SheetMapping};
use crate::marks::{raci_letters, Mark, Vocabulary};
use crate::workbook::{source_ref, Sheet, Value};

pub(crate) struct SheetReader<'a> {
    pub(crate) sheet: &'a Sheet,
    /// Rows of legend entries in this sheet ("x = allowed"), which are not data.
    pub(crate) legend: &'a BTreeSet<u32>,
    pub(crate) plan: &'a SheetMapping,
    pub(crate) vocab: &'a Vocabulary,
    pub(crate) out: &'a mut Extract,
}

impl SheetReader<'_> {
    fn src(&self, row: u32, col: u32) -> String {
        source_ref(&self.sheet.name, row, col)
    }

    fn warn(&mut self, row: u32, col: u32, message: String) {
        let source = self.src(row, col);
        self.out.warnings.push(Warning { source, message });
    }

    fn col(&self, field: &str) -> Option<u32> {
        self.plan.fields.get(field).and_then(|l| column_index(l))
    }

    fn header(&self) -> Result<u32, String> {
        match self.plan.header_row {
            Some(r) if r >= 1 => Ok(r - 1),
            _ => Err("the mapping gives no header_row".into()),
        }
    }

    pub(crate) fn read(&mut self) -> Result<(), String> {
        match self.plan.layout {
            Layout::Skipped => Ok(()),
            Layout::Assignments => self.assignments(),
            Layout::SodRules => self.sod_rules(),
            Layout::Raci => self.raci(),
            Layout::Matrix if self.plan.fields.contains_key("role") => self.permission_list(),
            Layout::Matrix => self.matrix(),
        }
    }

    /// First body row: after the header and any sub-header.
    fn body_start(&self) -> Result<u32, String> {
        let h = self.header()?;
        Ok(self
            .plan
            .subheader_row
            .map(|s| s.max(h + 1))
            .unwrap_or(h + 1))
    }

    fn label_column(&self) -> Result<u32, String> {
        self.plan
            .label_column
            .as_deref()
            .and_then(column_index)
            .ok_or_else(|| "the mapping gives no label_column".to_string())
    }

    /// The value columns that have a header in row `h`, with it.
    fn headed_columns(&self, h: u32) -> Result<Vec<(u32, String)>, String> {
        Ok(self
            .value_columns()?
            .into_iter()
            .map(|c| (c, self.sheet.text(h, c).trim().to_string()))
            .filter(|(_, header)| !header.is_empty())
            .collect())
    }

    fn value_columns(&self) -> Result<Vec<u32>, String> {
        self.plan
            .columns
            .iter()
            .map(|l| column_index(l).ok_or_else(|| format!("{l:?} is not a column")))
            .collect()
    }

    /// Header of a value column: the header cell, combined with the sub-header when the
    /// header is a group label (and not an environment).
    fn column_label(&self, col: u32) -> Result<String, String> {
        let h = self.header()?;
        let width = self.sheet.width();
        let top = filled_right(self.sheet, h, width.max(col + 1))[col as usize].clone();
        match self.plan.subheader_row {
            Some(s) => {
                let sub = self.sheet.text(s - 1, col).trim().to_string();
                if self.plan.environment_row == Some(h + 1) || top.is_empty() {
                    Ok(sub)
                } else if sub.is_empty() {
                    Ok(top)
                } else {
                    Ok(format!("{top} {sub}"))
                }
            }
            None => Ok(self.sheet.text(h, col).trim().to_string()),
        }
    }

    /// Names for value columns whose sub-header is a code that a legend block above the
    /// header explains: a sheet whose roles are levels 0-3 under "ACCOUNT-TYPE" and
    /// "ACCOUNT-ROLE", with blocks "admin 0, lab assistant 1..." and "instructor 0, ta
    /// 1..." above, names the column under ACCOUNT-TYPE 0 "admin". The k-th block from the
    /// left explains the k-th group of coded columns, and only when there are as many
    /// blocks as groups and each block defines every code its group uses.
    fn code_names(&self) -> Result<BTreeMap<u32, String>, String> {
        let (h, Some(s)) = (self.header()?, self.plan.subheader_row) else {
            return Ok(BTreeMap::new());
        };
        if self.plan.environment_row == Some(h + 1) {
            return Ok(BTreeMap::new());
        }
        let width = self.sheet.width();
        let tops = filled_right(self.sheet, h, width);
        // Groups of coded columns, in column order: (group label, [(column, code)]).
        let mut groups: Vec<(String, Vec<(u32, String)>)> = Vec::new();
        for c in self.value_columns()? {
            let code = self.sheet.get(s - 1, c);
            let top = tops.get(c as usize).cloned().unwrap_or_default();
            if !is_code(code) || top.is_empty() {
                continue;
            }
            match groups.last_mut() {
                Some((label, cols)) if *label == top => cols.push((c, code.text())),
                _ => groups.push((top, vec![(c, code.text())])),
            }
        }
        let blocks = code_legends(self.sheet, h);
        if groups.is_empty() || blocks.len() != groups.len() {
            return Ok(BTreeMap::new());
        }
        let explained = groups
            .iter()
            .zip(&blocks)
            .all(|((_, cols), block)| cols.iter().all(|(_, code)| block.contains_key(code)));
        if !explained {
            return Ok(BTreeMap::new());
        }
        Ok(groups
            .iter()
            .zip(&blocks)
            .flat_map(|((_, cols), block)| cols.iter().map(|(c, code)| (*c, block[code].clone())))
            .collect())
    }

    fn environment_of(&self, col: u32) -> Option<String> {
        if let Some(e) = &self.plan.environment {
            return Some(e.clone());
        }
        let row = self.plan.environment_row? - 1;
        let groups = filled_right(self.sheet, row, self.sheet.width().max(col + 1));
        let g = groups[col as usize].clone();
        (!g.is_empty()).then_some(g)
    }

    fn matrix(&mut self) -> Result<(), String> {
        let label_col = self.label_column()?;
        let columns = self.value_columns()?;
        let roles_in_rows = self.plan.roles_in == Some(Axis::Rows);
        let mut labels: Vec<(u32, String)> = columns
            .iter()
            .map(|&c| self.column_label(c).map(|l| (c, l)))
            .collect::<Result<_, _>>()?;
        let mut names = self.code_names()?;
        for (c, label) in labels.iter_mut() {
            if let Some(name) = names.remove(c) {
                *label = format!("{name} ({label})");
            }
        }
        let group_col = self.plan.group_column.as_deref().and_then(column_index);
        let mut group = String::new();
        for r in self.body_start()?..self.sheet.height() {
            let mut row_label = self.sheet.text(r, label_col).trim().to_string();
            if let Some(g) = group_col {
                row_label = grouped_label(self.sheet, r, g, label_col, &mut group, row_label);
            }
            if row_label.is_empty() {
                if columns.iter().any(|&c| !self.sheet.get(r, c).is_empty()) {
                    self.warn(
                        r,
                        label_col,
                        "marks in a row without a label; row ignored".into(),
                    );
                }
                continue;
            }
            if self.legend.contains(&r) || is_legend_title(self.sheet.row(r)) {
                continue;
            }
            if is_totals_row(&row_label, self.sheet.row(r)) {
                self.warn(
                    r,
                    label_col,
                    format!("the row is labelled {row_label:?} and holds numbers: a totals row, ignored"),
                );
                continue;
            }
            if self.vocab.mark(&Value::Text(row_label.clone())) == Some(Mark::Allow) {
                self.warn(
                    r,
                    label_col,
                    format!("the row is labelled {row_label:?}, a mark: a filler or sentinel row, ignored"),
                );
                continue;
            }
            for (c, col_label) in &labels {
                let v = self.sheet.get(r, *c);
                if v.is_empty() || col_label.is_empty() {
                    continue;
                }
                let effect = match self.vocab.mark(v) {
                    Some(Mark::Allow) => Effect::Allow,
                    Some(Mark::Approval) => Effect::Approval,
                    Some(Mark::Deny) => Effect::Deny,
                    Some(Mark::None) => continue,
                    None => {
                        let text = v.text();
                        self.warn(
                            r,
                            *c,
                            format!(
                                "unknown mark {text:?} (for {row_label:?} × {col_label:?}); no grant made. Define it in a legend or with [marks] in a mapping"
                            ),
                        );
                        continue;
                    }
                };
                let (role, capability) = if roles_in_rows {
                    (row_label.clone(), col_label.clone())
                } else {
                    (col_label.clone(), row_label.clone())
                };
                let source = self.src(r, *c);
                let environment = self.environment_of(*c);
                self.out.grants.push(GrantRow {
                    role,
                    capability,
                    environment,
                    effect,
                    source,
                });
            }
        }
        Ok(())
    }

    fn permission_list(&mut self) -> Result<(), String> {
        let role_col = self.col("role").ok_or("no role column")?;
        let cap_col = self.col("capability").ok_or("no capability column")?;
        let env_col = self.col("environment");
        let columns = self.value_columns()?;
        let h = self.header()?;
        let flags: Vec<(u32, String)> = columns
            .iter()
            .map(|&c| {
                let t = self.sheet.text(h, c).trim().to_string();
                let n = norm(&t);
                let verb = n
                    .strip_prefix("perm ")
                    .or(n.strip_prefix("can "))
                    .unwrap_or(&n)
                    .to_string();
                (c, verb)
            })
            .collect();
        for r in h + 1..self.sheet.height() {
            let object = self.sheet.text(r, cap_col).trim().to_string();
            if object.is_empty() {
                continue;
            }
            let role = self.sheet.text(r, role_col).trim().to_string();
            // Platform exports qualify ids with their module ("account.group_x"); the
            // same group appears with and without it.
            let role = role.rsplit('.').next().unwrap_or(&role).to_string();
            if role.is_empty() {
                self.warn(
                    r,
                    role_col,
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
                let environment = env_col
                    .map(|e| self.sheet.text(r, e).trim().to_string())
                    .filter(|e| !e.is_empty());
                self.out.grants.push(GrantRow {
                    role: role.clone(),
                    capability: format!("{object} {verb}"),
                    environment,
                    effect,
                    source,
                });
            }
        }
        Ok(())
    }

    fn raci(&mut self) -> Result<(), String> {
        let label_col = self.label_column()?;
        let columns = self.value_columns()?;
        let mut roles = Vec::new();
        for &c in &columns {
            let mut label = self.column_label(c)?;
            // A chart for one role has a column headed just "Role": the sheet says whose.
            if columns.len() == 1
                && ["role", "raci", "responsibility"].contains(&norm(&label).as_str())
            {
                let named = norm(&self.sheet.name)
                    .replace("raci", "")
                    .trim()
                    .to_string();
                if !named.is_empty() {
                    label = self
                        .sheet
                        .name
                        .split_whitespace()
                        .filter(|w| norm(w) != "raci")
                        .collect::<Vec<_>>()
                        .join(" ");
                }
            }
            roles.push((c, label));
        }
        let group_col = self.plan.group_column.as_deref().and_then(column_index);
        let mut group = String::new();
        let rows: Vec<(u32, String)> = (self.body_start()?..self.sheet.height())
            .filter(|r| !self.legend.contains(r))
            .map(|r| {
                let label = self.sheet.text(r, label_col).trim().to_string();
                match group_col {
                    Some(g) => (
                        r,
                        grouped_label(self.sheet, r, g, label_col, &mut group, label),
                    ),
                    None => (r, label),
                }
            })
            .filter(|(_, label)| !label.is_empty())
            .collect();
        if self.plan.roles_in == Some(Axis::Rows) {
            // Roles in rows, activities across: one activity per column.
            let h = self.header()?;
            for (c, activity) in &roles {
                let cells: Vec<(u32, u32, &str)> = rows
                    .iter()
                    .map(|(r, role)| (*r, *c, role.as_str()))
                    .collect();
                self.raci_activity(activity, (h, *c), &cells);
            }
        } else {
            for (r, activity) in &rows {
                let cells: Vec<(u32, u32, &str)> = roles
                    .iter()
                    .map(|(c, role)| (*r, *c, role.as_str()))
                    .collect();
                self.raci_activity(activity, (*r, label_col), &cells);
            }
        }
        Ok(())
    }

    /// The letters of one activity, whose label is at `at`, in `cells` (row, column and
    /// the role each is for); warns when not exactly one role is accountable.
    fn raci_activity(&mut self, activity: &str, at: (u32, u32), cells: &[(u32, u32, &str)]) {
        if activity.is_empty() {
            return;
        }
        let mut accountable = 0;
        for &(r, c, role) in cells {
            let v = self.sheet.get(r, c);
            if v.is_empty() || role.is_empty() {
                continue;
            }
            let text = v.text();
            let Some(letters) = raci_letters(&text) else {
                self.warn(r, c, format!("{text:?} is not RACI letters (R, A, C, I) for {activity:?} × {role:?}; ignored"));
                continue;
            };
            if letters.contains('A') {
                accountable += 1;
            }
            let source = self.src(r, c);
            self.out.raci.push(RaciRow {
                role: role.to_string(),
                activity: activity.to_string(),
                letters,
                source,
            });
        }
        match accountable {
            1 => {}
            0 => self.warn(
                at.0,
                at.1,
                format!("no role is accountable (A) for {activity:?}"),
            ),
            n => self.warn(
                at.0,
                at.1,
                format!("{n} roles are accountable (A) for {activity:?}; there should be one"),
            ),
        }
    }

    fn assignments(&mut self) -> Result<(), String> {
        if self.col("role").is_none() && !self.plan.columns.is_empty() {
            return self.assignment_matrix();
        }
        let person_col = self.col("person").ok_or("no person column")?;
        let role_col = self.col("role").ok_or("no role column")?;
        let body = self.header()? + 1..self.sheet.height();
        let mut orders = BTreeMap::new();
        let found: Vec<(&str, u32, SlashOrder, Option<u32>)> = ["valid_from", "valid_until"]
            .into_iter()
            .filter_map(|field| {
                let c = self.col(field)?;
                let (order, ambiguous) = slash_order(self.sheet, c, body.clone());
                Some((field, c, order, ambiguous))
            })
            .collect();
        // A column that does not show its order takes the one another date column of the
        // sheet shows.
        let shown = found
            .iter()
            .map(|f| f.2)
            .find(|&o| o != SlashOrder::Unknown);
        for (field, c, order, ambiguous) in found {
            let order = match (order, shown) {
                (SlashOrder::Unknown, Some(known)) => known,
                _ => order,
            };
            if let (SlashOrder::Unknown, Some(r)) = (order, ambiguous) {
                let t = self.sheet.text(r, c);
                let t = t.trim();
                let read = parse_date(t, order)
                    .map(|d| d.format("%-d %B %Y").to_string())
                    .unwrap_or_default();
                self.warn(
                    r,
                    c,
                    format!(
                        "dates such as {t:?} in this column can be day/month or month/day; read day first ({read}). Write them as YYYY-MM-DD to be sure"
                    ),
                );
            }
            orders.insert(field, order);
        }
        for r in body {
            let person = self.sheet.text(r, person_col).trim().to_string();
            let mut role = self.sheet.text(r, role_col).trim().to_string();
            if person.is_empty() && role.is_empty() {
                continue;
            }
            // "-", "n/a", "none": a placeholder for no role, not a role's name.
            if !role.is_empty() && self.vocab.mark(self.sheet.get(r, role_col)) == Some(Mark::None)
            {
                role.clear();
            }
            if person.is_empty() || role.is_empty() {
                let (c, what) = if person.is_empty() {
                    (person_col, "person")
                } else {
                    (role_col, "role")
                };
                self.warn(r, c, format!("no {what} given; row ignored"));
                continue;
            }
            let valid_from = self.date(r, "valid_from", &orders);
            let valid_until = self.date(r, "valid_until", &orders);
            let text = |field: &str| {
                self.col(field)
                    .map(|c| self.sheet.text(r, c).trim().to_string())
                    .filter(|t| !t.is_empty())
            };
            let row = AssignmentRow {
                person,
                role,
                environment: text("environment"),
                email: text("email"),
                granted_by: text("granted_by"),
                valid_from,
                valid_until,
                source: self.src(r, person_col),
            };
            self.out.assignments.push(row);
        }
        Ok(())
    }

    fn date(
        &mut self,
        r: u32,
        field: &str,
        orders: &BTreeMap<&str, SlashOrder>,
    ) -> Option<NaiveDate> {
        let c = self.col(field)?;
        match self.sheet.get(r, c) {
            Value::Empty => None,
            Value::Date(d) => Some(*d),
            // A date cell whose format was lost shows Excel's serial day number.
            &Value::Int(n) if EXCEL_SERIALS.contains(&n) => excel_serial(n),
            &Value::Float(f) if f.fract() == 0.0 && EXCEL_SERIALS.contains(&(f as i64)) => {
                excel_serial(f as i64)
            }
            // The same number written out by a CSV export.
            Value::Text(t)
                if t.trim()
                    .parse::<i64>()
                    .is_ok_and(|n| EXCEL_SERIALS.contains(&n)) =>
            {
                excel_serial(t.trim().parse().ok()?)
            }
            v => {
                let t = v.text();
                let t = t.trim();
                let order = orders.get(field).copied().unwrap_or(SlashOrder::Unknown);
                let parsed = parse_date(t, order);
                if parsed.is_none() && !t.is_empty() {
                    let other = match order {
                        SlashOrder::DayFirst => Some(("day", SlashOrder::MonthFirst)),
                        SlashOrder::MonthFirst => Some(("month", SlashOrder::DayFirst)),
                        SlashOrder::Unknown => None,
                    };
                    let message = match other {
                        Some((first, o)) if parse_date(t, o).is_some() => format!(
                            "{t:?} is not a date with the {first} first, as the other dates in this column are written; ignored"
                        ),
                        _ => format!("{t:?} is not a date (use YYYY-MM-DD); ignored"),
                    };
                    self.warn(r, c, message);
                }
                parsed
            }
        }
    }

    fn sod_rules(&mut self) -> Result<(), String> {
        if self.col("left").is_none() && self.plan.label_column.is_some() {
            return self.conflict_matrix();
        }
        let left_col = self.col("left").ok_or("no left column")?;
        let right_col = self.col("right").ok_or("no right column")?;
        for r in self.header()? + 1..self.sheet.height() {
            let left = self.sheet.text(r, left_col).trim().to_string();
            let right = self.sheet.text(r, right_col).trim().to_string();
            if left.is_empty() && right.is_empty() {
                continue;
            }
            if left.is_empty() || right.is_empty() {
                self.warn(
                    r,
                    if left.is_empty() { left_col } else { right_col },
                    "a rule needs two sides; row ignored".into(),
                );
                continue;
            }
            let text = |field: &str| {
                self.col(field)
                    .map(|c| self.sheet.text(r, c).trim().to_string())
                    .filter(|t| !t.is_empty())
            };
            let row = SodRow {
                severity: text("severity").unwrap_or_default(),
                mitigation: text("mitigation"),
                name: text("name"),
                description: text("description"),
                left,
                right,
                source: self.src(r, left_col),
                severity_source: self.col("severity").map(|c| self.src(r, c)),
            };
            self.out.sod_rules.push(row);
        }
        Ok(())
    }

    /// People down the side, roles across: a marked cell means the person holds the role.
    fn assignment_matrix(&mut self) -> Result<(), String> {
        let person_col = self.col("person").ok_or("no person column")?;
        let h = self.header()?;
        let roles = self.headed_columns(h)?;
        for r in self.body_start()?..self.sheet.height() {
            let person = self.sheet.text(r, person_col).trim().to_string();
            if person.is_empty() || self.legend.contains(&r) {
                continue;
            }
            let email = self
                .col("email")
                .map(|c| self.sheet.text(r, c).trim().to_string())
                .filter(|t| !t.is_empty());
            for (c, role) in &roles {
                let v = self.sheet.get(r, *c);
                match self.vocab.mark(v) {
                    Some(Mark::Allow | Mark::Approval) => {}
                    Some(Mark::None | Mark::Deny) => continue,
                    None => {
                        let text = v.text();
                        self.warn(
                            r,
                            *c,
                            format!("unknown mark {text:?} (does {person:?} hold {role:?}?); no assignment made"),
                        );
                        continue;
                    }
                }
                let source = self.src(r, *c);
                let environment = self.environment_of(*c);
                self.out.assignments.push(AssignmentRow {
                    person: person.clone(),
                    role: role.clone(),
                    environment,
                    email: email.clone(),
                    granted_by: None,
                    valid_from: None,
                    valid_until: None,
                    source,
                });
            }
        }
        Ok(())
    }

    /// A conflict matrix: a marked cell makes its row's and its column's names a rule,
    /// once for each pair (the matrix is often filled on both sides of its diagonal). A
    /// cell holding a risk level (High, M...) gives the rule that level.
    fn conflict_matrix(&mut self) -> Result<(), String> {
        let label_col = self.label_column()?;
        let h = self.header()?;
        let columns = self.headed_columns(h)?;
        let mut seen: HashSet<(String, String)> = HashSet::new();
        let mut unrated = 0;
        for r in self.body_start()?..self.sheet.height() {
            let left = self.sheet.text(r, label_col).trim().to_string();
            if left.is_empty() || self.legend.contains(&r) {
                continue;
            }
            for (c, right) in &columns {
                let v = self.sheet.get(r, *c);
                if v.is_empty() {
                    continue;
                }
                let text = v.text().trim().to_string();
                let severity = if is_severity_word(&text) {
                    text.clone()
                } else {
                    match self.vocab.mark(v) {
                        Some(Mark::Allow | Mark::Approval | Mark::Deny) => String::new(),
                        Some(Mark::None) => continue,
                        None => {
                            self.warn(r, *c, format!("{text:?} is neither a mark nor a risk level (for {left:?} × {right:?}); ignored"));
                            continue;
                        }
                    }
                };
                let (a, b) = (norm(&left), norm(right));
                if a == b {
                    continue;
                }
                let pair = if a < b { (a, b) } else { (b, a) };
                if !seen.insert(pair) {
                    continue;
                }
                if severity.is_empty() {
                    unrated += 1;
                }
                let source = self.src(r, *c);
                self.out.sod_rules.push(SodRow {
                    left: left.clone(),
                    right: right.clone(),
                    severity: if severity.is_empty() {
                        "medium".into()
                    } else {
                        severity
                    },
                    mitigation: None,
                    name: None,
                    description: None,
                    severity_source: Some(source.clone()),
                    source,
                });
            }
        }
        if unrated > 0 {
            self.warn(
                h,
                label_col,
                format!("the conflict matrix marks {unrated} conflicts without a risk level; they are read as medium risk"),
            );
        }
        Ok(())
    }
}
