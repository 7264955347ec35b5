//! Canonical JSON: the model with every list in key order, for diffing, export and re-import.

use crate::model::Model;
use crate::validate::{validate, ValidationErrors};

#[derive(Debug, thiserror::Error)]
pub enum ModelJsonError {
    #[error("not a Gatehouse model at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the model is not valid: {0}")]
    Invalid(#[from] ValidationErrors),
}

impl Model {
    /// Pretty JSON with lists in key order; equal models give equal bytes.
    pub fn to_canonical_json(&self) -> String {
        let text = if self.is_canonical() {
            serde_json::to_string_pretty(self)
        } else {
            let mut sorted = self.clone();
            sorted.canonicalize();
            serde_json::to_string_pretty(&sorted)
        };
        text.expect("model types always serialise to JSON") + "\n"
    }

    /// Parses and validates a model written as JSON (any list order).
    pub fn from_json(text: &str) -> Result<Model, ModelJsonError> {
        let mut model: Model = serde_json::from_str(text).map_err(|e| ModelJsonError::Syntax {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        model.canonicalize();
        validate(&model)?;
        Ok(model)
    }

    /// SHA-256 of the canonical JSON: the model's fingerprint.
    pub fn fingerprint(&self) -> String {
        crate::audit::sha256_hex(self.to_canonical_json().as_bytes())
    }

    /// The fingerprint of the model without its pinned simulation results: what a pinned
    /// result records it was computed on (pinning one does not move it).
    pub fn simulated_fingerprint(&self) -> String {
        if self.pinned_simulations.is_empty() {
            return self.fingerprint();
        }
        let mut bare = self.clone();
        bare.pinned_simulations.clear();
        bare.fingerprint()
    }
}
