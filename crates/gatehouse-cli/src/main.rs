//! `gatehouse`: every Gatehouse workflow from the command line.

mod change;
mod check;
mod drift;
mod edit;
mod exception;
mod export;
mod import;
mod key;
mod log;
mod monte_carlo;
mod recipients;
mod review;
mod simulate;
mod vault;
mod versions;

pub(crate) use key::KeyArgs;

/// mimalloc rather than the system allocator: an import of a 100,000-row list allocates and
/// frees millions of small strings, where glibc's malloc took a third of the time
/// (BENCHMARKS.md, spreadsheet import).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};
use gatehouse_app::ops::Actor;
use gatehouse_app::{AppError, ErrorCode};

/// The exit statuses, also in the README.
const EXIT_STATUSES: &str = "Exit status: 0 done; 1 an error (its code in brackets at the end of \
the message); 2 the command line does not parse; 3 a promotion blocked under --fail-if-blocked \
(simulate); 4 findings at or above --fail-on (check), import warnings under --strict, or \
drift under --fail-on-drift.\n\n\
The audit actor is $GATEHOUSE_ACTOR, else the operating-system user ($USER, $LOGNAME, \
$USERNAME, else the account of the process's user id); a user id without an account is \
recorded as \"uid N\" and a warning says so.";

/// The exit status of `check --fail-on`, `import --strict` and `drift --fail-on-drift` when
/// they fail (errors exit 1, a command line that does not parse 2).
const EXIT_FINDINGS: u8 = 4;

#[derive(Parser)]
#[command(
    name = "gatehouse",
    version,
    about = "Design, test and evidence separation of duties on no-code platforms",
    after_help = EXIT_STATUSES
)]
struct Cli {
    #[command(flatten)]
    key: KeyArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create your identity and print its public key (the recipient others encrypt to)
    Keygen(key::KeygenArgs),
    /// Create a new vault from a template
    Init(vault::InitArgs),
    /// Counts per entity and the audit-chain head
    Show(vault::ShowArgs),
    /// The model as canonical JSON
    Model {
        #[command(subcommand)]
        command: vault::ModelCommand,
    },
    /// Who the vault is encrypted to
    Recipients {
        #[command(subcommand)]
        command: recipients::RecipientsCommand,
    },
    /// Write a hand-over copy encrypted to other keys only; the vault itself keeps its
    /// recipients (the copy is recorded in its audit log)
    Copy(recipients::CopyArgs),
    /// The audit log
    Log(log::LogArgs),
    /// List the built-in templates
    Templates,
    /// Findings: SoD conflicts, ownership gaps, gate problems… on a date
    Check(check::CheckArgs),
    /// Set a cell of the permission matrix
    Grant(edit::GrantArgs),
    /// Clear a cell of the permission matrix
    Revoke(edit::RevokeArgs),
    /// Give a person a role, optionally until a date (temporary access)
    Assign(edit::AssignArgs),
    /// Take a role away from a person
    Unassign(edit::UnassignArgs),
    /// Name an asset's owner, data steward or integration owner
    Own(edit::OwnArgs),
    /// Import a legacy role spreadsheet (permission matrix, RACI, assignments, SoD rules)
    Import(import::ImportArgs),
    /// Walk one change request through every gate on its way: who may approve, what
    /// blocks, the earliest promotion time
    Simulate(simulate::SimulateArgs),
    /// Write the signed audit package: binder (PDF, signed), workbook, model and audit log
    /// in a BagIt bag signed with minisign (recorded in the vault's audit log)
    Export(export::ExportArgs),
    /// Check an audit package (folder or zip): completeness, checksums, signatures, the
    /// audit chain; names the first file that fails
    Verify(export::VerifyArgs),
    /// Change requests through the gates: request, sign, promote, the change log
    Change {
        #[command(subcommand)]
        command: change::ChangeCommand,
    },
    /// The exception register: waivers of one rule for one person, time-boxed
    Exception {
        #[command(subcommand)]
        command: exception::ExceptionCommand,
    },
    /// Access review campaigns: start, decide, close, status; export to and import from Excel
    Review {
        #[command(subcommand)]
        command: review::ReviewCommand,
    },
    /// Named versions of the model: add, list, restore
    Version {
        #[command(subcommand)]
        command: versions::VersionCommand,
    },
    /// What changed between two versions (or a version and the current model)
    Diff(versions::DiffArgs),
    /// Compare the model with an actual access export: unauthorised, missing, expired but
    /// still present (recorded in the vault's audit log)
    Drift(drift::DriftArgs),
}

