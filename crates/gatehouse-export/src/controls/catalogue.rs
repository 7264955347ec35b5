//! Reading a controls catalogue from TOML: the built-in files and a model's own.

use serde::Deserialize;
use toml::Spanned;

use super::Measure;
use crate::{ExportError, Section, Sheet};

const BUILTIN: [&str; 2] = [
    include_str!("../../controls/iso27001-2022.toml"),
    include_str!("../../controls/sox-itgc.toml"),
];

/// One control of a framework and where the package evidences it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    pub framework: String,
    pub id: String,
    pub title: String,
    pub sections: Vec<Section>,
    pub sheets: Vec<Sheet>,
    /// What the status is computed from; `None`: the row counts of its sections.
    pub measure: Option<Measure>,
}

/// Controls of one or more frameworks, in the order they are listed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Catalogue {
    pub controls: Vec<Control>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    framework: Spanned<String>,
    #[serde(default)]
    control: Vec<Spanned<ControlEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ControlEntry {
    id: Spanned<String>,
    title: Spanned<String>,
    sections: Spanned<Vec<Section>>,
    #[serde(default)]
    sheets: Vec<Sheet>,
    #[serde(default)]
    measure: Option<Measure>,
}

impl Catalogue {
    /// ISO/IEC 27001:2022 Annex A and the SOX IT general controls, as the repository keeps them.
    pub fn builtin() -> Catalogue {
        let mut all = Catalogue::default();
        for text in BUILTIN {
            let file = load_custom(text).expect("the built-in controls files are valid (tested)");
            all.controls.extend(file.controls);
        }
        all
    }

    /// The built-in catalogue followed by a model's own controls file.
    pub fn builtin_with(custom: &str) -> Result<Catalogue, ExportError> {
        let mut all = Catalogue::builtin();
        all.controls.extend(load_custom(custom)?.controls);
        Ok(all)
    }
}

/// Reads a controls file (`framework = "..."` and `[[control]]` tables with `id`, `title`,
/// `sections`, optional `sheets` and `measure`); errors name the line and column.
pub fn load_custom(text: &str) -> Result<Catalogue, ExportError> {
    let file: File = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        ExportError::at(text, offset, e.message().trim_end().to_string())
    })?;
    let framework = file.framework.get_ref().trim().to_string();
    if framework.is_empty() {
        return Err(ExportError::at(
            text,
            file.framework.span().start,
            "the framework's name is empty",
        ));
    }
    if file.control.is_empty() {
        return Err(ExportError::at(
            text,
            text.len(),
            "the file lists no controls: add [[control]] tables",
        ));
    }
    let mut controls: Vec<Control> = Vec::with_capacity(file.control.len());
    for entry in file.control {
        let entry = entry.into_inner();
        let id = entry.id.get_ref().trim();
        if id.is_empty() {
            return Err(ExportError::at(
                text,
                entry.id.span().start,
                "the control's id is empty",
            ));
        }
        if controls.iter().any(|c| c.id == id) {
            return Err(ExportError::at(
                text,
                entry.id.span().start,
                format!("the control id \"{id}\" is listed twice in {framework}"),
            ));
        }
        if entry.title.get_ref().trim().is_empty() {
            return Err(ExportError::at(
                text,
                entry.title.span().start,
                format!("the control \"{id}\" has an empty title"),
            ));
        }
        if entry.sections.get_ref().is_empty() {
            return Err(ExportError::at(
                text,
                entry.sections.span().start,
                format!("the control \"{id}\" names no binder section: where is its evidence?"),
            ));
        }
        controls.push(Control {
            framework: framework.clone(),
            id: id.to_string(),
            title: entry.title.get_ref().trim().to_string(),
            sections: entry.sections.into_inner(),
            sheets: entry.sheets,
            measure: entry.measure,
        });
    }
    Ok(Catalogue { controls })
}
