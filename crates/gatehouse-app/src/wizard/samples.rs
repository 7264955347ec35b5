//! The spreadsheets in `samples/`, bundled so a workshop can try the importer at once, each
//! with what it shows (samples/README.md); and which files the importer takes.

use std::path::Path;

use super::transport::SampleInfo;

/// A bundled sample.
pub struct Sample {
    pub name: &'static str,
    /// What it shows, in one line (the wizard lists it).
    pub description: &'static str,
    pub bytes: &'static [u8],
}

/// The files in `samples/`, embedded, each with its description.
macro_rules! samples {
    ($($name:literal => $description:literal,)+) => {
        &[$(Sample {
            name: $name,
            description: $description,
            bytes: include_bytes!(concat!("../../../../samples/", $name)),
        },)+]
    };
}

pub const SAMPLES: &[Sample] = samples![
    "permission-matrix.xlsx" => "Roles × capabilities under Development / Production headers, behind a cover and a legend sheet",
    "matrix-per-environment.xlsx" => "One matrix per environment, roles in columns, some marks from formulas",
    "raci.xlsx" => "A RACI chart with letters written several ways and a stray mark",
    "sod-rules.xlsx" => "Conflicting functions or roles with risk level and mitigation",
    "assignments.csv" => "Who holds which role, with dates; semicolon-separated Windows-1252 text",
    "crud-matrix.xlsx" => "A CRUD matrix: tables down the side, roles across, the letters C, R, U, D in the cells",
];

pub fn sample(name: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.name == name)
}

pub fn sample_names() -> Vec<String> {
    SAMPLES.iter().map(|s| s.name.to_string()).collect()
}

pub fn sample_infos() -> Vec<SampleInfo> {
    SAMPLES
        .iter()
        .map(|s| SampleInfo {
            name: s.name.to_string(),
            description: s.description.to_string(),
        })
        .collect()
}

/// Extensions of the files the importer reads.
pub const SPREADSHEET_EXTENSIONS: &[&str] =
    &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"];

/// Whether `path` names a spreadsheet (by its extension, in any case).
pub fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SPREADSHEET_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}
