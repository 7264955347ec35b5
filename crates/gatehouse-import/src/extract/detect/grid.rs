//! The grids: a permission matrix or a RACI chart (columns of marks or letters beside a
//! column of labels), and an assignment matrix (people down the side, roles across).

use std::collections::HashSet;

use super::{Found, Header, DETECT_ROWS};
use crate::extract::shape::{filled_right, is_legend_title};
use crate::extract::sheet_plan::{AssignmentMatrix, Grid, Reading};
use crate::extract::vocabulary::{
    is_env_name, is_flag_header, is_id_header, norm, norm_header, role_likeness, words_in,
    ACTIVITY, ALWAYS_DESCRIPTIVE, CAPABILITY, EMAIL, METADATA, PEOPLE, ROLE,
};
use crate::mapping::{column_letter, Axis, Layout};
use crate::marks::{crud_letters, raci_letters, Mark, Vocabulary};
use crate::workbook::{Sheet, Value};

/// The body under the header as detection samples it, and what each column holds.
pub(super) struct Body {
    /// The first rows of the body, without legend rows.
    pub(super) sampled: Vec<u32>,
    /// Body rows holding anything.
    pub(super) filled_rows: usize,
    pub(super) stats: Vec<ColumnStats>,
    /// Columns of marks.
    pub(super) marks: Vec<u32>,
}

impl Body {
    pub(super) fn new(header: &Header<'_>) -> Body {
        let (sheet, h) = (header.sheet, header.row);
        let body = if header.two_level { h + 2 } else { h + 1 }..sheet.height();
        // Detection looks at the first rows only: enough to tell a layout, and a long list
        // costs no more to recognise than a short one.
        let sampled: Vec<u32> = (body.start..body.end.min(body.start + DETECT_ROWS))
            .filter(|r| !header.legend.contains(r) && !is_legend_title(sheet.row(*r)))
            .collect();
        let filled_rows = body
            .clone()
            .filter(|&r| !sheet.row(r).iter().all(Value::is_empty))
            .count();
        let stats_of = |numeric_marks| -> Vec<ColumnStats> {
            (0..sheet.width())
                .map(|c| column_stats(sheet, c, &sampled, header.vocab, numeric_marks))
                .collect()
        };
        // The numbers 1 and 0 are marks only on a sheet whose other numbers (ids aside)
        // are none: beside 2 and 3, a 1 is a count.
        let mut stats = stats_of(true);
        if (stats.iter().enumerate())
            .any(|(c, s)| s.numbers > 0 && !is_id_header(&header.normed[c]))
        {
            stats = stats_of(false);
        }
        let mark_column = |c: usize| {
            let s = &stats[c];
            // Mostly marks; or some marks beside a few stray short tokens (which become
            // warnings rather than making the column a column of labels).
            let mostly = s.marks * 10 >= s.filled * 8;
            let stray = s.marks > 0 && s.unknown_long == 0 && s.unknown_short <= 3;
            !header.headers[c].is_empty()
                && !words_in(&header.normed[c], ALWAYS_DESCRIPTIVE)
                && !is_flag_header(&header.normed[c])
                && !is_id_header(&header.normed[c])
                && s.filled > 0
                && (mostly || stray)
                && s.numbers < s.filled
        };
        let marks = (0..sheet.width() as usize)
            .filter(|&c| mark_column(c))
            .map(|c| c as u32)
            .collect();
        Body {
            sampled,
            filled_rows,
            stats,
            marks,
        }
    }
}

