//! Reading a file into sheets of cell values, whatever its format, within fixed limits.
//!
//! The format is decided by the file's bytes, not its name. Zip-based workbooks (xlsx,
//! xlsm, xlsb, ods) have every part's declared size checked before anything is inflated;
//! xlsx and xlsb sheets are streamed cell by cell so that a sheet larger than the limits
//! is cut at the limit (and the cut reported) instead of being held in memory.

use std::io::{Cursor, Read, Seek, Write};

use calamine::{open_workbook_from_rs, Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};
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

    /// The value as text, the way a person reads it in the cell.
    pub fn text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(t) => t.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
            Value::Error(e) => e.clone(),
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
        self.get(row, col).text()
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
    let corrupt = |reason: String| ImportError::Corrupt {
        file: file.into(),
        reason,
    };
    let workbook = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let format = zip_format(file, bytes, limits)?;
        let cursor = Cursor::new(bytes);
        let sheets = match format {
            Format::Xlsx => {
                let mut wb: Xlsx<_> =
                    open_workbook_from_rs(cursor).map_err(|e| xlsx_error(file, e))?;
                read_xlsx(file, &mut wb, &mut budget)?
            }
            Format::Xlsb => {
                let mut wb: Xlsb<_> = open_workbook_from_rs(cursor)
                    .map_err(|e| corrupt(format!("not a readable xlsb workbook: {e}")))?;
                read_xlsb(file, &mut wb, &mut budget)?
            }
            _ => {
                let bounded = bound_ods(file, bytes, limits)?;
                let cursor = Cursor::new(bounded.bytes.as_deref().unwrap_or(bytes));
                let mut wb: Ods<_> = open_workbook_from_rs(cursor).map_err(|e| match e {
                    calamine::OdsError::Password => {
                        ImportError::PasswordProtected { file: file.into() }
                    }
                    e => corrupt(format!("not a readable ods workbook: {e}")),
                })?;
                let mut sheets = read_dense(file, &mut wb, &mut budget, |_, _| Vec::new())?;
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
        let mut wb: Xls<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| match e {
            calamine::XlsError::Password => ImportError::PasswordProtected { file: file.into() },
            e => corrupt(format!("not a readable xls workbook: {e}")),
        })?;
        let merges =
            |wb: &Xls<_>, name: &str| wb.merge_cells_by_sheet_name(name).unwrap_or_default();
        let sheets = read_dense(file, &mut wb, &mut budget, merges)?;
        Workbook {
            format: Format::Xls,
            sheets,
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

fn xlsx_error(file: &str, e: calamine::XlsxError) -> ImportError {
    match e {
        calamine::XlsxError::Password => ImportError::PasswordProtected { file: file.into() },
        e => ImportError::Corrupt {
            file: file.into(),
            reason: format!("not a readable xlsx workbook: {e}"),
        },
    }
}

fn value_of(data: &DataRef<'_>) -> Value {
    match data {
        DataRef::Empty => Value::Empty,
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_string()),
        DataRef::Int(i) => Value::Int(*i),
        DataRef::Float(f) => Value::Float(*f),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) if d.is_datetime() => d
            .as_datetime()
            .map(|d| Value::Date(d.date()))
            .unwrap_or(Value::Float(d.as_f64())),
        DataRef::DateTime(d) => Value::Float(d.as_f64()),
        DataRef::DateTimeIso(s) => iso_date(s),
        DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Error(format!("#{e:?}")),
    }
}

fn value_of_data(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Int(*i),
        Data::Float(f) => Value::Float(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) if d.is_datetime() => d
            .as_datetime()
            .map(|d| Value::Date(d.date()))
            .unwrap_or(Value::Float(d.as_f64())),
        Data::DateTime(d) => Value::Float(d.as_f64()),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(format!("#{e:?}")),
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

fn read_xlsx<RS: Read + Seek>(
    file: &str,
    wb: &mut Xlsx<RS>,
    budget: &mut Budget<'_>,
) -> Result<Vec<Sheet>, ImportError> {
    let names = wb.sheet_names();
    each_sheet(file, names, budget, |name, index, budget, sheet| {
        {
            let mut cells = wb.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
            budget.start_sheet(index, declared_rows(&cells.dimensions()));
            stream_cells(sheet, budget, || {
                cells
                    .next_cell()
                    .map(|c| c.map(positioned))
                    .map_err(|e| e.to_string())
            })?;
        }
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
        let mut cells = wb.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
        budget.start_sheet(index, declared_rows(&cells.dimensions()));
        stream_cells(sheet, budget, || {
            cells
                .next_cell()
                .map(|c| c.map(positioned))
                .map_err(|e| e.to_string())
        })
    })
}

/// Formats whose reader gives a whole range at once (xls, ods); their size is bounded by
/// the file-size and part-size limits checked before, and for ods (whose repeat attributes
/// multiply a few bytes into millions of cells) by [`bound_ods`].
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
                Admit::Keep => sheet.set(row, col, value_of_data(data)),
                Admit::Skip => {}
                Admit::StopSheet => break 'cells,
            }
        }
        sheet.truncated = cut;
        sheet.merged = merges(wb, name).iter().map(region).collect();
        sheet.spread_merged();
        Ok(())
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

