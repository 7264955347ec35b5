//! What a sheet's rows look like: group labels written once over their columns or rows,
//! rows of document details, legend titles, totals rows, code legends.

use std::collections::BTreeMap;

use super::vocabulary::norm;
use crate::workbook::{Sheet, Value};

/// The value of each column of `row`, blank cells taking the value on their left (group
/// labels written once over several columns).
pub(crate) fn filled_right(sheet: &Sheet, row: u32, width: u32) -> Vec<String> {
    let mut out = Vec::with_capacity(width as usize);
    let mut last = String::new();
    for c in 0..width {
        let t = sheet.text(row, c).trim().to_string();
        if !t.is_empty() {
            last = t;
        }
        out.push(last.clone());
    }
    out
}

/// A row's label with its group, in column order ("Account Create"). A group left of the
/// label is written once over the rows it covers, so it carries down over blank cells.
pub(crate) fn grouped_label(
    sheet: &Sheet,
    r: u32,
    group_col: u32,
    label_col: u32,
    group: &mut String,
    label: String,
) -> String {
    let text = sheet.text(r, group_col).trim().to_string();
    if !text.is_empty() || group_col > label_col {
        *group = text;
    }
    if label.is_empty() || group.is_empty() {
        label
    } else if group_col < label_col {
        format!("{group} {label}")
    } else {
        format!("{label} {group}")
    }
}

/// A row of document details, "Owner: | IT Governance | Version: | 3.2": every filled
/// cell is a caption ending in ':' with its value in the next filled cell (a last caption
/// may have none). Column headers that end in ':' ("Approved by:", "Approval date:")
/// stand side by side and are not details.
pub(crate) fn is_details_row(row: &[Value]) -> bool {
    let cells: Vec<&Value> = row.iter().filter(|v| !v.is_empty()).collect();
    let caption = |v: &Value| matches!(v, Value::Text(t) if t.trim().ends_with(':'));
    let mut pairs = 0;
    let mut i = 0;
    while i < cells.len() {
        match (caption(cells[i]), cells.get(i + 1)) {
            (true, Some(value)) if !caption(value) => {
                pairs += 1;
                i += 2;
            }
            (true, None) => i += 1,
            _ => return false,
        }
    }
    pairs >= 1
}

/// A row that only titles a legend or key below a table ("Legend", "Key:").
pub(crate) fn is_legend_title(row: &[Value]) -> bool {
    let mut filled = row.iter().filter(|v| !v.is_empty());
    match (filled.next(), filled.next()) {
        (Some(only), None) => matches!(
            norm(&only.text()).as_str(),
            "legend" | "key" | "legende" | "légende" | "leyenda" | "notes" | "note"
        ),
        _ => false,
    }
}

/// A totals row under a table: labelled as one, with numbers in its other cells.
pub(crate) fn is_totals_row(label: &str, row: &[Value]) -> bool {
    let totals = matches!(
        norm(label).as_str(),
        "total" | "totals" | "grand total" | "sum" | "subtotal" | "count" | "summe" | "gesamt"
    );
    totals
        && row
            .iter()
            .any(|v| v.is_number() || v.text().trim().parse::<f64>().is_ok())
}

/// A small whole number written as a code ("0", 3, 2.0).
pub(crate) fn is_code(v: &Value) -> bool {
    match v {
        Value::Int(i) => (0..1000).contains(i),
        Value::Float(f) => f.fract() == 0.0 && (0.0..1000.0).contains(f),
        Value::Text(t) => {
            let t = t.trim();
            !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
    }
}

/// Legend blocks in the rows above `header` that name codes: in each row, a name followed
/// by a code to its right (blank or merged cells between). The pairs whose code sits in
/// the same column form one block (code → name), blocks ordered left to right; a block
/// needs two or more codes.
pub(crate) fn code_legends(sheet: &Sheet, header: u32) -> Vec<BTreeMap<String, String>> {
    let mut blocks: BTreeMap<u32, BTreeMap<String, String>> = BTreeMap::new();
    for r in 0..header {
        let cells: Vec<(u32, &Value)> = sheet
            .row(r)
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| (c as u32, v))
            .collect();
        let mut i = 0;
        while i + 1 < cells.len() {
            let (name, (col, code)) = (cells[i].1, cells[i + 1]);
            if is_code(code) && !is_code(name) && !name.is_number() {
                let name = name.text().split_whitespace().collect::<Vec<_>>().join(" ");
                blocks
                    .entry(col)
                    .or_default()
                    .insert(code.text().into_owned(), name);
                i += 2;
            } else {
                i += 1;
            }
        }
    }
    blocks.into_values().filter(|b| b.len() >= 2).collect()
}