/// Columns of marks or RACI letters beside a column of labels: a matrix, a RACI chart, or
/// (people down the side) an assignment matrix; else why the sheet is not read.
pub(super) fn grid(header: &Header<'_>, body: &Body, want: Option<Layout>) -> Found {
    let (sheet, h, stats) = (header.sheet, header.row, &body.stats);
    let (headers, normed) = (&header.headers, &header.normed);
    let width = sheet.width();
    let raci_cells: usize = stats.iter().map(|s| s.raci).sum();
    let marks_only: usize = stats.iter().map(|s| s.marks_only).sum();
    let raci_cols: Vec<u32> = (0..width as usize)
        .filter(|&c| {
            let s = &stats[c];
            // "N", "-", "n/a" stand for blank cells in a RACI chart.
            let letters_or_blank = s.filled - s.nones;
            !headers[c].is_empty()
                && s.raci > 0
                && s.raci * 10 >= letters_or_blank * 8
                && s.numbers == 0
        })
        .map(|c| c as u32)
        .collect();
    let crud_cols: Vec<u32> = (0..width as usize)
        .filter(|&c| {
            let s = &stats[c];
            let letters_or_blank = s.filled - s.nones;
            !headers[c].is_empty()
                && !words_in(&normed[c], METADATA)
                && !is_id_header(&normed[c])
                && s.crud > 0
                // Two in three: a stray "X" among the letters is warned at its cell.
                && s.crud * 3 >= letters_or_blank * 2
                && s.numbers == 0
        })
        .map(|c| c as u32)
        .collect();
    let in_crud = |f: fn(&ColumnStats) -> usize| -> usize {
        crud_cols.iter().map(|&c| f(&stats[c as usize])).sum()
    };
    let (crud_only, raci_only) = (in_crud(|s| s.crud_only), in_crud(|s| s.raci_only));
    // A U or a D says CRUD, an A or an I says RACI; clearly more of one decides.
    let is_crud = match want {
        Some(Layout::Crud) => !crud_cols.is_empty(),
        Some(_) => false,
        None => !crud_cols.is_empty() && crud_only > 0 && crud_only > raci_only * 4,
    };
    if want == Some(Layout::Crud) && !is_crud {
        return header.skipped(format!(
            "no columns of C, R, U, D letters under header row {}",
            h + 1
        ));
    }
    let is_raci = match want {
        Some(Layout::Raci) => !raci_cols.is_empty(),
        Some(_) => false,
        None => !is_crud && !raci_cols.is_empty() && raci_cells > marks_only * 2,
    };
    if want == Some(Layout::Raci) && !is_raci {
        return header.skipped(format!(
            "no columns of R, A, C, I letters under header row {}",
            h + 1
        ));
    }
    // Only C and R letters, none of U, D, A, I: a RACI chart or a CRUD matrix alike.
    let ambiguous = is_raci && want.is_none() && {
        let all = |f: fn(&ColumnStats) -> usize| -> usize {
            raci_cols.iter().map(|&c| f(&stats[c as usize])).sum()
        };
        all(|s| s.raci_only) == 0 && all(|s| s.crud_only) == 0
    };
    let value_cols: Vec<u32> = if is_crud {
        crud_cols
    } else if is_raci {
        raci_cols
    } else {
        body.marks.clone()
    };
    if value_cols.is_empty() {
        if let Some(why) = flags_only(header, body) {
            return header.skipped(why);
        }
        if !header.legend.is_empty() {
            return header.skipped(format!("legend: {} marks defined", header.legend.len()));
        }
        return header.skipped(format!(
            "no role, mark or RACI columns under header row {}: {}",
            h + 1,
            header.shown()
        ));
    }
    // Columns with a header between the first and last value columns and no data yet
    // (a role nobody holds anything in) belong to the matrix too.
    let (first, last) = (value_cols[0], *value_cols.last().unwrap_or(&value_cols[0]));
    // A column of words and no marks among them (a Group or Category beside the role
    // columns) describes the row.
    let describes = |c: u32| {
        let s = &stats[c as usize];
        headers[c as usize].is_empty()
            || words_in(&normed[c as usize], METADATA)
            || (s.filled > 0 && s.marks == 0 && s.raci == 0)
    };
    let value_cols: Vec<u32> = (first..=last)
        .filter(|&c| value_cols.contains(&c) || !describes(c))
        .collect();
    // Row identifiers (CERT-001, R01) name no capability or role.
    let label = (0..first)
        .filter(|&c| stats[c as usize].distinct_text > 0 && !is_id_header(&normed[c as usize]))
        .max_by_key(|&c| (stats[c as usize].distinct_text, std::cmp::Reverse(c)));
    let Some(mut label) = label else {
        return header.skipped(format!(
            "marks found, but no column of labels left of column {}",
            column_letter(first)
        ));
    };
    // A RACI chart's activity is the column headed so, not a deliverable beside it
    // (which joins it only where it repeats: see `group_column`).
    if is_raci {
        if let Some(c) = (0..first).find(|&c| {
            words_in(&normed[c as usize], ACTIVITY)
                && !normed[c as usize].starts_with("deliverable")
                && stats[c as usize].distinct_text > 0
        }) {
            label = c;
        }
    }
    // A label column written once over groups of rows (blank below, where the rows still
    // hold marks) is the group; the column right of it naming every row is the label.
    let unlabelled: Vec<u32> = (body.sampled.iter())
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
                && !is_id_header(&normed[c as usize])
                && unlabelled.iter().all(|&r| !sheet.get(r, c).is_empty())
        }) {
            label = c;
        }
    }
    if !is_raci && !is_crud && !header.two_level && header.find(ROLE).is_none() {
        if let Some(found) = assignment_matrix(header, first, last, &value_cols) {
            return found;
        }
    }
    let group = group_column(sheet, label, first, &body.sampled, normed);
    let subheader = header.two_level.then_some(h + 1);
    // Environments: a group row above the header, the header itself when a sub-header
    // names the roles, or the sheet's name.
    let group_row = if subheader.is_some() {
        Some(h)
    } else {
        h.checked_sub(1)
    };
    let environment_row = group_row.filter(|&g| {
        let groups = filled_right(sheet, g, width);
        let envs = value_cols
            .iter()
            .filter(|&&c| is_env_name(&groups[c as usize]))
            .count();
        envs * 2 > value_cols.len()
    });
    let environment =
        (environment_row.is_none() && is_env_name(&sheet.name)).then(|| sheet.name.clone());
    let roles_in = roles_in(header, body, is_raci, label, &value_cols);
    let what = match (is_crud, is_raci, roles_in) {
        (true, _, Axis::Columns) => "CRUD matrix: resources in rows, roles in columns",
        (true, _, Axis::Rows) => "CRUD matrix: roles in rows, resources in columns",
        (_, true, Axis::Columns) => "RACI matrix: activities in rows, roles in columns",
        (_, true, Axis::Rows) => "RACI matrix: roles in rows, activities in columns",
        (_, false, Axis::Columns) => "permission matrix: capabilities in rows, roles in columns",
        (_, false, Axis::Rows) => "permission matrix: roles in rows, capabilities in columns",
    };
    let mut note = format!(
        "{what} {}–{}, labels in column {}",
        column_letter(first),
        column_letter(last),
        column_letter(label)
    );
    if let Some(g) = group {
        note.push_str(&format!("; labels joined with column {}", column_letter(g)));
    }
    if let Some(e) = &environment {
        note.push_str(&format!("; environment {e:?} from the sheet name"));
    }
    if environment_row.is_some() {
        note.push_str("; environments from the group header above the columns");
    }
    if is_crud {
        note.push_str("; each letter (C, R, U, D) a capability on its resource: \"<resource> Create\", \"<resource> Read\"…");
    }
    if ambiguous {
        note.push_str("; its letters are only R and C, which a CRUD matrix uses too: read as RACI (choose the CRUD layout if they mean Create and Read)");
    }
    let grid = Grid {
        header: h,
        label,
        columns: value_cols,
        roles_in,
        group,
        subheader,
        environment,
        environment_row,
    };
    let reading = if is_crud {
        Reading::Crud(grid)
    } else if is_raci {
        Reading::Raci(grid)
    } else {
        Reading::Matrix(grid)
    };
    (reading, note)
}

