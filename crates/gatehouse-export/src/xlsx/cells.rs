//! Writing cells: text made safe from formula injection (CWE-1236), dates as dates, column
//! widths fitted to what was written, and registers as Excel tables.

use std::borrow::Cow;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatAlign, Table, TableColumn, Worksheet, XlsxError,
};

use crate::{ExportError, Sheet};

/// Widths are fitted to the longest value, within these bounds (in characters).
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

/// One value of a row.
pub(crate) enum Cell<'a> {
    Text(Cow<'a, str>),
    Number(f64),
    Date(NaiveDate),
    DateTime(DateTime<Utc>),
    Empty,
}

impl<'a> From<&'a str> for Cell<'a> {
    fn from(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Cell<'_> {
    fn from(s: String) -> Self {
        Cell::Text(Cow::Owned(s))
    }
}

impl<'a> From<Option<&'a str>> for Cell<'a> {
    fn from(s: Option<&'a str>) -> Cell<'a> {
        s.map_or(Cell::Empty, Cell::from)
    }
}

impl From<Option<NaiveDate>> for Cell<'_> {
    fn from(d: Option<NaiveDate>) -> Self {
        d.map_or(Cell::Empty, Cell::Date)
    }
}

/// Whether a spreadsheet would read `text` as a formula (or a DDE call) when it is
/// entered, edited or re-read from CSV: OWASP's list for CSV injection.
pub(crate) fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The workbook's formats, made once.
pub(crate) struct Formats {
    pub header: Format,
    pub header_quoted: Format,
    /// The matrix's capability headers, turned upright so the effect columns stay narrow.
    pub header_upright: Format,
    pub header_upright_quoted: Format,
    /// Text shown as typed: Excel and LibreOffice keep it a string on edit and in CSV.
    pub quoted: Format,
    /// Text longer than a column's widest: wrapped, so none is hidden under the next cell.
    pub wrapped: Format,
    pub wrapped_quoted: Format,
    pub date: Format,
    pub datetime: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        let header = Format::new().set_bold();
        let upright = header
            .clone()
            .set_rotation(90)
            .set_align(FormatAlign::Center);
        Formats {
            header_upright_quoted: upright.clone().set_quote_prefix(),
            header_upright: upright,
            header_quoted: header.clone().set_quote_prefix(),
            header,
            quoted: Format::new().set_quote_prefix(),
            wrapped: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            wrapped_quoted: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_quote_prefix(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
        }
    }
}

pub(crate) fn excel_date(d: NaiveDate) -> ExcelDateTime {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
        .expect("a calendar date Excel can hold")
}

pub(crate) fn excel_datetime(t: DateTime<Utc>) -> ExcelDateTime {
    let seconds = f64::from(t.second()) + f64::from(t.nanosecond() / 1000) / 1e6;
    excel_date(t.date_naive())
        .and_hms(t.hour() as u16, t.minute() as u8, seconds)
        .expect("a time of day")
}

/// What a refused write becomes: the sheet's name with rust_xlsxwriter's reason.
pub(crate) fn wrap(sheet: Sheet) -> impl Fn(XlsxError) -> ExportError {
    move |source| ExportError::Workbook {
        sheet: sheet.name().to_string(),
        source,
    }
}

/// A sheet being written: every write goes through here, so text is made safe and the
/// column widths follow the content.
pub(crate) struct SheetWriter<'w> {
    pub ws: &'w mut Worksheet,
    pub f: &'w Formats,
    pub sheet: Sheet,
    widths: Vec<usize>,
}

impl<'w> SheetWriter<'w> {
    pub(crate) fn new(
        ws: &'w mut Worksheet,
        f: &'w Formats,
        sheet: Sheet,
    ) -> Result<Self, ExportError> {
        let w = SheetWriter {
            ws,
            f,
            sheet,
            widths: Vec::new(),
        };
        w.ws.set_name(sheet.name()).map_err(wrap(sheet))?;
        Ok(w)
    }

