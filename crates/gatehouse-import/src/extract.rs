//! From sheets to rows: each sheet's layout is recognised by scoring (or taken from the
//! mapping), then its cells become grants, RACI entries, assignments and SoD rules, each
//! with the cell it came from. Nothing here knows the model; names stay as written.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDate;
use gatehouse_core::Effect;
use serde::{Deserialize, Serialize};

use crate::cellref::CellRef;
use crate::mapping::{column_index, column_letter, Axis, Layout, Mapping, SheetMapping};
use crate::marks::{legend_entries, raci_letters, Mark, Vocabulary};
use crate::workbook::{source_ref, Sheet, Value, Workbook};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetReport {
    pub name: String,
    pub layout: Layout,
    /// 1-based; `None` when no header was found.
    pub header_row: Option<u32>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GrantRow {
    pub role: String,
    pub capability: String,
    pub environment: Option<String>,
    pub effect: Effect,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RaciRow {
    pub role: String,
    pub activity: String,
    pub letters: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AssignmentRow {
    pub person: String,
    pub role: String,
    pub environment: Option<String>,
    pub valid_until: Option<NaiveDate>,
    pub valid_from: Option<NaiveDate>,
    pub email: Option<String>,
    pub granted_by: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SodRow {
    pub left: String,
    pub right: String,
    pub severity: String,
    pub mitigation: Option<String>,
    /// A rule id or name from the sheet, when it has one.
    pub name: Option<String>,
    pub description: Option<String>,
    pub source: String,
    /// The cell of the risk level, when the sheet has a column for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub severity_source: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Warning {
    pub source: String,
    pub message: String,
}

/// Everything read from a file, before it meets the model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extract {
    pub sheets: Vec<SheetReport>,
    pub grants: Vec<GrantRow>,
    pub raci: Vec<RaciRow>,
    pub assignments: Vec<AssignmentRow>,
    pub sod_rules: Vec<SodRow>,
    pub warnings: Vec<Warning>,
    /// The mapping that was used (detected, or overridden), to store for the next import.
    pub mapping: Mapping,
}

/// Reads every sheet; `overrides` wins over detection sheet by sheet.
pub fn extract(wb: &Workbook, overrides: &Mapping) -> Extract {
    let mut vocab = Vocabulary::default();
    let mut legend_rows: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for sheet in &wb.sheets {
        for (token, mark, row) in legend_entries(sheet) {
            vocab.define(&token, mark);
            legend_rows
                .entry(sheet.name.clone())
                .or_default()
                .insert(row);
        }
    }
    for (token, mark) in &overrides.marks {
        vocab.define(token, *mark);
    }
    let mut out = Extract {
        mapping: Mapping {
            sheets: Vec::new(),
            marks: overrides.marks.clone(),
            aliases: overrides.aliases.clone(),
        },
        ..Extract::default()
    };
    for sheet in &wb.sheets {
        let no_legend = BTreeSet::new();
        let legend = legend_rows.get(&sheet.name).unwrap_or(&no_legend);
        let (plan, note) = match overrides.sheet(&sheet.name) {
            Some(m) if m.is_layout_only() && m.layout != Layout::Skipped => {
                let (plan, note) = detect(sheet, &vocab, legend, Some(m.layout));
                (plan, format!("{} as chosen: {note}", m.layout.as_str()))
            }
            Some(m) if m.is_layout_only() => (m.clone(), "not read, as chosen".to_string()),
            Some(m) => (m.clone(), "as the mapping says".to_string()),
            None => {
                let (plan, note) = detect(sheet, &vocab, legend, None);
                out.warnings
                    .extend(unread_columns(sheet, &plan, &vocab, legend));
                (plan, note)
            }
        };
        let mut reader = SheetReader {
            sheet,
            legend,
            plan: &plan,
            vocab: &vocab,
            out: &mut out,
        };
        let note = match reader.read() {
            Ok(()) => note,
            Err(why) => {
                out.warnings.push(Warning {
                    source: sheet.name.clone(),
                    message: format!("sheet skipped: {why}"),
                });
                why
            }
        };
        if let Some(cut) = &sheet.truncated {
            out.warnings.push(Warning {
                source: sheet.name.clone(),
                message: format!("sheet truncated: {cut}"),
            });
        }
        out.sheets.push(SheetReport {
            name: sheet.name.clone(),
            layout: plan.layout,
            header_row: plan.header_row,
            note,
        });
        out.mapping.sheets.push(plan);
    }
    warn_formula_names(wb, &mut out);
    out
}

/// The sheet, row and column (0-based) a source such as `'My sheet'!C7` points at.
fn locate<'a>(wb: &'a Workbook, source: &str) -> Option<(&'a Sheet, u32, u32)> {
    let cell: CellRef = source.parse().ok()?;
    let sheet = wb.sheets.iter().find(|s| s.name == cell.sheet)?;
    Some((sheet, cell.row, cell.col))
}

/// Text that starts like a formula (`=HYPERLINK(…)`, `+1`, `@user`) is kept as text, never
/// evaluated. A name that starts with `=` is most likely a formula exported as its text,
/// so each such name is a warning at its cell (`+ Add record`, `@mention` are real names).
fn warn_formula_names(wb: &Workbook, out: &mut Extract) {
    let names = (out.grants.iter())
        .flat_map(|g| [(&g.role, &g.source), (&g.capability, &g.source)])
        .chain(
            out.raci
                .iter()
                .flat_map(|x| [(&x.role, &x.source), (&x.activity, &x.source)]),
        )
        .chain(
            (out.assignments.iter()).flat_map(|a| [(&a.person, &a.source), (&a.role, &a.source)]),
        )
        .chain(
            out.sod_rules
                .iter()
                .flat_map(|x| [(&x.left, &x.source), (&x.right, &x.source)]),
        )
        .filter(|(name, _)| name.starts_with('='));
    let mut seen = HashSet::new();
    let mut warnings = Vec::new();
    for (name, source) in names {
        if seen.insert(name) {
            // The name's own cell: in the row of the cell read (a row label), else above
            // it in its column (a column header).
            let cell = locate(wb, source).and_then(|(sheet, row, col)| {
                let holds = |r: u32, c: u32| sheet.text(r, c).trim() == name;
                (0..sheet.width())
                    .find(|&c| holds(row, c))
                    .map(|c| (row, c))
                    .or_else(|| (0..row).rev().find(|&r| holds(r, col)).map(|r| (r, col)))
                    .map(|(r, c)| source_ref(&sheet.name, r, c))
            });
            warnings.push(Warning {
                source: cell.unwrap_or_else(|| source.to_string()),
                message: format!(
                    "the name {name:?} starts like a formula; it is kept as text, not evaluated: check the cell in the spreadsheet"
                ),
            });
        }
    }
    out.warnings.extend(warnings);
}

/// Body rows looked at to recognise a layout.
const DETECT_ROWS: u32 = 2_000;

/// A header cell made comparable: lower case, `_`/`-`/`:` as spaces, single-spaced.
fn norm(text: &str) -> String {
    text.to_lowercase()
        .replace(['_', '-', ':', '.'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

const PERSON: &[&str] = &[
    "user",
    "username",
    "user name",
    "user id",
    "userid",
    "person",
    "employee",
    "name",
    "full name",
    "employee name",
    "user display name",
    "display name",
    "member",
    "login",
    "account",
    "account name",
    "identity",
    "staff",
    "holder",
    "assignee",
];
const ROLE: &[&str] = &[
    "role",
    "roles",
    "role name",
    "role technical name",
    "technical role",
    "group",
    "group name",
    "group id",
    "group id id",
    "role id",
    "profile",
    "persona",
    "security role",
    "permission set",
    "business role",
    "job role",
];
const EMAIL: &[&str] = &["email", "e mail", "mail", "email address", "e mail address"];
const ENVIRONMENT: &[&str] = &["environment", "env", "stage", "environment name"];
const VALID_FROM: &[&str] = &[
    "granted",
    "granted on",
    "granted date",
    "start",
    "start date",
    "valid from",
    "from",
    "since",
    "assigned on",
    "date granted",
];
const VALID_UNTIL: &[&str] = &[
    "expiry",
    "expires",
    "expiry date",
    "expiration",
    "expiration date",
    "valid until",
    "valid to",
    "until",
    "end",
    "end date",
];
const GRANTED_BY: &[&str] = &["granted by", "approved by", "approver", "assigned by"];
const SEVERITY: &[&str] = &[
    "risk level",
    "severity",
    "risk",
    "level",
    "risk rating",
    "rating",
    "criticality",
];
const MITIGATION: &[&str] = &[
    "mitigation",
    "mitigating control",
    "control",
    "compensating control",
];
const RULE_NAME: &[&str] = &[
    "risk id",
    "rule id",
    "rule",
    "id",
    "rule name",
    "conflict",
    "name",
];
const DESCRIPTION: &[&str] = &["description", "risk description", "comment", "notes"];
const CAPABILITY: &[&str] = &[
    "capability",
    "permission",
    "permissions",
    "privilege",
    "object",
    "model",
    "model id id",
    "resource",
    "function",
    "action",
    "entitlement",
    "activity",
    "transaction",
];
/// Headers that can only mean people (unlike "Name", which a capability has too): a
/// matrix with these down the side says who holds which role.
const PEOPLE: &[&str] = &[
    "user",
    "users",
    "username",
    "user name",
    "user id",
    "person",
    "people",
    "employee",
    "employees",
    "employee name",
    "full name",
    "display name",
    "staff",
    "login",
    "assignee",
    "email",
    "e mail",
    "email address",
    "user principal name",
    "upn",
    "employee id",
    "employee number",
    "emp no",
    "account",
    "account name",
];

/// Descriptive headers that never head a role or capability, whatever their cells hold
/// (a SOX flag of Y/N is marks, but not a grant). The other [`METADATA`] headers (Risk,
/// Status, Type...) can name a team or a capability, so a column of marks under them is
/// still read.
const ALWAYS_DESCRIPTIVE: &[&str] = &[
    "sox",
    "sox relevant",
    "active",
    "sensitive",
    "id",
    "code",
    "description",
    "notes",
    "note",
    "comment",
    "comments",
    "remarks",
    "ticket",
];

/// Headers of columns that describe a row rather than grant anything (a module, a risk
/// rating, a status, a SOX flag): never read as role columns, and not reported as unread.
const METADATA: &[&str] = &[
    "module",
    "area",
    "category",
    "type",
    "risk",
    "risk level",
    "rating",
    "status",
    "sox",
    "sox relevant",
    "sensitive",
    "active",
    "priority",
    "level",
    "system",
    "application",
    "notes",
    "note",
    "comment",
    "comments",
    "remarks",
    "ticket",
    "id",
    "code",
    "description",
    "department",
    "division",
    "location",
];

/// Headers over the activities of a RACI chart.
const ACTIVITY: &[&str] = &[
    "activity",
    "activities",
    "task",
    "tasks",
    "deliverable",
    "deliverables",
    "process",
    "step",
    "steps",
];
const SIDE_WORDS: &[&str] = &[
    "role",
    "function",
    "entitlement",
    "duty",
    "activity",
    "permission",
    "task",
    "conflicting role",
    "capability",
    "privilege",
    "transaction",
];

fn sod_side(h: &str) -> Option<&'static str> {
    if ["left", "first"].contains(&h) {
        return Some("left");
    }
    if ["right", "second"].contains(&h) {
        return Some("right");
    }
    let (stem, last) = h.rsplit_once(' ')?;
    if !SIDE_WORDS.contains(&stem) {
        return None;
    }
    match last {
        "a" | "1" => Some("left"),
        "b" | "2" => Some("right"),
        _ => None,
    }
}

fn words_in(h: &str, list: &[&str]) -> bool {
    list.contains(&h)
}

/// Words that suggest a label names a role rather than a capability.
const ROLE_WORDS: &[&str] = &[
    "admin",
    "administrator",
    "manager",
    "owner",
    "developer",
    "user",
    "viewer",
    "approver",
    "steward",
    "maker",
    "student",
    "teacher",
    "family",
    "counselor",
    "instructor",
    "lead",
    "analyst",
    "officer",
    "auditor",
    "member",
    "reviewer",
    "requester",
    "validator",
    "engineer",
    "citizen",
    "support",
    "operator",
    "guest",
    "editor",
    "contributor",
    "author",
    "business",
    "it",
    "security",
    "team",
    "head",
    "director",
    "clerk",
    "accountant",
    "sde",
    "tpm",
    "pm",
    "sdm",
    "role",
    "group",
];
const CAPABILITY_WORDS: &[&str] = &[
    "create",
    "read",
    "write",
    "edit",
    "delete",
    "view",
    "publish",
    "deploy",
    "manage",
    "approve",
    "export",
    "import",
    "list",
    "add",
    "access",
    "modify",
    "run",
    "request",
    "update",
    "share",
    "configure",
    "install",
    "connect",
    "submit",
    "post",
    "get",
    "put",
];

fn role_likeness(labels: &[String]) -> f64 {
    if labels.is_empty() {
        return 0.0;
    }
    let score: f64 = labels
        .iter()
        .map(|l| {
            let n = norm(l);
            let words: Vec<&str> = n.split(' ').collect();
            let mut s = 0.0;
            if words.iter().any(|w| ROLE_WORDS.contains(w)) {
                s += 1.0;
            }
            if words.iter().any(|w| CAPABILITY_WORDS.contains(w))
                || l.contains(':')
                || l.contains('/')
            {
                s -= 1.0;
            }
            s
        })
        .sum();
    score / labels.len() as f64
}

fn is_env_name(text: &str) -> bool {
    let n = norm(text);
    [
        "dev",
        "development",
        "test",
        "testing",
        "qa",
        "uat",
        "staging",
        "stage",
        "preprod",
        "pre production",
        "prod",
        "production",
        "sandbox",
        "live",
        "acceptance",
    ]
    .contains(&n.as_str())
        || n.ends_with(" environment")
        || n.starts_with("env ")
}

/// Chooses the header row: the row, among the first 40, with the most distinct text cells
/// that are neither marks nor RACI letters; title and note rows (one cell) lose.
fn header_row(sheet: &Sheet, vocab: &Vocabulary, legend: &BTreeSet<u32>) -> Option<u32> {
    let mut scores = Vec::new();
    for r in 0..sheet.height().min(40) {
        if legend.contains(&r) {
            continue;
        }
        if is_details_row(sheet.row(r)) {
            continue;
        }
        let mut seen = HashSet::new();
        for v in sheet.row(r) {
            if let Value::Text(t) = v {
                let t = t.trim();
                if t.is_empty() || t.chars().count() > 80 || raci_letters(t).is_some() {
                    continue;
                }
                if vocab.mark(v).is_some() {
                    continue;
                }
                seen.insert(norm(t));
            }
        }
        let keyword = seen.iter().any(|t| is_header_word(t));
        scores.push((r, seen.len(), keyword));
    }
    // The earliest row that is nearly as label-rich as the richest (data rows below a
    // header often hold as much text as the header itself), or that names a column the
    // way headers do (a ragged data row may hold more cells than the header).
    let best = scores.iter().map(|(_, s, _)| *s).max().unwrap_or(0);
    scores
        .into_iter()
        .find(|(_, s, keyword)| *s >= 2 && (*s * 2 > best || *keyword))
        .map(|(r, _, _)| r)
}

fn is_header_word(t: &str) -> bool {
    [PERSON, ROLE, EMAIL, CAPABILITY, SEVERITY, VALID_UNTIL]
        .iter()
        .any(|list| list.contains(&t))
        || sod_side(t).is_some()
}

/// The value of each column of `row`, blank cells taking the value on their left (group
/// labels written once over several columns).
fn filled_right(sheet: &Sheet, row: u32, width: u32) -> Vec<String> {
    let mut out = Vec::with_capacity(width as usize);
    let mut last = String::new();
    for c in 0..width {
        let t = sheet.text(row, c).trim().to_string();
        if !t.is_empty() {
            last = t;
        }
        out.push(last.clone());
    }
    out
}

/// Columns beside a detected matrix or RACI chart that have a header and a few short
/// values but were not read, because those values are not marks or letters Gatehouse
/// knows ("maybe", "?", "D"): a warning at each such header, so that a role column is
/// never dropped without a word.
fn unread_columns(
    sheet: &Sheet,
    plan: &SheetMapping,
    vocab: &Vocabulary,
    legend: &BTreeSet<u32>,
) -> Vec<Warning> {
    let (Layout::Matrix | Layout::Raci, Some(h), Some(label)) = (
        plan.layout,
        plan.header_row,
        plan.label_column.as_deref().and_then(column_index),
    ) else {
        return Vec::new();
    };
    let h = h - 1;
    let body = plan.subheader_row.unwrap_or(h + 1)..sheet.height().min(h + 1 + DETECT_ROWS);
    let read: BTreeSet<u32> = plan
        .columns
        .iter()
        .chain(&plan.group_column)
        .filter_map(|l| column_index(l))
        .collect();
    let mut warnings = Vec::new();
    for c in label + 1..sheet.width() {
        let header = sheet.text(h, c).trim().to_string();
        if read.contains(&c) || header.is_empty() || words_in(&norm(&header), METADATA) {
            continue;
        }
        let mut odd = BTreeSet::new();
        let mut known = 0;
        let mut other = 0;
        for r in body.clone().filter(|r| !legend.contains(r)) {
            let v = sheet.get(r, c);
            if v.is_empty() {
                continue;
            }
            let t = v.text().trim().to_string();
            if vocab.mark(v).is_some() || raci_letters(&t).is_some() {
                known += 1;
            } else if !v.is_number() && t.chars().count() <= 12 {
                odd.insert(t);
            } else {
                other += 1;
            }
        }
        if other == 0 && !odd.is_empty() && odd.len() <= 3 {
            let values: Vec<String> = odd.iter().map(|t| format!("{t:?}")).collect();
            warnings.push(Warning {
                source: source_ref(&sheet.name, h, c),
                message: format!(
                    "column {header:?} was not read: {} {} Gatehouse knows{}. Define {} in a legend or with [marks] in a mapping, or list the column in a mapping",
                    values.join(", "),
                    if values.len() == 1 { "is not a mark" } else { "are not marks" },
                    if known > 0 { format!(" (beside {known} cells that are)") } else { String::new() },
                    if values.len() == 1 { "it" } else { "them" },
                ),
            });
        }
    }
    warnings
}

/// Excel serial day numbers taken as dates in a date column: 1954-10-03 to 2119-01-10.
const EXCEL_SERIALS: std::ops::RangeInclusive<i64> = 20_000..=80_000;

/// The date of an Excel serial day number (1900 date system).
fn excel_serial(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n as u64))
}

/// How a column writes dates with slashes: 31/12/2024 (day first), 12/31/2024 (month
/// first), or only dates such as 01/02/2024 that could be either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SlashOrder {
    DayFirst,
    MonthFirst,
    Unknown,
}

/// The day, month and year of a date written as text, or `None`. Years come first with
/// four digits (2024-03-01, 2024/03/01) or last with four or two (01.03.2024, 1.3.24:
/// 2000-2069 and 1970-1999). Dots and dashes put the day first; slashes follow `order`,
/// day first when it is unknown.
fn parse_date(text: &str, order: SlashOrder) -> Option<NaiveDate> {
    let (sep, parts, widths) = date_parts(text)?;
    let year = |n: u32, width: usize| match width {
        4 => Some(n as i32),
        2 if n < 70 => Some(2000 + n as i32),
        2 => Some(1900 + n as i32),
        _ => None,
    };
    let (y, m, d) = if widths[0] == 4 {
        (year(parts[0], 4)?, parts[1], parts[2])
    } else if sep == '/' && order == SlashOrder::MonthFirst {
        (year(parts[2], widths[2])?, parts[0], parts[1])
    } else {
        (year(parts[2], widths[2])?, parts[1], parts[0])
    };
    if widths[1] > 2 || (widths[0] != 4 && widths[0] > 2) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Three runs of digits split by one kind of separator (`-`, `.` or `/`).
fn date_parts(text: &str) -> Option<(char, [u32; 3], [usize; 3])> {
    let sep = ['-', '.', '/'].into_iter().find(|s| text.contains(*s))?;
    let mut parts = [0u32; 3];
    let mut widths = [0usize; 3];
    let mut pieces = text.split(sep);
    for i in 0..3 {
        let p = pieces.next()?;
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        parts[i] = p.parse().ok()?;
        widths[i] = p.len();
    }
    pieces.next().is_none().then_some((sep, parts, widths))
}

/// How the slash dates of column `col` are written, and the first row holding one that
/// could be read either way when nothing in the column tells.
fn slash_order(sheet: &Sheet, col: u32, rows: std::ops::Range<u32>) -> (SlashOrder, Option<u32>) {
    let mut ambiguous = None;
    for r in rows {
        // Only text can hold a slash date; date cells and numbers say nothing of the order
        // (and a long list is looked at without copying its cells).
        let Value::Text(t) = sheet.get(r, col) else {
            continue;
        };
        let Some(('/', [a, b, _], [wa, _, _])) = date_parts(t.trim()) else {
            continue;
        };
        if wa == 4 {
            continue;
        }
        match (a > 12, b > 12) {
            (true, false) => return (SlashOrder::DayFirst, None),
            (false, true) => return (SlashOrder::MonthFirst, None),
            (false, false) if a != b => {
                ambiguous.get_or_insert(r);
            }
            _ => {}
        }
    }
    (SlashOrder::Unknown, ambiguous)
}

/// A square matrix of conflicts under header row `h`: the names down a column of labels
/// are the names across the header (most of them), and the cells where they meet hold
/// only marks or risk levels (High, M...). Returns the label column and the columns
/// across.
fn conflict_matrix(
    sheet: &Sheet,
    h: u32,
    vocab: &Vocabulary,
    legend: &BTreeSet<u32>,
) -> Option<(u32, Vec<u32>)> {
    let rows: Vec<u32> = (h + 1..sheet.height().min(h + 1 + DETECT_ROWS))
        .filter(|r| !legend.contains(r) && !is_legend_title(sheet.row(*r)))
        .collect();
    let width = sheet.width();
    // The labels: the first column holding text that is neither a mark nor a level.
    let label = (0..width).find(|&c| {
        rows.iter().any(|&r| {
            let v = sheet.get(r, c);
            matches!(v, Value::Text(_))
                && !v.is_empty()
                && vocab.mark(v).is_none()
                && !is_severity_word(&v.text())
        })
    })?;
    let down: HashSet<String> = rows
        .iter()
        .map(|&r| norm(&sheet.text(r, label)))
        .filter(|n| !n.is_empty())
        .collect();
    let across: Vec<u32> = (label + 1..width)
        .filter(|&c| down.contains(&norm(&sheet.text(h, c))))
        .collect();
    if across.len() < 2 || across.len() * 2 < down.len() {
        return None;
    }
    let mut marked = 0;
    for &r in &rows {
        for &c in &across {
            let v = sheet.get(r, c);
            if v.is_empty() {
                continue;
            }
            if is_severity_word(&v.text()) || matches!(vocab.mark(v), Some(m) if m != Mark::None) {
                marked += 1;
            } else if vocab.mark(v).is_none() {
                return None;
            }
        }
    }
    (marked > 0).then_some((label, across))
}

/// How well a RACI chart reads each way round: the share of its rows, and of its
/// columns, that hold exactly one A (one accountable role per activity).
fn one_accountable(sheet: &Sheet, label: u32, columns: &[u32], rows: &[u32]) -> (f64, f64) {
    let accountable = |r: u32, c: u32| {
        raci_letters(&sheet.text(r, c)).is_some_and(|letters| letters.contains('A'))
    };
    let rows: Vec<u32> = rows
        .iter()
        .copied()
        .filter(|&r| !sheet.text(r, label).trim().is_empty())
        .collect();
    let share = |fits: usize, of: usize| {
        if of == 0 {
            0.0
        } else {
            fits as f64 / of as f64
        }
    };
    let rows_fit = rows
        .iter()
        .filter(|&&r| columns.iter().filter(|&&c| accountable(r, c)).count() == 1)
        .count();
    let columns_fit = columns
        .iter()
        .filter(|&&c| rows.iter().filter(|&&r| accountable(r, c)).count() == 1)
        .count();
    (
        share(rows_fit, rows.len()),
        share(columns_fit, columns.len()),
    )
}

/// A column left of the values whose entries, written once over the rows they cover
/// (blank below), group repeated labels: "Account" over "Create", "Delete"; "Contact" over
/// "Create"... Only when the labels repeat and the pairs tell more rows apart.
fn group_column(
    sheet: &Sheet,
    label: u32,
    first: u32,
    rows: &[u32],
    normed: &[String],
) -> Option<u32> {
    let labels: Vec<String> = rows.iter().map(|&r| norm(&sheet.text(r, label))).collect();
    let filled: Vec<&String> = labels.iter().filter(|l| !l.is_empty()).collect();
    let distinct: HashSet<&String> = filled.iter().copied().collect();
    if distinct.len() == filled.len() {
        return None;
    }
    (0..first)
        .filter(|&c| {
            c != label
                && !words_in(&normed[c as usize], METADATA)
                && !words_in(&normed[c as usize], ALWAYS_DESCRIPTIVE)
        })
        .filter_map(|c| {
            let mut group = String::new();
            let mut pairs = HashSet::new();
            for (i, &r) in rows.iter().enumerate() {
                let g = sheet.text(r, c).trim().to_string();
                if !g.is_empty() || c > label {
                    group = g;
                }
                if !labels[i].is_empty() {
                    pairs.insert((norm(&group), labels[i].clone()));
                }
            }
            (pairs.len() > distinct.len()).then_some((c, pairs.len()))
        })
        .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))
        .map(|(c, _)| c)
}

