//! Reading a file into sheets of cell values, whatever its format, within fixed limits.
//!
//! The format is decided by the file's bytes, not its name. Zip-based workbooks (xlsx,
//! xlsm, xlsb, ods) have every part's declared size checked before anything is inflated;
//! xlsx and xlsb sheets are streamed cell by cell so that a sheet larger than the limits
//! is cut at the limit (and the cut reported) instead of being held in memory.

mod formats;
mod ods;

use std::borrow::Cow;
use std::io::Cursor;

use chrono::NaiveDate;

use crate::cellref::CellRef;
use crate::csvfile;
use crate::error::ImportError;
use crate::progress::{grouped, Progress, Stage};

/// Bounds on what one import may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_file_bytes: u64,
    /// Largest declared size of any one part of a zip-based workbook.
    pub max_part_bytes: u64,
    /// Rows read per sheet; the rest of a longer sheet is cut and the cut reported.
    pub max_rows: u32,
    /// Columns read per sheet; cells further right are cut and the cut reported.
    pub max_columns: u32,
    /// Non-empty cells read in the whole file.
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 << 20,
            max_part_bytes: 256 << 20,
            max_rows: 250_000,
            max_columns: 1_024,
            max_cells: 5_000_000,
        }
    }
}

/// One cell's value as the importer sees it. Formula cells hold their cached value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    #[default]
    Empty,
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(NaiveDate),
    Error(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as text, the way a person reads it in the cell (text cells borrowed, not
    /// copied: detection reads every cell's text).
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Value::Empty => Cow::Borrowed(""),
            Value::Text(t) | Value::Error(t) => Cow::Borrowed(t),
            Value::Int(i) => Cow::Owned(i.to_string()),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                Cow::Owned(format!("{}", *f as i64))
            }
            Value::Float(f) => Cow::Owned(f.to_string()),
            Value::Bool(b) => Cow::Owned(b.to_string()),
            Value::Date(d) => Cow::Owned(d.format("%Y-%m-%d").to_string()),
        }
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Value::Int(_) | Value::Float(_))
    }
}

/// A rectangle of merged cells, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// One sheet: rows of values addressed by absolute 0-based row and column.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    rows: Vec<Vec<Value>>,
    pub merged: Vec<Region>,
    /// Why part of the sheet was not read, when it was cut at a limit.
    pub truncated: Option<String>,
    /// Formula cells the file saved no value for (row, column, the formula when it is
    /// written in the cell): they read as blank, since nothing here computes formulas.
    pub uncached: Vec<(u32, u32, Option<String>)>,
}

static EMPTY: Value = Value::Empty;

/// Sheets with more cells than this are read without their merged regions (xlsx).
pub const MERGE_SCAN_MAX_CELLS: u64 = 50_000;

impl Sheet {
    pub fn new(name: &str) -> Sheet {
        Sheet {
            name: name.to_string(),
            ..Sheet::default()
        }
    }

    pub fn get(&self, row: u32, col: u32) -> &Value {
        self.rows
            .get(row as usize)
            .and_then(|r| r.get(col as usize))
            .unwrap_or(&EMPTY)
    }

    pub fn text(&self, row: u32, col: u32) -> String {
        self.get(row, col).text().into_owned()
    }

    /// Number of rows up to the last one holding anything.
    pub fn height(&self) -> u32 {
        self.rows.len() as u32
    }

    /// Number of columns up to the last one holding anything, over all rows.
    pub fn width(&self) -> u32 {
        self.rows.iter().map(|r| r.len()).max().unwrap_or(0) as u32
    }

