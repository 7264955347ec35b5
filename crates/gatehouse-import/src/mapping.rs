//! The mapping: how each sheet is read. Detection writes one; a mapping file (TOML)
//! overrides it sheet by sheet; the vault keeps the one used for the next import.
//!
//! ```toml
//! [[sheet]]
//! name = "Access"            # the sheet
//! layout = "matrix"          # matrix | raci | crud | assignments | sod_rules | skipped
//! header_row = 3             # 1-based (give only `layout` to have the rest detected)
//! roles_in = "columns"       # matrix and RACI: are roles the columns or the rows?
//! label_column = "B"         # the column naming capabilities / activities (or roles)
//! group_column = "A"         # a column whose value (written once over its rows) comes
//!                            # before each label: "Account" + "Create" = "Account Create"
//! columns = ["C", "D", "E"]  # the columns holding marks
//! environment = "Production" # every grant of the sheet is scoped to it
//!
//! [sheet.fields]             # assignments and SoD rules: which column is which
//! person = "A"
//! role = "C"
//!
//! [marks]
//! "A" = "approval"           # allow | approval | deny | none
//!
//! [aliases]
//! "Sys Admin" = "IT Administrator"
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::marks::Mark;

/// A mapping with every key, commented: what `gatehouse import --mapping-example` prints
/// and the README shows.
pub const EXAMPLE: &str = include_str!("mapping/example.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Layout {
    Matrix,
    Raci,
    /// C, R, U, D letters where resources and roles meet.
    Crud,
    Assignments,
    SodRules,
    Skipped,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Matrix => "matrix",
            Layout::Raci => "raci",
            Layout::Crud => "crud",
            Layout::Assignments => "assignments",
            Layout::SodRules => "sod_rules",
            Layout::Skipped => "skipped",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Axis {
    Columns,
    Rows,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default, rename = "sheet", skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<SheetMapping>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub marks: BTreeMap<String, Mark>,
    /// Another name for an entity → the name (or id) it has in the model.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub aliases: BTreeMap<String, String>,
}

/// How one sheet is read: its layout, and where its parts are (rows 1-based, columns as
/// letters). The desktop's wizard edits the same (the fields it leaves out are detected).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetMapping {
    pub name: String,
    pub layout: Layout,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub header_row: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub roles_in: Option<Axis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub label_column: Option<String>,
    /// A column naming the group of each row's label (a table, a module), written once
    /// over the rows it covers: it is put before the label ("Account Create").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub group_column: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub columns: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub environment: Option<String>,
    /// A row above the header naming the environment of each mark column (1-based).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub environment_row: Option<u32>,
    /// A second header row under the header (two-level headers), 1-based.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub subheader_row: Option<u32>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<BTreeMap<String, String>>", optional))]
    pub fields: BTreeMap<String, String>,
}

impl SheetMapping {
    pub fn new(name: &str, layout: Layout) -> SheetMapping {
        SheetMapping {
            name: name.to_string(),
            layout,
            header_row: None,
            roles_in: None,
            label_column: None,
            group_column: None,
            columns: Vec::new(),
            environment: None,
            environment_row: None,
            subheader_row: None,
            fields: BTreeMap::new(),
        }
    }
}

/// The fields a sheet of `layout` can name in `[sheet.fields]`.
pub fn fields_of(layout: Layout) -> &'static [&'static str] {
    match layout {
        Layout::Assignments => &[
            "person",
            "role",
            "email",
            "environment",
            "valid_from",
            "valid_until",
            "granted_by",
            "status",
        ],
        Layout::SodRules => &[
            "left",
            "right",
            "severity",
            "mitigation",
            "name",
            "description",
            "left_system",
            "right_system",
        ],
        // A permission list (one row per role and capability, flags in `columns`), or an
        // access list (one grant per row: role, resource, access level).
        Layout::Matrix => &[
            "role",
            "capability",
            "environment",
            "resource",
            "level",
            "status",
        ],
        Layout::Raci | Layout::Crud | Layout::Skipped => &[],
    }
}

