//! Delimited text: the encoding and the delimiter are recognised, rows may be ragged.

use crate::error::ImportError;
use crate::workbook::{Admit, Budget, Sheet, Value};

/// Reads a delimited text file into one sheet named after the file; returns notes on how.
pub(crate) fn read(
    file: &str,
    bytes: &[u8],
    budget: &mut Budget<'_>,
) -> Result<(Sheet, Vec<String>), ImportError> {
    if let Some(kind) = binary_kind(bytes) {
        return Err(ImportError::NotASpreadsheet {
            file: file.into(),
            reason: kind.into(),
        });
    }
    let (text, encoding) = decode(bytes);
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
    let shown = match delimiter {
        b'\t' => "tab".to_string(),
        d => format!("{:?}", d as char),
    };
    Ok((
        sheet,
        vec![format!("read as {encoding} text delimited by {shown}")],
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

/// Text from bytes: UTF-8 (with or without BOM), UTF-16 (BOM, or NUL pattern), else
/// Windows-1252.
fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (String::from_utf8_lossy(rest).into_owned(), "UTF-8 (BOM)");
    }
    let utf16 = |encoding: &'static encoding_rs::Encoding, body: &[u8], name| {
        let (text, _) = encoding.decode_without_bom_handling(body);
        (text.into_owned(), name)
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
        Ok(text) => (text.to_string(), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), "Windows-1252")
        }
    }
}

/// The delimiter that splits the first lines most consistently into more than one field.
fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best = (b',', 0usize);
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
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
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
