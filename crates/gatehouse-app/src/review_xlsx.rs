//! A campaign as an Excel workbook for reviewers who work in Excel, and their decisions read
//! back with the importer's reader.
//!
//! The sheet "Review" has one row per item under a header row: Key (the assignment's id),
//! Person, Role, Environment, Valid until, Reviewer, Decision (a keep/revoke/change list),
//! End date (for change), Comment. Reading finds the columns by their headers and the rows
//! by key, so reordered rows and columns, and files only partly filled in, read back. A row
//! whose key is not an item of the campaign, or whose decision or end date cannot be read,
//! is a warning naming the cell (and is skipped); a decision the campaign refuses (someone
//! deciding on their own access, a person who is not a reviewer of the item) is an error
//! naming the cell, and nothing is recorded.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use gatehouse_core::review::{self as rules, DecisionInput};
use gatehouse_core::{
    apply, AccessReview, Edit, Entity, EntityKind, Model, ReviewDecisionKind, ReviewStatus,
};
use gatehouse_import::{read_workbook, source_ref, Limits, Sheet, Source, Value};
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};

use crate::edits::resolve;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::review::{campaign, error};

/// The sheet holding the items.
pub const SHEET: &str = "Review";

const HEADERS: [&str; 9] = [
    "Key",
    "Person",
    "Role",
    "Environment",
    "Valid until",
    "Reviewer",
    "Decision",
    "End date",
    "Comment",
];

fn write_failed(e: XlsxError) -> AppError {
    AppError::new(
        ErrorCode::ExportWorkbook,
        format!("the review workbook could not be written: {e}"),
    )
}

/// Writes the campaign `id` as of `at` to `out`; returns the number of item rows.
pub fn export(model: &Model, id: &str, at: NaiveDate, out: &Path) -> AppResult<usize> {
    let view = campaign(model, id, at)?;
    if view.review.status == ReviewStatus::Scheduled {
        return Err(error(
            gatehouse_core::ReviewError::NotStarted(view.review.id.clone()),
            model,
        ));
    }
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET).map_err(write_failed)?;
    for (c, h) in HEADERS.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(write_failed)?;
    }
    for (r, i) in view.items.iter().enumerate() {
        let row = r as u32 + 1;
        let d = i.decision.as_ref();
        let cells = [
            i.item.assignment.clone(),
            i.person_name.clone(),
            i.role_name.clone(),
            i.environment_name.clone().unwrap_or_else(|| "(all)".into()),
            i.item
                .valid_until
                .map(|d| d.to_string())
                .unwrap_or_default(),
            // Who decided, else who is to: read back, an unchanged row is the same decision
            // by the same person.
            (i.decided_by_name.clone())
                .or_else(|| i.reviewer_name.clone())
                .unwrap_or_default(),
            d.map(|d| d.decision.to_string()).unwrap_or_default(),
            d.and_then(|d| d.end_date)
                .map(|e| e.to_string())
                .unwrap_or_default(),
            d.and_then(|d| d.comment.clone()).unwrap_or_default(),
        ];
        for (c, text) in cells.iter().enumerate() {
            if !text.is_empty() {
                sheet
                    .write_string(row, c as u16, text)
                    .map_err(write_failed)?;
            }
        }
    }
    let last = view.items.len().max(1) as u32;
    let list = DataValidation::new()
        .allow_list_strings(&["keep", "revoke", "change"])
        .and_then(|v| v.set_error_title("Decision"))
        .and_then(|v| v.set_error_message("Choose keep, revoke or change."))
        .map_err(write_failed)?;
    sheet
        .add_data_validation(1, 6, last, 6, &list)
        .map_err(write_failed)?;
    for (c, width) in [14, 22, 22, 16, 12, 22, 11, 12, 40].iter().enumerate() {
        sheet
            .set_column_width(c as u16, *width)
            .map_err(write_failed)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(write_failed)?;
    let about = book.add_worksheet();
    about.set_name("About").map_err(write_failed)?;
    let r = &view.review;
    for (row, (k, v)) in [
        ("Campaign", r.id.clone()),
        ("Name", r.name.clone()),
        ("Due", r.due.to_string()),
        ("Reviewer", view.reviewer_name.clone()),
        (
            "How",
            "Choose keep, revoke or change in the Decision column; change needs an End date (YYYY-MM-DD). The Reviewer column names who decided, or who is to decide. Keep the Key column as it is.".into(),
        ),
    ]
    .iter()
    .enumerate()
    {
        about
            .write_string_with_format(row as u32, 0, *k, &bold)
            .map_err(write_failed)?;
        about
            .write_string(row as u32, 1, v)
            .map_err(write_failed)?;
    }
    book.save(out).map_err(write_failed)?;
    Ok(view.items.len())
}

