//! Recognising a sheet's layout and where its parts are.

use std::collections::{BTreeSet, HashSet};

use super::shape::*;
use super::vocabulary::*;
use crate::mapping::{column_letter, Axis, Layout, SheetMapping};
use crate::marks::{raci_letters, Mark, Vocabulary};
use crate::workbook::{Sheet, Value};

/// Body rows looked at to recognise a layout.
pub(crate) const DETECT_ROWS: u32 = 2_000;

/// Chooses the header row: the row, among the first 40, with the most distinct text cells
/// that are neither marks nor RACI letters; title and note rows (one cell) lose.
pub(crate) fn header_row(sheet: &Sheet, vocab: &Vocabulary, legend: &BTreeSet<u32>) -> Option<u32> {
    let mut scores = Vec::new();
    for r in 0..sheet.height().min(40) {
        if legend.contains(&r) {
            continue;
        }
        if is_details_row(sheet.row(r)) {
            continue;
        }
        let mut seen = HashSet::new();
        for v in sheet.row(r) {
            if let Value::Text(t) = v {
                let t = t.trim();
                if t.is_empty() || t.chars().count() > 80 || raci_letters(t).is_some() {
                    continue;
                }
                if vocab.mark(v).is_some() {
                    continue;
                }
                seen.insert(norm(t));
            }
        }
        let keyword = seen.iter().any(|t| is_header_word(t));
        scores.push((r, seen.len(), keyword));
    }
    // The earliest row that is nearly as label-rich as the richest (data rows below a
    // header often hold as much text as the header itself), or that names a column the
    // way headers do (a ragged data row may hold more cells than the header).
    let best = scores.iter().map(|(_, s, _)| *s).max().unwrap_or(0);
    scores
        .into_iter()
        .find(|(_, s, keyword)| *s >= 2 && (*s * 2 > best || *keyword))
        .map(|(r, _, _)| r)
}

/// A square matrix of conflicts under header row `h`: the names down a column of labels
/// are the names across the header (most of them), and the cells where they meet hold
/// only marks or risk levels (High, M...). Returns the label column and the columns
/// across.
pub(crate) fn conflict_matrix(
    sheet: &Sheet,
    h: u32,
    vocab: &Vocabulary,
    legend: &BTreeSet<u32>,
) -> Option<(u32, Vec<u32>)> {
    let rows: Vec<u32> = (h + 1..sheet.height().min(h + 1 + DETECT_ROWS))
        .filter(|r| !legend.contains(r) && !is_legend_title(sheet.row(*r)))
        .collect();
    let width = sheet.width();
    // The labels: the first column holding text that is neither a mark nor a level.
    let label = (0..width).find(|&c| {
        rows.iter().any(|&r| {
            let v = sheet.get(r, c);
            matches!(v, Value::Text(_))
                && !v.is_empty()
                && vocab.mark(v).is_none()
                && !is_severity_word(&v.text())
        })
    })?;
    let down: HashSet<String> = rows
        .iter()
        .map(|&r| norm(&sheet.text(r, label)))
        .filter(|n| !n.is_empty())
        .collect();
    let across: Vec<u32> = (label + 1..width)
        .filter(|&c| down.contains(&norm(&sheet.text(h, c))))
        .collect();
    if across.len() < 2 || across.len() * 2 < down.len() {
        return None;
    }
    let mut marked = 0;
    for &r in &rows {
        for &c in &across {
            let v = sheet.get(r, c);
            if v.is_empty() {
                continue;
            }
            if is_severity_word(&v.text()) || matches!(vocab.mark(v), Some(m) if m != Mark::None) {
                marked += 1;
            } else if vocab.mark(v).is_none() {
                return None;
            }
        }
    }
    (marked > 0).then_some((label, across))
}

