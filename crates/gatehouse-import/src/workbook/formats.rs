//! The workbook formats calamine reads (xlsx, xlsb, xls, ods), each into sheets of
//! [`Value`]s within the one [`Budget`] of the file.

use std::io::{Cursor, Read, Seek};

use calamine::{
    open_workbook_from_rs, DataRef, DataType, Ods, Reader, Xls, Xlsb, Xlsx, XlsxFormulaMetadata,
};
use chrono::NaiveDate;

use super::{Admit, Budget, Region, Sheet, Value, MERGE_SCAN_MAX_CELLS};
use crate::error::ImportError;

fn corrupt(file: &str, reason: String) -> ImportError {
    ImportError::Corrupt {
        file: file.into(),
        reason,
    }
}

pub(super) fn xlsx(
    file: &str,
    bytes: &[u8],
    budget: &mut Budget<'_>,
) -> Result<Vec<Sheet>, ImportError> {
    let mut wb: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| xlsx_error(file, e))?;
    read_xlsx(file, &mut wb, budget)
}

pub(super) fn xlsb(
    file: &str,
    bytes: &[u8],
    budget: &mut Budget<'_>,
) -> Result<Vec<Sheet>, ImportError> {
    let mut wb: Xlsb<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| corrupt(file, format!("not a readable xlsb workbook: {e}")))?;
    read_xlsb(file, &mut wb, budget)
}

/// An ods file, already bounded by [`super::ods::bound_ods`].
pub(super) fn ods(
    file: &str,
    bytes: &[u8],
    budget: &mut Budget<'_>,
) -> Result<Vec<Sheet>, ImportError> {
    let mut wb: Ods<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| match e {
        calamine::OdsError::Password => ImportError::PasswordProtected { file: file.into() },
        e => corrupt(file, format!("not a readable ods workbook: {e}")),
    })?;
    read_dense(file, &mut wb, budget, |_, _| Vec::new())
}

pub(super) fn xls(
    file: &str,
    bytes: &[u8],
    budget: &mut Budget<'_>,
) -> Result<Vec<Sheet>, ImportError> {
    let mut wb: Xls<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Password => ImportError::PasswordProtected { file: file.into() },
        e => corrupt(file, format!("not a readable xls workbook: {e}")),
    })?;
    let merges = |wb: &Xls<_>, name: &str| wb.merge_cells_by_sheet_name(name).unwrap_or_default();
    read_dense(file, &mut wb, budget, merges)
}

fn xlsx_error(file: &str, e: calamine::XlsxError) -> ImportError {
    match e {
        calamine::XlsxError::Password => ImportError::PasswordProtected { file: file.into() },
        e => ImportError::Corrupt {
            file: file.into(),
            reason: format!("not a readable xlsx workbook: {e}"),
        },
    }
}

/// A cell as the importer sees it, from calamine's streamed (`DataRef`) and whole-range
/// (`Data`) cells alike.
fn value_of(data: &impl DataType) -> Value {
    if let Some(s) = data.get_string() {
        Value::Text(s.to_string())
    } else if let Some(i) = data.get_int() {
        Value::Int(i)
    } else if let Some(f) = data.get_float() {
        Value::Float(f)
    } else if let Some(b) = data.get_bool() {
        Value::Bool(b)
    } else if let Some(d) = data.get_datetime() {
        match d.as_datetime().filter(|_| d.is_datetime()) {
            Some(d) => Value::Date(d.date()),
            None => Value::Float(d.as_f64()),
        }
    } else if let Some(s) = data.get_datetime_iso() {
        iso_date(s)
    } else if let Some(s) = data.get_duration_iso() {
        Value::Text(s.to_string())
    } else if let Some(e) = data.get_error() {
        Value::Error(format!("#{e:?}"))
    } else {
        Value::Empty
    }
}

fn iso_date(s: &str) -> Value {
    s.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(Value::Date)
        .unwrap_or_else(|| Value::Text(s.to_string()))
}

