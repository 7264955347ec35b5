//! Conditions evaluated on one change, each with the reason it holds or not.

use crate::model::*;

/// What a change is, as conditions see it.
pub(crate) struct Facts<'m> {
    pub asset: &'m Asset,
    pub attributes: &'m [ChangeAttribute],
    /// The highest classification of the asset and its data sets, and where it comes from.
    pub sensitivity: (Classification, &'m Asset),
    /// The change's risk tier, once decided (`None` while deciding it, or when no tier's
    /// criteria hold).
    pub tier: Option<&'m RiskTier>,
    pub tiers: &'m [RiskTier],
}

impl Facts<'_> {
    fn user_facing(&self) -> bool {
        self.asset.user_facing || self.attributes.contains(&ChangeAttribute::UserFacing)
    }

    pub fn holds(&self, c: &Condition) -> bool {
        match c {
            Condition::Always => true,
            Condition::UserFacing => self.user_facing(),
            Condition::ClassificationAtLeast(x) => self.asset.classification >= *x,
            Condition::CriticalityAtLeast(x) => self.asset.criticality >= *x,
            Condition::DataSensitivityAtLeast(x) => self.sensitivity.0 >= *x,
            Condition::Attribute(a) => self.attributes.contains(a),
            Condition::TierAtLeast(t) => {
                match (self.tier, self.tiers.iter().find(|x| x.id == *t)) {
                    (Some(tier), Some(min)) => tier.rank >= min.rank,
                    _ => false,
                }
            }
            Condition::AllOf(all) => all.iter().all(|c| self.holds(c)),
            Condition::AnyOf(any) => any.iter().any(|c| self.holds(c)),
        }
    }

    /// Why `c` holds, or why not, in words.
    pub fn explain(&self, c: &Condition) -> String {
        let holds = self.holds(c);
        let a = &self.asset.name;
        match c {
            Condition::Always => "it applies to every change".into(),
            Condition::UserFacing => match (self.asset.user_facing, holds) {
                (true, _) => format!("\"{a}\" faces end users"),
                (false, true) => "the change is marked user-facing".into(),
                (false, false) => format!(
                    "\"{a}\" does not face end users and the change is not marked user-facing"
                ),
            },
            Condition::ClassificationAtLeast(x) => format!(
                "\"{a}\" is {}, {} {x}",
                self.asset.classification,
                if holds { "at least" } else { "below" }
            ),
            Condition::CriticalityAtLeast(x) => format!(
                "\"{a}\" is of {} criticality, {} {x}",
                self.asset.criticality,
                if holds { "at least" } else { "below" }
            ),
            Condition::DataSensitivityAtLeast(x) => {
                let (level, from) = self.sensitivity;
                let source = if from.id == self.asset.id {
                    format!("\"{a}\" itself")
                } else {
                    format!("the data set \"{}\"", from.name)
                };
                format!(
                    "the data it touches is {level} (from {source}), {} {x}",
                    if holds { "at least" } else { "below" }
                )
            }
            Condition::Attribute(attr) => format!(
                "the change is {}marked {}",
                if holds { "" } else { "not " },
                attribute_words(*attr)
            ),
            Condition::TierAtLeast(t) => {
                let min = self
                    .tiers
                    .iter()
                    .find(|x| x.id == *t)
                    .map_or(t.as_str(), |x| x.name.as_str());
                match self.tier {
                    Some(tier) => format!(
                        "the change is of risk tier {}, {} {min}",
                        tier.name,
                        if holds { "at least" } else { "below" }
                    ),
                    None => format!("the change falls in no risk tier, so not in {min} or above"),
                }
            }
            Condition::AllOf(all) => {
                let shown: Vec<String> = all
                    .iter()
                    .filter(|c| holds || !self.holds(c))
                    .map(|c| self.explain(c))
                    .collect();
                joined(&shown, ", and ", "it applies to every change")
            }
            Condition::AnyOf(any) => {
                let shown: Vec<String> = any
                    .iter()
                    .filter(|c| !holds || self.holds(c))
                    .take(if holds { 1 } else { usize::MAX })
                    .map(|c| self.explain(c))
                    .collect();
                joined(&shown, ", nor ", "none of its alternatives is listed")
            }
        }
    }
}

/// The explanations joined by `separator`, or `none` when there are none.
fn joined(shown: &[String], separator: &str, none: &str) -> String {
    if shown.is_empty() {
        none.into()
    } else {
        shown.join(separator)
    }
}

pub(crate) fn attribute_words(a: ChangeAttribute) -> &'static str {
    match a {
        ChangeAttribute::UserFacing => "user-facing",
        ChangeAttribute::TouchesIntegration => "touching an integration",
        ChangeAttribute::ChangesDataMapping => "changing a data mapping",
        ChangeAttribute::NewAsset => "a new asset",
    }
}

/// The change's risk tier: the highest-ranked tier whose criteria hold, with why.
pub(crate) fn decide_tier<'m>(facts: &Facts<'m>) -> Option<(&'m RiskTier, String)> {
    let mut tiers: Vec<&RiskTier> = facts.tiers.iter().collect();
    tiers.sort_by_key(|t| std::cmp::Reverse(t.rank));
    tiers
        .into_iter()
        .find(|t| facts.holds(&t.when))
        .map(|t| (t, facts.explain(&t.when)))
}
