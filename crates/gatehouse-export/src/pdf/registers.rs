//! The registers: role catalogue, permission matrix, ownership and assets, assignments.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use gatehouse_core::findings::is_valid_on;
use gatehouse_core::{Assignment, Effect, Model};

use crate::access::{AccessStatus, EXPIRING_WITHIN_DAYS};
use crate::layout::matrix::{block_caption, column_blocks, columns_per_block};
use crate::layout::{Flow, Style, Table};
use crate::snapshot::Snapshot;

const SIZE: f32 = 8.5;

/// Names by id, shown as "Name (id)" where the model refers to an id (the id alone when
/// the model does not know it, or the name is the id).
pub(super) struct Names<'m>(crate::names::Names<'m>);

impl<'m> Names<'m> {
    pub(super) fn new(m: &'m Model) -> Names<'m> {
        Names(crate::names::Names::new(m))
    }

    fn show(name: &str, id: &str) -> String {
        if name != id {
            format!("{name} ({id})")
        } else {
            id.to_string()
        }
    }

    pub(super) fn person(&self, id: &str) -> String {
        Self::show(self.0.person(id), id)
    }

    pub(super) fn role(&self, id: &str) -> String {
        Self::show(self.0.role(id), id)
    }

    pub(super) fn asset(&self, id: &str) -> String {
        Self::show(self.0.asset(id), id)
    }
}

pub(super) fn empty(flow: &mut Flow, what: &str) {
    flow.paragraph(&format!("The model has no {what}."), 10.0, Style::Regular);
}

pub(super) fn roles(flow: &mut Flow, s: &Snapshot) {
    let m = &s.model;
    if m.roles.is_empty() {
        return empty(flow, "roles");
    }
    let at = s.as_of_date();
    let mut grants: HashMap<&str, usize> = HashMap::new();
    for g in &m.grants {
        *grants.entry(g.role.as_str()).or_default() += 1;
    }
    let mut members: HashMap<&str, usize> = HashMap::new();
    for a in m.assignments.iter().filter(|a| is_valid_on(a, at)) {
        *members.entry(a.role.as_str()).or_default() += 1;
    }
    flow.paragraph(
        &format!(
            "{} roles. Members: assignments valid on {at}.",
            m.roles.len()
        ),
        9.0,
        Style::Regular,
    );
    flow.space(4.0);
    let mut t = Table::auto(
        &["Id", "Name", "Kind", "Description", "Grants", "Members"],
        SIZE,
    );
    for r in &m.roles {
        t.row(vec![
            r.id.clone(),
            r.name.clone(),
            r.kind.to_string(),
            r.description.clone(),
            grants.get(r.id.as_str()).copied().unwrap_or(0).to_string(),
            members.get(r.id.as_str()).copied().unwrap_or(0).to_string(),
        ]);
    }
    flow.table(&t);
}

fn effect_letter(e: Effect) -> &'static str {
    match e {
        Effect::Allow => "A",
        Effect::Approval => "R",
        Effect::Deny => "D",
    }
}

/// Width of a matrix column and of the row headers, in points.
const MATRIX_COLUMN: f32 = 30.0;
const MATRIX_ROW_HEADER: f32 = 150.0;
const MATRIX_SIZE: f32 = 6.5;

