//! Who may approve on a given day: one definition shared by the gate lint (findings) and
//! the simulation, so that what the lint calls unreachable the simulation never allows.
//!
//! A person is kept from approving by an SoD rule when, on the day, they hold both sides of
//! it and one side is what approving exercises: the role they approve through, or a
//! capability to approve changes. An exception in force that waives the rule for them lifts
//! that.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::findings::is_valid_on;
use crate::model::*;

pub(crate) struct Holdings<'m> {
    m: &'m Model,
    day: NaiveDate,
    /// Roles each person holds on the day (any environment scope).
    roles_of: FxHashMap<&'m str, FxHashSet<&'m str>>,
    /// Every assignment of each role, valid on the day or not, in the model's order.
    by_role: FxHashMap<&'m str, Vec<&'m Assignment>>,
    /// Roles granting each capability (allow or with approval).
    roles_granting: FxHashMap<&'m str, Vec<&'m str>>,
    /// SoD rules (indexes, ascending) with a side that any approval exercises: a capability
    /// to approve changes.
    approving_rules: Vec<usize>,
    /// SoD rules (indexes, ascending) with a side that is the role, by role: approving
    /// through that role exercises them.
    role_rules: FxHashMap<&'m str, Vec<usize>>,
}

impl<'m> Holdings<'m> {
    pub(crate) fn new(m: &'m Model, day: NaiveDate) -> Holdings<'m> {
        let mut roles_of: FxHashMap<&str, FxHashSet<&str>> = FxHashMap::default();
        let mut by_role: FxHashMap<&str, Vec<&Assignment>> = FxHashMap::default();
        for a in &m.assignments {
            by_role.entry(&a.role).or_default().push(a);
            if is_valid_on(a, day) {
                roles_of.entry(&a.person).or_default().insert(&a.role);
            }
        }
        let mut roles_granting: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
        for g in m.grants.iter().filter(|g| g.effect != Effect::Deny) {
            roles_granting
                .entry(&g.capability)
                .or_default()
                .push(&g.role);
        }
        let approving = m
            .capabilities
            .iter()
            .filter(|c| c.action == Action::ApproveChange)
            .map(|c| c.id.as_str())
            .collect::<FxHashSet<&str>>();
        let mut approving_rules = Vec::new();
        let mut role_rules: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, rule) in m.sod_rules.iter().enumerate() {
            let sides = [&rule.left, &rule.right];
            if sides
                .iter()
                .any(|s| matches!(s, SodTarget::Capability(c) if approving.contains(c.as_str())))
            {
                approving_rules.push(i);
            }
            for side in sides {
                if let SodTarget::Role(r) = side {
                    let list = role_rules.entry(r.as_str()).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        Holdings {
            m,
            day,
            roles_of,
            by_role,
            roles_granting,
            approving_rules,
            role_rules,
        }
    }

    pub(crate) fn day(&self) -> NaiveDate {
        self.day
    }

    /// Every assignment of `role` (valid on the day or not), in the model's order.
    pub(crate) fn assignments_of(&self, role: &str) -> &[&'m Assignment] {
        self.by_role.get(role).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn holds_side(&self, person: &str, side: &SodTarget) -> bool {
        let Some(roles) = self.roles_of.get(person) else {
            return false;
        };
        match side {
            SodTarget::Role(r) => roles.contains(r.as_str()),
            SodTarget::Capability(c) => self
                .roles_granting
                .get(c.as_str())
                .is_some_and(|granting| granting.iter().any(|r| roles.contains(r))),
        }
    }

    /// The SoD rules that keep `person` from approving through `via_role` (`None`: as an
    /// owner) on the day, unless waived; in the model's order.
    pub(crate) fn approval_conflicts(
        &self,
        person: &str,
        via_role: Option<&str>,
    ) -> Vec<&'m SodRule> {
        if !self.roles_of.contains_key(person) {
            return Vec::new();
        }
        // The rules approving exercises: those on an approving capability, and those on
        // the role approved through, merged in the model's order.
        let through_role = via_role
            .and_then(|r| self.role_rules.get(r))
            .map_or(&[][..], Vec::as_slice);
        let mut candidates = Vec::with_capacity(self.approving_rules.len() + through_role.len());
        let (mut a, mut b) = (
            self.approving_rules.iter().peekable(),
            through_role.iter().peekable(),
        );
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x < y => a.next(),
                (Some(x), Some(y)) if x > y => b.next(),
                (Some(_), Some(_)) => {
                    b.next();
                    a.next()
                }
                (Some(_), None) => a.next(),
                (None, Some(_)) => b.next(),
                (None, None) => break,
            };
            candidates.extend(next.copied());
        }
        candidates
            .into_iter()
            .map(|i| &self.m.sod_rules[i])
            .filter(|rule| {
                self.holds_side(person, &rule.left)
                    && self.holds_side(person, &rule.right)
                    && self
                        .waiver(person, |w| matches!(w, Waiver::SodRule(r) if *r == rule.id))
                        .is_none()
            })
            .collect()
    }

    /// An exception for `person` in force on the day whose waiver matches.
    pub(crate) fn waiver(
        &self,
        person: &str,
        matches: impl Fn(&Waiver) -> bool,
    ) -> Option<&'m Exception> {
        self.m
            .exceptions
            .iter()
            .find(|e| e.person == person && matches(&e.waives) && e.in_force(self.day))
    }
}