/// What reading a reviewer's workbook gives: one edit recording every decision read.
#[derive(Debug, Clone)]
pub struct ReadDecisions {
    pub edit: Edit,
    pub decisions: usize,
    /// Rows without a decision.
    pub blank: usize,
    /// Rows already recorded with the same decision.
    pub unchanged: usize,
    pub warnings: Vec<String>,
}

/// What importing a reviewer's workbook did.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct ReviewImportOutcome {
    #[ts(type = "number")]
    pub decisions: usize,
    #[ts(type = "number")]
    pub blank: usize,
    #[ts(type = "number")]
    pub unchanged: usize,
    pub warnings: Vec<String>,
    /// The session after the decisions were recorded (none when nothing was).
    pub summary: Option<crate::workbench::Summary>,
}

impl ReadDecisions {
    pub fn outcome(&self) -> ReviewImportOutcome {
        ReviewImportOutcome {
            decisions: self.decisions,
            blank: self.blank,
            unchanged: self.unchanged,
            warnings: self.warnings.clone(),
            summary: None,
        }
    }
}

fn import_error(message: String) -> AppError {
    AppError::new(
        ErrorCode::ReviewImport,
        format!("{message}; no decision was recorded"),
    )
}

fn header_row(sheet: &Sheet) -> Option<(u32, Vec<Option<u32>>)> {
    (0..sheet.height().min(20)).find_map(|row| {
        let cols: Vec<Option<u32>> = HEADERS
            .iter()
            .map(|h| {
                (0..sheet.width()).find(|&c| sheet.text(row, c).trim().eq_ignore_ascii_case(h))
            })
            .collect();
        (cols[0].is_some() && cols[6].is_some()).then_some((row, cols))
    })
}

fn date_of(v: &Value) -> Option<NaiveDate> {
    match v {
        Value::Date(d) => Some(*d),
        other => NaiveDate::parse_from_str(other.text().trim(), "%Y-%m-%d").ok(),
    }
}