pub(super) fn matrix(flow: &mut Flow, s: &Snapshot) {
    let m = &s.model;
    if m.roles.is_empty() || m.capabilities.is_empty() {
        return empty(flow, "roles and capabilities to grant");
    }
    // (role, capability) → the cell's text: one letter per grant, with the environment
    // it is limited to.
    let short = env_abbreviations(m);
    let mut cells: HashMap<(&str, &str), Vec<String>> = HashMap::new();
    for g in &m.grants {
        let letter = effect_letter(g.effect);
        let text = match &g.environment {
            Some(env) => format!(
                "{letter}:{}",
                short.get(env.as_str()).map_or(env.as_str(), String::as_str)
            ),
            None => letter.to_string(),
        };
        cells
            .entry((g.role.as_str(), g.capability.as_str()))
            .or_default()
            .push(text);
    }
    let caps = &m.capabilities;
    flow.paragraph(
        &format!(
            "{} roles (rows) by {} capabilities (columns), {} grants. A = allowed, R = allowed \
             with approval, D = denied; after a colon, the environment the grant is limited to \
             ({}); an empty cell grants nothing. Columns are numbered; the key before each \
             block names them. A matrix wider than a page is split into blocks of columns, \
             each repeating the role names.",
            m.roles.len(),
            caps.len(),
            m.grants.len(),
            env_key(m, &short),
        ),
        9.0,
        Style::Regular,
    );
    flow.space(6.0);
    let per_block = columns_per_block(flow.content_width(), MATRIX_ROW_HEADER, MATRIX_COLUMN);
    let blocks = column_blocks(caps.len(), per_block);
    for (b, block) in blocks.iter().enumerate() {
        if b > 0 {
            flow.new_page(crate::layout::PageSize::A4_LANDSCAPE);
        }
        let caption = format!("Permission matrix, {}", block_caption(block, caps.len()));
        let mut key = Table::auto(
            &["#", "Capability id", "Name", "Action", "Environment"],
            MATRIX_SIZE,
        );
        key.caption = Some(format!("Key to {caption}"));
        for (i, c) in caps[block.clone()].iter().enumerate() {
            key.row(vec![
                (block.start + i + 1).to_string(),
                c.id.clone(),
                c.name.clone(),
                c.action.to_string(),
                c.environment.clone().unwrap_or_default(),
            ]);
        }
        flow.table(&key);
        let mut widths = vec![MATRIX_ROW_HEADER];
        widths.extend(std::iter::repeat_n(MATRIX_COLUMN, block.len()));
        let mut header = vec!["Role".to_string()];
        header.extend(block.clone().map(|i| (i + 1).to_string()));
        let mut t = Table {
            widths,
            header,
            rows: Vec::new(),
            size: MATRIX_SIZE,
            caption: Some(caption),
        };
        for r in &m.roles {
            let mut row = vec![format!("{} ({})", r.name, r.id)];
            for c in &caps[block.clone()] {
                let cell = cells.get(&(r.id.as_str(), c.id.as_str()));
                row.push(cell.map(|v| v.join(" ")).unwrap_or_default());
            }
            t.row(row);
        }
        flow.table(&t);
    }
}

/// A short code of at most three letters for each environment, unique within the model
/// (the full id where three letters would be ambiguous), so a cell stays narrow.
fn env_abbreviations(m: &Model) -> HashMap<&str, String> {
    let mut ids: Vec<&str> = m.environments.iter().map(|e| e.id.as_str()).collect();
    ids.extend(m.grants.iter().filter_map(|g| g.environment.as_deref()));
    ids.sort_unstable();
    ids.dedup();
    let short = |id: &str| id.chars().take(3).collect::<String>();
    let mut uses: HashMap<String, usize> = HashMap::new();
    for id in &ids {
        *uses.entry(short(id)).or_default() += 1;
    }
    ids.into_iter()
        .map(|id| {
            let s = short(id);
            (id, if uses[&s] > 1 { id.to_string() } else { s })
        })
        .collect()
}

fn env_key(m: &Model, short: &HashMap<&str, String>) -> String {
    let mut parts: Vec<String> = m
        .environments
        .iter()
        .map(|e| {
            format!(
                "{} = {}",
                short
                    .get(e.id.as_str())
                    .map_or(e.id.as_str(), String::as_str),
                e.name
            )
        })
        .collect();
    if parts.is_empty() {
        parts.push("the model names no environments".into());
    }
    parts.join(", ")
}

pub(super) fn ownership(flow: &mut Flow, s: &Snapshot) {
    let m = &s.model;
    let names = Names::new(m);
    flow.heading("Asset catalogue", 12.0);
    if m.assets.is_empty() {
        empty(flow, "assets");
    } else {
        let mut owners: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for o in &m.ownerships {
            owners.entry(o.asset.as_str()).or_default().push(format!(
                "{}: {}",
                o.kind,
                names.person(&o.person)
            ));
        }
        let mut t = Table::auto(
            &[
                "Id",
                "Name",
                "Kind",
                "Classification",
                "Criticality",
                "User-facing",
                "Owners",
            ],
            SIZE,
        );
        for a in &m.assets {
            t.row(vec![
                a.id.clone(),
                a.name.clone(),
                a.kind.to_string(),
                a.classification.to_string(),
                a.criticality.to_string(),
                if a.user_facing { "yes" } else { "no" }.into(),
                owners
                    .get(a.id.as_str())
                    .map(|o| o.join("\n"))
                    .unwrap_or_else(|| "none".into()),
            ]);
        }
        flow.table(&t);
    }
    flow.heading("Ownership register", 12.0);
    if m.ownerships.is_empty() {
        return empty(flow, "ownerships");
    }
    let mut t = Table::auto(&["Asset", "Ownership", "Person"], SIZE);
    for o in &m.ownerships {
        t.row(vec![
            names.asset(&o.asset),
            o.kind.to_string(),
            names.person(&o.person),
        ]);
    }
    flow.table(&t);
}