/// How well a RACI chart reads each way round: the share of its rows, and of its
/// columns, that hold exactly one A (one accountable role per activity).
pub(crate) fn one_accountable(
    sheet: &Sheet,
    label: u32,
    columns: &[u32],
    rows: &[u32],
) -> (f64, f64) {
    let accountable = |r: u32, c: u32| {
        raci_letters(&sheet.text(r, c)).is_some_and(|letters| letters.contains('A'))
    };
    let rows: Vec<u32> = rows
        .iter()
        .copied()
        .filter(|&r| !sheet.text(r, label).trim().is_empty())
        .collect();
    let share = |fits: usize, of: usize| {
        if of == 0 {
            0.0
        } else {
            fits as f64 / of as f64
        }
    };
    let rows_fit = rows
        .iter()
        .filter(|&&r| columns.iter().filter(|&&c| accountable(r, c)).count() == 1)
        .count();
    let columns_fit = columns
        .iter()
        .filter(|&&c| rows.iter().filter(|&&r| accountable(r, c)).count() == 1)
        .count();
    (
        share(rows_fit, rows.len()),
        share(columns_fit, columns.len()),
    )
}

/// A column left of the values whose entries, written once over the rows they cover
/// (blank below), group repeated labels: "Account" over "Create", "Delete"; "Contact" over
/// "Create"... Only when the labels repeat and the pairs tell more rows apart.
pub(crate) fn group_column(
    sheet: &Sheet,
    label: u32,
    first: u32,
    rows: &[u32],
    normed: &[String],
) -> Option<u32> {
    let labels: Vec<String> = rows.iter().map(|&r| norm(&sheet.text(r, label))).collect();
    let filled: Vec<&String> = labels.iter().filter(|l| !l.is_empty()).collect();
    let distinct: HashSet<&String> = filled.iter().copied().collect();
    if distinct.len() == filled.len() {
        return None;
    }
    (0..first)
        .filter(|&c| {
            c != label
                && !words_in(&normed[c as usize], METADATA)
                && !words_in(&normed[c as usize], ALWAYS_DESCRIPTIVE)
        })
        .filter_map(|c| {
            let mut group = String::new();
            let mut pairs = HashSet::new();
            for (i, &r) in rows.iter().enumerate() {
                let g = sheet.text(r, c).trim().to_string();
                if !g.is_empty() || c > label {
                    group = g;
                }
                if !labels[i].is_empty() {
                    pairs.insert((norm(&group), labels[i].clone()));
                }
            }
            (pairs.len() > distinct.len()).then_some((c, pairs.len()))
        })
        .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))
        .map(|(c, _)| c)
}

pub(crate) struct ColumnStats {
    pub(crate) filled: usize,
    pub(crate) marks: usize,
    pub(crate) raci: usize,
    /// Cells that are marks but could not be RACI letters (x, ✓, yes...).
    pub(crate) marks_only: usize,
    pub(crate) distinct_text: usize,
    pub(crate) numbers: usize,
    /// Distinct values that are neither marks nor RACI letters but short like one.
    pub(crate) unknown_short: usize,
    /// Values that are neither marks nor RACI letters and long like a label.
    pub(crate) unknown_long: usize,
}

pub(crate) fn column_stats(
    sheet: &Sheet,
    col: u32,
    rows: &[u32],
    vocab: &Vocabulary,
) -> ColumnStats {
    let mut s = ColumnStats {
        filled: 0,
        marks: 0,
        raci: 0,
        marks_only: 0,
        distinct_text: 0,
        numbers: 0,
        unknown_short: 0,
        unknown_long: 0,
    };
    let mut short = HashSet::new();
    let mut distinct = HashSet::new();
    for &r in rows {
        let v = sheet.get(r, col);
        if v.is_empty() {
            continue;
        }
        s.filled += 1;
        let text = v.text();
        let is_mark = vocab.mark(v).is_some();
        let is_raci = raci_letters(&text).is_some();
        if is_mark {
            s.marks += 1;
            if !is_raci {
                s.marks_only += 1;
            }
        }
        if is_raci {
            s.raci += 1;
        }
        if v.is_number() {
            s.numbers += 1;
        } else if !is_mark && !is_raci {
            distinct.insert(norm(&text));
            if text.trim().chars().count() <= 12 && !text.contains(['/', ':']) {
                short.insert(norm(&text));
            } else {
                s.unknown_long += 1;
            }
        }
    }
    s.distinct_text = distinct.len();
    s.unknown_short = short.len();
    s
}