/// Reads the decisions of `file` for the campaign `id` at `now`. The deciding reviewer is
/// `by` when given, else the row's Reviewer cell, else the item's reviewer.
pub fn read(
    model: &Model,
    id: &str,
    file: &Path,
    by: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<ReadDecisions> {
    let source = Source::read(file, &Limits::default())?;
    let book = read_workbook(&source.name, &source.bytes, &Limits::default())?;
    let sheet = book
        .sheets
        .iter()
        .find(|s| s.name == SHEET)
        .or(book.sheets.first())
        .ok_or_else(|| import_error(format!("{} has no sheet", source.name)))?;
    if let Some(about) = book.sheets.iter().find(|s| s.name == "About") {
        let named = about.text(0, 1);
        if about.text(0, 0) == "Campaign" && !named.is_empty() && named != id {
            return Err(import_error(format!(
                "{} is the workbook of the campaign {named:?}, not {id:?}",
                source.name
            )));
        }
    }
    let Some((head, cols)) = header_row(sheet) else {
        return Err(import_error(format!(
            "the sheet {} has no header row with Key and Decision columns",
            sheet.name
        )));
    };
    let by = by
        .map(|b| resolve(model, EntityKind::Person, b))
        .transpose()?;
    let mut working = model.clone();
    let mut out = ReadDecisions {
        edit: Edit::Batch { edits: vec![] },
        decisions: 0,
        blank: 0,
        unchanged: 0,
        warnings: vec![],
    };
    let cell = |row: u32, col: u32| source_ref(&sheet.name, row, col);
    let col = |i: usize| cols[i];
    for row in head + 1..sheet.height() {
        let at = |i: usize| col(i).map_or(&Value::Empty, |c| sheet.get(row, c));
        let key = at(0).text().trim().to_string();
        let (kc, dc) = (col(0).unwrap_or(0), col(6).unwrap_or(0));
        if key.is_empty() {
            if !at(6).is_empty() {
                out.warnings.push(format!(
                    "{}: a decision without a key; skipped",
                    cell(row, dc)
                ));
            }
            continue;
        }
        let review: &AccessReview = working
            .access_reviews
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| error(gatehouse_core::ReviewError::NotFound(id.into()), model))?;
        let Some(item) = review.items.iter().find(|i| i.assignment == key) else {
            out.warnings.push(format!(
                "{}: {key:?} is not an item of the campaign {id}; skipped",
                cell(row, kc)
            ));
            continue;
        };
        let text = at(6).text().trim().to_ascii_lowercase();
        if text.is_empty() {
            out.blank += 1;
            continue;
        }
        let Some(kind) = ReviewDecisionKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == text)
        else {
            out.warnings.push(format!(
                "{}: {:?} is not a decision (keep, revoke or change); skipped",
                cell(row, dc),
                at(6).text()
            ));
            continue;
        };
        let end_date = match (kind, at(7).is_empty()) {
            (_, true) => None,
            (ReviewDecisionKind::Change, false) => match date_of(at(7)) {
                Some(d) => Some(d),
                None => {
                    out.warnings.push(format!(
                        "{}: {:?} is not a date (YYYY-MM-DD); skipped",
                        cell(row, col(7).unwrap_or(0)),
                        at(7).text()
                    ));
                    continue;
                }
            },
            // An end date left next to keep or revoke says nothing.
            (_, false) => None,
        };
        let comment = Some(at(8).text().into_owned()).filter(|c| !c.trim().is_empty());
        let decider = match (&by, at(5).text().trim()) {
            (Some(b), _) => b.clone(),
            (None, "") => item.reviewers.first().cloned().unwrap_or_default(),
            (None, name) => resolve(model, EntityKind::Person, name).map_err(|e| {
                import_error(format!("{}: {}", cell(row, col(5).unwrap_or(0)), e.message))
            })?,
        };
        if let Some(d) = review.decision(&key) {
            let same_comment =
                d.comment.as_deref().map(str::trim) == comment.as_deref().map(str::trim);
            if d.decision == kind && d.end_date == end_date && same_comment && d.by == decider {
                out.unchanged += 1;
                continue;
            }
        }
        let input = DecisionInput {
            assignment: key.clone(),
            decision: kind,
            end_date,
            comment,
            by: decider,
        };
        let edit = rules::decide(&working, id, input, now).map_err(|e| {
            import_error(format!(
                "{}: {}",
                cell(row, dc),
                error(e, model)
                    .message
                    .trim_end_matches("; nothing was recorded")
            ))
        })?;
        apply(&mut working, edit).map_err(|e| import_error(e.to_string()))?;
        out.decisions += 1;
    }
    if let Some(r) = working.access_reviews.iter().find(|r| r.id == id) {
        out.edit = Edit::Upsert {
            entity: Entity::AccessReview(r.clone()),
        };
    }
    if out.decisions == 0 && out.warnings.is_empty() && out.blank == 0 && out.unchanged == 0 {
        out.warnings
            .push(format!("{}: no item rows under the header", cell(head, 0)));
    }
    Ok(out)
}