/// Holdings by day, each built once and shared: the Monte Carlo plans thousands of requests
/// on a few days, and building a day's holdings reads every assignment of the model.
pub(crate) struct HoldingsCache<'m> {
    model: &'m Model,
    days: Mutex<FxHashMap<NaiveDate, Arc<Holdings<'m>>>>,
}

impl<'m> HoldingsCache<'m> {
    pub(crate) fn new(model: &'m Model) -> HoldingsCache<'m> {
        HoldingsCache {
            model,
            days: Mutex::default(),
        }
    }

    /// The holdings on `day`, built on first use (outside the lock: another thread may
    /// build the same day meanwhile, and the first one kept wins; both are equal).
    pub(crate) fn on(&self, day: NaiveDate) -> Arc<Holdings<'m>> {
        let lock = || self.days.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(h) = lock().get(&day) {
            return h.clone();
        }
        let built = Arc::new(Holdings::new(self.model, day));
        lock().entry(day).or_insert(built).clone()
    }
}

/// The assets whose owners an ownership approval asks: the asset itself for its app owner,
/// else the data sets (or connectors) it is or uses.
pub(crate) fn owned_assets<'m>(
    m: &'m Model,
    asset: &'m Asset,
    owner: OwnershipKind,
) -> Vec<&'m Asset> {
    let kind = match owner {
        OwnershipKind::AppOwner => return vec![asset],
        OwnershipKind::DataSteward => AssetKind::DataSet,
        OwnershipKind::IntegrationOwner => AssetKind::Connector,
    };
    let mut out: Vec<&Asset> = std::iter::once(asset)
        .chain(asset.uses.iter().filter_map(|u| asset_by_id(m, u)))
        .filter(|a| a.kind == kind)
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    out
}

/// The people recorded as `kind` owners of `asset`, sorted.
pub(crate) fn owners<'m>(m: &'m Model, asset: &str, kind: OwnershipKind) -> Vec<&'m str> {
    let mut out: Vec<&str> = m
        .ownerships
        .iter()
        .filter(|o| o.asset == asset && o.kind == kind)
        .map(|o| o.person.as_str())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The data sensitivity of a change to `asset`: the highest classification of the asset
/// and of the data sets it uses, with the asset that gives it.
pub(crate) fn data_sensitivity<'m>(m: &'m Model, asset: &'m Asset) -> (Classification, &'m Asset) {
    let mut best = (asset.classification, asset);
    for used in asset
        .uses
        .iter()
        .filter_map(|u| asset_by_id(m, u))
        .filter(|a| a.kind == AssetKind::DataSet)
    {
        if used.classification > best.0 {
            best = (used.classification, used);
        }
    }
    best
}

/// The asset with `id` (the model's lists are sorted by id).
pub(crate) fn asset_by_id<'m>(m: &'m Model, id: &str) -> Option<&'m Asset> {
    m.assets
        .binary_search_by(|a| a.id.as_str().cmp(id))
        .ok()
        .map(|i| &m.assets[i])
}
