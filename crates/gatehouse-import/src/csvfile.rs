//! Delimited text: the encoding and the delimiter are recognised, rows may be ragged.

use crate::error::ImportError;
use crate::workbook::{Admit, Budget, Sheet, Value};

/// Reads a delimited text file into one sheet named after the file; returns notes on how.
pub(crate) fn read(
    file: &str,
    bytes: &[u8],
    budget: &mut Budget<'_>,
) -> Result<(Sheet, Vec<String>, Vec<String>), ImportError> {
    if let Some(kind) = binary_kind(bytes) {
        return Err(ImportError::NotASpreadsheet {
            file: file.into(),
            reason: kind.into(),
        });
    }
    let (text, encoding, doubt) = decode(bytes);
    let controls = text
        .chars()
        .take(64 * 1024)
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
        .count();
    if controls > 0 {
        return Err(ImportError::NotASpreadsheet {
            file: file.into(),
            reason: format!("it holds binary data ({controls} control characters in its first 64 KiB) and is not delimited text"),
        });
    }
    if let Some(reason) = misnamed(file, &text) {
        return Err(ImportError::NotASpreadsheet {
            file: file.into(),
            reason,
        });
    }
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let lines = text.as_bytes().iter().filter(|b| **b == b'\n').count();
    budget.start_sheet(0, u32::try_from(lines).unwrap_or(u32::MAX));
    let mut sheet = Sheet::new(&sheet_name(file));
    let mut cut = None;
    let mut record = csv::StringRecord::new();
    let mut row = 0u32;
    // The csv reader skips blank lines, which a spreadsheet program shows as empty rows:
    // count them so that every cell keeps the row it has there. (The reader's own line
    // numbers are one short just after a blank line, rust-csv #208: count from bytes.)
    let bytes_of = text.as_bytes();
    let (mut counted_to, mut line) = (0usize, 1u64);
    let mut next_line = 1u64;
    // Each record's line and number of fields, to note rows shorter than the header.
    let mut widths: Vec<(u64, usize)> = Vec::new();
    'rows: loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(ImportError::Corrupt {
                    file: file.into(),
                    reason: format!("row {}: {e}", row + 1),
                })
            }
        }
        if let Some(p) = record.position() {
            // The record starts at its first byte that is not a line break.
            let mut start = (p.byte() as usize).min(bytes_of.len());
            while start < bytes_of.len() && matches!(bytes_of[start], b'\n' | b'\r') {
                start += 1;
            }
            if start >= counted_to {
                line += bytes_of[counted_to..start]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count() as u64;
                counted_to = start;
            }
            let blank = line.saturating_sub(next_line);
            row = row.saturating_add(u32::try_from(blank).unwrap_or(u32::MAX));
            let inside: usize = record.iter().map(|f| f.matches('\n').count()).sum();
            next_line = line + 1 + inside as u64;
        }
        widths.push((line, record.len()));
        for (col, field) in record.iter().enumerate() {
            if field.trim().is_empty() {
                continue;
            }
            match budget.admit(row, col as u32, &mut cut) {
                Admit::Keep => sheet.set(row, col as u32, Value::Text(field.to_string())),
                Admit::Skip => {}
                Admit::StopSheet => break 'rows,
            }
        }
        row += 1;
    }
    sheet.truncated = cut;
    let doubts = doubt.into_iter().chain(short_rows(&widths)).collect();
    Ok((
        sheet,
        vec![format!(
            "read as {encoding} text delimited by {}",
            shown(delimiter)
        )],
        doubts,
    ))
}

/// One note for the rows of the table with fewer fields than its header (the first row
/// as wide as most rows are), which a spreadsheet program shows with blank cells at their
/// end.
fn short_rows(widths: &[(u64, usize)]) -> Option<String> {
    let lens: Vec<usize> = widths.iter().map(|w| w.1).collect();
    let &usual = mode(&lens)?;
    let header = widths.iter().position(|w| w.1 == usual)?;
    // Within the table: a legend or a note under it is shorter by nature.
    let last = widths.iter().rposition(|w| w.1 >= usual)?.max(header + 1);
    let short: Vec<&(u64, usize)> = (widths[header + 1..last].iter())
        .filter(|w| w.1 < usual)
        .collect();
    let first = short.first()?;
    Some(format!(
        "{} {} fewer fields than the header's {usual} (line {}, the first, has {}); the missing cells are read as blank",
        short.len(),
        if short.len() == 1 { "row has" } else { "rows have" },
        first.0,
        first.1
    ))
}

/// The sheet name for a text file: its name without folder and extension.
fn sheet_name(file: &str) -> String {
    let base = std::path::Path::new(file)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string());
    if base.is_empty() {
        "Sheet1".into()
    } else {
        base
    }
}