/// Recognises the layout of one sheet; returns the plan and a note saying why.
/// Recognises a sheet's layout and where its parts are; with `want`, only as that layout
/// (the person chose it), skipping the sheet with the reason when it cannot be read so.
pub(crate) fn detect(
    sheet: &Sheet,
    vocab: &Vocabulary,
    legend: &BTreeSet<u32>,
    want: Option<Layout>,
) -> (SheetMapping, String) {
    let skipped = |why: String| (SheetMapping::new(&sheet.name, Layout::Skipped), why);
    let allows = |layout: Layout| want.is_none_or(|w| w == layout);
    if want == Some(Layout::Skipped) {
        return skipped("not read".into());
    }
    if sheet.height() == 0 {
        return skipped("empty sheet".into());
    }
    let Some(h) = header_row(sheet, vocab, legend) else {
        if !legend.is_empty() {
            return skipped(format!("legend: {} marks defined", legend.len()));
        }
        return skipped("no header row with two or more labels".into());
    };
    let skipped = |why: String| {
        let mut plan = SheetMapping::new(&sheet.name, Layout::Skipped);
        plan.header_row = Some(h + 1);
        (plan, why)
    };
    let width = sheet.width();
    let mut headers: Vec<String> = (0..width)
        .map(|c| sheet.text(h, c).trim().to_string())
        .collect();
    // Two-level header: a row under the header labelling columns the header leaves blank
    // (the header holding group labels over them), with nothing under the first label.
    let first_label = headers.iter().position(|t| !t.is_empty()).unwrap_or(0) as u32;
    let sub: Vec<u32> = (0..width)
        .filter(|&c| !sheet.get(h + 1, c).is_empty())
        .collect();
    let marks_under = sub
        .iter()
        .filter(|&&c| vocab.mark(sheet.get(h + 1, c)).is_some())
        .count();
    let two_level = sub.len() >= 2
        && sheet.get(h + 1, first_label).is_empty()
        && sub.iter().any(|&c| headers[c as usize].is_empty())
        && marks_under * 2 < sub.len();
    if two_level {
        for &c in &sub {
            if headers[c as usize].is_empty() {
                headers[c as usize] = sheet.text(h + 1, c).trim().to_string();
            }
        }
    }
    let normed: Vec<String> = headers.iter().map(|t| norm(t)).collect();
    let find = |list: &[&str]| {
        normed
            .iter()
            .position(|n| words_in(n, list))
            .map(|c| c as u32)
    };
    let mut plan = SheetMapping::new(&sheet.name, Layout::Skipped);
    plan.header_row = Some(h + 1);
    let shown: Vec<&str> = headers
        .iter()
        .filter(|t| !t.is_empty())
        .map(String::as_str)
        .collect();

    // SoD rules: two sides named as such.
    let left = normed.iter().position(|n| sod_side(n) == Some("left"));
    let right = normed.iter().position(|n| sod_side(n) == Some("right"));
    if let (Some(l), Some(r), true) = (left, right, allows(Layout::SodRules)) {
        plan.layout = Layout::SodRules;
        plan.fields.insert("left".into(), column_letter(l as u32));
        plan.fields.insert("right".into(), column_letter(r as u32));
        for (field, list) in [
            ("severity", SEVERITY),
            ("mitigation", MITIGATION),
            ("name", RULE_NAME),
            ("description", DESCRIPTION),
        ] {
            if let Some(c) = find(list) {
                plan.fields.insert(field.into(), column_letter(c));
            }
        }
        return (
            plan,
            format!("SoD rules: columns {:?} and {:?}", headers[l], headers[r]),
        );
    }
    if want == Some(Layout::SodRules) {
        return skipped(format!(
            "no two columns naming the sides of a rule (such as \"Function 1\" and \"Function 2\") in header row {}: {}",
            h + 1,
            shown.join(", ")
        ));
    }

    if allows(Layout::SodRules) {
        if let Some((label, columns)) = conflict_matrix(sheet, h, vocab, legend) {
            plan.layout = Layout::SodRules;
            plan.label_column = Some(column_letter(label));
            plan.columns = columns.iter().map(|&c| column_letter(c)).collect();
            let (first, last) = (columns[0], columns[columns.len() - 1]);
            return (
                plan,
                format!(
                    "SoD conflict matrix: the same names in column {} and across columns {}–{}",
                    column_letter(label),
                    column_letter(first),
                    column_letter(last)
                ),
            );
        }
    }

    let body = if two_level { h + 2 } else { h + 1 }..sheet.height();
    // Detection looks at the first rows only: enough to tell a layout, and a long list
    // costs no more to recognise than a short one.
    let sampled: Vec<u32> = (body.start..body.end.min(body.start + DETECT_ROWS))
        .filter(|r| !legend.contains(r) && !is_legend_title(sheet.row(*r)))
        .collect();
    let filled_rows = body
        .clone()
        .filter(|&r| !sheet.row(r).iter().all(Value::is_empty))
        .count();
    if !legend.is_empty() && legend.len() * 2 > filled_rows {
        return skipped(format!("legend: {} marks defined", legend.len()));
    }
    let stats: Vec<ColumnStats> = (0..width)
        .map(|c| column_stats(sheet, c, &sampled, vocab))
        .collect();
    let mark_column = |c: usize| {
        let s = &stats[c];
        // Mostly marks; or some marks beside a few stray short tokens (which become
        // warnings rather than making the column a column of labels).
        let mostly = s.marks * 10 >= s.filled * 8;
        let stray = s.marks > 0 && s.unknown_long == 0 && s.unknown_short <= 3;
        !headers[c].is_empty()
            && !words_in(&normed[c], ALWAYS_DESCRIPTIVE)
            && s.filled > 0
            && (mostly || stray)
            && s.numbers < s.filled
    };

    // Assignments: a person column and a role column, and no mark columns between.
    let person = find(PERSON);
    let role = find(ROLE);
    let marks: Vec<u32> = (0..width as usize)
        .filter(|&c| mark_column(c))
        .map(|c| c as u32)
        .collect();
    if let (Some(p), Some(r)) = (person, role) {
        let chosen = want == Some(Layout::Assignments);
        // The person and role columns themselves may hold a stray mark ("-" for a role
        // not yet decided): they are not mark columns.
        // One flag column beside them (Approved, Privileged) describes the assignment;
        // two or more make it a matrix.
        let other_marks = marks.iter().filter(|&&c| c != p && c != r).count() >= 2;
        if p != r && (!other_marks || chosen) && allows(Layout::Assignments) {
            plan.layout = Layout::Assignments;
            plan.fields.insert("person".into(), column_letter(p));
            plan.fields.insert("role".into(), column_letter(r));
            for (field, list) in [
                ("email", EMAIL),
                ("environment", ENVIRONMENT),
                ("valid_from", VALID_FROM),
                ("valid_until", VALID_UNTIL),
                ("granted_by", GRANTED_BY),
            ] {
                if let Some(c) = find(list) {
                    plan.fields.insert(field.into(), column_letter(c));
                }
            }
            return (
                plan,
                format!(
                    "assignment list: person in {:?}, role in {:?}",
                    headers[p as usize], headers[r as usize]
                ),
            );
        }
    }

    if want == Some(Layout::Assignments) {
        return skipped(format!(
            "no person column and role column in header row {}: {}",
            h + 1,
            shown.join(", ")
        ));
    }

    // A long permission list: a role column, a capability column and flag columns.
    let capability = find(CAPABILITY).filter(|c| !marks.contains(c));
    if let (Some(r), Some(c)) = (role, capability) {
        if !marks.is_empty() && r != c && allows(Layout::Matrix) {
            plan.layout = Layout::Matrix;
            plan.fields.insert("role".into(), column_letter(r));
            plan.fields.insert("capability".into(), column_letter(c));
            plan.columns = marks.iter().map(|&c| column_letter(c)).collect();
            return (
                plan,
                format!(
                    "permission list: role in {:?}, object in {:?}, {} flag columns",
                    headers[r as usize],
                    headers[c as usize],
                    marks.len()
                ),
            );
        }
    }

    // Matrix or RACI: columns of marks or letters beside a column of labels.
    let raci_cells: usize = stats.iter().map(|s| s.raci).sum();
    let marks_only: usize = stats.iter().map(|s| s.marks_only).sum();
    let raci_cols: Vec<u32> = (0..width as usize)
        .filter(|&c| {
            let s = &stats[c];
            !headers[c].is_empty() && s.filled > 0 && s.raci * 10 >= s.filled * 8 && s.numbers == 0
        })
        .map(|c| c as u32)
        .collect();
    let is_raci = match want {
        Some(Layout::Raci) => !raci_cols.is_empty(),
        Some(_) => false,
        None => !raci_cols.is_empty() && raci_cells > marks_only * 2,
    };
    if want == Some(Layout::Raci) && !is_raci {
        return skipped(format!(
            "no columns of R, A, C, I letters under header row {}",
            h + 1
        ));
    }
    let value_cols: Vec<u32> = if is_raci { raci_cols } else { marks.clone() };
    if value_cols.is_empty() {
        if !legend.is_empty() {
            return skipped(format!("legend: {} marks defined", legend.len()));
        }
        return skipped(format!(
            "no role, mark or RACI columns under header row {}: {}",
            h + 1,
            shown.join(", ")
        ));
    }
    // Columns with a header between the first and last value columns and no data yet
    // (a role nobody holds anything in) belong to the matrix too.
    let (first, last) = (value_cols[0], *value_cols.last().unwrap_or(&value_cols[0]));
    let value_cols: Vec<u32> = (first..=last)
        .filter(|&c| {
            value_cols.contains(&c)
                || (!headers[c as usize].is_empty() && !words_in(&normed[c as usize], METADATA))
        })
        .collect();
    let label = (0..first)
        .filter(|&c| stats[c as usize].distinct_text > 0)
        .max_by_key(|&c| (stats[c as usize].distinct_text, std::cmp::Reverse(c)));
    let Some(mut label) = label else {
        return skipped(format!(
            "marks found, but no column of labels left of column {}",
            column_letter(first)
        ));
    };
    // A label column written once over groups of rows (blank below, where the rows still
    // hold marks) is the group; the column right of it naming every row is the label.
    let unlabelled: Vec<u32> = sampled
        .iter()
        .copied()
        .filter(|&r| {
            sheet.get(r, label).is_empty()
                && value_cols.iter().any(|&c| !sheet.get(r, c).is_empty())
        })
        .collect();
    if !unlabelled.is_empty() {
        if let Some(c) = (label + 1..first).find(|&c| {
            !words_in(&normed[c as usize], METADATA)
                && !words_in(&normed[c as usize], ALWAYS_DESCRIPTIVE)
                && unlabelled.iter().all(|&r| !sheet.get(r, c).is_empty())
        }) {
            label = c;
        }
    }
    plan.label_column = Some(column_letter(label));
    plan.columns = value_cols.iter().map(|&c| column_letter(c)).collect();
    // People down the side ("Employee", "User"), roles across: who holds which role (an
    // access review sheet), not what a role may do.
    let people: Vec<u32> = (0..first)
        .filter(|&c| words_in(&normed[c as usize], PEOPLE))
        .collect();
    if !is_raci && !two_level && role.is_none() && !people.is_empty() {
        // A person's name rather than an id or an address, where the sheet has one.
        let named = |c: &&u32| normed[**c as usize].contains("name");
        let address = |c: &&u32| words_in(&normed[**c as usize], EMAIL);
        let person = *people
            .iter()
            .find(named)
            .or_else(|| people.iter().find(|c| !address(c)))
            .unwrap_or(&people[0]);
        plan.layout = Layout::Assignments;
        plan.label_column = Some(column_letter(person));
        plan.fields.insert("person".into(), column_letter(person));
        if let Some(c) = find(EMAIL).filter(|c| *c != person && !value_cols.contains(c)) {
            plan.fields.insert("email".into(), column_letter(c));
        }
        return (
            plan,
            format!(
                "assignment matrix: people in column {}, roles across columns {}–{}",
                column_letter(person),
                column_letter(first),
                column_letter(last)
            ),
        );
    }
    plan.layout = if is_raci {
        Layout::Raci
    } else {
        Layout::Matrix
    };
    let group = group_column(sheet, label, first, &sampled, &normed);
    plan.group_column = group.map(column_letter);

    if two_level {
        plan.subheader_row = Some(h + 2);
    }
    // Environments: a group row above the header, the header itself when a sub-header
    // names the roles, or the sheet's name.
    let group_row = if plan.subheader_row.is_some() {
        Some(h)
    } else {
        h.checked_sub(1)
    };
    if let Some(g) = group_row {
        let groups = filled_right(sheet, g, width);
        let envs = value_cols
            .iter()
            .filter(|&&c| is_env_name(&groups[c as usize]))
            .count();
        if envs * 2 > value_cols.len() {
            plan.environment_row = Some(g + 1);
        }
    }
    if plan.environment_row.is_none() && is_env_name(&sheet.name) {
        plan.environment = Some(sheet.name.clone());
    }
    let column_labels: Vec<String> = value_cols
        .iter()
        .map(|&c| headers[c as usize].clone())
        .collect();
    let row_labels: Vec<String> = sampled
        .iter()
        .map(|&r| sheet.text(r, label))
        .filter(|t| !t.is_empty())
        .collect();
    // Which way round: a corner header naming activities or capabilities; a RACI chart
    // the way clearly more activities get exactly one A; the labels that read more like
    // roles' names; a corner header "Role"; else roles are across.
    let label_header = norm(&headers[label as usize]);
    let by_header = if words_in(&label_header, ROLE) {
        Some(Axis::Rows)
    } else if words_in(&label_header, CAPABILITY) || words_in(&label_header, ACTIVITY) {
        Some(Axis::Columns)
    } else {
        None
    };
    let (down, across) = (role_likeness(&row_labels), role_likeness(&column_labels));
    let by_fit = || {
        if plan.layout != Layout::Raci || row_labels.len() < 3 || value_cols.len() < 3 {
            return None;
        }
        let (rows_fit, columns_fit) = one_accountable(sheet, label, &value_cols, &sampled);
        // Activities down the side means roles across.
        if rows_fit > columns_fit + 0.34 {
            Some(Axis::Columns)
        } else if columns_fit > rows_fit + 0.34 {
            Some(Axis::Rows)
        } else {
            None
        }
    };
    // A corner header naming what is down the side ("Activity", "Capability") says it
    // outright; "Role" is not as plain (it also heads the roles across), so it comes last.
    let roles_in = if by_header == Some(Axis::Columns) {
        Axis::Columns
    } else if let Some(axis) = by_fit() {
        axis
    } else if down > across {
        Axis::Rows
    } else if across > down {
        Axis::Columns
    } else {
        by_header.unwrap_or(Axis::Columns)
    };
    plan.roles_in = Some(roles_in);
    let what = match (plan.layout, roles_in) {
        (Layout::Raci, Axis::Columns) => "RACI matrix: activities in rows, roles in columns",
        (Layout::Raci, Axis::Rows) => "RACI matrix: roles in rows, activities in columns",
        (_, Axis::Columns) => "permission matrix: capabilities in rows, roles in columns",
        (_, Axis::Rows) => "permission matrix: roles in rows, capabilities in columns",
    };
    let mut note = format!(
        "{what} {}–{}, labels in column {}",
        column_letter(first),
        column_letter(last),
        column_letter(label)
    );
    if let Some(g) = &plan.group_column {
        note.push_str(&format!("; labels joined with column {g}"));
    }
    if let Some(e) = &plan.environment {
        note.push_str(&format!("; environment {e:?} from the sheet name"));
    }
    if plan.environment_row.is_some() {
        note.push_str("; environments from the group header above the columns");
    }
    (plan, note)
}
