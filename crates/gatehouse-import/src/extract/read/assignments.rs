//! Who holds which role: a list (one row per person and role) or a matrix (people down the
//! side, roles across).

use chrono::NaiveDate;

use super::{body_start, SheetReader};
use crate::extract::dates::{excel_serial, parse_date, slash_order, SlashOrder, EXCEL_SERIALS};
use crate::extract::sheet_plan::{AssignmentList, AssignmentMatrix};
use crate::extract::vocabulary::{norm_header, words_in, ROLES_IN_ONE_CELL};
use crate::extract::AssignmentRow;
use crate::marks::Mark;
use crate::workbook::Value;

/// The roles a cell lists: `;`, `,`, `|` or line breaks between them.
fn split_roles(cell: &str) -> Vec<String> {
    let mut roles: Vec<String> = Vec::new();
    for role in cell.split([';', ',', '|', '\n', '\r']).map(str::trim) {
        if !role.is_empty() && !roles.iter().any(|r| r.eq_ignore_ascii_case(role)) {
            roles.push(role.to_string());
        }
    }
    roles
}

impl SheetReader<'_> {
    pub(super) fn assignment_list(&mut self, list: &AssignmentList) {
        let (person_col, role_col) = (list.person, list.role);
        let body = list.header + 1..self.sheet.height();
        let dates = [list.valid_from, list.valid_until];
        let found: Vec<(usize, u32, SlashOrder, Option<u32>)> = (dates.iter().enumerate())
            .filter_map(|(i, c)| {
                let c = (*c)?;
                let (order, ambiguous) = slash_order(self.sheet, c, body.clone());
                Some((i, c, order, ambiguous))
            })
            .collect();
        // A column that does not show its order takes the one another date column of the
        // sheet shows.
        let shown = found
            .iter()
            .map(|f| f.2)
            .find(|&o| o != SlashOrder::Unknown);
        let mut orders = [SlashOrder::Unknown; 2];
        for (i, c, order, ambiguous) in found {
            let order = match (order, shown) {
                (SlashOrder::Unknown, Some(known)) => known,
                _ => order,
            };
            if let (SlashOrder::Unknown, Some(r)) = (order, ambiguous) {
                let t = self.trimmed(r, c);
                let read = parse_date(&t, order)
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
            orders[i] = order;
        }
        let several = words_in(
            &norm_header(&self.trimmed(list.header, role_col)),
            ROLES_IN_ONE_CELL,
        );
        for r in body {
            let person = self.trimmed(r, person_col);
            let mut role = self.trimmed(r, role_col);
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
            let standing = self.in_force(
                list.header,
                r,
                list.status,
                &format!("{person:?} as {role:?}"),
            );
            if standing == super::InForce::No {
                continue;
            }
            let valid_from = list.valid_from.and_then(|c| self.date(r, c, orders[0]));
            let valid_until = list.valid_until.and_then(|c| self.date(r, c, orders[1]));
            let roles = if several {
                split_roles(&role)
            } else {
                vec![role]
            };
            for role in roles {
                let row = AssignmentRow {
                    person: person.clone(),
                    role,
                    environment: self.optional(r, list.environment),
                    email: self.optional(r, list.email),
                    granted_by: self.optional(r, list.granted_by),
                    valid_from,
                    valid_until,
                    source: self.src(r, person_col),
                };
                if standing == super::InForce::Ended {
                    self.out.revoked.push(row);
                } else {
                    self.out.assignments.push(row);
                }
            }
        }
    }

    /// The date in row `r` of date column `c`, whose slash dates are written in `order`;
    /// a warning at the cell when it holds something else.
    fn date(&mut self, r: u32, c: u32, order: SlashOrder) -> Option<NaiveDate> {
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

    /// People down the side, roles across: a marked cell means the person holds the role.
    pub(super) fn assignment_matrix(&mut self, matrix: &AssignmentMatrix) {
        let person_col = matrix.person;
        let roles = self.headed_columns(matrix.header, &matrix.columns);
        for r in body_start(matrix.header, matrix.subheader)..self.sheet.height() {
            let person = self.trimmed(r, person_col);
            if person.is_empty() || self.legend.contains(&r) {
                continue;
            }
            let email = self.optional(r, matrix.email);
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
                let environment =
                    self.environment_of(matrix.environment.as_ref(), matrix.environment_row, *c);
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
    }
}