impl SheetMapping {
    /// Whether what this mapping names is in `sheet` (rows and columns within the sheet's
    /// data, fields the layout knows): a mapping that points past the data would import
    /// nothing and say nothing.
    pub fn check(&self, sheet: &crate::workbook::Sheet) -> Result<(), String> {
        let name = &self.name;
        let (height, width) = (sheet.height(), sheet.width());
        for (what, row) in [
            ("header_row", self.header_row),
            ("environment_row", self.environment_row),
            ("subheader_row", self.subheader_row),
        ] {
            if let Some(r) = row {
                if r == 0 || r > height {
                    return Err(format!(
                        "sheet {name:?}: {what} = {r} is outside its rows (1 to {height})"
                    ));
                }
            }
        }
        let last = column_letter(width.saturating_sub(1));
        let known = fields_of(self.layout);
        let named = self
            .label_column
            .iter()
            .map(|c| ("label_column".to_string(), c))
            .chain(
                self.group_column
                    .iter()
                    .map(|c| ("group_column".to_string(), c)),
            )
            .chain(self.columns.iter().map(|c| ("columns".to_string(), c)))
            .chain(self.fields.iter().map(|(f, c)| (format!("fields.{f}"), c)));
        for (what, letters) in named {
            if let Some(field) = what.strip_prefix("fields.") {
                if !known.contains(&field) {
                    return Err(format!(
                        "sheet {name:?}: {} sheets have no field {field:?} (their fields: {})",
                        self.layout.as_str(),
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ));
                }
            }
            match column_index(letters) {
                Some(c) if c < width => {}
                Some(_) => {
                    return Err(format!(
                        "sheet {name:?}: {what} = {letters:?} is past its last column ({last})"
                    ))
                }
                None => {
                    return Err(format!(
                        "sheet {name:?}: {what} = {letters:?} is not a column (write letters such as \"C\")"
                    ))
                }
            }
        }
        Ok(())
    }

    /// Whether only the layout is given (a person chose it): where its parts are is then
    /// detected as for that layout.
    pub fn is_layout_only(&self) -> bool {
        self.header_row.is_none()
            && self.roles_in.is_none()
            && self.label_column.is_none()
            && self.group_column.is_none()
            && self.columns.is_empty()
            && self.environment.is_none()
            && self.environment_row.is_none()
            && self.subheader_row.is_none()
            && self.fields.is_empty()
    }
}

impl Mapping {
    pub fn from_toml(text: &str) -> Result<Mapping, String> {
        let mapping: Mapping = toml::from_str(text).map_err(|e| {
            // One line: where, then what (toml's own display draws the line in ASCII art).
            match e.span() {
                Some(span) => {
                    let before = &text[..span.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    let what = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
                    format!("line {line}, column {column}: {what}")
                }
                None => e.message().to_string(),
            }
        })?;
        for sheet in &mapping.sheets {
            let letters = sheet
                .label_column
                .iter()
                .chain(&sheet.columns)
                .chain(sheet.fields.values());
            for letter in letters {
                if column_index(letter).is_none() {
                    return Err(format!(
                        "sheet {:?}: {letter:?} is not a column letter (A, B, …, AA)",
                        sheet.name
                    ));
                }
            }
            if sheet.header_row == Some(0) {
                return Err(format!("sheet {:?}: header_row counts from 1", sheet.name));
            }
        }
        Ok(mapping)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("mappings serialise to TOML")
    }

    pub fn sheet(&self, name: &str) -> Option<&SheetMapping> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// 0-based column index of a letter such as `C` or `AA`.
pub fn column_index(letters: &str) -> Option<u32> {
    crate::cellref::column_index(letters)
}

pub fn column_letter(col: u32) -> String {
    crate::cellref::column_letters(col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_mapping_parses_and_names_every_key() {
        let m = Mapping::from_toml(EXAMPLE).expect("the example is a valid mapping");
        for layout in [Layout::Matrix, Layout::Assignments, Layout::SodRules] {
            for field in fields_of(layout) {
                assert!(
                    (m.sheets.iter()).any(|s| s.layout == layout && s.fields.contains_key(*field)),
                    "the example names the {} field {field:?}",
                    layout.as_str()
                );
            }
        }
        let grid = &m.sheets[0];
        assert!(grid.header_row.is_some() && grid.roles_in.is_some());
        assert!(grid.label_column.is_some() && grid.group_column.is_some());
        assert!(!grid.columns.is_empty() && grid.environment.is_some());
        assert!(grid.environment_row.is_some() && grid.subheader_row.is_some());
        assert!(!m.marks.is_empty() && !m.aliases.is_empty());
        for layout in [
            "matrix",
            "raci",
            "crud",
            "assignments",
            "sod_rules",
            "skipped",
        ] {
            assert!(
                EXAMPLE.contains(&format!("layout = \"{layout}\"")),
                "{layout}"
            );
        }
    }

    #[test]
    fn the_readme_shows_the_example_as_it_is() {
        let readme = include_str!("../../../README.md");
        assert!(
            readme.contains(&format!("```toml\n{EXAMPLE}```")),
            "README.md's mapping example differs from src/mapping/example.toml: copy it over"
        );
    }

    #[test]
    fn a_toml_error_is_one_line_with_its_line_and_column() {
        let why = Mapping::from_toml("[[sheet]]\nname = \"A\"\nlayout = \"grid\"\n").unwrap_err();
        assert!(
            why.starts_with("line 3, column 10: unknown variant `grid`"),
            "{why}"
        );
        assert!(!why.contains('\n'), "{why}");
    }
}
