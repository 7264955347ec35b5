//! `gatehouse simulate VAULT`: one change request walked through every gate on its way.

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use clap::Args;
use gatehouse_app::ops::Actor;
use gatehouse_app::pin::{self, Pinnable};
use gatehouse_app::simulate::{self, SimulateInput};
use gatehouse_app::what_if;
use gatehouse_app::{AppError, ErrorCode};
use gatehouse_core::{DeckReport, Difference, Simulation, Verdict};

use crate::KeyArgs;

/// The exit status of `--fail-if-blocked` when the promotion is blocked (bad input exits 1).
pub(crate) const EXIT_BLOCKED: u8 = 3;

#[derive(Args)]
pub(crate) struct SimulateArgs {
    /// The vault
    pub(crate) vault: PathBuf,
    /// Who asks for the promotion (id or name)
    #[arg(long, required_unless_present_any = ["deck", "monte_carlo"])]
    requester: Option<String>,
    /// The asset changed (id or name)
    #[arg(long, required_unless_present_any = ["deck", "monte_carlo"])]
    asset: Option<String>,
    /// The environment to promote to (id or name)
    #[arg(long, required_unless_present_any = ["deck", "monte_carlo"])]
    to: Option<String>,
    /// Play a scenario deck (TOML) instead of one request: a timeline and the metrics
    #[arg(long, value_name = "DECK.toml", conflicts_with_all = ["requester", "asset", "to", "from", "attr", "at", "fail_if_blocked", "monte_carlo"])]
    deck: Option<PathBuf>,
    /// Run a Monte Carlo simulation of N requests drawn from a request mix instead of one
    /// request: time to approval p50/p90/p99, the share blocked and why, approver load
    #[arg(long, value_name = "N", conflicts_with_all = ["requester", "asset", "to", "from", "attr", "fail_if_blocked"])]
    pub(crate) monte_carlo: Option<u32>,
    /// The Monte Carlo seed: the same seed gives the same numbers on any number of threads
    #[arg(long, value_name = "S", default_value_t = 1, requires = "monte_carlo")]
    pub(crate) seed: u64,
    /// The Monte Carlo request mix (TOML) [default: from the model, and the report says
    /// what it assumed]
    #[arg(long, value_name = "MIX.toml", requires = "monte_carlo")]
    pub(crate) mix: Option<PathBuf>,
    /// Monte Carlo worker threads [default: one per core]
    #[arg(long, value_name = "N", requires = "monte_carlo")]
    pub(crate) threads: Option<u32>,
    /// The environment to promote from [default: the stage just before --to]
    #[arg(long)]
    from: Option<String>,
    /// What the change does, comma-separated: user_facing, touches_integration,
    /// changes_data_mapping, new_asset
    #[arg(long, value_delimiter = ',')]
    attr: Vec<String>,
    /// The simulated moment (with --monte-carlo: when requests start arriving): RFC 3339,
    /// `YYYY-MM-DDTHH:MM` (UTC) or `YYYY-MM-DD` [default: now]
    #[arg(long, value_name = "TIME")]
    pub(crate) at: Option<String>,
    /// Print the trace as JSON
    #[arg(long)]
    pub(crate) json: bool,
    /// Exit with status 3 when the promotion is blocked
    #[arg(long)]
    fail_if_blocked: bool,
    /// What-if: also run on a variant (a JSON file of edits, a model JSON or another vault)
    /// and print both sides and what differs
    #[arg(long, value_name = "EDITS.json|VAULT|MODEL.json")]
    pub(crate) variant: Option<PathBuf>,
    /// Keep the result in the vault under this name, with the model fingerprint and seed it
    /// was computed on, for the audit binder (an audited, undoable edit)
    #[arg(long, value_name = "NAME", conflicts_with = "variant")]
    pub(crate) pin: Option<String>,
}