fn main() -> ExitCode {
    // Output piped into `head` and closed early ends the program quietly, as it does any
    // Unix tool, instead of a panic at the next print.
    #[cfg(unix)]
    // SAFETY: called first thing, before any thread starts; restores the default action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    // The one clock of the program: everything that needs the time asks the actor's.
    let local = gatehouse_app::local_actor_from(|name| std::env::var(name).ok());
    if local.is_fallback {
        eprintln!(
            "warning: neither $GATEHOUSE_ACTOR nor $USER is set and {}: the audit log records the actor of any change as \"{}\"",
            local.source, local.name
        );
    }
    let name = local.name;
    let clock = match gatehouse_app::host_clock() {
        Ok(clock) => clock,
        Err(e) => {
            eprintln!("error: {} [{}]", e.message, e.code);
            return ExitCode::FAILURE;
        }
    };
    let actor = Actor { name, clock };
    match run(cli, &actor) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = e.downcast_ref::<AppError>().map(|a| a.code);
            match code {
                Some(code) => eprintln!("error: {e:#} [{code}]"),
                None => eprintln!("error: {e:#}"),
            }
            if code == Some(ErrorCode::Blocked) {
                return ExitCode::from(simulate::EXIT_BLOCKED);
            }
            if matches!(
                code,
                Some(ErrorCode::Findings | ErrorCode::ImportWarnings | ErrorCode::DriftFound)
            ) {
                return ExitCode::from(EXIT_FINDINGS);
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli, actor: &Actor) -> Result<()> {
    let key = &cli.key;
    match cli.command {
        Command::Keygen(args) => key::keygen(args, key, actor)?,
        Command::Init(args) => vault::init(args, key, actor)?,
        Command::Show(args) => vault::show(args, key, actor)?,
        Command::Model { command } => vault::model(command, key, actor)?,
        Command::Recipients { command } => recipients::run(command, key, actor)?,
        Command::Copy(args) => recipients::copy(args, key, actor)?,
        Command::Check(args) => check::run(args, key, actor)?,
        Command::Grant(args) => edit::grant(args, key, actor)?,
        Command::Revoke(args) => edit::revoke(args, key, actor)?,
        Command::Assign(args) => edit::assign(args, key, actor)?,
        Command::Unassign(args) => edit::unassign(args, key, actor)?,
        Command::Own(args) => edit::own(args, key, actor)?,
        Command::Log(args) => log::run(args, key, actor)?,
        Command::Import(args) => import::run(args, key, actor)?,
        Command::Simulate(args) => simulate::run(args, key, actor)?,
        Command::Export(args) => export::run_export(args, key, actor)?,
        Command::Verify(args) => export::run_verify(args)?,
        Command::Change { command } => change::run(command, key, actor)?,
        Command::Exception { command } => exception::run(command, key, actor)?,
        Command::Review { command } => review::run(command, key, actor)?,
        Command::Version { command } => versions::run(command, key, actor)?,
        Command::Diff(args) => versions::diff(args, key, actor)?,
        Command::Drift(args) => drift::run(args, key, actor)?,
        Command::Templates => {
            for t in gatehouse_app::templates::list() {
                println!("{:<18} {}", t.id, t.name);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Every argument of every command, with the path of commands it is under.
    fn arguments(cmd: &clap::Command, path: &str, out: &mut Vec<(String, bool)>) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            out.push((format!("{path} {id}"), arg.get_help().is_some()));
        }
        for sub in cmd.get_subcommands() {
            arguments(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn the_export_help_names_every_section() {
        let cli = Cli::command();
        let export = cli.find_subcommand("export").expect("export");
        let sections = (export.get_arguments())
            .find(|a| a.get_id() == "sections")
            .and_then(|a| a.get_help())
            .expect("--sections has help")
            .to_string();
        for s in gatehouse_app::export::parse_sections(None).expect("every section") {
            assert!(
                sections.contains(s.key()),
                "--sections help names {}: {sections}",
                s.key()
            );
        }
    }

    #[test]
    fn every_argument_has_help_text() {
        let mut all = Vec::new();
        arguments(&Cli::command(), "gatehouse", &mut all);
        let bare: Vec<&String> = all.iter().filter(|(_, h)| !h).map(|(a, _)| a).collect();
        assert!(bare.is_empty(), "arguments without help: {bare:?}");
        assert!(all.len() > 40, "the walk saw the arguments: {}", all.len());
    }
}
