//! The workbook's sheets: their names, and the binder section each belongs to (a sheet is in
//! the workbook when its section is in the package; "Provenance" always is).

use serde::{Deserialize, Serialize};

use crate::Section;

macro_rules! sheets {
    ($($variant:ident => $name:literal, $section:expr;)+) => {
        /// One sheet of `binder.xlsx`. Serialised as its name, as a custom controls file
        /// gives it (`sheets = ["Grants"]`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Sheet {
            $(#[serde(rename = $name)] $variant),+
        }

        impl Sheet {
            /// Every sheet, in the workbook's order.
            pub const ALL: &'static [Sheet] = &[$(Sheet::$variant),+];

            /// The sheet's tab name.
            pub fn name(self) -> &'static str {
                match self { $(Sheet::$variant => $name),+ }
            }

            /// The section whose inclusion brings the sheet in; `None`: always there.
            pub fn section(self) -> Option<Section> {
                match self { $(Sheet::$variant => $section),+ }
            }
        }
    };
}

sheets! {
    Provenance => "Provenance", None;
    Controls => "Controls", Some(Section::Controls);
    Roles => "Roles", Some(Section::Roles);
    Capabilities => "Capabilities", Some(Section::Roles);
    Matrix => "Matrix", Some(Section::Matrix);
    Grants => "Grants", Some(Section::Matrix);
    Ownership => "Ownership", Some(Section::Ownership);
    Assets => "Assets", Some(Section::Ownership);
    Assignments => "Assignments", Some(Section::Assignments);
    SodRules => "SoD rules", Some(Section::Sod);
    SodConflicts => "SoD conflicts", Some(Section::Sod);
    Exceptions => "Exceptions", Some(Section::Exceptions);
    RiskTiers => "Risk tiers", Some(Section::Criteria);
    Gates => "Gates", Some(Section::Gates);
    Escalations => "Escalations", Some(Section::Escalations);
    Findings => "Findings", Some(Section::Findings);
    Simulations => "Simulations", Some(Section::Simulations);
    SimulationPercentiles => "Simulation percentiles", Some(Section::Simulations);
    AccessReviews => "Access reviews", Some(Section::AccessReviews);
    ChangeLog => "Change log", Some(Section::ChangeLog);
    Versions => "Versions", Some(Section::Versions);
    Changes => "Changes since version", Some(Section::Versions);
    AuditLog => "Audit log", Some(Section::AuditLog);
    Dashboard => "Dashboard", Some(Section::Dashboard);
}

impl Sheet {
    /// The sheets a workbook of `snapshot` holds, in order.
    pub fn included(snapshot: &crate::Snapshot) -> Vec<Sheet> {
        Sheet::ALL
            .iter()
            .copied()
            .filter(|s| s.section().is_none_or(|section| snapshot.includes(section)))
            .collect()
    }
}

impl std::fmt::Display for Sheet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