    pub fn row(&self, row: u32) -> &[Value] {
        self.rows
            .get(row as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn set(&mut self, row: u32, col: u32, value: Value) {
        if value.is_empty() {
            return;
        }
        let (r, c) = (row as usize, col as usize);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let cells = &mut self.rows[r];
        if cells.len() <= c {
            cells.resize(c + 1, Value::Empty);
        }
        cells[c] = value;
    }

    /// Copies each merged region's top-left value into its other cells, so that a header
    /// merged over several columns labels every one of them.
    fn spread_merged(&mut self) {
        for region in self.merged.clone() {
            let value = self.get(region.first_row, region.first_col).clone();
            if value.is_empty() {
                continue;
            }
            let cells = u64::from(region.last_row - region.first_row + 1)
                * u64::from(region.last_col - region.first_col + 1);
            if cells > 10_000 {
                continue;
            }
            for r in region.first_row..=region.last_row {
                for c in region.first_col..=region.last_col {
                    if self.get(r, c).is_empty() {
                        self.set(r, c, value.clone());
                    }
                }
            }
        }
    }

    /// Non-empty cells.
    pub fn cell_count(&self) -> u64 {
        self.rows
            .iter()
            .map(|r| r.iter().filter(|v| !v.is_empty()).count() as u64)
            .sum()
    }
}

/// The file's format, as recognised from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "csv",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Workbook {
    pub format: Format,
    pub sheets: Vec<Sheet>,
    /// Notes about how the file was read (encoding, delimiter).
    pub notes: Vec<String>,
    /// Doubts about the whole file, shown as warnings (bytes that are not in the
    /// encoding the rest of the file is in).
    pub doubts: Vec<String>,
}

/// Cell budget shared by every sheet of a file; also where reading reports its progress
/// and notices a cancel.
pub(crate) struct Budget<'a> {
    cells: u64,
    limits: Limits,
    progress: Progress<'a>,
    /// The sheet being read (0-based) and how many the file has.
    pub(crate) sheet: usize,
    pub(crate) sheets: usize,
    /// How many rows the sheet being read declares (0 when it does not say).
    pub(crate) rows: u32,
    cancelled: bool,
}

/// Progress is reported (and a cancel noticed) every this many cells.
const REPORT_EVERY: u64 = 4_096;

impl Budget<'_> {
    /// Whether a cell at (row, col) may be kept; records why not in `cut`.
    pub(crate) fn admit(&mut self, row: u32, col: u32, cut: &mut Option<String>) -> Admit {
        if self.cells % REPORT_EVERY == REPORT_EVERY - 1 && self.tick(row) {
            return Admit::StopSheet;
        }
        if row >= self.limits.max_rows {
            cut.get_or_insert_with(|| {
                format!(
                    "only the first {} rows were read; the sheet goes on below",
                    self.limits.max_rows
                )
            });
            return Admit::StopSheet;
        }
        if col >= self.limits.max_columns {
            cut.get_or_insert_with(|| {
                format!(
                    "only the first {} columns were read; cells further right were ignored",
                    self.limits.max_columns
                )
            });
            return Admit::Skip;
        }
        if self.cells >= self.limits.max_cells {
            cut.get_or_insert_with(|| {
                format!(
                    "the file's limit of {} cells was reached; the rest was not read",
                    self.limits.max_cells
                )
            });
            return Admit::StopSheet;
        }
        self.cells += 1;
        Admit::Keep
    }

    /// Reports how far reading has got at `row`; true when the import was cancelled.
    #[cold]
    fn tick(&mut self, row: u32) -> bool {
        if self.progress.is_cancelled() {
            self.cancelled = true;
            return true;
        }
        // Reading stops at the row limit however many rows a sheet declares; a sheet that
        // declares none moves the bar on ever more slowly (half way at 50,000 rows).
        let within = if self.rows > 0 {
            let rows = self.rows.min(self.limits.max_rows).max(row + 1);
            f64::from(row) / f64::from(rows)
        } else {
            f64::from(row) / (f64::from(row) + 50_000.0)
        };
        let sheets = self.sheets.max(1);
        let part = (self.sheet as f64 + within.min(1.0)) / sheets as f64;
        let (sheet, of) = (self.sheet + 1, sheets);
        self.progress.report(Stage::Reading, part, || {
            if self.rows > 0 {
                let (at, rows) = (grouped(u64::from(row) + 1), grouped(self.rows.into()));
                format!("sheet {sheet} of {of}: row {at} of {rows}")
            } else {
                format!("sheet {sheet} of {of}: row {}", grouped(u64::from(row) + 1))
            }
        });
        false
    }

    /// Moves on to sheet `index`, which declares `rows` rows (0 when unknown).
    pub(crate) fn start_sheet(&mut self, index: usize, rows: u32) {
        self.sheet = index;
        self.rows = rows;
    }
}

pub(crate) enum Admit {
    Keep,
    Skip,
    StopSheet,
}