pub(crate) fn run(args: SimulateArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    if args.monte_carlo.is_some() {
        return crate::monte_carlo::run(&args, key, actor);
    }
    if let (Some(deck), Some(variant)) = (&args.deck, &args.variant) {
        let (base, other) = what_if::open_both(&args.vault, &key.unlock()?, variant, actor)?;
        let text = fs_err::read_to_string(deck)
            .map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))?;
        let w = what_if::deck(&base, &other, &text)
            .map_err(|e| AppError::new(e.code, format!("{}: {}", deck.display(), e.message)))?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&w)?);
        } else {
            println!("== the model ==");
            print_deck(&w.base);
            println!("\n== the variant ({}) ==", variant.display());
            print_deck(&w.variant);
            print_differences(&w.differences);
        }
        return Ok(());
    }
    if let Some(deck) = &args.deck {
        let report = simulate::play_deck_file(&args.vault, &key.unlock()?, deck, actor)?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            print_deck(&report);
        }
        return pin_result(&args, key, actor, || Pinnable::deck(&report));
    }
    let (Some(requester), Some(asset), Some(to)) =
        (args.requester.clone(), args.asset.clone(), args.to.clone())
    else {
        return Err(anyhow!(AppError::new(
            ErrorCode::Usage,
            "give --requester, --asset and --to, or --deck"
        )));
    };
    let attributes = args
        .attr
        .iter()
        .filter(|a| !a.trim().is_empty())
        .map(|a| simulate::parse_attribute(a))
        .collect::<Result<Vec<_>, _>>()?;
    let input = SimulateInput {
        requester,
        asset,
        from: args.from.clone(),
        to,
        attributes,
        at: args.at.as_deref().map(parse_time).transpose()?,
    };
    let simulation = if let Some(variant) = &args.variant {
        let (base, other) = what_if::open_both(&args.vault, &key.unlock()?, variant, actor)?;
        let w = what_if::simulation(&base, &other, &input, actor.clock.now())?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&w)?);
        } else {
            println!("== the model ==");
            print_trace(&w.base);
            println!("\n== the variant ({}) ==", variant.display());
            print_trace(&w.variant);
            print_differences(&w.differences);
        }
        w.base
    } else {
        let simulation = simulate::simulate_vault(&args.vault, &key.unlock()?, &input, actor)?;
        if args.json {
            println!("{}", serde_json::to_string_pretty(&simulation)?);
        } else {
            print_trace(&simulation);
        }
        pin_result(&args, key, actor, || Pinnable::request(&simulation))?;
        simulation
    };
    if args.fail_if_blocked && simulation.verdict == Verdict::Blocked {
        return Err(anyhow!(AppError::new(
            ErrorCode::Blocked,
            "the promotion is blocked (see the trace above)"
        )));
    }
    Ok(())
}

/// With `--pin NAME`, keeps the result in the vault and says so on stderr.
pub(crate) fn pin_result(
    args: &SimulateArgs,
    key: &KeyArgs,
    actor: &Actor,
    what: impl FnOnce() -> Pinnable,
) -> Result<()> {
    if let Some(name) = &args.pin {
        let pinned = pin::pin_in_vault(&args.vault, &key.unlock()?, actor, None, name, what())?;
        eprintln!(
            "pinned as {:?} ({}), computed on model {}",
            pinned.name,
            pinned.id,
            &pinned.fingerprint[..12]
        );
    }
    Ok(())
}

fn print_trace(simulation: &Simulation) {
    for s in &simulation.sentences {
        let indent = match &s.rule {
            Some(r) if r.requirement.is_some() => "    ",
            _ => "",
        };
        println!("{indent}{}", s.text);
    }
}

/// The what-if's differences, one a line: what, the model's value → the variant's.
pub(crate) fn print_differences(differences: &[Difference]) {
    println!("\n== what differs ==");
    if differences.is_empty() {
        println!("nothing: the variant gives the same result");
    }
    for d in differences {
        println!("{}: {} → {}", d.what, d.base, d.variant);
    }
}

pub(crate) fn parse_time(text: &str) -> Result<DateTime<Utc>, AppError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
        .map_err(|_| {
            AppError::new(
                ErrorCode::InvalidDate,
                format!("--at {text:?} is not a time: use RFC 3339, YYYY-MM-DDTHH:MM (UTC) or YYYY-MM-DD"),
            )
        })
}

fn print_deck(report: &DeckReport) {
    if !report.name.is_empty() {
        println!("{}", report.name);
    }
    for e in &report.timeline {
        println!(
            "{:>3}  {}  {:<11} {}",
            e.index + 1,
            e.at.format("%Y-%m-%d %H:%M"),
            e.result,
            e.text
        );
    }
    let m = &report.metrics;
    println!();
    println!("requests                      {}", m.requests);
    println!("promotions                    {}", m.promotions);
    for g in &m.time_to_approval {
        println!(
            "time to approval, {:<11} mean {:.1} h, max {:.1} h over {} request(s)",
            g.gate, g.mean_hours, g.max_hours, g.requests
        );
    }
    if let Some(h) = m.mean_hours_to_promotion {
        println!("time to promotion             mean {h:.1} h");
    }
    println!("unauthorised deployments avoided {}", m.blocked_attempts);
    println!("near-misses                   {}", m.near_misses);
    if let Some(a) = m.policy_adherence {
        println!("policy adherence              {:.0}%", a * 100.0);
    }
    let stuck = if m.stuck.is_empty() {
        "none".to_string()
    } else {
        m.stuck.join(", ")
    };
    println!("stuck without an eligible approver {stuck}");
}
