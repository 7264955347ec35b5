//! `gatehouse exception add|list|end VAULT`: the exception register.

use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use gatehouse_app::core::exceptions::EXPIRING_WITHIN_DAYS;
use gatehouse_app::core::Waiver;
use gatehouse_app::exceptions::{self, ExceptionInput};
use gatehouse_app::ops::{self, Actor};

use crate::KeyArgs;

#[derive(Subcommand)]
pub(crate) enum ExceptionCommand {
    /// Record an exception: one rule waived for one person, approved by another
    Add(AddArgs),
    /// The register on a date: in force, upcoming, expired, and what expires soon
    List {
        /// The vault file (.gatehouse)
        vault: PathBuf,
        /// The date [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        at: Option<NaiveDate>,
        /// Mark exceptions ending within this many days
        #[arg(long, value_name = "DAYS", default_value_t = EXPIRING_WITHIN_DAYS)]
        within: u32,
        /// Only the exceptions expiring within the horizon
        #[arg(long)]
        expiring: bool,
        /// Print the register as one JSON document
        #[arg(long)]
        json: bool,
    },
    /// End an exception: no longer in force from today (its findings are open again)
    End {
        /// The vault file (.gatehouse)
        vault: PathBuf,
        /// The exception's id (see `gatehouse exception list`)
        id: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum WaiverKind {
    SodRule,
    Gate,
    /// A cell of the matrix: role|capability|environment (ids, * for every environment)
    Grant,
    /// Access the platform gives outside the model (found by `gatehouse drift`): a role, or
    /// role|environment (ids or names)
    Access,
}

#[derive(Args)]
pub(crate) struct AddArgs {
    /// The vault file (.gatehouse)
    vault: PathBuf,
    /// What kind of rule is waived
    #[arg(long, value_enum)]
    waives: WaiverKind,
    /// The SoD rule (id or name); the gate (id or name), or one requirement as gate#N (N from 1); the grant as role|capability|environment (ids, * for all); for access, the role or role|environment (ids or names)
    #[arg(long)]
    rule: String,
    /// Who the exception is for (id or name)
    #[arg(long)]
    person: String,
    /// Who approves it (id or name): not the person, nor anyone in SoD conflict with them
    #[arg(long)]
    approver: String,
    /// Why, and what mitigates the risk
    #[arg(long)]
    why: String,
    /// First day in force [default: today]
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<NaiveDate>,
    /// Last day in force
    #[arg(long, value_name = "YYYY-MM-DD")]
    until: NaiveDate,
    /// When to review it
    #[arg(long, value_name = "YYYY-MM-DD")]
    review: Option<NaiveDate>,
}

pub(crate) fn run(command: ExceptionCommand, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let today = actor.clock.now().date_naive();
    match command {
        ExceptionCommand::Add(a) => {
            let input = ExceptionInput {
                waives: match a.waives {
                    WaiverKind::SodRule => Waiver::SodRule(a.rule),
                    WaiverKind::Gate => Waiver::Gate(a.rule),
                    WaiverKind::Grant => Waiver::Grant(a.rule),
                    WaiverKind::Access => Waiver::Access(a.rule),
                },
                person: a.person,
                approver: a.approver,
                justification: a.why,
                start: a.from,
                end: a.until,
                review: a.review,
            };
            let event = ops::edit(&a.vault, &key.unlock()?, actor, |m| {
                exceptions::add(m, &input, today)
            })?;
            println!("{}", event.summary);
        }
        ExceptionCommand::End { vault, id } => {
            let event = ops::edit(&vault, &key.unlock()?, actor, |m| {
                exceptions::end(m, &id, today)
            })?;
            println!("{}", event.summary);
        }
        ExceptionCommand::List {
            vault,
            at,
            within,
            expiring,
            json,
        } => {
            let mut register = ops::exceptions(&vault, &key.unlock()?, at, within, actor)?;
            if expiring {
                register.rows.retain(|r| r.expiring);
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&register)?);
                return Ok(());
            }
            println!(
                "{} exception(s) on {}; {} expiring within {} days",
                register.rows.len(),
                register.at,
                register.expiring.len(),
                register.within_days
            );
            for r in &register.rows {
                let e = &r.exception;
                let left = match (r.days_left, r.expiring) {
                    (Some(d), true) => format!(", {d} day(s) left: expiring"),
                    (Some(d), false) => format!(", {d} day(s) left"),
                    _ => String::new(),
                };
                println!(
                    "\n{}  [{}{left}]\n  waives {} for {}, approved by {}\n  {} to {}{}\n  why: {}\n  accepts {} finding(s)",
                    e.id,
                    r.status,
                    r.waives_label,
                    r.person_name,
                    r.approver_name,
                    e.start,
                    e.end,
                    e.review.map(|d| format!(", review {d}")).unwrap_or_default(),
                    e.justification,
                    r.accepts.len()
                );
                if let Some(problem) = &r.approval_problem {
                    println!("  approval does not count: {problem}");
                }
            }
        }
    }
    Ok(())
}