/// `B7` for row 6, column 1 (0-based).
pub fn cell_ref(row: u32, col: u32) -> String {
    crate::cellref::cell_name(row, col)
}

/// `Sheet!B7`; sheet names with spaces or punctuation are quoted as spreadsheets do.
pub fn source_ref(sheet: &str, row: u32, col: u32) -> String {
    CellRef::new(sheet, row, col).to_string()
}

/// An ods file made safe for calamine: `bytes` is a rewritten copy when the original had to
/// be cut, and `cuts` says, per table in order, what was cut.
struct BoundedOds {
    bytes: Option<Vec<u8>>,
    cuts: Vec<Vec<String>>,
}

/// The widest row calamine expands an ods row to.
const ODS_MAX_COLUMNS: u64 = 16_384;
/// The most rows calamine expands an ods table to.
const ODS_MAX_ROWS: u64 = 1_048_576;

/// calamine reads an ods file whole: every `number-rows-repeated` and
/// `number-columns-repeated` attribute is expanded into a dense range of cells (and a
/// second one of formulas) before any cell can be looked at, up to 100 million cells, and
/// beyond that the file fails as unreadable. So a few hundred bytes that repeat a cell
/// over a million rows and sixteen thousand columns either take gigabytes or fail as if
/// damaged. This looks at `content.xml` first and, when the expanded tables would hold
/// more than `limits.max_cells` cells, rewrites it so that they do not: cells right of
/// `limits.max_columns` (plus one, so the cut is seen and reported) are dropped, and each
/// table keeps only as many rows as its share of the cell limit allows.
fn bound_ods(file: &str, bytes: &[u8], limits: &Limits) -> Result<BoundedOds, ImportError> {
    let unchanged = BoundedOds {
        bytes: None,
        cuts: Vec::new(),
    };
    let corrupt = |reason: String| ImportError::Corrupt {
        file: file.into(),
        reason,
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("the zip container cannot be read: {e}")))?;
    let mut xml = Vec::new();
    match archive.by_name("content.xml") {
        Ok(part) => part
            .take(limits.max_part_bytes.saturating_add(1))
            .read_to_end(&mut xml)
            .map_err(|e| corrupt(format!("content.xml cannot be inflated: {e}")))?,
        // calamine says what is missing.
        Err(_) => return Ok(unchanged),
    };
    if xml.len() as u64 > limits.max_part_bytes {
        return Err(ImportError::ZipBomb {
            file: file.into(),
            part: "content.xml".into(),
            size: xml.len() as u64,
            limit: limits.max_part_bytes,
        });
    }
    let tables = ods_tables(&xml);
    let expanded: u64 = tables
        .iter()
        .map(|t| t.area().max(t.pushed))
        .fold(0, u64::saturating_add);
    if expanded <= limits.max_cells {
        return Ok(unchanged);
    }
    let (content, cuts) = cut_ods(&xml, &tables, limits);
    drop(xml);
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let rezip =
        |e: zip::result::ZipError| corrupt(format!("the zip container cannot be read: {e}"));
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).map_err(rezip)?;
        if part.name().map_err(rezip)? == "content.xml" {
            drop(part);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            out.start_file("content.xml", options).map_err(rezip)?;
            out.write_all(&content)
                .map_err(|e| corrupt(format!("content.xml cannot be rewritten: {e}")))?;
        } else {
            out.raw_copy_file(part).map_err(rezip)?;
        }
    }
    let bytes = out.finish().map_err(rezip)?.into_inner();
    Ok(BoundedOds {
        bytes: Some(bytes),
        cuts,
    })
}

/// One table of an ods `content.xml` as calamine would expand it.
#[derive(Debug, Default)]
struct OdsTable {
    /// Expanded row where the first row holding something starts.
    first: Option<u64>,
    /// Expanded row after the last row holding something.
    end: u64,
    /// Widest row holding something, up to its last cell holding something.
    width: u64,
    /// Cells calamine keeps before expanding repeated rows.
    pushed: u64,
}

impl OdsTable {
    /// The cells of the dense range calamine builds.
    fn area(&self) -> u64 {
        self.first
            .map(|first| (self.end - first).saturating_mul(self.width))
            .unwrap_or(0)
    }
}

/// A tag of an XML text: its bytes are `xml[start..end]`.
#[derive(Debug, Clone, Copy)]
struct Tag<'a> {
    start: usize,
    end: usize,
    name: &'a [u8],
    closing: bool,
    empty: bool,
}

