//! `gatehouse simulate VAULT --monte-carlo N`: time to approval over many drawn requests.

use anyhow::Result;
use gatehouse_app::monte_carlo::{self, MonteCarloInput};
use std::sync::atomic::AtomicBool;

use gatehouse_app::job::{Reporter, Step};
use gatehouse_app::ops::Actor;
use gatehouse_app::pin::Pinnable;
use gatehouse_app::what_if;
use gatehouse_app::{AppError, ErrorCode};
use gatehouse_core::MonteCarloReport;

use crate::import::Bar;
use crate::simulate::{parse_time, pin_result, print_differences, SimulateArgs};
use crate::KeyArgs;

/// The input the arguments describe (the mix read from its file).
pub(crate) fn input(args: &SimulateArgs) -> Result<MonteCarloInput> {
    let mix = match &args.mix {
        Some(path) => {
            let text = fs_err::read_to_string(path)
                .map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))?;
            Some(monte_carlo::parse_mix(&text, &path.display().to_string())?)
        }
        None => None,
    };
    Ok(MonteCarloInput {
        runs: args.monte_carlo.unwrap_or(0),
        seed: args.seed,
        start: args.at.as_deref().map(parse_time).transpose()?,
        mix,
        threads: args.threads,
    })
}

pub(crate) fn run(args: &SimulateArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let input = input(args)?;
    if let Some(variant) = &args.variant {
        let (base, other) = what_if::open_both(&args.vault, &key.unlock()?, variant, actor)?;
        let bar = Bar::new();
        let report = |s: &Step| bar.report(s);
        let cancel = AtomicBool::new(false);
        let w = what_if::monte_carlo(
            &base,
            &other,
            &input,
            actor.clock.now(),
            Reporter::new(&report, &cancel),
        )?;
        drop(bar);
        if args.json {
            println!("{}", serde_json::to_string_pretty(&w)?);
        } else {
            println!("== the model ==");
            print(&w.base);
            println!("\n== the variant ({}) ==", variant.display());
            print(&w.variant);
            print_differences(&w.differences);
        }
        return Ok(());
    }
    let bar = Bar::new();
    let report = monte_carlo::monte_carlo_vault(&args.vault, &key.unlock()?, &input, actor, &|s| {
        bar.report(s)
    })
    .map_err(|e| match (&args.mix, e.code) {
        (Some(path), ErrorCode::MixInvalid) => {
            AppError::new(e.code, format!("{}: {}", path.display(), e.message))
        }
        _ => e,
    })?;
    drop(bar);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print(&report);
    }
    pin_result(args, key, actor, || Pinnable::monte_carlo(&report))
}

pub(crate) fn print(r: &MonteCarloReport) {
    let o = &r.options;
    println!(
        "{} requests, seed {}, arriving over {} days from {}",
        o.runs,
        o.seed,
        r.window_days,
        o.start.format("%Y-%m-%d %H:%M UTC")
    );
    for a in &r.assumed {
        println!("  assumed: {a}");
    }
    println!();
    println!(
        "{:<32} {:>8} {:>9} {:>9} {:>9}",
        "time to approval (hours)", "requests", "p50", "p90", "p99"
    );
    for g in &r.gates {
        println!(
            "{:<32} {:>8} {:>9.2} {:>9.2} {:>9.2}",
            g.name, g.requests, g.hours.p50, g.hours.p90, g.hours.p99
        );
    }
    match &r.overall {
        Some(h) => println!(
            "{:<32} {:>8} {:>9.2} {:>9.2} {:>9.2}",
            "overall", r.promoted, h.p50, h.p90, h.p99
        ),
        None => println!("overall: no request got through"),
    }
    println!();
    println!(
        "blocked: {} of {} ({:.1}%)",
        r.blocked,
        o.runs,
        r.blocked_share * 100.0
    );
    for b in &r.blocked_reasons {
        println!("  {:>6}  {}", b.requests, b.text);
    }
    println!();
    println!("approver load (approvals given; * asked on half the requests or more)");
    for l in &r.load {
        let mark = if l.bottleneck { "*" } else { " " };
        println!(
            "  {mark} {:<28} {:>8}  {:.2} per request",
            l.name, l.approvals, l.per_request
        );
    }
}
