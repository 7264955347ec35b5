//! From sheets to rows: each sheet's layout is recognised by scoring (or taken from the
//! mapping), then its cells become grants, RACI entries, assignments and SoD rules, each
//! with the cell it came from. Nothing here knows the model; names stay as written.
//!
//! A sheet's plan ([`sheet_plan`]) is what `detect` finds (one detector per layout, over
//! the header words of `vocabulary`) or what a mapping says, and `read` has one reader
//! per layout that follows it.

mod dates;
mod detect;
mod read;
mod shape;
pub mod sheet_plan;
mod vocabulary;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDate;
use gatehouse_core::Effect;
use serde::{Deserialize, Serialize};

use crate::cellref::CellRef;
use crate::mapping::{Layout, Mapping, SheetMapping};
use crate::marks::{legend_entries, raci_letters, Vocabulary};
use crate::workbook::{Sheet, Workbook};
use detect::{detect, DETECT_ROWS};
use read::SheetReader;
use sheet_plan::{Reading, SheetPlan};
pub use vocabulary::SideKind;
use vocabulary::{norm_header, words_in, METADATA};

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
    /// What the sides name, when the header says ("Entitlement A": capabilities).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub sides: Option<SideKind>,
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
    /// Assignment rows a status column says are revoked, disabled or ended: not imported;
    /// the import ends the assignments the model has for them.
    pub revoked: Vec<AssignmentRow>,
    pub warnings: Vec<Warning>,
    /// The mapping that was used (detected, or overridden), to store for the next import.
    pub mapping: Mapping,
}

impl Extract {
    /// Rows read so far, of every kind.
    fn rows_read(&self) -> usize {
        self.grants.len() + self.raci.len() + self.assignments.len() + self.sod_rules.len()
    }
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
        // The mapping kept is the one given, as written; a detected plan is kept as the
        // mapping that gives it back.
        let (mapping, plan, note) = match overrides.sheet(&sheet.name) {
            Some(m) if m.is_layout_only() && m.layout != Layout::Skipped => {
                let (plan, note) = detect(sheet, &vocab, legend, Some(m.layout));
                let note = format!("{} as chosen: {note}", m.layout.as_str());
                (SheetMapping::from(&plan), Ok(plan), note)
            }
            Some(m) if m.is_layout_only() => (
                m.clone(),
                SheetPlan::try_from(m),
                "not read, as chosen".to_string(),
            ),
            Some(m) => (
                m.clone(),
                SheetPlan::try_from(m),
                "as the mapping says".to_string(),
            ),
            None => {
                let (plan, note) = detect(sheet, &vocab, legend, None);
                out.warnings
                    .extend(unread_columns(sheet, &plan, &vocab, legend));
                (SheetMapping::from(&plan), Ok(plan), note)
            }
        };
        let chosen = overrides.sheet(&sheet.name).is_some();
        let note = match plan {
            Ok(plan) => {
                let before = out.rows_read();
                let mut reader = SheetReader {
                    sheet,
                    legend,
                    vocab: &vocab,
                    out: &mut out,
                };
                reader.read(&plan.reading);
                if chosen && plan.reading.layout() != Layout::Skipped && out.rows_read() == before {
                    out.warnings.push(Warning {
                        source: sheet.name.clone(),
                        message: format!(
                            "the mapping reads sheet {:?} as {} but nothing was read from it: check its header_row, columns and fields",
                            sheet.name,
                            plan.reading.layout().as_str()
                        ),
                    });
                }
                note
            }
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
        warn_uncached(sheet, &mut out.warnings);
        out.sheets.push(SheetReport {
            name: sheet.name.clone(),
            layout: mapping.layout,
            header_row: mapping.header_row,
            note,
        });
        out.mapping.sheets.push(mapping);
    }
    warn_formula_names(wb, &mut out);
    out
}

/// Formula cells with one warning each, before one for the rest of a sheet's.
const UNCACHED_SHOWN: usize = 10;

/// Formula cells the file saved no value for read as blank (nothing here computes a
/// formula): each is a warning at its cell, the first few one by one and the rest in one.
fn warn_uncached(sheet: &Sheet, warnings: &mut Vec<Warning>) {
    let advice = "Gatehouse reads the values a spreadsheet saved and computes no formulas, so the cell was read as blank. Open the file in Excel or LibreOffice, save it, and import it again";
    for (r, c, formula) in sheet.uncached.iter().take(UNCACHED_SHOWN) {
        let what = match formula {
            Some(f) => format!("the formula ={f} has no saved value"),
            None => "a formula shared from another cell has no saved value".to_string(),
        };
        warnings.push(Warning {
            source: CellRef::new(&sheet.name, *r, *c).to_string(),
            message: format!("{what}: {advice}"),
        });
    }
    let rest = sheet.uncached.len().saturating_sub(UNCACHED_SHOWN);
    if let Some((r, c, _)) = sheet.uncached.get(UNCACHED_SHOWN) {
        warnings.push(Warning {
            source: CellRef::new(&sheet.name, *r, *c).to_string(),
            message: format!(
                "{rest} more formula cells in sheet {:?}, from this one on, have no saved value and were read as blank: {advice}",
                sheet.name
            ),
        });
    }
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
                    .map(|(r, c)| CellRef::new(&sheet.name, r, c).to_string())
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

/// Columns beside a detected matrix or RACI chart that have a header and a few short
/// values but were not read, because those values are not marks or letters Gatehouse
/// knows ("maybe", "?", "D"): a warning at each such header, so that a role column is
/// never dropped without a word.
fn unread_columns(
    sheet: &Sheet,
    plan: &SheetPlan,
    vocab: &Vocabulary,
    legend: &BTreeSet<u32>,
) -> Vec<Warning> {
    let (Reading::Matrix(grid) | Reading::Raci(grid)) = &plan.reading else {
        return Vec::new();
    };
    let (h, label) = (grid.header, grid.label);
    let start = grid.subheader.map_or(h + 1, |s| s + 1);
    let body = start..sheet.height().min(h + 1 + DETECT_ROWS);
    let read: BTreeSet<u32> = grid.columns.iter().chain(&grid.group).copied().collect();
    let mut warnings = Vec::new();
    for c in label + 1..sheet.width() {
        let header = sheet.text(h, c).trim().to_string();
        if read.contains(&c) {
            continue;
        }
        if header.is_empty()
            && grid
                .subheader
                .is_none_or(|s| sheet.text(s, c).trim().is_empty())
        {
            // Marks under no header vanish without a word otherwise.
            // A row labelled with a mark is a filler row, warned as such by its reader.
            let filler = |r: u32| {
                let l = sheet.get(r, label);
                l.is_empty() || vocab.mark(l).is_some()
            };
            let marked = body
                .clone()
                .filter(|r| !legend.contains(r) && !filler(*r))
                .find(|&r| {
                    let v = sheet.get(r, c);
                    !v.is_empty()
                        && (matches!(vocab.mark(v), Some(m) if m != crate::marks::Mark::None)
                            || raci_letters(&v.text()).is_some())
                });
            if let Some(r) = marked {
                warnings.push(Warning {
                    source: CellRef::new(&sheet.name, r, c).to_string(),
                    message: "marks under a column without a header; not read. Give the column a header (the role or capability it stands for)".into(),
                });
            }
            continue;
        }
        // A Group or Category column beside the role columns describes the row.
        let normed = norm_header(&header);
        if words_in(&normed, METADATA) || words_in(&normed, &["group", "group name", "groups"]) {
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
                source: CellRef::new(&sheet.name, h, c).to_string(),
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
