//! Dates as sheets write them: Excel serial numbers, and text with the day or month first.

use chrono::NaiveDate;

use crate::workbook::{Sheet, Value};

/// Excel serial day numbers taken as dates in a date column: 1954-10-03 to 2119-01-10.
pub(crate) const EXCEL_SERIALS: std::ops::RangeInclusive<i64> = 20_000..=80_000;

/// The date of an Excel serial day number (1900 date system).
pub(crate) fn excel_serial(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n as u64))
}

/// How a column writes dates with slashes: 31/12/2024 (day first), 12/31/2024 (month
/// first), or only dates such as 01/02/2024 that could be either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SlashOrder {
    DayFirst,
    MonthFirst,
    Unknown,
}

/// The day, month and year of a date written as text, or `None`. Years come first with
/// four digits (2024-03-01, 2024/03/01) or last with four or two (01.03.2024, 1.3.24:
/// 2000-2069 and 1970-1999). Dots and dashes put the day first; slashes follow `order`,
/// day first when it is unknown.
pub(crate) fn parse_date(text: &str, order: SlashOrder) -> Option<NaiveDate> {
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
pub(crate) fn slash_order(
    sheet: &Sheet,
    col: u32,
    rows: std::ops::Range<u32>,
) -> (SlashOrder, Option<u32>) {
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