/// Reads `bytes` (the content of a file called `file`) into sheets.
pub fn read_workbook(file: &str, bytes: &[u8], limits: &Limits) -> Result<Workbook, ImportError> {
    read_workbook_with(file, bytes, limits, Progress::none())
}

/// [`read_workbook`], reporting to `progress` and stopping when it is cancelled.
pub fn read_workbook_with(
    file: &str,
    bytes: &[u8],
    limits: &Limits,
    progress: Progress<'_>,
) -> Result<Workbook, ImportError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ImportError::TooLarge {
            file: file.into(),
            size: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    progress.begin(file, Stage::Reading, || format!("opening {file}"))?;
    let mut budget = Budget {
        cells: 0,
        limits: *limits,
        progress,
        sheet: 0,
        sheets: 1,
        rows: 0,
        cancelled: false,
    };
    let workbook = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let format = zip_format(file, bytes, limits)?;
        let sheets = match format {
            Format::Xlsx => formats::xlsx(file, bytes, &mut budget)?,
            Format::Xlsb => formats::xlsb(file, bytes, &mut budget)?,
            _ => {
                let bounded = ods::bound_ods(file, bytes, limits)?;
                let mut sheets =
                    formats::ods(file, bounded.bytes.as_deref().unwrap_or(bytes), &mut budget)?;
                for (sheet, cuts) in sheets.iter_mut().zip(bounded.cuts) {
                    for cut in cuts {
                        sheet.truncated = Some(match sheet.truncated.take() {
                            Some(first) if first.contains(&cut) => first,
                            Some(first) => format!("{first}; {cut}"),
                            None => cut,
                        });
                    }
                }
                sheets
            }
        };
        Workbook {
            format,
            sheets,
            notes: Vec::new(),
            doubts: Vec::new(),
        }
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        if contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo") {
            return Err(ImportError::PasswordProtected { file: file.into() });
        }
        Workbook {
            format: Format::Xls,
            sheets: formats::xls(file, bytes, &mut budget)?,
            notes: Vec::new(),
            doubts: Vec::new(),
        }
    } else {
        let (sheet, notes, doubts) = csvfile::read(file, bytes, &mut budget)?;
        Workbook {
            format: Format::Csv,
            sheets: vec![sheet],
            notes,
            doubts,
        }
    };
    if budget.cancelled {
        return Err(ImportError::Cancelled { file: file.into() });
    }
    if workbook.sheets.iter().all(|s| s.height() == 0) {
        return Err(ImportError::Empty { file: file.into() });
    }
    Ok(workbook)
}

/// Checks a zip's declared part sizes and tells which workbook format it holds.
fn zip_format(file: &str, bytes: &[u8], limits: &Limits) -> Result<Format, ImportError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ImportError::Corrupt {
            file: file.into(),
            reason: format!("the zip container cannot be read ({e}); the file may be truncated"),
        })?;
    let mut format = None;
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).map_err(|e| ImportError::Corrupt {
            file: file.into(),
            reason: format!("part {i} of the zip container cannot be read: {e}"),
        })?;
        let name = part
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| format!("part {i}"));
        let size = part.size();
        if size > limits.max_part_bytes {
            return Err(ImportError::ZipBomb {
                file: file.into(),
                part: name,
                size,
                limit: limits.max_part_bytes,
            });
        }
        match name.as_str() {
            "xl/workbook.xml" => format = Some(Format::Xlsx),
            "xl/workbook.bin" => format = Some(Format::Xlsb),
            "content.xml" => format = format.or(Some(Format::Ods)),
            _ => {}
        }
    }
    format.ok_or_else(|| ImportError::NotASpreadsheet {
        file: file.into(),
        reason: "a zip archive, but without a workbook inside".into(),
    })
}

fn contains_utf16(bytes: &[u8], text: &str) -> bool {
    let needle: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// `B7` for row 6, column 1 (0-based).
pub fn cell_ref(row: u32, col: u32) -> String {
    crate::cellref::cell_name(row, col)
}

/// `Sheet!B7`; sheet names with spaces or punctuation are quoted as spreadsheets do.
pub fn source_ref(sheet: &str, row: u32, col: u32) -> String {
    CellRef::new(sheet, row, col).to_string()
}