/// Why a sheet whose only columns of marks are flags or metrics (`InBaseline`,
/// `SoD_Violation` over Y/N) is not read: a role made of such a header would be invented.
fn flags_only(header: &Header<'_>, body: &Body) -> Option<String> {
    let flags: Vec<String> = (0..header.headers.len())
        .filter(|&c| {
            let s = &body.stats[c];
            is_flag_header(&header.normed[c]) && s.filled > 0 && s.marks * 10 >= s.filled * 8
        })
        .map(|c| format!("{:?}", header.headers[c]))
        .collect();
    (!flags.is_empty()).then(|| {
        format!(
            "the only columns of marks under header row {} are flags or metrics ({}), not roles or capabilities; nothing read. To read the sheet, choose its layout and columns (a mapping's [[sheet]], or the wizard)",
            header.row + 1,
            flags.join(", ")
        )
    })
}

/// People down the side ("Employee", "User"), roles across: who holds which role (an
/// access review sheet), not what a role may do.
fn assignment_matrix(
    header: &Header<'_>,
    first: u32,
    last: u32,
    value_cols: &[u32],
) -> Option<Found> {
    let normed = &header.normed;
    let people: Vec<u32> = (0..first)
        .filter(|&c| words_in(&normed[c as usize], PEOPLE))
        .collect();
    // A person's name rather than an id or an address, where the sheet has one.
    let named = |c: &&u32| normed[**c as usize].contains("name");
    let address = |c: &&u32| words_in(&normed[**c as usize], EMAIL);
    let person = *people
        .iter()
        .find(named)
        .or_else(|| people.iter().find(|c| !address(c)))
        .or(people.first())?;
    let email = header
        .find(EMAIL)
        .filter(|c| *c != person && !value_cols.contains(c));
    let note = format!(
        "assignment matrix: people in column {}, roles across columns {}–{}",
        column_letter(person),
        column_letter(first),
        column_letter(last)
    );
    let matrix = AssignmentMatrix {
        header: header.row,
        person,
        email,
        columns: value_cols.to_vec(),
        subheader: None,
        environment: None,
        environment_row: None,
    };
    Some((Reading::AssignmentMatrix(matrix), note))
}

