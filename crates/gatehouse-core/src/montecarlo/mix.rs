//! The request mix: which requests the Monte Carlo simulation draws (shares of assets,
//! requesters and targets, the chance of each change attribute) and how fast approvers
//! answer. What a mix leaves out comes from the model, and the report says what was assumed.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use super::rng::Stream;
use super::MonteCarloError;
use crate::entity::EntityKind;
use crate::model::*;

/// Requests arrive over this many days from the start unless the mix says otherwise.
pub const DEFAULT_WINDOW_DAYS: u32 = 28;
/// Each change attribute's chance unless the mix gives it.
pub const DEFAULT_ATTRIBUTE_CHANCE: f64 = 0.25;

/// A request mix as written (TOML in the CLI; every part optional).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct RequestMix {
    /// Requests arrive uniformly over this many days from the start.
    #[serde(default)]
    pub window_days: Option<u32>,
    /// Assets changed (by id), with weights; empty: every app, equally.
    #[serde(default)]
    pub assets: Vec<Share>,
    /// Who asks; empty: every citizen developer (every person if there is none), equally.
    #[serde(default)]
    pub requesters: Vec<Share>,
    /// Target environments; empty: the last shared stage.
    #[serde(default)]
    pub targets: Vec<Share>,
    /// The chance of each change attribute; one not listed has the default chance.
    #[serde(default)]
    pub attributes: Vec<AttributeChance>,
    /// Response times by role id or by ownership kind (`app_owner`, `data_steward`,
    /// `integration_owner`); `approver = "*"` sets the default.
    #[serde(default)]
    pub responses: Vec<ResponseProfile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct Share {
    pub id: String,
    #[serde(default = "one")]
    pub share: f64,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct AttributeChance {
    pub attribute: ChangeAttribute,
    /// From 0 to 1.
    pub chance: f64,
}

/// How fast the holders of a role (or owners of a kind) answer: a log-normal time in
/// working hours of the gate's calendar, by its median and spread (the standard deviation
/// of its logarithm), and the share of days they are reachable: an approver who is away is
/// asked again the next working day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(deny_unknown_fields)]
pub struct ResponseProfile {
    pub approver: String,
    pub median_hours: f64,
    #[serde(default = "default_spread")]
    pub spread: f64,
    #[serde(default = "one")]
    pub availability: f64,
}

fn default_spread() -> f64 {
    0.8
}

impl ResponseProfile {
    /// The profile assumed for approvers a mix does not describe.
    pub fn assumed() -> ResponseProfile {
        ResponseProfile {
            approver: "*".into(),
            median_hours: 4.0,
            spread: default_spread(),
            availability: 0.9,
        }
    }
}

/// A mix checked against the model, with the defaults filled in (ids as indexes).
pub(super) struct Resolved {
    pub window_days: u32,
    pub assets: Vec<usize>,
    pub asset_weights: Vec<f64>,
    pub requesters: Vec<usize>,
    pub requester_weights: Vec<f64>,
    pub targets: Vec<usize>,
    pub target_weights: Vec<f64>,
    /// Chance of each of `ChangeAttribute::ALL`.
    pub attribute_chances: Vec<f64>,
    pub profiles: Vec<ResponseProfile>,
    pub default_profile: ResponseProfile,
    /// What was taken from the model rather than the mix, in sentences.
    pub assumed: Vec<String>,
}

/// A drawn request's shape (indexes into the model's lists; attributes as bits of
/// `ChangeAttribute::ALL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct Shape {
    pub requester: u32,
    pub asset: u32,
    pub target: u32,
    pub attributes: u8,
}

impl Resolved {
    pub fn draw(&self, s: &mut Stream) -> Shape {
        let mut attributes = 0u8;
        for (i, chance) in self.attribute_chances.iter().enumerate() {
            if s.unit() < *chance {
                attributes |= 1 << i;
            }
        }
        Shape {
            requester: self.requesters[s.pick(&self.requester_weights)] as u32,
            asset: self.assets[s.pick(&self.asset_weights)] as u32,
            target: self.targets[s.pick(&self.target_weights)] as u32,
            attributes,
        }
    }
}

