//! One chunk of requests: each drawn (arrival and shape), walked through its planned gates
//! with the approvers' response times drawn, and tallied.

use chrono::{DateTime, Duration, Utc};
use rustc_hash::FxHashSet;

use super::mix::{Resolved, Shape};
use super::plan::{GatePlan, Plans};
use super::rng::Stream;
use super::{MonteCarloOptions, CHUNK};
use crate::calendar::{Hours, Schedule};
use crate::model::*;
use crate::simulate::gate;

/// A request shape on the day its eligibility is decided (day 0 throughout when nothing
/// in the model changes from day to day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct Key {
    pub shape: Shape,
    pub day: u32,
}

/// A gate as the timing sees it.
pub(super) struct GateHours<'m> {
    pub gate: &'m Gate,
    pub hours: Hours<'m>,
    /// The calendar's periods over the run's stretch, laid out once.
    schedule: Option<Schedule>,
    pub day_hours: f64,
    pub timers: Vec<u32>,
}

/// Days past the arrival window that a gate's schedule covers; answers further out are
/// worked out from the calendar itself.
const SCHEDULE_DAYS: u32 = 400;

impl GateHours<'_> {
    fn next_open(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match &self.schedule {
            Some(s) => s.next_open(t).or_else(|| self.hours.next_open(t)),
            None => self.hours.next_open(t),
        }
    }

    fn add_working_seconds(&self, t: DateTime<Utc>, seconds: i64) -> Option<DateTime<Utc>> {
        match &self.schedule {
            Some(s) => s
                .add_working_seconds(t, seconds)
                .or_else(|| self.hours.add_working_time(t, Duration::seconds(seconds))),
            None => self.hours.add_working_time(t, Duration::seconds(seconds)),
        }
    }
}

/// A response profile ready to draw from.
#[derive(Clone, Copy)]
pub(super) struct Profile {
    pub mu: f64,
    pub sigma: f64,
    pub availability: f64,
}

/// How many days an away approver can be asked again before the draw stops counting.
const MAX_AWAY_DAYS: u32 = 60;

pub(super) struct Runner<'m> {
    pub options: MonteCarloOptions,
    pub mix: &'m Resolved,
    pub gates: Vec<GateHours<'m>>,
    pub profiles: Vec<Profile>,
    /// Whether eligibility changes from day to day (dated assignments or exceptions).
    pub dated: bool,
    window_seconds: f64,
    runs: u32,
}

/// What one chunk found.
pub(super) struct Tally {
    /// Per gate of the model: hours from reaching it to passing it.
    pub gate_hours: Vec<Vec<f64>>,
    /// Arrival to promotion, per promoted request.
    pub overall: Vec<f64>,
    /// Per plan: requests it blocked.
    pub blocked: Vec<(u32, u32)>,
    /// Per person of the model: approvals given.
    pub load: Vec<u32>,
    pub evaluations: u64,
}

