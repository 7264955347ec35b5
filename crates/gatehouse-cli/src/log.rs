//! `gatehouse log`: the audit log, filtered, and the check of its hash chain.

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use clap::Args;
use gatehouse_app::core::AuditFilter;
use gatehouse_app::ops::{self, Actor};
use gatehouse_app::{AppError, ErrorCode};

use crate::KeyArgs;

#[derive(Args)]
pub struct LogArgs {
    /// The vault file
    pub file: PathBuf,
    /// Print JSON Lines: one audit event per line, oldest first
    #[arg(long)]
    pub json: bool,
    /// Check the hash chain and name the first altered event
    #[arg(long)]
    pub verify: bool,
    /// Only events of this kind (role, assignment, exception, model, vault…)
    #[arg(long)]
    pub kind: Option<String>,
    /// Only events touching an entity whose key contains this
    #[arg(long)]
    pub entity: Option<String>,
    /// Only events by this actor, or about this person of the model (id)
    #[arg(long)]
    pub person: Option<String>,
}

pub fn run(args: LogArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let LogArgs {
        file,
        json,
        verify,
        kind,
        entity,
        person,
    } = args;

    let filter = AuditFilter {
        kind,
        entity,
        person,
    };
    let log = ops::log(&file, &key.unlock()?, verify, &filter, actor)?;
    if json {
        for event in &log.events {
            println!("{}", serde_json::to_string(event)?);
        }
    } else {
        for e in &log.events {
            println!(
                "{:>5}  {}  {:<12} {:<24} {}",
                e.seq,
                e.at.format("%Y-%m-%d %H:%M:%S"),
                e.actor,
                e.action,
                e.summary
            );
        }
    }
    match log.verified {
        Some(Ok(head)) => {
            eprintln!("audit chain verified: {} events, head {head}", log.total)
        }
        Some(Err(broken)) => {
            return Err(anyhow!(AppError::new(
                ErrorCode::AuditChainBroken,
                broken.to_string()
            )))
        }
        None => {}
    }

    Ok(())
}
