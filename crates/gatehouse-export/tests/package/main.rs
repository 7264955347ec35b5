//! The audit package checked with the tools an auditor has: pdfsig, sha256sum, minisign,
//! bagit.py, and `gatehouse_export::verify`.

mod bag;
mod common;
mod signature;