pub(super) fn resolve(model: &Model, mix: &RequestMix) -> Result<Resolved, MonteCarloError> {
    let mut assumed = Vec::new();
    let window_days = mix.window_days.unwrap_or(DEFAULT_WINDOW_DAYS);
    if !(1..=3_660).contains(&window_days) {
        return Err(MonteCarloError::Invalid(format!(
            "window_days is {window_days}: give between 1 and 3660 days"
        )));
    }
    if mix.window_days.is_none() {
        assumed.push(format!(
            "requests arrive uniformly over {DEFAULT_WINDOW_DAYS} days"
        ));
    }

    let (assets, asset_weights) = if mix.assets.is_empty() {
        let apps: Vec<usize> = indexes(&model.assets, |a| a.kind == AssetKind::App);
        let all = if apps.is_empty() {
            indexes(&model.assets, |_| true)
        } else {
            apps
        };
        assumed.push(format!("every app changes equally often ({})", all.len()));
        let w = cumulative(&vec![1.0; all.len()]);
        (all, w)
    } else {
        shares(&mix.assets, "assets", EntityKind::Asset, |id| {
            model.assets.iter().position(|a| a.id == id)
        })?
    };
    let (requesters, requester_weights) = if mix.requesters.is_empty() {
        let makers = indexes(&model.people, |p| p.kind == PersonKind::CitizenDeveloper);
        let all = if makers.is_empty() {
            indexes(&model.people, |_| true)
        } else {
            makers
        };
        assumed.push(format!(
            "every citizen developer asks equally often ({} people)",
            all.len()
        ));
        let w = cumulative(&vec![1.0; all.len()]);
        (all, w)
    } else {
        shares(&mix.requesters, "requesters", EntityKind::Person, |id| {
            model.people.iter().position(|p| p.id == id)
        })?
    };
    let (targets, target_weights) = if mix.targets.is_empty() {
        let last = model
            .environments
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.personal)
            .max_by_key(|(_, e)| e.order)
            .map(|(i, _)| i);
        let all: Vec<usize> = last.into_iter().collect();
        if let Some(i) = all.first() {
            assumed.push(format!(
                "every request goes to {}",
                model.environments[*i].name
            ));
        }
        let w = cumulative(&vec![1.0; all.len()]);
        (all, w)
    } else {
        shares(&mix.targets, "targets", EntityKind::Environment, |id| {
            model.environments.iter().position(|e| e.id == id)
        })?
    };
    for (what, list) in [
        ("assets", &assets),
        ("requesters", &requesters),
        ("targets", &targets),
    ] {
        if list.is_empty() {
            return Err(MonteCarloError::Invalid(format!(
                "nothing to draw {what} from: the model has none; add some or list them in the mix"
            )));
        }
    }

    let mut attribute_chances = vec![DEFAULT_ATTRIBUTE_CHANCE; ChangeAttribute::ALL.len()];
    for a in &mix.attributes {
        if !(0.0..=1.0).contains(&a.chance) {
            return Err(MonteCarloError::Invalid(format!(
                "the chance of {} is {}: give a number from 0 to 1",
                a.attribute, a.chance
            )));
        }
        let i = ChangeAttribute::ALL
            .iter()
            .position(|x| *x == a.attribute)
            .unwrap_or(0);
        attribute_chances[i] = a.chance;
    }
    let unset: Vec<&str> = ChangeAttribute::ALL
        .iter()
        .filter(|x| !mix.attributes.iter().any(|a| a.attribute == **x))
        .map(|x| x.as_str())
        .collect();
    if !unset.is_empty() {
        assumed.push(format!(
            "a chance of {DEFAULT_ATTRIBUTE_CHANCE} for {}",
            unset.join(", ")
        ));
    }

    let mut default_profile = ResponseProfile::assumed();
    let mut profiles = Vec::new();
    for p in &mix.responses {
        check_profile(p)?;
        if p.approver == "*" {
            default_profile = p.clone();
            continue;
        }
        let known = model.roles.iter().any(|r| r.id == p.approver)
            || OwnershipKind::ALL.iter().any(|k| k.as_str() == p.approver);
        if !known {
            return Err(MonteCarloError::Unknown {
                kind: EntityKind::Role,
                id: p.approver.clone(),
            });
        }
        profiles.push(p.clone());
    }
    if !mix.responses.iter().any(|p| p.approver == "*") {
        assumed.push(format!(
            "approvers not in the mix answer in a median of {} working hours (spread {}), reachable {:.0}% of days",
            default_profile.median_hours,
            default_profile.spread,
            default_profile.availability * 100.0
        ));
    }
    Ok(Resolved {
        window_days,
        assets,
        asset_weights,
        requesters,
        requester_weights,
        targets,
        target_weights,
        attribute_chances,
        profiles,
        default_profile,
        assumed,
    })
}

fn check_profile(p: &ResponseProfile) -> Result<(), MonteCarloError> {
    let bad = |what: &str| {
        Err(MonteCarloError::Invalid(format!(
            "the response time of {:?}: {what}",
            p.approver
        )))
    };
    if !(p.median_hours.is_finite() && p.median_hours > 0.0 && p.median_hours <= 10_000.0) {
        return bad("median_hours must be above 0 and at most 10000");
    }
    if !(p.spread.is_finite() && (0.0..=5.0).contains(&p.spread)) {
        return bad("spread must be from 0 to 5");
    }
    if !(p.availability.is_finite() && p.availability > 0.0 && p.availability <= 1.0) {
        return bad("availability must be above 0 and at most 1");
    }
    Ok(())
}

fn indexes<T>(list: &[T], keep: impl Fn(&T) -> bool) -> Vec<usize> {
    list.iter()
        .enumerate()
        .filter(|(_, x)| keep(x))
        .map(|(i, _)| i)
        .collect()
}

fn cumulative(weights: &[f64]) -> Vec<f64> {
    weights
        .iter()
        .scan(0.0, |sum, w| {
            *sum += w;
            Some(*sum)
        })
        .collect()
}

fn shares(
    list: &[Share],
    what: &str,
    kind: EntityKind,
    find: impl Fn(&str) -> Option<usize>,
) -> Result<(Vec<usize>, Vec<f64>), MonteCarloError> {
    let mut out = Vec::new();
    let mut weights = Vec::new();
    for s in list {
        if !(s.share.is_finite() && s.share >= 0.0) {
            return Err(MonteCarloError::Invalid(format!(
                "the share of {:?} in {what} is {}: give a number of 0 or more",
                s.id, s.share
            )));
        }
        let i = find(&s.id).ok_or_else(|| MonteCarloError::Unknown {
            kind,
            id: s.id.clone(),
        })?;
        out.push(i);
        weights.push(s.share);
    }
    if weights.iter().sum::<f64>() <= 0.0 {
        return Err(MonteCarloError::Invalid(format!(
            "the shares in {what} add up to 0: give at least one a positive share"
        )));
    }
    Ok((out, cumulative(&weights)))
}
