//! The input of an export: the model, its audit chain, the as-of time and which sections to
//! write, with the facts of the production page (how the package was made).

use chrono::{DateTime, NaiveDate, Utc};
use gatehouse_core::{AuditEvent, Finding, Model};
use serde::{Deserialize, Serialize};

/// One section of the binder (and, where it has one, its workbook sheet).
///
/// The order here is the order in the binder. A section whose register does not exist yet
/// in the model is left out with a reason on the production page ([`Section::not_built`]),
/// never faked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Roles,
    Matrix,
    Ownership,
    Assignments,
    Sod,
    Exceptions,
    Criteria,
    Gates,
    Escalations,
    Findings,
    Simulations,
    AccessReviews,
    ChangeLog,
    Versions,
    AuditLog,
    Controls,
    Dashboard,
}

impl Section {
    pub const ALL: [Section; 17] = [
        Section::Roles,
        Section::Matrix,
        Section::Ownership,
        Section::Assignments,
        Section::Sod,
        Section::Exceptions,
        Section::Criteria,
        Section::Gates,
        Section::Escalations,
        Section::Findings,
        Section::Simulations,
        Section::AccessReviews,
        Section::ChangeLog,
        Section::Versions,
        Section::AuditLog,
        Section::Controls,
        Section::Dashboard,
    ];

    /// The name used on the command line (`--sections roles,matrix`) and in files.
    pub fn key(self) -> &'static str {
        match self {
            Section::Roles => "roles",
            Section::Matrix => "matrix",
            Section::Ownership => "ownership",
            Section::Assignments => "assignments",
            Section::Sod => "sod",
            Section::Exceptions => "exceptions",
            Section::Criteria => "criteria",
            Section::Gates => "gates",
            Section::Escalations => "escalations",
            Section::Findings => "findings",
            Section::Simulations => "simulations",
            Section::AccessReviews => "access_reviews",
            Section::ChangeLog => "change_log",
            Section::Versions => "versions",
            Section::AuditLog => "audit_log",
            Section::Controls => "controls",
            Section::Dashboard => "dashboard",
        }
    }

    /// The heading in the binder and the contents.
    pub fn title(self) -> &'static str {
        match self {
            Section::Roles => "Role catalogue",
            Section::Matrix => "Permission matrix",
            Section::Ownership => "Ownership register and catalogue",
            Section::Assignments => "Assignments and temporary access",
            Section::Sod => "Segregation of duties: rules and conflicts",
            Section::Exceptions => "Exceptions",
            Section::Criteria => "Decision criteria",
            Section::Gates => "Promotion gates",
            Section::Escalations => "Escalation paths",
            Section::Findings => "Findings",
            Section::Simulations => "Simulation results",
            Section::AccessReviews => "Access reviews",
            Section::ChangeLog => "Change log",
            Section::Versions => "Versions",
            Section::AuditLog => "Audit log",
            Section::Controls => "Evidence index (controls)",
            Section::Dashboard => "Dashboard",
        }
    }

    pub fn parse(key: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Why this section cannot be written yet, whatever the model holds: the register it
    /// reports on is not built in this version of Gatehouse. Shown on the production page.
    /// Every section is built in this version (access review campaigns were the last); a
    /// section added before its register says why here.
    pub fn not_built(self) -> Option<&'static str> {
        None
    }
}

/// Whether a section is in the package, and if not, why: shown on the production page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SectionChoice {
    Included { section: Section, rows: usize },
    LeftOut { section: Section, reason: String },
}

/// How the package was made: the facts of the production page, the workbook's "Provenance"
/// sheet and `bag-info.txt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// Gatehouse's version (`CARGO_PKG_VERSION` of the host).
    pub app_version: String,
    /// The vault's schema version.
    pub schema_version: u32,
    /// SHA-256 of the model's canonical JSON (`Model::fingerprint`).
    pub model_hash: String,
    /// The audit chain's head hash and its number of events.
    pub chain_head: String,
    pub event_count: u64,
    /// Who made the package (the session's actor).
    pub produced_by: String,
    /// The organisation named in `bag-info.txt` (`Source-Organization`).
    pub organization: String,
    /// Scope and filters as a person reads them, e.g. "whole model".
    pub scope: String,
}

