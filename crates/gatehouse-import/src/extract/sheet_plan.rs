//! How one sheet is read, typed: which reader, and the 0-based rows and columns it reads.
//! A mapping file says the same in TOML ([`SheetMapping`], 1-based rows and column
//! letters); the conversions both ways are here and nowhere else.

use std::collections::BTreeMap;

use crate::mapping::{column_index, column_letter, Axis, Layout, SheetMapping};

/// A sheet's plan: its name and how it is read.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetPlan {
    pub sheet: String,
    pub reading: Reading,
}

/// One reader per layout a sheet can have.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// Not read; `header` only says where a header was seen.
    Skipped { header: Option<u32> },
    /// Marks where capabilities and roles meet.
    Matrix(Grid),
    /// RACI letters where activities and roles meet.
    Raci(Grid),
    /// C, R, U, D letters where resources and roles meet: each letter a capability.
    Crud(Grid),
    /// One row per role and object, flags across.
    PermissionList(PermissionList),
    /// One grant per row: a role, a resource and the access level on it.
    AccessList(AccessList),
    /// One row per person and role.
    AssignmentList(AssignmentList),
    /// People down the side, roles across.
    AssignmentMatrix(AssignmentMatrix),
    /// One row per rule, its two sides in two columns.
    RuleList(RuleList),
    /// The same names down the side and across; a marked cell is a rule.
    ConflictMatrix(ConflictMatrix),
}

