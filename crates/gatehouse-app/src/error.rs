use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An error as it crosses to a host: a stable `code` to act on, and a `message` for people.
/// Hosts never match on the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: String,
    pub message: String,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> AppError {
        AppError {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

impl From<gatehouse_vault::VaultError> for AppError {
    fn from(e: gatehouse_vault::VaultError) -> AppError {
        AppError::new(e.code(), e.to_string())
    }
}

impl From<gatehouse_core::EditError> for AppError {
    fn from(e: gatehouse_core::EditError) -> AppError {
        let code = match e {
            gatehouse_core::EditError::NotFound { .. } => "not_found",
            gatehouse_core::EditError::Invalid(_) => "invalid_edit",
        };
        AppError::new(code, e.to_string())
    }
}

impl From<gatehouse_core::ModelJsonError> for AppError {
    fn from(e: gatehouse_core::ModelJsonError) -> AppError {
        let code = match e {
            gatehouse_core::ModelJsonError::Syntax { .. } => "model_json_syntax",
            gatehouse_core::ModelJsonError::Invalid(_) => "invalid_model",
        };
        AppError::new(code, e.to_string())
    }
}

pub type AppResult<T> = Result<T, AppError>;
