//! Scripted edits of the model: `grant`, `revoke`, `assign`, `unassign`, `own`.

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use chrono::NaiveDate;
use clap::Args;
use gatehouse_app::core::{Effect, OwnershipKind};
use gatehouse_app::edits;
use gatehouse_app::ops::{self, Actor};

use crate::KeyArgs;

/// A cell of the permission matrix, by id or name.
#[derive(Args)]
pub struct Cell {
    /// The role (id or name)
    #[arg(long)]
    pub role: String,
    /// The capability (id or name)
    #[arg(long)]
    pub capability: String,
    /// Environment scope [default: all environments]
    #[arg(long)]
    pub env: Option<String>,
}

#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct Owner {
    /// App owner
    #[arg(long)]
    pub owner: Option<String>,
    /// Data steward
    #[arg(long)]
    pub steward: Option<String>,
    /// Integration owner
    #[arg(long)]
    pub integration_owner: Option<String>,
}

fn parse_effect(text: &str) -> Result<Effect, String> {
    Effect::ALL
        .iter()
        .copied()
        .find(|e| e.as_str() == text)
        .ok_or_else(|| "expected allow, approval or deny".into())
}

#[derive(Args)]
pub struct GrantArgs {
    /// The vault file
    pub file: PathBuf,
    #[command(flatten)]
    pub cell: Cell,
    /// allow, approval (allowed with approval) or deny
    #[arg(long, default_value = "allow", value_parser = parse_effect)]
    pub effect: Effect,
}

pub fn grant(args: GrantArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let GrantArgs { file, cell, effect } = args;

    let event = ops::edit(&file, &key.unlock()?, actor, |m| {
        edits::grant(m, &cell.role, &cell.capability, cell.env.as_deref(), effect)
    })?;
    println!("{}", event.summary);

    Ok(())
}

#[derive(Args)]
pub struct RevokeArgs {
    /// The vault file
    pub file: PathBuf,
    #[command(flatten)]
    pub cell: Cell,
}

pub fn revoke(args: RevokeArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let RevokeArgs { file, cell } = args;

    let event = ops::edit(&file, &key.unlock()?, actor, |m| {
        edits::revoke(m, &cell.role, &cell.capability, cell.env.as_deref())
    })?;
    println!("{}", event.summary);

    Ok(())
}

#[derive(Args)]
pub struct AssignArgs {
    /// The vault file
    pub file: PathBuf,
    /// The person (id or name)
    #[arg(long)]
    pub person: String,
    /// The role (id or name)
    #[arg(long)]
    pub role: String,
    /// The last day the assignment is valid (temporary access)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<NaiveDate>,
    /// Justification
    #[arg(long)]
    pub why: Option<String>,
}

pub fn assign(args: AssignArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let AssignArgs {
        file,
        person,
        role,
        until,
        why,
    } = args;

    let today = actor.clock.now().date_naive();
    let event = ops::edit(&file, &key.unlock()?, actor, |m| {
        edits::assign(m, &person, &role, until, why, today)
    })?;
    println!("{}", event.summary);

    Ok(())
}

#[derive(Args)]
pub struct UnassignArgs {
    /// The vault file
    pub file: PathBuf,
    /// The person (id or name)
    #[arg(long)]
    pub person: String,
    /// The role (id or name)
    #[arg(long)]
    pub role: String,
}

pub fn unassign(args: UnassignArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let UnassignArgs { file, person, role } = args;

    let event = ops::edit(&file, &key.unlock()?, actor, |m| {
        edits::unassign(m, &person, &role)
    })?;
    println!("{}", event.summary);

    Ok(())
}

#[derive(Args)]
pub struct OwnArgs {
    /// The vault file
    pub file: PathBuf,
    /// The asset (id or name)
    #[arg(long)]
    pub asset: String,
    #[command(flatten)]
    pub who: Owner,
}

pub fn own(args: OwnArgs, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let OwnArgs { file, asset, who } = args;

    let (person, kind) = match (who.owner, who.steward, who.integration_owner) {
        (Some(p), _, _) => (p, OwnershipKind::AppOwner),
        (_, Some(p), _) => (p, OwnershipKind::DataSteward),
        (_, _, Some(p)) => (p, OwnershipKind::IntegrationOwner),
        _ => {
            return Err(anyhow!(
                "give one of --owner, --steward or --integration-owner"
            ))
        }
    };
    let event = ops::edit(&file, &key.unlock()?, actor, |m| {
        edits::own(m, &asset, &person, kind)
    })?;
    println!("{}", event.summary);

    Ok(())
}
