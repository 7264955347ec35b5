//! `gatehouse change request|sign|promote|list VAULT`: change requests through the gates.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use gatehouse_app::change::{self, Attempt, ChangeInput, ChangeList, SignChange};
use gatehouse_app::core::{Decision, Edit, Entity, Model};
use gatehouse_app::ops::{self, Actor};
use gatehouse_app::simulate::parse_attribute;

use crate::KeyArgs;

#[derive(Subcommand)]
pub(crate) enum ChangeCommand {
    /// Propose a change: evaluated by the gate simulation now, then recorded
    Request(RequestArgs),
    /// Sign off a change now: only a person the gates find eligible at this moment
    Sign {
        /// The vault file (.gatehouse)
        vault: PathBuf,
        /// The change's id (see `gatehouse change list`)
        change: String,
        /// Who signs (id or name)
        #[arg(long)]
        person: String,
        /// Approve, or reject (a rejection closes the change)
        #[arg(long, value_enum)]
        decision: DecisionArg,
        /// Why, as the change log shows it
        #[arg(long)]
        comment: Option<String>,
    },
    /// Promote a change now: refused, naming the rule, while a gate on its way is unmet
    Promote {
        /// The vault file (.gatehouse)
        vault: PathBuf,
        /// The change's id
        change: String,
        /// Who promotes (id or name)
        #[arg(long)]
        by: String,
    },
    /// The change log: every change, its sign-offs, its promotion, time to approval
    List {
        /// The vault file (.gatehouse)
        vault: PathBuf,
        /// Print the list as one JSON document
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DecisionArg {
    Approve,
    Reject,
}

#[derive(Args)]
pub(crate) struct RequestArgs {
    /// The vault file (.gatehouse)
    vault: PathBuf,
    /// Who proposes the change (id or name)
    #[arg(long)]
    requester: String,
    /// The asset changed (id or name)
    #[arg(long)]
    asset: String,
    /// The environment it leaves [default: the stage before --to]
    #[arg(long)]
    from: Option<String>,
    /// The environment it is promoted to
    #[arg(long)]
    to: String,
    /// A change attribute: user_facing, touches_integration, changes_data_mapping, new_asset (repeatable)
    #[arg(long = "attr", value_name = "ATTRIBUTE")]
    attr: Vec<String>,
    /// A title [default: the asset and the target]
    #[arg(long)]
    title: Option<String>,
    /// What the change does
    #[arg(long)]
    description: String,
    /// Evaluate only: show the verdict, record nothing
    #[arg(long)]
    dry_run: bool,
    /// Print the recorded change and its simulation as JSON
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(command: ChangeCommand, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let now = actor.clock.now();
    match command {
        ChangeCommand::Request(a) => {
            let input = ChangeInput {
                requester: a.requester,
                asset: a.asset,
                from: a.from,
                to: a.to,
                attributes: a
                    .attr
                    .iter()
                    .map(|x| parse_attribute(x))
                    .collect::<Result<_, _>>()?,
                title: a.title,
                description: a.description,
            };
            let identity = key.unlock()?;
            let mut workbench = ops::open(&a.vault, &identity, actor)?;
            let mut requested = change::request(workbench.model(), &input, now)?;
            if !a.dry_run {
                workbench.apply(change::record(&requested.change))?;
                workbench.save()?;
                requested.recorded = true;
            }
            if a.json {
                println!("{}", serde_json::to_string_pretty(&requested)?);
                return Ok(());
            }
            let c = &requested.change;
            println!(
                "{} {}: {} ({} to {}), status {}",
                if requested.recorded {
                    "Recorded"
                } else {
                    "Dry run, not recorded:"
                },
                c.id,
                c.title,
                c.from,
                c.to,
                c.status
            );
            for s in &requested.simulation.sentences {
                println!("  {}", s.text);
            }
        }
        ChangeCommand::Sign {
            vault,
            change: id,
            person,
            decision,
            comment,
        } => {
            let input = SignChange {
                change: id,
                person,
                decision: match decision {
                    DecisionArg::Approve => Decision::Approved,
                    DecisionArg::Reject => Decision::Rejected,
                },
                comment,
            };
            let mut said = String::new();
            ops::edit(&vault, &key.unlock()?, actor, |m| {
                let edit = change::sign(m, &input, now)?;
                said = outcome(m, &edit);
                Ok(edit)
            })?;
            println!("{said}");
        }
        ChangeCommand::Promote {
            vault,
            change: id,
            by,
        } => {
            // A refused attempt is recorded on the change (the evidence of a deployment
            // the gates stopped), then reported as the error.
            let mut said = String::new();
            let mut refused = None;
            ops::edit_described(&vault, &key.unlock()?, actor, |m| {
                Ok(match change::promote(m, &id, &by, now)? {
                    Attempt::Promoted(edit) => {
                        said = outcome(m, &edit);
                        let summary = edit.describe();
                        (edit, summary)
                    }
                    Attempt::Refused {
                        record,
                        summary,
                        refusal,
                    } => {
                        refused = Some(refusal);
                        (record, summary)
                    }
                })
            })?;
            if let Some(refusal) = refused {
                return Err(refusal.into());
            }
            println!("{said}");
        }
        ChangeCommand::List { vault, json } => {
            let workbench = ops::open(&vault, &key.unlock()?, actor)?;
            let list = change::list(workbench.model(), now)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                print_list(&list);
            }
        }
    }
    Ok(())
}

/// What a recorded step did, in one line: "chg-1 approved by Eva Novák (IT sign-off at
/// Test to production); now approved".
fn outcome(model: &Model, edit: &Edit) -> String {
    let Edit::Upsert {
        entity: Entity::ChangeRequest(cr),
    } = edit
    else {
        return edit.describe();
    };
    let mut with = model.clone();
    with.change_requests.retain(|c| c.id != cr.id);
    with.change_requests.push(cr.clone());
    with.change_requests.sort_by(|a, b| a.id.cmp(&b.id));
    let Some(e) = gatehouse_app::core::change::change_log(&with)
        .into_iter()
        .find(|e| e.id == cr.id)
    else {
        return edit.describe();
    };
    match (&e.promoted_by_name, e.promoted_at, e.sign_offs.last()) {
        (Some(by), Some(at), _) => format!("{} promoted to {} by {by} at {at}", e.id, e.to),
        (_, _, Some(s)) => format!(
            "{} {} by {}{}; now {}",
            e.id,
            s.decision,
            s.person_name,
            s.answers
                .as_deref()
                .map(|a| format!(" ({a})"))
                .unwrap_or_default(),
            e.status
        ),
        _ => edit.describe(),
    }
}

fn print_list(list: &ChangeList) {
    println!("{} change request(s) at {}", list.rows.len(), list.at);
    for r in &list.rows {
        let e = &r.entry;
        println!(
            "\n{}  [{}] {}\n  {} from {} to {}, requested by {} at {}",
            e.id, e.status, e.title, e.asset_name, e.from, e.to, e.requester_name, e.requested_at
        );
        for s in &e.sign_offs {
            println!(
                "  {} by {} at {}{}{}",
                s.decision,
                s.person_name,
                s.at,
                s.answers
                    .as_deref()
                    .map(|a| format!(" ({a})"))
                    .unwrap_or_default(),
                s.comment
                    .as_deref()
                    .map(|c| format!(": {c}"))
                    .unwrap_or_default()
            );
        }
        for refused in &e.refused {
            println!("  promotion refused at {}: {}", refused.at, refused.message);
        }
        if let (Some(by), Some(at)) = (&e.promoted_by_name, e.promoted_at) {
            println!("  promoted by {by} at {at}");
        }
        for why in &e.near_miss {
            println!("  near-miss: {why}");
        }
        if let Some(s) = e.seconds_to_approval {
            println!("  time to approval: {}", duration(s));
        }
        if let Some(s) = e.seconds_to_promotion {
            println!("  time to promotion: {}", duration(s));
        }
        if let Some(st) = &r.standing {
            match &st.refusal {
                Some(refusal) => println!("  not promotable now: {}", refusal.message),
                None => println!("  promotable now"),
            }
        }
    }
}

/// `1d 02:03:04` style.
fn duration(seconds: i64) -> String {
    let (d, rest) = (seconds / 86_400, seconds % 86_400);
    let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
    if d > 0 {
        format!("{d}d {h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}
