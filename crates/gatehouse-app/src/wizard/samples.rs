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

pub const SAMPLES: &[Sample] = &[
    Sample {
        name: "permission-matrix.xlsx",
        description: "Roles × capabilities under Development / Production headers, behind a cover and a legend sheet",
        bytes: include_bytes!("../../../../samples/permission-matrix.xlsx"),
    },
    Sample {
        name: "matrix-per-environment.xlsx",
        description: "One matrix per environment, roles in columns, some marks from formulas",
        bytes: include_bytes!("../../../../samples/matrix-per-environment.xlsx"),
    },
    Sample {
        name: "raci.xlsx",
        description: "A RACI chart with letters written several ways and a stray mark",
        bytes: include_bytes!("../../../../samples/raci.xlsx"),
    },
    Sample {
        name: "sod-rules.xlsx",
        description: "Conflicting functions or roles with risk level and mitigation",
        bytes: include_bytes!("../../../../samples/sod-rules.xlsx"),
    },
    Sample {
        name: "assignments.csv",
        description: "Who holds which role, with dates; semicolon-separated Windows-1252 text",
        bytes: include_bytes!("../../../../samples/assignments.csv"),
    },
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
