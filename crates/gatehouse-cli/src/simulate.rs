//! `gatehouse simulate VAULT`: one change request walked through every gate on its way.

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use clap::Args;
use gatehouse_app::ops::Actor;
use gatehouse_app::simulate::{self, SimulateInput};
use gatehouse_app::{AppError, ErrorCode};
use gatehouse_core::Verdict;

use crate::KeyArgs;

/// The exit status of `--fail-if-blocked` when the promotion is blocked (bad input exits 1).
pub(crate) const EXIT_BLOCKED: u8 = 3;

#[derive(Args)]
pub(crate) struct SimulateArgs {
    /// The vault
    vault: PathBuf,
    /// Who asks for the promotion (id or name)
    #[arg(long)]
    requester: String,
    /// The asset changed (id or name)
    #[arg(long)]
    asset: String,
    /// The environment to promote to (id or name)
    #[arg(long)]
    to: String,
    /// The environment to promote from [default: the stage just before --to]
    #[arg(long)]
    from: Option<String>,
    /// What the change does, comma-separated: user_facing, touches_integration,
    /// changes_data_mapping, new_asset
    #[arg(long, value_delimiter = ',')]
    attr: Vec<String>,
    /// The simulated moment: RFC 3339, `YYYY-MM-DDTHH:MM` (UTC) or `YYYY-MM-DD` [default: now]
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// Print the trace as JSON
    #[arg(long)]
    json: bool,
    /// Exit with status 3 when the promotion is blocked
    #[arg(long)]
    fail_if_blocked: bool,
}

pub(crate) fn run(args: SimulateArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let attributes = args
        .attr
        .iter()
        .filter(|a| !a.trim().is_empty())
        .map(|a| simulate::parse_attribute(a))
        .collect::<Result<Vec<_>, _>>()?;
    let input = SimulateInput {
        requester: args.requester,
        asset: args.asset,
        from: args.from,
        to: args.to,
        attributes,
        at: args.at.as_deref().map(parse_time).transpose()?,
    };
    let simulation = simulate::simulate_vault(&args.vault, &key.unlock()?, &input, actor)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&simulation)?);
    } else {
        for s in &simulation.sentences {
            let indent = match &s.rule {
                Some(r) if r.requirement.is_some() => "    ",
                _ => "",
            };
            println!("{indent}{}", s.text);
        }
    }
    if args.fail_if_blocked && simulation.verdict == Verdict::Blocked {
        return Err(anyhow!(AppError::new(
            ErrorCode::Blocked,
            "the promotion is blocked (see the trace above)"
        )));
    }
    Ok(())
}

fn parse_time(text: &str) -> Result<DateTime<Utc>, AppError> {
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