/// Which way round a grid is. A corner header naming what is down the side ("Activity",
/// "Capability") says it outright; else a RACI chart the way clearly more activities get
/// exactly one A; else the labels that read more like roles' names; else a corner header
/// "Role" (which also heads the roles across, so it comes last); else roles are across.
fn roles_in(
    header: &Header<'_>,
    body: &Body,
    is_raci: bool,
    label: u32,
    value_cols: &[u32],
) -> Axis {
    let sheet = header.sheet;
    let column_labels: Vec<String> = value_cols
        .iter()
        .map(|&c| header.headers[c as usize].clone())
        .collect();
    let row_labels: Vec<String> = (body.sampled.iter())
        .map(|&r| sheet.text(r, label))
        .filter(|t| !t.is_empty())
        .collect();
    let label_header = norm_header(&header.headers[label as usize]);
    let by_header = if words_in(&label_header, ROLE) {
        Some(Axis::Rows)
    } else if words_in(&label_header, CAPABILITY) || words_in(&label_header, ACTIVITY) {
        Some(Axis::Columns)
    } else {
        None
    };
    let (down, across) = (role_likeness(&row_labels), role_likeness(&column_labels));
    let by_fit = || {
        if !is_raci || row_labels.len() < 3 || value_cols.len() < 3 {
            return None;
        }
        let (rows_fit, columns_fit) = one_accountable(sheet, label, value_cols, &body.sampled);
        // Activities down the side means roles across.
        if rows_fit > columns_fit + 0.34 {
            Some(Axis::Columns)
        } else if columns_fit > rows_fit + 0.34 {
            Some(Axis::Rows)
        } else {
            None
        }
    };
    if by_header == Some(Axis::Columns) {
        Axis::Columns
    } else if let Some(axis) = by_fit() {
        axis
    } else if down > across {
        Axis::Rows
    } else if across > down {
        Axis::Columns
    } else {
        by_header.unwrap_or(Axis::Columns)
    }
}

