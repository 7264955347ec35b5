//! The audit package: what a compliance officer hands an auditor, checkable without Gatehouse.
//!
//! Everything here is a pure function of a [`Snapshot`]: the model, its audit chain and the
//! options, with the as-of time passed in, never read from the clock, so the same vault and
//! options give byte-identical files (the minisign signature excepted, see DESIGN.md).
//!
//! One module per part of the package:
//! - [`snapshot`]: the input every part reads, the sections and the production facts;
//! - `layout`, `pdf`: the binder (printpdf), with a layout module of our own (measure, wrap,
//!   break tables across pages);
//! - [`xlsx`]: the workbook (rust_xlsxwriter), its sheets listed in [`sheet`];
//! - [`canonical`]: `data/model.json` and `data/audit-log.jsonl`, with the script that
//!   checks the log's chain with `jq` and `sha256sum`;
//! - [`history`]: named versions, the changes since one, pinned simulation results;
//! - [`controls`]: the controls catalogue (ISO/IEC 27001:2022 Annex A, SOX ITGC) mapped to
//!   the binder's sections and the workbook's sheets, with the model's status for each;
//! - `sign`: signing keys, the PDF's CMS signature, minisign;
//! - `bag`: the BagIt bag, zip and age encryption; `verify`: checking a bag.

pub mod access;
pub mod bag;
pub mod canonical;
pub mod controls;
pub mod dashboard;
pub mod error;
pub mod history;
pub mod layout;
mod names;
pub mod package;
pub mod pdf;
mod reviews;
pub mod sheet;
pub mod sign;
pub mod snapshot;
pub mod sod;
pub mod verify;
pub mod xlsx;

#[cfg(test)]
pub(crate) mod fixture;

pub use error::ExportError;
pub use pdf::{binder, BinderOptions, PdfError};
pub use sheet::Sheet;
pub use snapshot::{Provenance, Section, SectionChoice, Snapshot};