impl<'a> Tag<'a> {
    fn is(&self, name: &str) -> bool {
        self.name == name.as_bytes()
    }

    fn is_cell(&self) -> bool {
        self.is("table:table-cell") || self.is("table:covered-table-cell")
    }

    /// Where the value of attribute `name` is in the XML.
    fn attr(&self, xml: &'a [u8], name: &str) -> Option<(usize, usize)> {
        let tag = &xml[self.start..self.end];
        let name = name.as_bytes();
        let mut from = 0;
        while let Some(at) = find(&tag[from..], name).map(|i| i + from) {
            from = at + name.len();
            if !tag[at - 1].is_ascii_whitespace() {
                continue;
            }
            let mut i = from;
            while tag.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
                i += 1;
            }
            if tag.get(i) != Some(&b'=') {
                continue;
            }
            i += 1;
            while tag.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
                i += 1;
            }
            let quote = *tag.get(i)?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            let close = tag[i + 1..].iter().position(|&b| b == quote)? + i + 1;
            return Some((self.start + i + 1, self.start + close));
        }
        None
    }

    /// The repeat count in attribute `name` (1 when absent or not a number).
    fn repeats(&self, xml: &[u8], name: &str) -> u64 {
        self.attr(xml, name)
            .and_then(|(a, b)| std::str::from_utf8(&xml[a..b]).ok()?.trim().parse().ok())
            .unwrap_or(1)
    }

    /// Whether a cell holds something: a value type or any content.
    fn holds(&self, xml: &[u8]) -> bool {
        !self.empty || self.attr(xml, "office:value-type").is_some()
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The next tag at or after `from`; comments, CDATA, processing instructions and
/// declarations are skipped.
fn next_tag(xml: &[u8], mut from: usize) -> Option<Tag<'_>> {
    loop {
        let start = xml[from..].iter().position(|&b| b == b'<')? + from;
        let rest = &xml[start..];
        let skip_to = |close: &[u8]| find(rest, close).map(|i| start + i + close.len());
        if rest.starts_with(b"<!--") {
            from = skip_to(b"-->")?;
            continue;
        }
        if rest.starts_with(b"<![CDATA[") {
            from = skip_to(b"]]>")?;
            continue;
        }
        if rest.starts_with(b"<?") {
            from = skip_to(b"?>")?;
            continue;
        }
        if rest.starts_with(b"<!") {
            from = skip_to(b">")?;
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = xml[name_start..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')?;
        let mut quote = None;
        let mut i = name_start + name_len;
        while i < xml.len() {
            match (quote, xml[i]) {
                (None, b'"' | b'\'') => quote = Some(xml[i]),
                (Some(q), b) if b == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            i += 1;
        }
        if i >= xml.len() {
            return None;
        }
        return Some(Tag {
            start,
            end: i + 1,
            name: &xml[name_start..name_start + name_len],
            closing,
            empty: xml[i - 1] == b'/',
        });
    }
}

/// Where the element opened by `tag` ends (after its closing tag), and whether a cell in it
/// holds something.
fn element_end(xml: &[u8], tag: Tag<'_>) -> (usize, bool) {
    let mut holds = tag.is_cell() && tag.holds(xml);
    if tag.empty {
        return (tag.end, holds);
    }
    let mut depth = 1;
    let mut at = tag.end;
    while let Some(t) = next_tag(xml, at) {
        at = t.end;
        if t.is_cell() && !t.closing && t.holds(xml) {
            holds = true;
        }
        if t.name == tag.name && !t.empty {
            depth += if t.closing { -1 } else { 1 };
            if depth == 0 {
                return (at, holds);
            }
        }
    }
    (xml.len(), holds)
}

/// The next opening tag that `wanted` accepts, at or after `from` and before `end`.
fn next_open<'a>(
    xml: &'a [u8],
    mut from: usize,
    end: usize,
    wanted: impl Fn(&Tag<'a>) -> bool,
) -> Option<Tag<'a>> {
    while let Some(tag) = next_tag(xml, from).filter(|t| t.start < end) {
        if !tag.closing && wanted(&tag) {
            return Some(tag);
        }
        from = tag.end;
    }
    None
}

/// The next table calamine reads (a named, non-empty `table:table` element) at or after
/// `from`: its opening tag and where the element ends.
fn next_table(xml: &[u8], from: usize) -> Option<(Tag<'_>, usize)> {
    let tag = next_open(xml, from, xml.len(), |t| {
        t.is("table:table") && !t.empty && t.attr(xml, "table:name").is_some()
    })?;
    Some((tag, element_end(xml, tag).0))
}

/// The tables of an ods `content.xml`, expanded the way calamine expands them.
fn ods_tables(xml: &[u8]) -> Vec<OdsTable> {
    let mut tables = Vec::new();
    let mut at = 0;
    while let Some((tag, end)) = next_table(xml, at) {
        at = tag.end;
        let mut table = OdsTable::default();
        let mut rows = 0u64;
        while let Some(row) = next_open(xml, at, end, |t| t.is("table:table-row")) {
            at = row.end;
            let repeats = row
                .repeats(xml, "table:number-rows-repeated")
                .min(ODS_MAX_ROWS - rows);
            let (row_end, _) = element_end(xml, row);
            let (mut col, mut width) = (0u64, 0u64);
            while let Some(cell) = next_open(xml, at, row_end, Tag::is_cell) {
                let repeats = cell.repeats(xml, "table:number-columns-repeated");
                col = col.saturating_add(repeats).min(ODS_MAX_COLUMNS);
                if cell.holds(xml) {
                    width = col;
                }
                at = element_end(xml, cell).0;
            }
            at = row_end;
            if width > 0 {
                table.first.get_or_insert(rows);
                table.end = rows + repeats;
                table.width = table.width.max(width);
                table.pushed = table.pushed.saturating_add(width);
            }
            rows += repeats;
        }
        at = end;
        tables.push(table);
    }
    tables
}

/// `content.xml` with every table cut to fit the limits (see [`bound_ods`]), and what was
/// cut from each table.
fn cut_ods(xml: &[u8], tables: &[OdsTable], limits: &Limits) -> (Vec<u8>, Vec<Vec<String>>) {
    let mut out = Vec::with_capacity(xml.len().min(64 << 20));
    let mut copied = 0;
    let mut edit = |out: &mut Vec<u8>, from: usize, to: usize, with: &[u8]| {
        out.extend_from_slice(&xml[copied..from]);
        out.extend_from_slice(with);
        copied = to;
    };
    let max_cols = u64::from(limits.max_columns) + 1;
    let mut cells_left = limits.max_cells;
    let mut cuts = Vec::new();
    let mut at = 0;
    let mut tables = tables.iter();
    while let Some((tag, end)) = next_table(xml, at) {
        at = tag.end;
        let table = tables.next().map(|t| (t.end, t.width)).unwrap_or((0, 0));
        let (last, width) = (table.0, table.1.clamp(1, max_cols));
        let row_limit = u64::from(limits.max_rows) + 1;
        let max_rows = row_limit.min(cells_left / width);
        let (mut rows, mut kept) = (0u64, 0u64);
        let (mut rows_cut, mut cols_cut) = (false, false);
        while let Some(row) = next_open(xml, at, end, |t| t.is("table:table-row")) {
            at = row.end;
            let repeats = row.repeats(xml, "table:number-rows-repeated");
            let (row_end, holds) = element_end(xml, row);
            if rows >= last || kept >= max_rows {
                // Rows after the last one holding anything, or past the limit: dropped.
                rows_cut |= holds && rows < last;
                edit(&mut out, row.start, row_end, b"");
                rows = rows.saturating_add(repeats);
                at = row_end;
                continue;
            }
            if kept + repeats > max_rows {
                rows_cut |= holds;
                if let Some((a, b)) = row.attr(xml, "table:number-rows-repeated") {
                    edit(&mut out, a, b, (max_rows - kept).to_string().as_bytes());
                }
            }
            rows = rows.saturating_add(repeats);
            kept += repeats.min(max_rows - kept);
            let mut col = 0u64;
            while let Some(cell) = next_open(xml, at, row_end, Tag::is_cell) {
                let (cell_end, holds) = element_end(xml, cell);
                let repeats = cell.repeats(xml, "table:number-columns-repeated");
                if col >= max_cols {
                    cols_cut |= holds;
                    edit(&mut out, cell.start, cell_end, b"");
                } else if col + repeats > max_cols {
                    cols_cut |= holds;
                    if let Some((a, b)) = cell.attr(xml, "table:number-columns-repeated") {
                        edit(&mut out, a, b, (max_cols - col).to_string().as_bytes());
                    }
                }
                col = col.saturating_add(repeats);
                at = cell_end;
            }
            at = row_end;
        }
        cells_left = cells_left.saturating_sub(kept.min(last) * width);
        at = end;
        let mut cut = Vec::new();
        if rows_cut && max_rows < row_limit {
            cut.push(format!(
                "only the first {kept} rows were read: with its repeated cells expanded the \
                 file holds more than the {} cells the importer reads",
                limits.max_cells
            ));
        } else if rows_cut {
            cut.push(format!(
                "only the first {} rows were read; the sheet goes on below",
                limits.max_rows
            ));
        }
        if cols_cut {
            cut.push(format!(
                "only the first {} columns were read; cells further right were ignored",
                limits.max_columns
            ));
        }
        cuts.push(cut);
    }
    out.extend_from_slice(&xml[copied..]);
    (out, cuts)
}