/// A row's label with its group, in column order ("Account Create"). A group left of the
/// label is written once over the rows it covers, so it carries down over blank cells.
fn grouped_label(
    sheet: &Sheet,
    r: u32,
    group_col: u32,
    label_col: u32,
    group: &mut String,
    label: String,
) -> String {
    let text = sheet.text(r, group_col).trim().to_string();
    if !text.is_empty() || group_col > label_col {
        *group = text;
    }
    if label.is_empty() || group.is_empty() {
        label
    } else if group_col < label_col {
        format!("{group} {label}")
    } else {
        format!("{label} {group}")
    }
}

/// A row of document details, "Owner: | IT Governance | Version: | 3.2": every filled
/// cell is a caption ending in ':' with its value in the next filled cell (a last caption
/// may have none). Column headers that end in ':' ("Approved by:", "Approval date:")
/// stand side by side and are not details.
fn is_details_row(row: &[Value]) -> bool {
    let cells: Vec<&Value> = row.iter().filter(|v| !v.is_empty()).collect();
    let caption = |v: &Value| matches!(v, Value::Text(t) if t.trim().ends_with(':'));
    let mut pairs = 0;
    let mut i = 0;
    while i < cells.len() {
        match (caption(cells[i]), cells.get(i + 1)) {
            (true, Some(value)) if !caption(value) => {
                pairs += 1;
                i += 2;
            }
            (true, None) => i += 1,
            _ => return false,
        }
    }
    pairs >= 1
}

