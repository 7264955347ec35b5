//! Starter models shipped inside the binary.

use gatehouse_core::Model;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorCode};

/// Each template: its id, the one line a "new model" choice shows, and its model. The
/// empty ones come first: a consultant starts a client's model from them.
const TEMPLATES: &[(&str, &str, &str)] = &[
    (
        "client-start",
        "Empty model: environments and the capability vocabulary only, for a client's own roles and people.",
        include_str!("../../../templates/client-start/model.json"),
    ),
    (
        "blank",
        "Empty model with nothing in it at all.",
        include_str!("../../../templates/blank/model.json"),
    ),
    (
        "generic-nocode",
        "Worked example: eight roles, nine people, two gates and their findings, ready to adapt.",
        include_str!("../../../templates/generic-nocode/model.json"),
    ),
];

/// The template a new desktop session shows as its demo model.
pub const DEMO_TEMPLATE: &str = "generic-nocode";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateInfo {
    pub id: String,
    pub name: String,
    pub description: String,
    /// One line saying what a new model from it starts with.
    pub summary: String,
    /// It holds no people, roles or grants (a client's model is typed in from it).
    pub empty: bool,
}

pub fn list() -> Vec<TemplateInfo> {
    TEMPLATES
        .iter()
        .filter_map(|(id, summary, _)| {
            let model = load(id).ok()?;
            let empty =
                model.people.is_empty() && model.roles.is_empty() && model.grants.is_empty();
            Some(TemplateInfo {
                id: id.to_string(),
                name: model.meta.name,
                description: model.meta.description,
                summary: summary.to_string(),
                empty,
            })
        })
        .collect()
}

/// The template's model, validated.
pub fn load(id: &str) -> AppResult<Model> {
    let (_, _, text) = TEMPLATES
        .iter()
        .find(|(name, ..)| *name == id)
        .ok_or_else(|| {
            let known: Vec<_> = TEMPLATES.iter().map(|(n, ..)| *n).collect();
            AppError::new(
                ErrorCode::UnknownTemplate,
                format!(
                    "no template named {id:?}; known templates: {}",
                    known.join(", ")
                ),
            )
        })?;
    Ok(Model::from_json(text)?)
}