/// How well a RACI chart reads each way round: the share of its rows, and of its
/// columns, that hold exactly one A (one accountable role per activity).
fn one_accountable(sheet: &Sheet, label: u32, columns: &[u32], rows: &[u32]) -> (f64, f64) {
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
fn group_column(
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
                && !is_id_header(&normed[c as usize])
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

pub(super) struct ColumnStats {
    pub(super) filled: usize,
    pub(super) marks: usize,
    pub(super) raci: usize,
    /// Cells that are marks but could not be RACI letters (x, ✓, yes...).
    pub(super) marks_only: usize,
    pub(super) distinct_text: usize,
    pub(super) numbers: usize,
    /// Distinct values that are neither marks nor RACI letters but short like one.
    pub(super) unknown_short: usize,
    /// Values that are neither marks nor RACI letters and long like a label.
    pub(super) unknown_long: usize,
    /// Cells that say "nothing here" (N, -, n/a): blank to a RACI chart.
    pub(super) nones: usize,
    /// Cells of CRUD letters (C, R, U, D).
    pub(super) crud: usize,
    /// CRUD letters that could not be RACI letters (a U or a D).
    pub(super) crud_only: usize,
    /// RACI letters that could not be CRUD letters (an A or an I).
    pub(super) raci_only: usize,
}

fn column_stats(
    sheet: &Sheet,
    col: u32,
    rows: &[u32],
    vocab: &Vocabulary,
    numeric_marks: bool,
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
        nones: 0,
        crud: 0,
        crud_only: 0,
        raci_only: 0,
    };
    let mut short = HashSet::new();
    let mut distinct = HashSet::new();
    let (mut numeric, mut numeric_none, mut numeric_only) = (0, 0, 0);
    for &r in rows {
        let v = sheet.get(r, col);
        if v.is_empty() {
            continue;
        }
        s.filled += 1;
        let text = v.text();
        let mark = vocab.mark(v).filter(|_| numeric_marks || !v.is_number());
        let is_mark = mark.is_some();
        let is_raci = raci_letters(&text).is_some();
        // A letter a legend defines ("D = denied") is a mark.
        let is_crud = !v.is_number() && vocab.mark(v).is_none() && crud_letters(&text).is_some();
        s.crud += usize::from(is_crud);
        s.crud_only += usize::from(is_crud && !is_raci);
        s.raci_only += usize::from(is_raci && !is_crud);
        let none = mark == Some(Mark::None) && !is_raci;
        if is_mark && v.is_number() {
            numeric += 1;
            numeric_none += usize::from(none);
            numeric_only += usize::from(!is_raci && !none);
        }
        if is_mark {
            s.marks += 1;
            if !is_raci && !none {
                s.marks_only += 1;
            }
        }
        if none {
            s.nones += 1;
        }
        if is_raci {
            s.raci += 1;
        }
        // Numbers 1 and 0 are marks (a sheet of numeric flags), other numbers are not.
        if v.is_number() && !is_mark {
            s.numbers += 1;
        } else if !is_mark && !is_raci && !is_crud {
            distinct.insert(norm(&text));
            if text.trim().chars().count() <= 12 && !text.contains(['/', ':']) {
                short.insert(norm(&text));
            } else {
                s.unknown_long += 1;
            }
        }
    }
    // In a column of other numbers, 1 and 0 are numbers too.
    if s.numbers > 0 && numeric > 0 {
        s.numbers += numeric;
        s.marks -= numeric;
        s.marks_only -= numeric_only;
        s.nones -= numeric_none;
    }
    s.distinct_text = distinct.len();
    s.unknown_short = short.len();
    s
}

#[cfg(test)]
mod tests {
    use super::super::tests::{detected, sheet};
    use super::*;

    #[test]
    fn marks_beside_capabilities_make_a_permission_matrix() {
        let s = sheet(
            "Access",
            &[
                &["Capability", "IT Administrator", "Citizen Developer"],
                &["Publish app", "x", ""],
                &["Create app", "x", "x"],
                &["Delete app", "x", "-"],
            ],
        );
        let (reading, note) = detected(&s);
        let Reading::Matrix(grid) = reading else {
            panic!("a matrix: {reading:?}")
        };
        assert_eq!((grid.header, grid.label, grid.columns), (0, 0, vec![1, 2]));
        assert_eq!(
            grid.roles_in,
            Axis::Columns,
            "the corner names capabilities"
        );
        assert_eq!(
            note,
            "permission matrix: capabilities in rows, roles in columns B–C, labels in column A"
        );
    }

    #[test]
    fn letters_make_a_raci_chart_and_its_environment_comes_from_the_sheet_name() {
        let s = sheet(
            "Production",
            &[
                &["Activity", "App Owner", "IT Approver", "Maker"],
                &["Publish", "A", "R", "I"],
                &["Deploy", "C", "A/R", ""],
                &["Retire", "A", "C", "I"],
            ],
        );
        let (reading, note) = detected(&s);
        let Reading::Raci(grid) = reading else {
            panic!("a RACI chart: {reading:?}")
        };
        assert_eq!(grid.columns, vec![1, 2, 3]);
        assert_eq!(grid.environment.as_deref(), Some("Production"));
        assert!(
            note.starts_with("RACI matrix: activities in rows"),
            "{note}"
        );
    }

    #[test]
    fn people_down_the_side_make_an_assignment_matrix() {
        let s = sheet(
            "Review",
            &[
                &["Employee name", "Email", "Maker", "Approver"],
                &["Ana", "ana@example.org", "x", ""],
                &["Bo", "bo@example.org", "", "x"],
            ],
        );
        let (reading, note) = detected(&s);
        let Reading::AssignmentMatrix(matrix) = reading else {
            panic!("an assignment matrix: {reading:?}")
        };
        assert_eq!((matrix.person, matrix.email), (0, Some(1)));
        assert_eq!(matrix.columns, vec![2, 3]);
        assert_eq!(
            note,
            "assignment matrix: people in column A, roles across columns C–D"
        );
    }

    #[test]
    fn repeated_labels_are_joined_with_their_group() {
        let s = sheet(
            "Access",
            &[
                &["Table", "Operation", "Admin", "Maker"],
                &["Account", "Create", "x", ""],
                &["", "Delete", "x", ""],
                &["Contact", "Create", "x", "x"],
                &["", "Delete", "x", ""],
            ],
        );
        let (reading, _) = detected(&s);
        let Reading::Matrix(grid) = reading else {
            panic!("a matrix: {reading:?}")
        };
        assert_eq!((grid.label, grid.group), (1, Some(0)));
    }

    #[test]
    fn a_header_without_marks_under_it_is_not_read() {
        let s = sheet("Notes", &[&["Topic", "Comment"], &["Scope", "all apps"]]);
        let (reading, note) = detected(&s);
        assert_eq!(reading, Reading::Skipped { header: Some(0) });
        assert_eq!(
            note,
            "no role, mark or RACI columns under header row 1: Topic, Comment"
        );
    }
}