/// A row that only titles a legend or key below a table ("Legend", "Key:").
fn is_legend_title(row: &[Value]) -> bool {
    let mut filled = row.iter().filter(|v| !v.is_empty());
    match (filled.next(), filled.next()) {
        (Some(only), None) => matches!(
            norm(&only.text()).as_str(),
            "legend" | "key" | "legende" | "légende" | "leyenda" | "notes" | "note"
        ),
        _ => false,
    }
}

/// A totals row under a table: labelled as one, with numbers in its other cells.
fn is_totals_row(label: &str, row: &[Value]) -> bool {
    let totals = matches!(
        norm(label).as_str(),
        "total" | "totals" | "grand total" | "sum" | "subtotal" | "count" | "summe" | "gesamt"
    );
    totals
        && row
            .iter()
            .any(|v| v.is_number() || v.text().trim().parse::<f64>().is_ok())
}

/// A small whole number written as a code ("0", 3, 2.0).
fn is_code(v: &Value) -> bool {
    match v {
        Value::Int(i) => (0..1000).contains(i),
        Value::Float(f) => f.fract() == 0.0 && (0.0..1000.0).contains(f),
        Value::Text(t) => {
            let t = t.trim();
            !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// Legend blocks in the rows above `header` that name codes: in each row, a name followed
/// by a code to its right (blank or merged cells between). The pairs whose code sits in
/// the same column form one block (code → name), blocks ordered left to right; a block
/// needs two or more codes.
fn code_legends(sheet: &Sheet, header: u32) -> Vec<BTreeMap<String, String>> {
    let mut blocks: BTreeMap<u32, BTreeMap<String, String>> = BTreeMap::new();
    for r in 0..header {
        let cells: Vec<(u32, &Value)> = sheet
            .row(r)
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| (c as u32, v))
            .collect();
        let mut i = 0;
        while i + 1 < cells.len() {
            let (name, (col, code)) = (cells[i].1, cells[i + 1]);
            if is_code(code) && !is_code(name) && !name.is_number() {
                let name = name.text().split_whitespace().collect::<Vec<_>>().join(" ");
                blocks.entry(col).or_default().insert(code.text(), name);
                i += 2;
            } else {
                i += 1;
            }
        }
    }
    blocks.into_values().filter(|b| b.len() >= 2).collect()
}

struct ColumnStats {
    filled: usize,
    marks: usize,
    raci: usize,
    /// Cells that are marks but could not be RACI letters (x, ✓, yes...).
    marks_only: usize,
    distinct_text: usize,
    numbers: usize,
    /// Distinct values that are neither marks nor RACI letters but short like one.
    unknown_short: usize,
    /// Values that are neither marks nor RACI letters and long like a label.
    unknown_long: usize,
}

fn column_stats(sheet: &Sheet, col: u32, rows: &[u32], vocab: &Vocabulary) -> ColumnStats {
    let mut s = ColumnStats {
        filled: 0,
        marks: 0,
        raci: 0,
        marks_only: 0,
        distinct_text: 0,
        numbers: 0,
        unknown_short: 0,
        unknown_long: 0,
    };
    let mut short = HashSet::new();
    let mut distinct = HashSet::new();
    for &r in rows {
        let v = sheet.get(r, col);
        if v.is_empty() {
            continue;
        }
        s.filled += 1;
        let text = v.text();
        let is_mark = vocab.mark(v).is_some();
        let is_raci = raci_letters(&text).is_some();
        if is_mark {
            s.marks += 1;
            if !is_raci {
                s.marks_only += 1;
            }
        }
        if is_raci {
            s.raci += 1;
        }
        if v.is_number() {
            s.numbers += 1;
        } else if !is_mark && !is_raci {
            distinct.insert(norm(&text));
            if text.trim().chars().count() <= 12 && !text.contains(['/', ':']) {
                short.insert(norm(&text));
            } else {
                s.unknown_long += 1;
            }
        }
    }
    s.distinct_text = distinct.len();
    s.unknown_short = short.len();
    s
}

/// Recognises the layout of one sheet; returns the plan and a note saying why.
/// Recognises a sheet's layout and where its parts are; with `want`, only as that layout
/// (the person chose it), skipping the sheet with the reason when it cannot be read so.
fn detect(
    sheet: &Sheet,
    vocab: &Vocabulary,
    legend: &BTreeSet<u32>,
    want: Option<Layout>,
) -> (SheetMapping, String) {
    let skipped = |why: String| (SheetMapping::new(&sheet.name, Layout::Skipped), why);
    let allows = |layout: Layout| want.is_none_or(|w| w == layout);
    if want == Some(Layout::Skipped) {
        return skipped("not read".into());
    }
    if sheet.height() == 0 {
        return skipped("empty sheet".into());
    }
    let Some(h) = header_row(sheet, vocab, legend) else {
        if !legend.is_empty() {
            return skipped(format!("legend: {} marks defined", legend.len()));
        }
        return skipped("no header row with two or more labels".into());
    };
    let skipped = |why: String| {
        let mut plan = SheetMapping::new(&sheet.name, Layout::Skipped);
        plan.header_row = Some(h + 1);
        (plan, why)
    };
    let width = sheet.width();
    let mut headers: Vec<String> = (0..width)
        .map(|c| sheet.text(h, c).trim().to_string())
        .collect();
    // Two-level header: a row under the header labelling columns the header leaves blank
    // (the header holding group labels over them), with nothing under the first label.
    let first_label = headers.iter().position(|t| !t.is_empty()).unwrap_or(0) as u32;
    let sub: Vec<u32> = (0..width)
        .filter(|&c| !sheet.get(h + 1, c).is_empty())
        .collect();
    let marks_under = sub
        .iter()
        .filter(|&&c| vocab.mark(sheet.get(h + 1, c)).is_some())
        .count();
    let two_level = sub.len() >= 2
        && sheet.get(h + 1, first_label).is_empty()
        && sub.iter().any(|&c| headers[c as usize].is_empty())
        && marks_under * 2 < sub.len();
    if two_level {
        for &c in &sub {
            if headers[c as usize].is_empty() {
                headers[c as usize] = sheet.text(h + 1, c).trim().to_string();
            }
        }
    }
    let normed: Vec<String> = headers.iter().map(|t| norm(t)).collect();
    let find = |list: &[&str]| {
        normed
            .iter()
            .position(|n| words_in(n, list))
            .map(|c| c as u32)
    };
    let mut plan = SheetMapping::new(&sheet.name, Layout::Skipped);
    plan.header_row = Some(h + 1);
    let shown: Vec<&str> = headers
        .iter()
        .filter(|t| !t.is_empty())
        .map(String::as_str)
        .collect();

    // SoD rules: two sides named as such.
    let left = normed.iter().position(|n| sod_side(n) == Some("left"));
    let right = normed.iter().position(|n| sod_side(n) == Some("right"));
    if let (Some(l), Some(r), true) = (left, right, allows(Layout::SodRules)) {
        plan.layout = Layout::SodRules;
        plan.fields.insert("left".into(), column_letter(l as u32));
        plan.fields.insert("right".into(), column_letter(r as u32));
        for (field, list) in [
            ("severity", SEVERITY),
            ("mitigation", MITIGATION),
            ("name", RULE_NAME),
            ("description", DESCRIPTION),
        ] {
            if let Some(c) = find(list) {
                plan.fields.insert(field.into(), column_letter(c));
            }
        }
        return (
            plan,
            format!("SoD rules: columns {:?} and {:?}", headers[l], headers[r]),
        );
    }
    if want == Some(Layout::SodRules) {
        return skipped(format!(
            "no two columns naming the sides of a rule (such as \"Function 1\" and \"Function 2\") in header row {}: {}",
            h + 1,
            shown.join(", ")
        ));
    }

    if allows(Layout::SodRules) {
        if let Some((label, columns)) = conflict_matrix(sheet, h, vocab, legend) {
            plan.layout = Layout::SodRules;
            plan.label_column = Some(column_letter(label));
            plan.columns = columns.iter().map(|&c| column_letter(c)).collect();
            let (first, last) = (columns[0], columns[columns.len() - 1]);
            return (
                plan,
                format!(
                    "SoD conflict matrix: the same names in column {} and across columns {}–{}",
                    column_letter(label),
                    column_letter(first),
                    column_letter(last)
                ),
            );
        }
    }

    let body = if two_level { h + 2 } else { h + 1 }..sheet.height();
    // Detection looks at the first rows only: enough to tell a layout, and a long list
    // costs no more to recognise than a short one.
    let sampled: Vec<u32> = (body.start..body.end.min(body.start + DETECT_ROWS))
        .filter(|r| !legend.contains(r) && !is_legend_title(sheet.row(*r)))
        .collect();
    let filled_rows = body
        .clone()
        .filter(|&r| !sheet.row(r).iter().all(Value::is_empty))
        .count();
    if !legend.is_empty() && legend.len() * 2 > filled_rows {
        return skipped(format!("legend: {} marks defined", legend.len()));
    }
    let stats: Vec<ColumnStats> = (0..width)
        .map(|c| column_stats(sheet, c, &sampled, vocab))
        .collect();
    let mark_column = |c: usize| {
        let s = &stats[c];
        // Mostly marks; or some marks beside a few stray short tokens (which become
        // warnings rather than making the column a column of labels).
        let mostly = s.marks * 10 >= s.filled * 8;
        let stray = s.marks > 0 && s.unknown_long == 0 && s.unknown_short <= 3;
        !headers[c].is_empty()
            && !words_in(&normed[c], ALWAYS_DESCRIPTIVE)
            && s.filled > 0
            && (mostly || stray)
            && s.numbers < s.filled
    };

    // Assignments: a person column and a role column, and no mark columns between.
    let person = find(PERSON);
    let role = find(ROLE);
    let marks: Vec<u32> = (0..width as usize)
        .filter(|&c| mark_column(c))
        .map(|c| c as u32)
        .collect();
    if let (Some(p), Some(r)) = (person, role) {
        let chosen = want == Some(Layout::Assignments);
        // The person and role columns themselves may hold a stray mark ("-" for a role
        // not yet decided): they are not mark columns.
        // One flag column beside them (Approved, Privileged) describes the assignment;
        // two or more make it a matrix.
        let other_marks = marks.iter().filter(|&&c| c != p && c != r).count() >= 2;
        if p != r && (!other_marks || chosen) && allows(Layout::Assignments) {
            plan.layout = Layout::Assignments;
            plan.fields.insert("person".into(), column_letter(p));
            plan.fields.insert("role".into(), column_letter(r));
            for (field, list) in [
                ("email", EMAIL),
                ("environment", ENVIRONMENT),
                ("valid_from", VALID_FROM),
                ("valid_until", VALID_UNTIL),
                ("granted_by", GRANTED_BY),
            ] {
                if let Some(c) = find(list) {
                    plan.fields.insert(field.into(), column_letter(c));
                }
            }
            return (
                plan,
                format!(
                    "assignment list: person in {:?}, role in {:?}",
                    headers[p as usize], headers[r as usize]
                ),
            );
        }
    }

    if want == Some(Layout::Assignments) {
        return skipped(format!(
            "no person column and role column in header row {}: {}",
            h + 1,
            shown.join(", ")
        ));
    }

    // A long permission list: a role column, a capability column and flag columns.
    let capability = find(CAPABILITY).filter(|c| !marks.contains(c));
    if let (Some(r), Some(c)) = (role, capability) {
        if !marks.is_empty() && r != c && allows(Layout::Matrix) {
            plan.layout = Layout::Matrix;
            plan.fields.insert("role".into(), column_letter(r));
            plan.fields.insert("capability".into(), column_letter(c));
            plan.columns = marks.iter().map(|&c| column_letter(c)).collect();
            return (
                plan,
                format!(
                    "permission list: role in {:?}, object in {:?}, {} flag columns",
                    headers[r as usize],
                    headers[c as usize],
                    marks.len()
                ),
            );
        }
    }

    // Matrix or RACI: columns of marks or letters beside a column of labels.
    let raci_cells: usize = stats.iter().map(|s| s.raci).sum();
    let marks_only: usize = stats.iter().map(|s| s.marks_only).sum();
    let raci_cols: Vec<u32> = (0..width as usize)
        .filter(|&c| {
            let s = &stats[c];
            !headers[c].is_empty() && s.filled > 0 && s.raci * 10 >= s.filled * 8 && s.numbers == 0
        })
        .map(|c| c as u32)
        .collect();
    let is_raci = match want {
        Some(Layout::Raci) => !raci_cols.is_empty(),
        Some(_) => false,
        None => !raci_cols.is_empty() && raci_cells > marks_only * 2,
    };
    if want == Some(Layout::Raci) && !is_raci {
        return skipped(format!(
            "no columns of R, A, C, I letters under header row {}",
            h + 1
        ));
    }
    let value_cols: Vec<u32> = if is_raci { raci_cols } else { marks.clone() };
    if value_cols.is_empty() {
        if !legend.is_empty() {
            return skipped(format!("legend: {} marks defined", legend.len()));
        }
        return skipped(format!(
            "no role, mark or RACI columns under header row {}: {}",
            h + 1,
            shown.join(", ")
        ));
    }
    // Columns with a header between the first and last value columns and no data yet
    // (a role nobody holds anything in) belong to the matrix too.
    let (first, last) = (value_cols[0], *value_cols.last().unwrap_or(&value_cols[0]));
    let value_cols: Vec<u32> = (first..=last)
        .filter(|&c| {
            value_cols.contains(&c)
                || (!headers[c as usize].is_empty() && !words_in(&normed[c as usize], METADATA))
        })
        .collect();
    let label = (0..first)
        .filter(|&c| stats[c as usize].distinct_text > 0)
        .max_by_key(|&c| (stats[c as usize].distinct_text, std::cmp::Reverse(c)));
    let Some(mut label) = label else {
        return skipped(format!(
            "marks found, but no column of labels left of column {}",
            column_letter(first)
        ));
    };
    // A label column written once over groups of rows (blank below, where the rows still
    // hold marks) is the group; the column right of it naming every row is the label.
    let unlabelled: Vec<u32> = sampled
        .iter()
        .copied()
        .filter(|&r| {
            sheet.get(r, label).is_empty()
                && value_cols.iter().any(|&c| !sheet.get(r, c).is_empty())
        })
        .collect();
    if !unlabelled.is_empty() {
        if let Some(c) = (label + 1..first).find(|&c| {
            !words_in(&normed[c as usize], METADATA)
                && !words_in(&normed[c as usize], ALWAYS_DESCRIPTIVE)
                && unlabelled.iter().all(|&r| !sheet.get(r, c).is_empty())
        }) {
            label = c;
        }
    }
    plan.label_column = Some(column_letter(label));
    plan.columns = value_cols.iter().map(|&c| column_letter(c)).collect();
    // People down the side ("Employee", "User"), roles across: who holds which role (an
    // access review sheet), not what a role may do.
    let people: Vec<u32> = (0..first)
        .filter(|&c| words_in(&normed[c as usize], PEOPLE))
        .collect();
    if !is_raci && !two_level && role.is_none() && !people.is_empty() {
        // A person's name rather than an id or an address, where the sheet has one.
        let named = |c: &&u32| normed[**c as usize].contains("name");
        let address = |c: &&u32| words_in(&normed[**c as usize], EMAIL);
        let person = *people
            .iter()
            .find(named)
            .or_else(|| people.iter().find(|c| !address(c)))
            .unwrap_or(&people[0]);
        plan.layout = Layout::Assignments;
        plan.label_column = Some(column_letter(person));
        plan.fields.insert("person".into(), column_letter(person));
        if let Some(c) = find(EMAIL).filter(|c| *c != person && !value_cols.contains(c)) {
            plan.fields.insert("email".into(), column_letter(c));
        }
        return (
            plan,
            format!(
                "assignment matrix: people in column {}, roles across columns {}–{}",
                column_letter(person),
                column_letter(first),
                column_letter(last)
            ),
        );
    }
    plan.layout = if is_raci {
        Layout::Raci
    } else {
        Layout::Matrix
    };
    let group = group_column(sheet, label, first, &sampled, &normed);
    plan.group_column = group.map(column_letter);

    if two_level {
        plan.subheader_row = Some(h + 2);
    }
    // Environments: a group row above the header, the header itself when a sub-header
    // names the roles, or the sheet's name.
    let group_row = if plan.subheader_row.is_some() {
        Some(h)
    } else {
        h.checked_sub(1)
    };
    if let Some(g) = group_row {
        let groups = filled_right(sheet, g, width);
        let envs = value_cols
            .iter()
            .filter(|&&c| is_env_name(&groups[c as usize]))
            .count();
        if envs * 2 > value_cols.len() {
            plan.environment_row = Some(g + 1);
        }
    }
    if plan.environment_row.is_none() && is_env_name(&sheet.name) {
        plan.environment = Some(sheet.name.clone());
    }
    let column_labels: Vec<String> = value_cols
        .iter()
        .map(|&c| headers[c as usize].clone())
        .collect();
    let row_labels: Vec<String> = sampled
        .iter()
        .map(|&r| sheet.text(r, label))
        .filter(|t| !t.is_empty())
        .collect();
    // Which way round: a corner header naming activities or capabilities; a RACI chart
    // the way clearly more activities get exactly one A; the labels that read more like
    // roles' names; a corner header "Role"; else roles are across.
    let label_header = norm(&headers[label as usize]);
    let by_header = if words_in(&label_header, ROLE) {
        Some(Axis::Rows)
    } else if words_in(&label_header, CAPABILITY) || words_in(&label_header, ACTIVITY) {
        Some(Axis::Columns)
    } else {
        None
    };
    let (down, across) = (role_likeness(&row_labels), role_likeness(&column_labels));
    let by_fit = || {
        if plan.layout != Layout::Raci || row_labels.len() < 3 || value_cols.len() < 3 {
            return None;
        }
        let (rows_fit, columns_fit) = one_accountable(sheet, label, &value_cols, &sampled);
        // Activities down the side means roles across.
        if rows_fit > columns_fit + 0.34 {
            Some(Axis::Columns)
        } else if columns_fit > rows_fit + 0.34 {
            Some(Axis::Rows)
        } else {
            None
        }
    };
    // A corner header naming what is down the side ("Activity", "Capability") says it
    // outright; "Role" is not as plain (it also heads the roles across), so it comes last.
    let roles_in = if by_header == Some(Axis::Columns) {
        Axis::Columns
    } else if let Some(axis) = by_fit() {
        axis
    } else if down > across {
        Axis::Rows
    } else if across > down {
        Axis::Columns
    } else {
        by_header.unwrap_or(Axis::Columns)
    };
    plan.roles_in = Some(roles_in);
    let what = match (plan.layout, roles_in) {
        (Layout::Raci, Axis::Columns) => "RACI matrix: activities in rows, roles in columns",
        (Layout::Raci, Axis::Rows) => "RACI matrix: roles in rows, activities in columns",
        (_, Axis::Columns) => "permission matrix: capabilities in rows, roles in columns",
        (_, Axis::Rows) => "permission matrix: roles in rows, capabilities in columns",
    };
    let mut note = format!(
        "{what} {}–{}, labels in column {}",
        column_letter(first),
        column_letter(last),
        column_letter(label)
    );
    if let Some(g) = &plan.group_column {
        note.push_str(&format!("; labels joined with column {g}"));
    }
    if let Some(e) = &plan.environment {
        note.push_str(&format!("; environment {e:?} from the sheet name"));
    }
    if plan.environment_row.is_some() {
        note.push_str("; environments from the group header above the columns");
    }
    (plan, note)
}

struct SheetReader<'a> {
    sheet: &'a Sheet,
    /// Rows of legend entries in this sheet ("x = allowed"), which are not data.
    legend: &'a BTreeSet<u32>,
    plan: &'a SheetMapping,
    vocab: &'a Vocabulary,
    out: &'a mut Extract,
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

    fn read(&mut self) -> Result<(), String> {
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

/// A risk level as a conflict matrix may write it in its cells.
fn is_severity_word(text: &str) -> bool {
    matches!(
        norm(text).as_str(),
        "low" | "l" | "medium" | "med" | "m" | "high" | "h" | "critical" | "very high" | "c"
    )
}