pub(super) fn assignments(flow: &mut Flow, s: &Snapshot) {
    let m = &s.model;
    if m.assignments.is_empty() {
        return empty(flow, "assignments");
    }
    let at = s.as_of_date();
    let names = Names::new(m);
    let mut groups: BTreeMap<AccessStatus, Vec<&Assignment>> = BTreeMap::new();
    for a in &m.assignments {
        groups.entry(AccessStatus::of(a, at)).or_default().push(a);
    }
    let count = |st| groups.get(&st).map_or(0, Vec::len);
    flow.paragraph(
        &format!(
            "On {at}: {} active, {} expiring within {EXPIRING_WITHIN_DAYS} days, {} expired, {} not yet \
             valid. Temporary access is an assignment with an end date.",
            count(AccessStatus::Active),
            count(AccessStatus::Expiring),
            count(AccessStatus::Expired),
            count(AccessStatus::NotYetValid),
        ),
        9.0,
        Style::Regular,
    );
    flow.space(4.0);
    for (standing, title) in [
        (
            AccessStatus::Expiring,
            format!("Expiring within {EXPIRING_WITHIN_DAYS} days"),
        ),
        (AccessStatus::Expired, "Expired".to_string()),
        (AccessStatus::NotYetValid, "Not yet valid".to_string()),
        (AccessStatus::Active, "Active".to_string()),
    ] {
        let rows = groups.get(&standing).map_or(&[][..], Vec::as_slice);
        flow.heading(&format!("{title} ({})", rows.len()), 12.0);
        if rows.is_empty() {
            flow.paragraph("None.", 9.0, Style::Regular);
            flow.space(4.0);
            continue;
        }
        let mut t = Table::auto(
            &[
                "Person",
                "Role",
                "Environment",
                "From",
                "Until",
                "Justification",
                "Approver",
            ],
            SIZE,
        );
        for a in rows {
            let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
            t.row(vec![
                names.person(&a.person),
                names.role(&a.role),
                a.environment.clone().unwrap_or_else(|| "all".into()),
                date(a.valid_from),
                date(a.valid_until),
                a.justification.clone().unwrap_or_default(),
                a.approver
                    .as_deref()
                    .map(|p| names.person(p))
                    .unwrap_or_default(),
            ]);
        }
        flow.table(&t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assignment(from: Option<&str>, until: Option<&str>) -> Assignment {
        let d = |s: Option<&str>| s.map(|s| s.parse::<NaiveDate>().unwrap());
        Assignment {
            id: "a".into(),
            person: "p".into(),
            role: "r".into(),
            environment: None,
            valid_from: d(from),
            valid_until: d(until),
            justification: None,
            approver: None,
        }
    }

    #[test]
    fn assignments_stand_active_expiring_expired_or_not_yet_valid_on_the_as_of_date() {
        let at: NaiveDate = "2026-03-01".parse().unwrap();
        assert_eq!(
            AccessStatus::of(&assignment(None, None), at),
            AccessStatus::Active
        );
        assert_eq!(
            AccessStatus::of(&assignment(None, Some("2026-04-30")), at),
            AccessStatus::Active
        );
        assert_eq!(
            AccessStatus::of(&assignment(None, Some("2026-03-31")), at),
            AccessStatus::Expiring
        );
        assert_eq!(
            AccessStatus::of(&assignment(None, Some("2026-03-01")), at),
            AccessStatus::Expiring
        );
        assert_eq!(
            AccessStatus::of(&assignment(None, Some("2026-02-28")), at),
            AccessStatus::Expired
        );
        assert_eq!(
            AccessStatus::of(&assignment(Some("2026-03-02"), None), at),
            AccessStatus::NotYetValid
        );
    }
}
