//! Starter models shipped inside the binary.

use gatehouse_core::Model;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorCode};

const TEMPLATES: &[(&str, &str)] = &[(
    "generic-nocode",
    include_str!("../../../templates/generic-nocode/model.json"),
)];

/// The template a new desktop session shows as its demo model.
pub const DEMO_TEMPLATE: &str = "generic-nocode";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TemplateInfo {
    pub id: String,
    pub name: String,
    pub description: String,
}

pub fn list() -> Vec<TemplateInfo> {
    TEMPLATES
        .iter()
        .filter_map(|(id, _)| {
            let model = load(id).ok()?;
            Some(TemplateInfo {
                id: id.to_string(),
                name: model.meta.name,
                description: model.meta.description,
            })
        })
        .collect()
}

/// The template's model, validated.
pub fn load(id: &str) -> AppResult<Model> {
    let (_, text) = TEMPLATES
        .iter()
        .find(|(name, _)| *name == id)
        .ok_or_else(|| {
            let known: Vec<_> = TEMPLATES.iter().map(|(n, _)| *n).collect();
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
