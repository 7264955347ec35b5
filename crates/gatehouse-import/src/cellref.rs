//! Where a value was read: `Sheet!C7`, the way spreadsheets write a cell of another sheet.
//! The one place such references are formatted and parsed; rows and columns inside the
//! importer are 0-based numbers, and only this text shows them 1-based with letters.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A cell of a sheet, 0-based. Shown (and serialised) as `Sheet!C7`, or `'My sheet'!C7`
/// when the sheet's name holds anything but letters, digits and `_`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct CellRef {
    pub sheet: String,
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    pub fn new(sheet: &str, row: u32, col: u32) -> CellRef {
        CellRef {
            sheet: sheet.to_string(),
            row,
            col,
        }
    }
}

/// Whether a sheet's name is written without quotes in a reference.
fn is_bare(sheet: &str) -> bool {
    sheet.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The letters of 0-based column `col`: `A`, …, `Z`, `AA`, ….
pub fn column_letters(col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push((b'A' + rem) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The 0-based column of upper-case letters such as `C` or `AA`, `None` past `u32`.
fn column_of(letters: &str) -> Option<u32> {
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let mut n = 0u64;
    for b in letters.bytes() {
        n = n.checked_mul(26)? + u64::from(b - b'A' + 1);
        if n > u64::from(u32::MAX) + 1 {
            return None;
        }
    }
    u32::try_from(n - 1).ok()
}

/// The 0-based column of letters as a mapping file writes them: `C`, `aa`, up to three
/// letters in either case, spaces around ignored.
pub fn column_index(letters: &str) -> Option<u32> {
    let t = letters.trim();
    if t.len() > 3 {
        return None;
    }
    column_of(&t.to_ascii_uppercase())
}

/// `C7` for row 6, column 2 (0-based).
pub fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), u64::from(row) + 1)
}

/// (row, column), 0-based, of a cell name such as `C7`.
fn parse_cell_name(text: &str) -> Option<(u32, u32)> {
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u64 = digits.parse().ok()?;
    let row = u32::try_from(row.checked_sub(1)?).ok()?;
    Some((row, column_of(letters)?))
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cell = cell_name(self.row, self.col);
        if is_bare(&self.sheet) {
            write!(f, "{}!{cell}", self.sheet)
        } else {
            write!(f, "'{}'!{cell}", self.sheet.replace('\'', "''"))
        }
    }
}

/// Why a text is not a cell reference.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a cell reference such as Sheet!C7 or 'My sheet'!C7")]
pub struct NotACellRef(pub String);

impl FromStr for CellRef {
    type Err = NotACellRef;

    fn from_str(text: &str) -> Result<CellRef, NotACellRef> {
        let bad = || NotACellRef(text.to_string());
        let (sheet, cell) = match text.strip_prefix('\'') {
            // Quoted: `''` is a quote inside the name; the name ends at a lone quote.
            Some(quoted) => {
                let mut sheet = String::new();
                let mut chars = quoted.char_indices();
                let end = loop {
                    match chars.next().ok_or_else(bad)? {
                        (i, '\'') if quoted[i + 1..].starts_with('\'') => {
                            sheet.push('\'');
                            chars.next();
                        }
                        (i, '\'') => break i + 1,
                        (_, c) => sheet.push(c),
                    }
                };
                (sheet, quoted[end..].strip_prefix('!').ok_or_else(bad)?)
            }
            // Bare: only names that need no quotes (a `'My sheet'` written bare is not
            // the sheet's reference, and would not be shown so).
            None => {
                let (sheet, cell) = text.split_once('!').ok_or_else(bad)?;
                if !is_bare(sheet) {
                    return Err(bad());
                }
                (sheet.to_string(), cell)
            }
        };
        let (row, col) = parse_cell_name(cell).ok_or_else(bad)?;
        Ok(CellRef { sheet, row, col })
    }
}

impl Serialize for CellRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CellRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CellRef, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shown_as_spreadsheets_write_them() {
        for (sheet, row, col, text) in [
            ("Sheet1", 6, 2, "Sheet1!C7"),
            ("Access", 0, 0, "Access!A1"),
            ("Rôles_2024", 9, 26, "Rôles_2024!AA10"),
            ("My sheet", 6, 2, "'My sheet'!C7"),
            ("Bob's", 0, 701, "'Bob''s'!ZZ1"),
            ("a!b", 0, 702, "'a!b'!AAA1"),
            ("", 0, 0, "!A1"),
            ("Q1-Q2", 1_048_575, 16_383, "'Q1-Q2'!XFD1048576"),
        ] {
            let cell = CellRef::new(sheet, row, col);
            assert_eq!(cell.to_string(), text, "how {sheet:?} {row} {col} is shown");
            assert_eq!(text.parse::<CellRef>(), Ok(cell), "{text} parses back");
        }
    }

    #[test]
    fn texts_that_are_not_references_are_refused() {
        for text in [
            "Sheet1",
            "Sheet1!",
            "Sheet1!7",
            "Sheet1!C",
            "Sheet1!C0",
            "Sheet1!C07",
            "Sheet1!c7",
            "Sheet1!C7x",
            "My sheet!C7",
            "'My sheet!C7",
            "'My sheet'C7",
            "Sheet1!C99999999999",
        ] {
            assert!(text.parse::<CellRef>().is_err(), "{text:?} is not a cell");
        }
        assert_eq!(
            "'Sheet1'!B2".parse::<CellRef>(),
            Ok(CellRef::new("Sheet1", 1, 1)),
            "needless quotes are still the sheet"
        );
    }

    #[test]
    fn serialised_as_its_text() {
        let cell = CellRef::new("My sheet", 6, 2);
        let json = serde_json::to_string(&cell).unwrap();
        assert_eq!(json, r#""'My sheet'!C7""#);
        assert_eq!(serde_json::from_str::<CellRef>(&json).unwrap(), cell);
    }

    #[cfg(feature = "ts")]
    #[test]
    fn a_string_in_typescript_too() {
        use ts_rs::TS;
        assert_eq!(
            CellRef::inline(),
            "string",
            "the JSON holds the text, not its parts"
        );
    }

    #[test]
    fn mapping_files_write_columns_in_either_case() {
        for (letters, col) in [
            ("A", Some(0)),
            (" c ", Some(2)),
            ("aa", Some(26)),
            ("ZZZ", Some(18_277)),
        ] {
            assert_eq!(column_index(letters), col, "{letters:?}");
        }
        for letters in ["", "AAAA", "A1", "É", "-"] {
            assert_eq!(column_index(letters), None, "{letters:?} is not a column");
        }
    }

    proptest! {
        #[test]
        fn every_reference_parses_back(sheet in "\\PC{0,12}", row in any::<u32>(), col in any::<u32>()) {
            let cell = CellRef::new(&sheet, row, col);
            let text = cell.to_string();
            prop_assert_eq!(text.parse::<CellRef>(), Ok(cell), "{}", text);
        }
    }
}
