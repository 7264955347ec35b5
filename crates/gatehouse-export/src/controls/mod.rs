//! The controls this package evidences: a catalogue kept as data (`controls/*.toml`: ISO/IEC
//! 27001:2022 Annex A and the SOX IT general controls; a model may add its own framework's
//! file), each control mapped to the binder sections and workbook sheets that evidence it,
//! with a status computed from the model ([`evidence`]).

mod catalogue;
mod measure;

pub use catalogue::{load_custom, Catalogue, Control};
pub use measure::Measure;

use serde::Serialize;

use crate::{Section, Sheet, Snapshot};

/// One line of the evidence index: a control, where its evidence is, and how the model
/// stands on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ControlEvidence {
    pub framework: String,
    pub id: String,
    pub title: String,
    /// The control's sections that are in this package, in binder order.
    pub sections: Vec<Section>,
    /// The control's sheets that are in this workbook, in workbook order.
    pub sheets: Vec<Sheet>,
    /// The model's status for the control, one line, e.g. "2 SoD rules; 3 conflicts open,
    /// 1 accepted by exception".
    pub status: String,
    /// Whether the status asks for the auditor's attention (open conflicts, expired access,
    /// evidence left out of the package).
    pub attention: bool,
}

/// The evidence index of `snapshot` for every control of `catalogue`, in catalogue order.
pub fn evidence(snapshot: &Snapshot, catalogue: &Catalogue) -> Vec<ControlEvidence> {
    let facts = measure::Facts::new(snapshot);
    catalogue
        .controls
        .iter()
        .map(|control| {
            let sections: Vec<Section> = Section::ALL
                .into_iter()
                .filter(|s| control.sections.contains(s) && snapshot.includes(*s))
                .collect();
            let included = Sheet::included(snapshot);
            let sheets: Vec<Sheet> = included
                .into_iter()
                .filter(|s| control.sheets.contains(s))
                .collect();
            let left_out: Vec<&str> = control
                .sections
                .iter()
                .filter(|s| !snapshot.includes(**s))
                .map(|s| s.key())
                .collect();
            let (mut status, mut attention) = match control.measure {
                Some(m) => facts.status(m),
                None => (facts.row_counts(&sections), false),
            };
            if sections.is_empty() {
                status = format!(
                    "no evidence in this package: its sections ({}) are left out",
                    left_out.join(", ")
                );
                attention = true;
            } else if !left_out.is_empty() {
                status.push_str(&format!(
                    "; left out of this package: {}",
                    left_out.join(", ")
                ));
                attention = true;
            }
            ControlEvidence {
                framework: control.framework.clone(),
                id: control.id.clone(),
                title: control.title.clone(),
                sections,
                sheets,
                status,
                attention,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