/// Why text named as a workbook must not be read as a table, if it must not: xlsx, xlsm,
/// xlsb and ods files are zip containers, so text under those names is never one of them;
/// legacy systems do export tab-separated text under an `.xls` name, so text named `.xls` is
/// read when it is a delimited table and refused when it is anything else (an HTML page,
/// JSON, prose).
fn misnamed(file: &str, text: &str) -> Option<String> {
    let extension = std::path::Path::new(file)
        .extension()?
        .to_string_lossy()
        .to_ascii_lowercase();
    if text.trim().is_empty() {
        return None;
    }
    let looks = looks_like(text);
    match extension.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "ods" => Some(match looks {
            Looks::Table(shown) => format!(
                "it is named as an {extension} workbook but is plain text delimited by {shown}, \
                 not the zip container an {extension} file is; rename it to .csv to import it as \
                 delimited text"
            ),
            Looks::Html => format!(
                "it is named as an {extension} workbook but is an HTML page; open it in your \
                 spreadsheet program, save it as xlsx and import that"
            ),
            looks => format!(
                "it is named as an {extension} workbook but is {}, not the zip container an \
                 {extension} file is; check that this is the file you meant, or open it in your \
                 spreadsheet program, save it as xlsx and import that",
                looks.describe()
            ),
        }),
        "xls" => match looks {
            Looks::Table(_) => None,
            Looks::Html => Some(
                "it is named as an xls workbook but is an HTML page (a table some systems \
                 export under an .xls name); open it in your spreadsheet program, save it as \
                 xlsx and import that"
                    .into(),
            ),
            Looks::Xml(true) => Some(
                "it is named as an xls workbook but is an Excel 2003 XML spreadsheet; open it \
                 in your spreadsheet program, save it as xlsx and import that"
                    .into(),
            ),
            looks => Some(format!(
                "it is named as an xls workbook but is {}, not a delimited table (no \
                 delimiter splits its lines into the same two or more columns); check that \
                 this is the file you meant, or save it from your spreadsheet program as xlsx",
                looks.describe()
            )),
        },
        "csv" | "tsv" | "tab" | "txt" | "psv" | "dat" => None,
        // Any other name: text is read as a delimited table, but a web page, an XML
        // document or JSON is not one.
        _ => match looks {
            Looks::Html => Some(
                "it is an HTML page; open it in your spreadsheet program, save it as xlsx and \
                 import that"
                    .into(),
            ),
            looks @ (Looks::Xml(_) | Looks::Json) => Some(format!("it is {}", looks.describe())),
            Looks::Table(_) | Looks::Text => None,
        },
    }
}

/// What a text that is not a workbook looks like.
enum Looks {
    /// Delimited text: the delimiter as shown to a person.
    Table(String),
    Html,
    /// XML; true for an Excel 2003 XML spreadsheet.
    Xml(bool),
    Json,
    Text,
}

impl Looks {
    fn describe(&self) -> String {
        match self {
            Looks::Table(shown) => format!("plain text delimited by {shown}"),
            Looks::Html => "an HTML page".into(),
            Looks::Xml(true) => "an Excel 2003 XML spreadsheet".into(),
            Looks::Xml(false) => "an XML document".into(),
            Looks::Json => "JSON".into(),
            Looks::Text => "plain text".into(),
        }
    }
}

fn looks_like(text: &str) -> Looks {
    let start = text.trim_start();
    let head: String = start.chars().take(4096).collect::<String>().to_lowercase();
    if head.starts_with('<') {
        if head.starts_with("<!doctype html") || head.contains("<html") || head.contains("<table") {
            return Looks::Html;
        }
        if head.starts_with("<?xml") || head.starts_with("<!--") {
            return Looks::Xml(head.contains("urn:schemas-microsoft-com:office:spreadsheet"));
        }
    }
    if (start.starts_with('{') || start.starts_with('['))
        && serde_json::from_str::<serde_json::Value>(start).is_ok()
    {
        return Looks::Json;
    }
    match table_delimiter(text) {
        Some(d) => Looks::Table(shown(d)),
        None => Looks::Text,
    }
}

/// The delimiter as a person reads it.
fn shown(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".to_string(),
        d => format!("{:?}", d as char),
    }
}