    fn fit(&mut self, col: u16, chars: usize) {
        let col = usize::from(col);
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0);
        }
        self.widths[col] = self.widths[col].max(chars);
    }

    pub(crate) fn text(&mut self, row: u32, col: u16, text: &str) -> Result<(), ExportError> {
        let chars = text.chars().count();
        self.fit(col, chars);
        let format = match (looks_like_formula(text), chars > MAX_WIDTH) {
            (false, false) => None,
            (true, false) => Some(&self.f.quoted),
            (false, true) => Some(&self.f.wrapped),
            (true, true) => Some(&self.f.wrapped_quoted),
        };
        let written = match format {
            None => self.ws.write_string(row, col, text),
            Some(format) => self.ws.write_string_with_format(row, col, text, format),
        };
        written.map(|_| ()).map_err(wrap(self.sheet))
    }

    pub(crate) fn header(&mut self, row: u32, col: u16, text: &str) -> Result<(), ExportError> {
        self.fit(col, text.chars().count() + 2);
        let format = if looks_like_formula(text) {
            &self.f.header_quoted
        } else {
            &self.f.header
        };
        self.ws
            .write_string_with_format(row, col, text, format)
            .map(|_| ())
            .map_err(wrap(self.sheet))
    }

    /// A header turned upright (the matrix's capabilities): the column is as wide as its
    /// values, not its header.
    pub(crate) fn header_upright(
        &mut self,
        row: u32,
        col: u16,
        text: &str,
    ) -> Result<(), ExportError> {
        self.fit(col, 0);
        let format = if looks_like_formula(text) {
            &self.f.header_upright_quoted
        } else {
            &self.f.header_upright
        };
        self.ws
            .write_string_with_format(row, col, text, format)
            .map(|_| ())
            .map_err(wrap(self.sheet))
    }

    pub(crate) fn cell(&mut self, row: u32, col: u16, cell: &Cell) -> Result<(), ExportError> {
        let written = match cell {
            Cell::Text(t) => return self.text(row, col, t),
            Cell::Empty => return Ok(()),
            Cell::Number(n) => {
                self.fit(col, 8);
                self.ws.write_number(row, col, *n)
            }
            Cell::Date(d) => {
                self.fit(col, 10);
                self.ws
                    .write_datetime_with_format(row, col, excel_date(*d), &self.f.date)
            }
            Cell::DateTime(t) => {
                self.fit(col, 19);
                self.ws
                    .write_datetime_with_format(row, col, excel_datetime(*t), &self.f.datetime)
            }
        };
        written.map(|_| ()).map_err(wrap(self.sheet))
    }

    /// A register as an Excel table (header row, filters, a name to pivot on) starting at
    /// `first_row`, with the header row frozen when it is the sheet's first row. An empty
    /// register gets its header and a line saying so, not a table with an invented row.
    pub(crate) fn register<'a>(
        &mut self,
        first_row: u32,
        columns: &[&str],
        rows: impl IntoIterator<Item = Vec<Cell<'a>>>,
        empty: &str,
    ) -> Result<u32, ExportError> {
        let name = self.sheet.name().replace(' ', "_");
        self.register_as(&name, first_row, columns, rows, empty)
    }

    /// [`Self::register`] with the table named `name` (a sheet's second table).
    pub(crate) fn register_as<'a>(
        &mut self,
        name: &str,
        first_row: u32,
        columns: &[&str],
        rows: impl IntoIterator<Item = Vec<Cell<'a>>>,
        empty: &str,
    ) -> Result<u32, ExportError> {
        let mut last = first_row;
        for row in rows {
            last += 1;
            for (col, cell) in (0u16..).zip(&row) {
                self.cell(last, col, cell)?;
            }
        }
        for (col, name) in (0u16..).zip(columns) {
            self.fit(col, name.chars().count() + 3);
        }
        if last == first_row {
            for (col, name) in (0u16..).zip(columns) {
                self.header(first_row, col, name)?;
            }
            self.text(first_row + 1, 0, empty)?;
            last += 1;
        } else {
            let table = Table::new().set_name(name).set_columns(
                &columns
                    .iter()
                    .map(|c| TableColumn::new().set_header(*c))
                    .collect::<Vec<_>>(),
            );
            let last_col = columns.len() as u16 - 1;
            self.ws
                .add_table(first_row, 0, last, last_col, &table)
                .map_err(wrap(self.sheet))?;
        }
        if first_row == 0 {
            self.ws.set_freeze_panes(1, 0).map_err(wrap(self.sheet))?;
        }
        Ok(last)
    }

    /// Sets every column's width from the longest value written in it, and the print
    /// set-up: landscape, the header row repeated on every page, the width fitted to one
    /// page unless the sheet says otherwise (the matrix repeats its row headers instead).
    pub(crate) fn finish(self, fit_width: bool) -> Result<(), ExportError> {
        self.ws.set_landscape();
        self.ws.set_repeat_rows(0, 0).map_err(wrap(self.sheet))?;
        if fit_width {
            self.ws.set_print_fit_to_pages(1, 0);
        } else {
            self.ws.set_repeat_columns(0, 1).map_err(wrap(self.sheet))?;
        }
        for (col, chars) in (0u16..).zip(&self.widths) {
            let width = (*chars).clamp(MIN_WIDTH, MAX_WIDTH) as f64 + 1.0;
            self.ws
                .set_column_width(col, width)
                .map_err(wrap(self.sheet))?;
        }
        Ok(())
    }
}