impl<'m> Runner<'m> {
    pub fn new(model: &'m Model, mix: &'m Resolved, options: &MonteCarloOptions) -> Runner<'m> {
        let gates = model
            .gates
            .iter()
            .map(|g| {
                let hours = gate::hours(model, g);
                let schedule = match hours {
                    Hours::Calendar(c) => Some(Schedule::new(
                        c,
                        options.start,
                        mix.window_days + SCHEDULE_DAYS,
                    )),
                    Hours::AroundTheClock => None,
                };
                GateHours {
                    gate: g,
                    hours,
                    schedule,
                    day_hours: hours.day_length_hours(),
                    timers: g
                        .requirements
                        .iter()
                        .filter_map(|r| match r {
                            Requirement::WaitTimer { hours } => Some(*hours),
                            _ => None,
                        })
                        .collect(),
                }
            })
            .collect();
        let profiles = mix
            .profiles
            .iter()
            .chain(std::iter::once(&mix.default_profile))
            .map(|p| Profile {
                mu: p.median_hours.ln(),
                sigma: p.spread,
                availability: p.availability,
            })
            .collect();
        let dated = !model.exceptions.is_empty()
            || model
                .assignments
                .iter()
                .any(|a| a.valid_from.is_some() || a.valid_until.is_some());
        Runner {
            options: options.clone(),
            mix,
            gates,
            profiles,
            dated,
            window_seconds: f64::from(mix.window_days) * 86_400.0,
            runs: options.runs,
        }
    }

    /// The requests of chunk `c`: their number, and the two streams (shapes, responses).
    fn chunk(&self, c: u32) -> (u32, Stream, Stream) {
        let first = c * CHUNK;
        let n = CHUNK.min(self.runs - first);
        let seed = self.options.seed;
        (
            n,
            Stream::new(seed, u64::from(c), 0),
            Stream::new(seed, u64::from(c), 1),
        )
    }

    /// A request's arrival (whole minutes) and its key.
    fn draw(&self, shapes: &mut Stream) -> (DateTime<Utc>, Key) {
        let offset = (shapes.unit() * self.window_seconds / 60.0).floor() as i64;
        let arrival = self.options.start + Duration::minutes(offset);
        let shape = self.mix.draw(shapes);
        let day = if self.dated {
            (offset / (24 * 60)) as u32
        } else {
            0
        };
        (arrival, Key { shape, day })
    }

    /// The moment a plan of `day` is decided on.
    pub fn day_moment(&self, day: u32) -> DateTime<Utc> {
        self.options.start + Duration::days(i64::from(day))
    }

    /// The distinct keys drawn in chunk `c`.
    pub fn keys(&self, c: u32) -> Vec<Key> {
        let (n, mut shapes, _) = self.chunk(c);
        let mut seen = FxHashSet::default();
        for _ in 0..n {
            seen.insert(self.draw(&mut shapes).1);
        }
        seen.into_iter().collect()
    }

    pub fn run_chunk(&self, c: u32, plans: &Plans) -> Tally {
        let (n, mut shapes, mut responses) = self.chunk(c);
        let mut tally = Tally {
            gate_hours: vec![Vec::new(); self.gates.len()],
            overall: Vec::with_capacity(n as usize),
            blocked: Vec::new(),
            load: vec![0; plans.people],
            evaluations: 0,
        };
        let mut delays: Vec<(f64, u32)> = Vec::new();
        let mut passed: Vec<(usize, f64)> = Vec::new();
        for _ in 0..n {
            let (arrival, key) = self.draw(&mut shapes);
            let (index, plan) = plans.get(key);
            let mut reached = arrival;
            let mut through = true;
            passed.clear();
            'hops: for hop in &plan.hops {
                let mut next = reached;
                for g in hop {
                    tally.evaluations += 1;
                    let done = match g {
                        GatePlan::Blocked => None,
                        GatePlan::Open { gate, groups } => self.pass(
                            &self.gates[*gate as usize],
                            groups,
                            reached,
                            &mut responses,
                            &mut delays,
                            &mut tally.load,
                        ),
                    };
                    let Some(done) = done else {
                        through = false;
                        break 'hops;
                    };
                    if let GatePlan::Open { gate, .. } = g {
                        passed.push((*gate as usize, hours_between(reached, done)));
                    }
                    next = next.max(done);
                }
                reached = next;
            }
            if through {
                for (gate, hours) in &passed {
                    tally.gate_hours[*gate].push(*hours);
                }
                tally.overall.push(hours_between(arrival, reached));
            } else {
                match tally.blocked.last_mut() {
                    Some((p, count)) if *p == index => *count += 1,
                    _ => tally.blocked.push((index, 1)),
                }
            }
        }
        tally
    }

    /// When a request that reached `g` at `reached` passes it: the slowest group's quorum
    /// answered, every wait timer run, outside freeze windows and in open hours.
    fn pass(
        &self,
        g: &GateHours,
        groups: &[super::plan::GroupPlan],
        reached: DateTime<Utc>,
        s: &mut Stream,
        delays: &mut Vec<(f64, u32)>,
        load: &mut [u32],
    ) -> Option<DateTime<Utc>> {
        let mut slowest = 0.0f64;
        for group in groups {
            delays.clear();
            for (person, profile) in &group.people {
                let p = self.profiles[*profile as usize];
                let mut hours = (p.mu + p.sigma * s.normal()).exp();
                let mut away = 0;
                while p.availability < 1.0 && away < MAX_AWAY_DAYS && s.unit() >= p.availability {
                    away += 1;
                }
                hours += f64::from(away) * g.day_hours;
                delays.push((hours, *person));
            }
            let k = group.needed as usize;
            if k < delays.len() {
                delays.select_nth_unstable_by(k - 1, |a, b| a.0.total_cmp(&b.0));
            }
            let quorum = &delays[..k.min(delays.len())];
            for (_, person) in quorum {
                load[*person as usize] += 1;
            }
            let time = quorum.iter().map(|d| d.0).fold(0.0, f64::max);
            slowest = slowest.max(time);
        }
        let approved = if groups.is_empty() {
            reached
        } else {
            let open = g.next_open(reached)?;
            g.add_working_seconds(open, (slowest * 3_600.0).round() as i64)?
        };
        let mut ready = approved;
        for h in &g.timers {
            ready = ready.max(g.add_working_seconds(approved, i64::from(*h) * 3_600)?);
        }
        gate::first_promotion_with(g.gate, g.hours, ready, |t| g.next_open(t), |_, _| {})
    }
}

fn hours_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    (to - from).num_seconds() as f64 / 3_600.0
}