/// A matrix or RACI chart: labels down one column, values across.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub header: u32,
    pub label: u32,
    pub columns: Vec<u32>,
    pub roles_in: Axis,
    /// A column whose entries, written once over their rows, come with each label.
    pub group: Option<u32>,
    /// A second header row under the header.
    pub subheader: Option<u32>,
    /// Every grant scoped to this environment.
    pub environment: Option<String>,
    /// A row naming the environment of each value column.
    pub environment_row: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PermissionList {
    pub header: u32,
    pub role: u32,
    pub capability: u32,
    pub environment: Option<u32>,
    pub columns: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AccessList {
    pub header: u32,
    pub role: u32,
    pub resource: u32,
    pub level: Option<u32>,
    pub environment: Option<u32>,
    /// A status or decision column: rows it says are revoked are not active access.
    pub status: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AssignmentList {
    pub header: u32,
    pub person: u32,
    pub role: u32,
    pub email: Option<u32>,
    pub environment: Option<u32>,
    pub valid_from: Option<u32>,
    pub valid_until: Option<u32>,
    pub granted_by: Option<u32>,
    /// A status or decision column: rows it says are revoked are not active access.
    pub status: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AssignmentMatrix {
    pub header: u32,
    pub person: u32,
    pub email: Option<u32>,
    pub columns: Vec<u32>,
    pub subheader: Option<u32>,
    pub environment: Option<String>,
    pub environment_row: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RuleList {
    pub header: u32,
    pub left: u32,
    pub right: u32,
    pub severity: Option<u32>,
    pub mitigation: Option<u32>,
    pub name: Option<u32>,
    pub description: Option<u32>,
    /// The system of each side, when the sheet has columns for them ("System A").
    pub left_system: Option<u32>,
    pub right_system: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConflictMatrix {
    pub header: u32,
    pub label: u32,
    pub columns: Vec<u32>,
    pub subheader: Option<u32>,
}

impl Reading {
    /// The layout a mapping names for this reading.
    pub fn layout(&self) -> Layout {
        match self {
            Reading::Skipped { .. } => Layout::Skipped,
            Reading::Matrix(_) | Reading::PermissionList(_) | Reading::AccessList(_) => {
                Layout::Matrix
            }
            Reading::Raci(_) => Layout::Raci,
            Reading::Crud(_) => Layout::Crud,
            Reading::AssignmentList(_) | Reading::AssignmentMatrix(_) => Layout::Assignments,
            Reading::RuleList(_) | Reading::ConflictMatrix(_) => Layout::SodRules,
        }
    }
}

/// A 1-based row of a mapping, 0-based.
fn row(one_based: Option<u32>) -> Option<u32> {
    one_based.and_then(|r| r.checked_sub(1))
}

fn one_based(row: Option<u32>) -> Option<u32> {
    row.map(|r| r + 1)
}

/// What a mapping names, looked up the way its reader needs it: a missing or unreadable
/// part is the reason the sheet cannot be read.
struct Parts<'a>(&'a SheetMapping);

impl Parts<'_> {
    fn field(&self, name: &str) -> Option<u32> {
        self.0.fields.get(name).and_then(|l| column_index(l))
    }

    fn needed(&self, name: &str) -> Result<u32, String> {
        self.field(name).ok_or_else(|| format!("no {name} column"))
    }

    fn header(&self) -> Result<u32, String> {
        row(self.0.header_row).ok_or_else(|| "the mapping gives no header_row".into())
    }

    fn label(&self) -> Result<u32, String> {
        self.0
            .label_column
            .as_deref()
            .and_then(column_index)
            .ok_or_else(|| "the mapping gives no label_column".to_string())
    }

    fn columns(&self) -> Result<Vec<u32>, String> {
        (self.0.columns.iter())
            .map(|l| column_index(l).ok_or_else(|| format!("{l:?} is not a column")))
            .collect()
    }

    fn group(&self) -> Option<u32> {
        self.0.group_column.as_deref().and_then(column_index)
    }

    fn grid(&self) -> Result<Grid, String> {
        let (label, columns) = (self.label()?, self.columns()?);
        Ok(Grid {
            header: self.header()?,
            label,
            columns,
            roles_in: self.0.roles_in.unwrap_or(Axis::Columns),
            group: self.group(),
            subheader: row(self.0.subheader_row),
            environment: self.0.environment.clone(),
            environment_row: row(self.0.environment_row),
        })
    }
}

impl TryFrom<&SheetMapping> for SheetPlan {
    type Error = String;

    /// The plan a mapping describes, or why its sheet cannot be read so. Parts the layout
    /// does not use are left out (the mapping as written is what is kept).
    fn try_from(m: &SheetMapping) -> Result<SheetPlan, String> {
        let p = Parts(m);
        let reading = match m.layout {
            Layout::Skipped => Reading::Skipped {
                header: row(m.header_row),
            },
            // An access list names a role and a resource column; a permission list a role
            // and a capability column; a matrix has roles as labels.
            Layout::Matrix if m.fields.contains_key("resource") => {
                let (role, resource) = (p.needed("role")?, p.needed("resource")?);
                Reading::AccessList(AccessList {
                    header: p.header()?,
                    role,
                    resource,
                    level: p.field("level"),
                    environment: p.field("environment"),
                    status: p.field("status"),
                })
            }
            Layout::Matrix if m.fields.contains_key("role") => {
                let (role, capability) = (p.needed("role")?, p.needed("capability")?);
                let columns = p.columns()?;
                Reading::PermissionList(PermissionList {
                    header: p.header()?,
                    role,
                    capability,
                    environment: p.field("environment"),
                    columns,
                })
            }
            Layout::Matrix => Reading::Matrix(p.grid()?),
            Layout::Raci => Reading::Raci(p.grid()?),
            Layout::Crud => Reading::Crud(p.grid()?),
            Layout::Assignments if p.field("role").is_none() && !m.columns.is_empty() => {
                let person = p.needed("person")?;
                Reading::AssignmentMatrix(AssignmentMatrix {
                    header: p.header()?,
                    person,
                    email: p.field("email"),
                    columns: p.columns()?,
                    subheader: row(m.subheader_row),
                    environment: m.environment.clone(),
                    environment_row: row(m.environment_row),
                })
            }
            Layout::Assignments => {
                let (person, role) = (p.needed("person")?, p.needed("role")?);
                Reading::AssignmentList(AssignmentList {
                    header: p.header()?,
                    person,
                    role,
                    email: p.field("email"),
                    environment: p.field("environment"),
                    valid_from: p.field("valid_from"),
                    valid_until: p.field("valid_until"),
                    granted_by: p.field("granted_by"),
                    status: p.field("status"),
                })
            }
            Layout::SodRules if p.field("left").is_none() && m.label_column.is_some() => {
                let label = p.label()?;
                Reading::ConflictMatrix(ConflictMatrix {
                    header: p.header()?,
                    label,
                    columns: p.columns()?,
                    subheader: row(m.subheader_row),
                })
            }
            Layout::SodRules => {
                let (left, right) = (p.needed("left")?, p.needed("right")?);
                Reading::RuleList(RuleList {
                    header: p.header()?,
                    left,
                    right,
                    severity: p.field("severity"),
                    mitigation: p.field("mitigation"),
                    name: p.field("name"),
                    description: p.field("description"),
                    left_system: p.field("left_system"),
                    right_system: p.field("right_system"),
                })
            }
        };
        Ok(SheetPlan {
            sheet: m.name.clone(),
            reading,
        })
    }
}

fn letters(columns: &[u32]) -> Vec<String> {
    columns.iter().map(|&c| column_letter(c)).collect()
}

/// `[sheet.fields]`: the named columns that are there.
fn fields<const N: usize>(named: [(&str, Option<u32>); N]) -> BTreeMap<String, String> {
    named
        .into_iter()
        .filter_map(|(field, c)| Some((field.to_string(), column_letter(c?))))
        .collect()
}

impl From<&SheetPlan> for SheetMapping {
    /// The mapping that gives this plan back: what is stored for the next import and
    /// shown in the preview.
    fn from(plan: &SheetPlan) -> SheetMapping {
        let mut m = SheetMapping::new(&plan.sheet, plan.reading.layout());
        match &plan.reading {
            Reading::Skipped { header } => m.header_row = one_based(*header),
            Reading::Matrix(g) | Reading::Raci(g) | Reading::Crud(g) => {
                m.header_row = Some(g.header + 1);
                m.roles_in = Some(g.roles_in);
                m.label_column = Some(column_letter(g.label));
                m.group_column = g.group.map(column_letter);
                m.columns = letters(&g.columns);
                m.environment = g.environment.clone();
                m.environment_row = one_based(g.environment_row);
                m.subheader_row = one_based(g.subheader);
            }
            Reading::PermissionList(l) => {
                m.header_row = Some(l.header + 1);
                m.columns = letters(&l.columns);
                m.fields = fields([
                    ("role", Some(l.role)),
                    ("capability", Some(l.capability)),
                    ("environment", l.environment),
                ]);
            }
            Reading::AccessList(l) => {
                m.header_row = Some(l.header + 1);
                m.fields = fields([
                    ("role", Some(l.role)),
                    ("resource", Some(l.resource)),
                    ("level", l.level),
                    ("environment", l.environment),
                    ("status", l.status),
                ]);
            }
            Reading::AssignmentList(l) => {
                m.header_row = Some(l.header + 1);
                m.fields = fields([
                    ("person", Some(l.person)),
                    ("role", Some(l.role)),
                    ("email", l.email),
                    ("environment", l.environment),
                    ("valid_from", l.valid_from),
                    ("valid_until", l.valid_until),
                    ("granted_by", l.granted_by),
                    ("status", l.status),
                ]);
            }
            Reading::AssignmentMatrix(a) => {
                m.header_row = Some(a.header + 1);
                // The people are the matrix's labels.
                m.label_column = Some(column_letter(a.person));
                m.columns = letters(&a.columns);
                m.environment = a.environment.clone();
                m.environment_row = one_based(a.environment_row);
                m.subheader_row = one_based(a.subheader);
                m.fields = fields([("person", Some(a.person)), ("email", a.email)]);
            }
            Reading::RuleList(l) => {
                m.header_row = Some(l.header + 1);
                m.fields = fields([
                    ("left", Some(l.left)),
                    ("right", Some(l.right)),
                    ("severity", l.severity),
                    ("mitigation", l.mitigation),
                    ("name", l.name),
                    ("description", l.description),
                    ("left_system", l.left_system),
                    ("right_system", l.right_system),
                ]);
            }
            Reading::ConflictMatrix(c) => {
                m.header_row = Some(c.header + 1);
                m.label_column = Some(column_letter(c.label));
                m.columns = letters(&c.columns);
                m.subheader_row = one_based(c.subheader);
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::Mapping;

    fn plans() -> Vec<SheetPlan> {
        let plan = |reading| SheetPlan {
            sheet: "Access".into(),
            reading,
        };
        vec![
            plan(Reading::Skipped { header: None }),
            plan(Reading::Skipped { header: Some(2) }),
            plan(Reading::Matrix(Grid {
                header: 2,
                label: 1,
                columns: vec![2, 3, 27],
                roles_in: Axis::Rows,
                group: Some(0),
                subheader: Some(3),
                environment: None,
                environment_row: Some(1),
            })),
            plan(Reading::Raci(Grid {
                header: 0,
                label: 0,
                columns: vec![1],
                roles_in: Axis::Columns,
                group: None,
                subheader: None,
                environment: Some("Production".into()),
                environment_row: None,
            })),
            plan(Reading::Crud(Grid {
                header: 1,
                label: 0,
                columns: vec![1, 2],
                roles_in: Axis::Columns,
                group: None,
                subheader: None,
                environment: None,
                environment_row: None,
            })),
            plan(Reading::PermissionList(PermissionList {
                header: 0,
                role: 3,
                capability: 1,
                environment: Some(2),
                columns: vec![4, 5],
            })),
            plan(Reading::AssignmentList(AssignmentList {
                header: 4,
                person: 0,
                role: 2,
                email: Some(1),
                environment: None,
                valid_from: Some(5),
                valid_until: Some(6),
                granted_by: None,
                status: Some(7),
            })),
            plan(Reading::AccessList(AccessList {
                header: 0,
                role: 1,
                resource: 2,
                level: Some(3),
                environment: None,
                status: Some(5),
            })),
            plan(Reading::AssignmentMatrix(AssignmentMatrix {
                header: 0,
                person: 1,
                email: Some(0),
                columns: vec![2, 3],
                subheader: None,
                environment: None,
                environment_row: None,
            })),
            plan(Reading::RuleList(RuleList {
                header: 1,
                left: 0,
                right: 1,
                severity: Some(2),
                mitigation: None,
                name: Some(3),
                description: None,
                left_system: Some(4),
                right_system: None,
            })),
            plan(Reading::ConflictMatrix(ConflictMatrix {
                header: 0,
                label: 0,
                columns: vec![1, 2, 3],
                subheader: None,
            })),
        ]
    }

    #[test]
    fn every_plan_survives_its_mapping_and_its_toml() {
        for plan in plans() {
            let mapping = Mapping {
                sheets: vec![SheetMapping::from(&plan)],
                ..Mapping::default()
            };
            let toml = mapping.to_toml();
            let back = Mapping::from_toml(&toml).unwrap();
            assert_eq!(back, mapping, "the TOML gives the mapping back:\n{toml}");
            assert_eq!(
                SheetPlan::try_from(&back.sheets[0]),
                Ok(plan),
                "the mapping gives the plan back:\n{toml}"
            );
        }
    }

    #[test]
    fn a_mapping_written_by_hand_is_read_as_before() {
        let toml = r#"
            [[sheet]]
            name = "Access"
            layout = "matrix"
            header_row = 3
            label_column = "B"
            columns = ["C", "D"]
        "#;
        let m = &Mapping::from_toml(toml).unwrap().sheets[0];
        let SheetPlan { reading, .. } = SheetPlan::try_from(m).unwrap();
        let Reading::Matrix(grid) = reading else {
            panic!("a matrix without a role field is a grid: {reading:?}")
        };
        assert_eq!((grid.header, grid.label, grid.columns), (2, 1, vec![2, 3]));
        assert_eq!(grid.roles_in, Axis::Columns, "roles are across unless said");
    }

    #[test]
    fn what_a_reader_lacks_is_the_reason_it_cannot_read() {
        let mut m = SheetMapping::new("S", Layout::Matrix);
        m.label_column = Some("A".into());
        let why = |m: &SheetMapping| SheetPlan::try_from(m).unwrap_err();
        assert_eq!(why(&m), "the mapping gives no header_row");
        m.label_column = None;
        assert_eq!(why(&m), "the mapping gives no label_column");
        let mut m = SheetMapping::new("S", Layout::Assignments);
        m.fields.insert("person".into(), "A".into());
        assert_eq!(why(&m), "no role column");
        let mut m = SheetMapping::new("S", Layout::SodRules);
        m.fields.insert("left".into(), "A".into());
        assert_eq!(why(&m), "no right column");
        let mut m = SheetMapping::new("S", Layout::Matrix);
        m.fields.insert("role".into(), "A".into());
        assert_eq!(why(&m), "no capability column");
    }
}