/// Everything an export reads. Built once by the host (gatehouse-app), then every part of
/// the package is a pure function of it.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub model: Model,
    /// The audit chain, in order, verified by the host before the export.
    pub events: Vec<AuditEvent>,
    /// The as-of time: every date and timestamp in the package comes from it.
    pub as_of: DateTime<Utc>,
    /// The findings on the as-of date.
    pub findings: Vec<Finding>,
    /// The sections asked for (in [`Section::ALL`] order).
    pub sections: Vec<Section>,
    pub provenance: Provenance,
    /// The controls the evidence index lists: the built-in catalogue, and a model's own
    /// framework when the host adds it ([`crate::controls::Catalogue::builtin_with`]).
    pub controls: crate::controls::Catalogue,
    /// The vault's named versions and the changes since one of them; `None` when the
    /// snapshot was made without a vault (the section is then left out, saying so).
    pub versions: Option<crate::history::Versions>,
}

impl Snapshot {
    pub fn new(
        model: Model,
        events: Vec<AuditEvent>,
        as_of: DateTime<Utc>,
        mut sections: Vec<Section>,
        provenance: Provenance,
    ) -> Snapshot {
        sections.sort();
        sections.dedup();
        let findings = gatehouse_core::findings(&model, as_of.date_naive());
        Snapshot {
            model,
            events,
            as_of,
            findings,
            sections,
            provenance,
            controls: crate::controls::Catalogue::builtin(),
            versions: None,
        }
    }

    /// The snapshot with the vault's named versions (and the changes since one of them).
    pub fn with_versions(mut self, versions: crate::history::Versions) -> Snapshot {
        self.versions = Some(versions);
        self
    }

    /// Why `section` cannot be written from this snapshot, whatever was asked for.
    fn unavailable(&self, section: Section) -> Option<&'static str> {
        if let Some(reason) = section.not_built() {
            return Some(reason);
        }
        if section == Section::Versions && self.versions.is_none() {
            return Some("this package was made without the vault's named versions");
        }
        None
    }

    pub fn as_of_date(&self) -> NaiveDate {
        self.as_of.date_naive()
    }

    /// Whether `section` was asked for and can be written.
    pub fn includes(&self, section: Section) -> bool {
        self.sections.contains(&section) && self.unavailable(section).is_none()
    }

    /// Each section of [`Section::ALL`], included with its row count or left out with why.
    pub fn choices(&self) -> Vec<SectionChoice> {
        Section::ALL
            .into_iter()
            .map(|section| {
                if let Some(reason) = self.unavailable(section) {
                    SectionChoice::LeftOut {
                        section,
                        reason: reason.to_string(),
                    }
                } else if !self.sections.contains(&section) {
                    SectionChoice::LeftOut {
                        section,
                        reason: "not asked for (--sections)".to_string(),
                    }
                } else {
                    SectionChoice::Included {
                        section,
                        rows: self.rows(section),
                    }
                }
            })
            .collect()
    }

    /// The number of rows a section reports, as the production page gives it.
    pub fn rows(&self, section: Section) -> usize {
        let m = &self.model;
        match section {
            Section::Roles => m.roles.len(),
            Section::Matrix => m.grants.len(),
            Section::Ownership => m.ownerships.len() + m.assets.len(),
            Section::Assignments => m.assignments.len(),
            Section::Sod => m.sod_rules.len(),
            Section::Exceptions => m.exceptions.len(),
            Section::Criteria => m.risk_tiers.len(),
            Section::Gates => m.gates.len(),
            Section::Escalations => m.escalation_paths.len(),
            Section::Findings => self.findings.len(),
            Section::Simulations => m.pinned_simulations.len(),
            Section::AccessReviews => m.access_reviews.len(),
            Section::ChangeLog => m.change_requests.len(),
            Section::Versions => self.versions.as_ref().map_or(0, |v| v.list.len()),
            Section::AuditLog => self.events.len(),
            Section::Controls => self.controls.controls.len(),
            Section::Dashboard => crate::dashboard::figures(self).len(),
        }
    }
}
