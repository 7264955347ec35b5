//! The bounding scan of an ods file's `content.xml`, before calamine expands it. Tags are
//! found with quick-xml, the parser calamine reads the file with.

use std::io::{Cursor, Read, Write};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::Limits;
use crate::error::ImportError;

/// An ods file made safe for calamine: `bytes` is a rewritten copy when the original had to
/// be cut, and `cuts` says, per table in order, what was cut.
pub(super) struct BoundedOds {
    pub(super) bytes: Option<Vec<u8>>,
    pub(super) cuts: Vec<Vec<String>>,
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
pub(super) fn bound_ods(
    file: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<BoundedOds, ImportError> {
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
#[derive(Debug, Clone)]
struct Tag<'a> {
    start: usize,
    end: usize,
    name: &'a [u8],
    /// The opening tag's attributes (none for a closing tag).
    open: Option<BytesStart<'a>>,
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
        let open = self.open.as_ref()?;
        let value = open.try_get_attribute(name).ok()??.value;
        // The value is a slice of `xml` (the reader borrows the text it reads, and an
        // attribute's raw value is not unescaped): its place is its offset in `xml`.
        let at = (value.as_ptr() as usize).checked_sub(xml.as_ptr() as usize)?;
        let range = (at, at + value.len());
        (self.start <= range.0 && range.1 <= self.end).then_some(range)
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

/// The next tag at or after `from`; comments, CDATA, processing instructions and
/// declarations are skipped, and so is everything after XML that cannot be read (calamine,
/// on the same parser, reads no further either).
fn next_tag(xml: &[u8], from: usize) -> Option<Tag<'_>> {
    let mut reader = Reader::from_reader(&xml[from..]);
    let config = reader.config_mut();
    // Reading starts inside the document, after tags it has not seen open.
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.check_comments = false;
    loop {
        let start = from + usize::try_from(reader.buffer_position()).ok()?;
        let event = reader.read_event().ok()?;
        let end = from + usize::try_from(reader.buffer_position()).ok()?;
        let (open, closing, empty) = match event {
            Event::Start(e) => (Some(e), false, false),
            Event::Empty(e) => (Some(e), false, true),
            Event::End(_) => (None, true, false),
            Event::Eof => return None,
            _ => continue,
        };
        let name_start = start + 1 + usize::from(closing);
        let name_len = match &open {
            Some(e) => e.name().as_ref().len(),
            None => xml[name_start..end]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>')?,
        };
        return Some(Tag {
            start,
            end,
            name: &xml[name_start..name_start + name_len],
            open,
            closing,
            empty,
        });
    }
}

/// Where the element opened by `tag` ends (after its closing tag), and whether a cell in it
/// holds something.
fn element_end(xml: &[u8], tag: &Tag<'_>) -> (usize, bool) {
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
    let end = element_end(xml, &tag).0;
    Some((tag, end))
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
            let (row_end, _) = element_end(xml, &row);
            let (mut col, mut width) = (0u64, 0u64);
            while let Some(cell) = next_open(xml, at, row_end, Tag::is_cell) {
                let repeats = cell.repeats(xml, "table:number-columns-repeated");
                col = col.saturating_add(repeats).min(ODS_MAX_COLUMNS);
                if cell.holds(xml) {
                    width = col;
                }
                at = element_end(xml, &cell).0;
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
            let (row_end, holds) = element_end(xml, &row);
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
                let (cell_end, holds) = element_end(xml, &cell);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str, rows: &str) -> String {
        format!(r#"<table:table table:name="{name}">{rows}</table:table>"#)
    }

    fn content(tables: &str) -> Vec<u8> {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
        )
        .into_bytes()
    }

    const CELL: &str =
        r#"<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>"#;

    #[test]
    fn tables_are_measured_as_calamine_expands_them() {
        let rows = format!(
            r#"<table:table-row table:number-rows-repeated="2"><table:table-cell/>{CELL}<table:table-cell table:number-columns-repeated="3" office:value-type='float'/></table:table-row><table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="9"/></table:table-row>"#
        );
        let xml = content(&table("Access", &rows));
        let tables = ods_tables(&xml);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(
            (t.first, t.end, t.width),
            (Some(0), 2, 5),
            "blank rows after the last filled one do not count"
        );
        assert_eq!(t.area(), 10);
    }

    #[test]
    fn markup_inside_comments_and_cdata_is_not_a_table() {
        let fake = table(
            "Fake",
            &format!("<table:table-row>{CELL}</table:table-row>"),
        );
        let xml = content(&format!(
            "<!-- {fake} --><text:p><![CDATA[{fake}]]></text:p>{}<table:table/>{}",
            table("", "").replace(r#" table:name="""#, ""),
            table(
                "Real",
                &format!("<table:table-row>{CELL}</table:table-row>")
            )
        ));
        let tables = ods_tables(&xml);
        assert_eq!(tables.len(), 1, "only the named, non-empty table is read");
        assert_eq!(tables[0].area(), 1);
    }

    #[test]
    fn a_cut_rewrites_only_the_repeat_counts_and_the_cells_past_the_limit() {
        let rows = format!(
            r#"<table:table-row table:number-rows-repeated="500">{CELL}<table:table-cell table:number-columns-repeated = '40' office:value-type="string"/></table:table-row>"#
        );
        let xml = content(&table("Access", &rows));
        let limits = Limits {
            max_rows: 100,
            max_columns: 10,
            max_cells: 1_000,
            ..Limits::default()
        };
        let tables = ods_tables(&xml);
        let (cut, cuts) = cut_ods(&xml, &tables, &limits);
        let cut = String::from_utf8(cut).unwrap();
        assert!(
            cut.contains(r#"table:number-rows-repeated="90""#),
            "1,000 cells of 11 columns: {cut}"
        );
        assert!(
            cut.contains("table:number-columns-repeated = '10'"),
            "the quotes are kept: {cut}"
        );
        assert_eq!(
            cut.replace(r#"="90""#, r#"="500""#).replace("'10'", "'40'"),
            String::from_utf8(xml).unwrap(),
            "nothing else changes"
        );
        assert_eq!(cuts.len(), 1);
        assert!(
            cuts[0][0].starts_with("only the first 90 rows were read"),
            "{:?}",
            cuts[0]
        );
        assert!(
            cuts[0][1].starts_with("only the first 10 columns"),
            "{:?}",
            cuts[0]
        );
    }

    #[test]
    fn xml_cut_short_ends_the_scan() {
        let xml = content(&table(
            "Access",
            &format!("<table:table-row>{CELL}</table:table-row>"),
        ));
        let broken = [
            &xml[..],
            b"<table:table table:name=\"B\"><table:table-row <<",
        ]
        .concat();
        let tables = ods_tables(&broken);
        assert_eq!(tables.len(), 2, "the last table is open, not closed");
        assert_eq!(
            (tables[0].area(), tables[1].area()),
            (1, 0),
            "nothing is read from markup that cannot be read"
        );
    }
}