/// A streamed cell as (row, column, value).
fn positioned(cell: calamine::Cell<DataRef<'_>>) -> (u32, u32, Value) {
    let (row, col) = cell.get_position();
    (row, col, value_of(cell.get_value()))
}

/// Fills `sheet` from a cell stream (xlsx and xlsb share this), within the budget; a cut is
/// recorded on the sheet.
fn stream_cells(
    sheet: &mut Sheet,
    budget: &mut Budget<'_>,
    mut next: impl FnMut() -> Result<Option<(u32, u32, Value)>, String>,
) -> Result<(), String> {
    let mut cut = None;
    while let Some((row, col, value)) = next()? {
        match budget.admit(row, col, &mut cut) {
            Admit::Keep => sheet.set(row, col, value),
            Admit::Skip => {}
            Admit::StopSheet => break,
        }
    }
    sheet.truncated = cut;
    Ok(())
}

/// The loop every format shares: each sheet in turn (`read` fills one), within the one
/// budget, stopping once the import is cancelled.
fn each_sheet(
    file: &str,
    names: Vec<String>,
    budget: &mut Budget<'_>,
    mut read: impl FnMut(&str, usize, &mut Budget<'_>, &mut Sheet) -> Result<(), String>,
) -> Result<Vec<Sheet>, ImportError> {
    let mut sheets = Vec::new();
    budget.sheets = names.len();
    for (index, name) in names.into_iter().enumerate() {
        if budget.cancelled {
            break;
        }
        let mut sheet = Sheet::new(&name);
        read(&name, index, budget, &mut sheet).map_err(|reason| ImportError::Sheet {
            file: file.into(),
            sheet: name.clone(),
            reason,
        })?;
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// Streams one worksheet of an xlsx or xlsb workbook into `sheet`: their cell readers are
/// different types with the same methods.
macro_rules! stream_worksheet {
    ($wb:expr, $name:expr, $index:expr, $budget:expr, $sheet:expr) => {{
        let mut cells = $wb
            .worksheet_cells_reader($name)
            .map_err(|e| e.to_string())?;
        $budget.start_sheet($index, declared_rows(&cells.dimensions()));
        stream_cells($sheet, $budget, || {
            cells
                .next_cell()
                .map(|c| c.map(positioned))
                .map_err(|e| e.to_string())
        })
    }};
}

fn read_xlsx<RS: Read + Seek>(
    file: &str,
    wb: &mut Xlsx<RS>,
    budget: &mut Budget<'_>,
) -> Result<Vec<Sheet>, ImportError> {
    let names = wb.sheet_names();
    each_sheet(file, names, budget, |name, index, budget, sheet| {
        // Values and formulas in one pass: a formula cell with no saved value is noted.
        let mut uncached = Vec::new();
        let mut cells = wb.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
        budget.start_sheet(index, declared_rows(&cells.dimensions()));
        stream_cells(sheet, budget, || {
            let Some(cell) = cells
                .next_cell_with_formula_metadata()
                .map_err(|e| e.to_string())?
            else {
                return Ok(None);
            };
            let (row, col) = cell.pos;
            if let (DataRef::Empty, Some(formula)) = (&cell.value, cell.formula) {
                let text = match formula {
                    XlsxFormulaMetadata::Normal { formula }
                    | XlsxFormulaMetadata::Shared { formula, .. } => Some(formula),
                    _ => None,
                };
                uncached.push((row, col, text));
            }
            Ok(Some((row, col, value_of(&cell.value))))
        })?;
        drop(cells);
        // Only those within the rows kept (a sheet cut at a limit keeps its first rows).
        uncached.retain(|&(r, _, _)| r < sheet.height());
        sheet.uncached = uncached;
        // calamine finds merged cells by parsing the sheet a second time; they matter for
        // the group headers of matrices, not for long lists, so large sheets skip it.
        if sheet.cell_count() <= MERGE_SCAN_MAX_CELLS {
            sheet.merged = wb
                .merge_cells_by_sheet_name(name)
                .unwrap_or_default()
                .iter()
                .map(region)
                .collect();
            sheet.spread_merged();
        }
        Ok(())
    })
}

fn read_xlsb<RS: Read + Seek>(
    file: &str,
    wb: &mut Xlsb<RS>,
    budget: &mut Budget<'_>,
) -> Result<Vec<Sheet>, ImportError> {
    let names = wb.sheet_names();
    each_sheet(file, names, budget, |name, index, budget, sheet| {
        stream_worksheet!(wb, name, index, budget, sheet)
    })
}

/// Formats whose reader gives a whole range at once (xls, ods); their size is bounded by
/// the file-size and part-size limits checked before, and for ods (whose repeat attributes
/// multiply a few bytes into millions of cells) by [`super::ods::bound_ods`].
fn read_dense<RS: Read + Seek, R: Reader<RS>>(
    file: &str,
    wb: &mut R,
    budget: &mut Budget<'_>,
    merges: impl Fn(&R, &str) -> Vec<calamine::Dimensions>,
) -> Result<Vec<Sheet>, ImportError>
where
    R::Error: std::fmt::Display,
{
    let names = wb.sheet_names();
    each_sheet(file, names, budget, |name, index, budget, sheet| {
        let range = wb.worksheet_range(name).map_err(|e| e.to_string())?;
        budget.start_sheet(index, range.end().map(|(r, _)| r + 1).unwrap_or(0));
        let mut cut = None;
        'cells: for (row, col, data) in range.used_cells() {
            let (row, col) = match range.start() {
                Some((r0, c0)) => (r0 + row as u32, c0 + col as u32),
                None => break,
            };
            match budget.admit(row, col, &mut cut) {
                Admit::Keep => sheet.set(row, col, value_of(data)),
                Admit::Skip => {}
                Admit::StopSheet => break 'cells,
            }
        }
        sheet.truncated = cut;
        sheet.uncached = uncached(&range, &wb.worksheet_formula(name).unwrap_or_default())
            .filter(|&(r, _, _)| r < sheet.height())
            .collect();
        sheet.merged = merges(wb, name).iter().map(region).collect();
        sheet.spread_merged();
        Ok(())
    })
}

/// The formula cells of a dense sheet whose file saved no value for them (nothing at all,
/// not an empty text), with the formula as written after its `=` (an ods formula's `of:`
/// namespace left out). The readers of these formats parse the formulas with the values,
/// so this is no second pass over the file. (An xls or xlsb formula record always holds a
/// result, if perhaps a stale one: a missing value is a thing of xlsx and ods files.)
fn uncached<'a>(
    values: &'a calamine::Range<calamine::Data>,
    formulas: &'a calamine::Range<String>,
) -> impl Iterator<Item = (u32, u32, Option<String>)> + 'a {
    let (r0, c0) = formulas.start().unwrap_or_default();
    formulas
        .used_cells()
        .filter(|(_, _, f)| !f.trim().is_empty())
        .map(move |(r, c, f)| (r0 + r as u32, c0 + c as u32, f))
        .filter(|&(r, c, _)| matches!(values.get_value((r, c)), None | Some(calamine::Data::Empty)))
        .map(|(r, c, f)| {
            let f = f.trim();
            let f = f.strip_prefix("of:").unwrap_or(f);
            (r, c, Some(f.strip_prefix('=').unwrap_or(f).to_string()))
        })
}

/// Rows a sheet says it has (from its dimension record), 0 when it does not say.
fn declared_rows(d: &calamine::Dimensions) -> u32 {
    if d.end.0 > 0 {
        d.end.0 + 1
    } else {
        0
    }
}

fn region(d: &calamine::Dimensions) -> Region {
    Region {
        first_row: d.start.0,
        first_col: d.start.1,
        last_row: d.end.0,
        last_col: d.end.1,
    }
}
