//! `gatehouse check`: the findings on a date, and a threshold that fails a script.

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use chrono::NaiveDate;
use clap::Args;
use gatehouse_app::core::Severity;
use gatehouse_app::ops::{self, Actor};
use gatehouse_app::{AppError, ErrorCode};

use crate::KeyArgs;

fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::ALL
        .iter()
        .copied()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| "expected low, medium, high or critical".into())
}

#[derive(Args)]
pub struct CheckArgs {
    /// The vault file
    pub file: PathBuf,
    /// The date to judge validity windows on [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub at: Option<NaiveDate>,
    /// Print one JSON document: {"at", "findings": [...]}
    #[arg(long)]
    pub json: bool,
    /// Exit with status 2 (not 1, which is an error) when a finding at or above this
    /// severity exists
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
}

pub fn run(args: CheckArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let CheckArgs {
        file,
        at,
        json,
        fail_on,
    } = args;

    let (at, findings) = ops::check(&file, &key.unlock()?, at, actor)?;
    if json {
        let report = serde_json::json!({ "at": at.to_string(), "findings": findings });
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        let accepted = findings.iter().filter(|f| !f.is_open()).count();
        println!(
            "{} finding(s) in {} on {at} ({accepted} accepted by an exception)",
            findings.len(),
            file.display()
        );
        for f in &findings {
            let accepted = f.accepted.as_ref().map(|a| {
                format!(
                    "\n  accepted by the exception {} until {}: {}",
                    a.exception, a.until, a.justification
                )
            });
            println!(
                "\n[{}] {}  {}\n  fix: {}{}",
                f.severity,
                f.code,
                f.message,
                f.fix,
                accepted.unwrap_or_default()
            );
        }
    }
    if let Some(threshold) = fail_on {
        // Accepted findings are listed but do not fail the check.
        let failing = findings
            .iter()
            .filter(|f| f.is_open() && f.severity >= threshold)
            .count();
        if failing > 0 {
            return Err(anyhow!(AppError::new(
                ErrorCode::Findings,
                format!("{failing} finding(s) at or above {threshold} severity")
            )));
        }
    }

    Ok(())
}