/// Known binary formats that are certainly not spreadsheets.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "it is a PDF document"),
        (b"\x89PNG", "it is a PNG image"),
        (b"GIF8", "it is a GIF image"),
        (b"\xFF\xD8\xFF", "it is a JPEG image"),
        (b"\x7FELF", "it is an executable program"),
        (b"MZ", "it is a Windows program"),
        (b"\x1F\x8B", "it is a gzip archive"),
        (
            b"age-encryption.org",
            "it is an age-encrypted file (a Gatehouse vault?)",
        ),
        (b"SQLite format 3", "it is a SQLite database"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// Text from bytes and how they were read: UTF-8 (with or without BOM), UTF-16 (BOM, or NUL
/// pattern), else Windows-1252. UTF-8 with a few bytes that are not UTF-8 (a file edited
/// with two programs) stays UTF-8, and only those bytes are read as Windows-1252.
fn decode(bytes: &[u8]) -> (String, String, Option<String>) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => (text.to_string(), "UTF-8 (BOM)".into(), None),
            Err(_) => mostly_utf8(rest, "UTF-8 (BOM)"),
        };
    }
    let utf16 = |encoding: &'static encoding_rs::Encoding, body: &[u8], name: &str| {
        let (text, _) = encoding.decode_without_bom_handling(body);
        (text.into_owned(), name.to_string(), None)
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(encoding_rs::UTF_16LE, rest, "UTF-16LE");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(encoding_rs::UTF_16BE, rest, "UTF-16BE");
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .enumerate()
            .filter(|(i, b)| i % 2 == parity && **b == 0)
            .count()
    };
    if sample.len() >= 4 {
        let half = sample.len() / 2;
        if zeros_at(1) * 10 > half * 8 {
            return utf16(encoding_rs::UTF_16LE, bytes, "UTF-16LE");
        }
        if zeros_at(0) * 10 > half * 8 {
            return utf16(encoding_rs::UTF_16BE, bytes, "UTF-16BE");
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_string(), "UTF-8".into(), None),
        Err(_) => mostly_utf8(bytes, "UTF-8"),
    }
}

/// Bytes that are not all UTF-8: when the text holds at least as many UTF-8 characters
/// beyond ASCII as it holds bytes that are not UTF-8, it is UTF-8 with stray bytes, which
/// are read as Windows-1252 (and the lines they are on named); otherwise it is all
/// Windows-1252. The third part says what to check, for a warning.
fn mostly_utf8(bytes: &[u8], utf8: &str) -> (String, String, Option<String>) {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let (mut wide, mut stray) = (0usize, 0usize);
    let mut lines: Vec<usize> = Vec::new();
    let mut line = 1;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        wide += valid.chars().filter(|c| !c.is_ascii()).count();
        line += valid.matches('\n').count();
        text.push_str(valid);
        let invalid = chunk.invalid();
        if !invalid.is_empty() {
            stray += invalid.len();
            if lines.last() != Some(&line) {
                lines.push(line);
            }
            let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(invalid);
            text.push_str(&decoded);
        }
    }
    if wide == 0 || wide < stray {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        return (text.into_owned(), "Windows-1252".into(), None);
    }
    let shown: Vec<String> = lines.iter().take(5).map(usize::to_string).collect();
    let more = if lines.len() > 5 { ", …" } else { "" };
    let (bytes_word, line_word) = (
        if stray == 1 { "byte" } else { "bytes" },
        if lines.len() == 1 { "line" } else { "lines" },
    );
    let doubt = format!(
        "{stray} {bytes_word} that {} not UTF-8, on {line_word} {}{more}, read as \
         Windows-1252; check those lines",
        if stray == 1 { "is" } else { "are" },
        shown.join(", ")
    );
    (text, format!("{utf8} ({doubt})"), Some(doubt))
}

/// The delimiter that splits the first lines most consistently into more than one field
/// (a comma when none does).
fn sniff_delimiter(text: &str) -> u8 {
    sniff(text).map(|s| s.delimiter).unwrap_or(b',')
}

/// The delimiter when the text is a table: it splits at least two of the first lines, and
/// four in five of them, into the same two or more fields.
fn table_delimiter(text: &str) -> Option<u8> {
    let s = sniff(text)?;
    (s.agreeing >= 2 && s.agreeing * 5 >= s.lines * 4).then_some(s.delimiter)
}

struct Sniffed {
    delimiter: u8,
    /// Non-blank lines looked at.
    lines: usize,
    /// Lines split into the most common number of fields.
    agreeing: usize,
}

fn sniff(text: &str) -> Option<Sniffed> {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best: Option<(Sniffed, usize)> = None;
    for delimiter in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, delimiter as char))
            .collect();
        let Some(&mode) = mode(&counts) else { continue };
        if mode == 0 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&c| c == mode).count();
        let score = agreeing * 100 + mode;
        if best.as_ref().is_none_or(|(_, s)| score > *s) {
            let sniffed = Sniffed {
                delimiter,
                lines: lines.len(),
                agreeing,
            };
            best = Some((sniffed, score));
        }
    }
    best.map(|(s, _)| s)
}

fn count_outside_quotes(line: &str, delimiter: char) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if c == delimiter && !quoted {
            n += 1;
        }
    }
    n
}

fn mode(values: &[usize]) -> Option<&usize> {
    let mut counts = std::collections::BTreeMap::new();
    for v in values {
        *counts.entry(v).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(v, n)| (*n, **v))
        .map(|(v, _)| v)
}
