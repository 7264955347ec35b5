//! `gatehouse`: every Gatehouse workflow from the command line.

mod change;
mod drift;
mod exception;
mod export;
mod import;
mod monte_carlo;
mod review;
mod simulate;
mod versions;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use age::secrecy::SecretString;
use anyhow::{anyhow, Context, Result};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use gatehouse_app::core::{AuditFilter, Effect, OwnershipKind, Severity};
use gatehouse_app::ops::{self, Actor};
use gatehouse_app::vault::Identity;
use gatehouse_app::{edits, share};
use gatehouse_app::{identity, AppError, ErrorCode};

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

#[derive(Args)]
struct KeyArgs {
    /// Identity file [default: $GATEHOUSE_IDENTITY, else ~/.config/gatehouse/identity.age]
    #[arg(long, global = true, value_name = "FILE")]
    identity: Option<PathBuf>,
    /// Read the identity's passphrase from this file (first line) instead of a prompt or
    /// $GATEHOUSE_PASSPHRASE
    #[arg(long, global = true, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Create your identity and print its public key (the recipient others encrypt to)
    Keygen {
        /// Store the key unprotected (for scripts only: anyone who reads the file can open your vaults)
        #[arg(long)]
        no_passphrase: bool,
        /// Make the signing key of audit packages instead (ECDSA P-256 with a self-signed
        /// certificate for the PDF, Ed25519 minisign for the bag)
        #[arg(long)]
        signing: bool,
        /// With --signing: the signer, as the certificate names them ("Ana Silva, Compliance")
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// With --signing: the signer's organisation
        #[arg(long, value_name = "ORG", default_value = "")]
        organization: String,
        /// With --signing: where to write it [default: $GATEHOUSE_SIGNING_KEY, else signing.age beside the identity]
        #[arg(long, value_name = "FILE")]
        sign_key: Option<PathBuf>,
        /// With --signing: import the organisation's ECDSA P-256 key and certificate from this
        /// PKCS#12 file instead of making a self-signed one
        #[arg(
            long,
            value_name = "ORG.p12",
            requires = "signing",
            conflicts_with = "name"
        )]
        import: Option<PathBuf>,
        /// With --import: read the PKCS#12 file's passphrase from this file (first line)
        /// instead of a prompt
        #[arg(long, value_name = "FILE", requires = "import")]
        p12_passphrase_file: Option<PathBuf>,
    },
    /// Create a new vault from a template
    Init {
        /// The vault file
        file: PathBuf,
        /// The template to start from (`gatehouse templates` lists them)
        #[arg(long, default_value = "generic-nocode")]
        template: String,
        /// Encrypt to this public key (repeatable) [default: your own]
        #[arg(long = "recipient", value_name = "AGE1…")]
        recipients: Vec<String>,
    },
    /// Counts per entity and the audit-chain head
    Show {
        /// The vault file
        file: PathBuf,
        /// Print one JSON document: {"counts", "audit_head", ...}
        #[arg(long)]
        json: bool,
    },
    /// The model as canonical JSON
    Model {
        #[command(subcommand)]
        command: ModelCommand,
    },
    /// Who the vault is encrypted to
    Recipients {
        #[command(subcommand)]
        command: RecipientsCommand,
    },
    /// Write a hand-over copy encrypted to other keys only; the vault itself keeps its
    /// recipients (the copy is recorded in its audit log)
    Copy {
        /// The vault file
        file: PathBuf,
        /// Where to write the copy
        out: PathBuf,
        /// A public key (age1…) that may open the copy; repeat for several
        #[arg(long = "to", value_name = "AGE1…", required = true)]
        to: Vec<String>,
    },
    /// The audit log
    Log {
        /// The vault file
        file: PathBuf,
        /// Print JSON Lines: one audit event per line, oldest first
        #[arg(long)]
        json: bool,
        /// Check the hash chain and name the first altered event
        #[arg(long)]
        verify: bool,
        /// Only events of this kind (role, assignment, exception, model, vault…)
        #[arg(long)]
        kind: Option<String>,
        /// Only events touching an entity whose key contains this
        #[arg(long)]
        entity: Option<String>,
        /// Only events by this actor, or about this person of the model (id)
        #[arg(long)]
        person: Option<String>,
    },
    /// List the built-in templates
    Templates,
    /// Findings: SoD conflicts, ownership gaps, gate problems… on a date
    Check {
        /// The vault file
        file: PathBuf,
        /// The date to judge validity windows on [default: today]
        #[arg(long, value_name = "YYYY-MM-DD")]
        at: Option<NaiveDate>,
        /// Print one JSON document: {"at", "findings": [...]}
        #[arg(long)]
        json: bool,
        /// Exit with status 2 (not 1, which is an error) when a finding at or above this
        /// severity exists
        #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
        fail_on: Option<Severity>,
    },
    /// Set a cell of the permission matrix
    Grant {
        /// The vault file
        file: PathBuf,
        #[command(flatten)]
        cell: Cell,
        /// allow, approval (allowed with approval) or deny
        #[arg(long, default_value = "allow", value_parser = parse_effect)]
        effect: Effect,
    },
    /// Clear a cell of the permission matrix
    Revoke {
        /// The vault file
        file: PathBuf,
        #[command(flatten)]
        cell: Cell,
    },
    /// Give a person a role, optionally until a date (temporary access)
    Assign {
        /// The vault file
        file: PathBuf,
        /// The person (id or name)
        #[arg(long)]
        person: String,
        /// The role (id or name)
        #[arg(long)]
        role: String,
        /// The last day the assignment is valid (temporary access)
        #[arg(long, value_name = "YYYY-MM-DD")]
        until: Option<NaiveDate>,
        /// Justification
        #[arg(long)]
        why: Option<String>,
    },
    /// Take a role away from a person
    Unassign {
        /// The vault file
        file: PathBuf,
        /// The person (id or name)
        #[arg(long)]
        person: String,
        /// The role (id or name)
        #[arg(long)]
        role: String,
    },
    /// Name an asset's owner, data steward or integration owner
    Own {
        /// The vault file
        file: PathBuf,
        /// The asset (id or name)
        #[arg(long)]
        asset: String,
        #[command(flatten)]
        who: Owner,
    },
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

/// A cell of the permission matrix, by id or name.
#[derive(Args)]
struct Cell {
    /// The role (id or name)
    #[arg(long)]
    role: String,
    /// The capability (id or name)
    #[arg(long)]
    capability: String,
    /// Environment scope [default: all environments]
    #[arg(long)]
    env: Option<String>,
}

#[derive(Args)]
#[group(required = true, multiple = false)]
struct Owner {
    /// App owner
    #[arg(long)]
    owner: Option<String>,
    /// Data steward
    #[arg(long)]
    steward: Option<String>,
    /// Integration owner
    #[arg(long)]
    integration_owner: Option<String>,
}

fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::ALL
        .iter()
        .copied()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| "expected low, medium, high or critical".into())
}

fn parse_effect(text: &str) -> Result<Effect, String> {
    Effect::ALL
        .iter()
        .copied()
        .find(|e| e.as_str() == text)
        .ok_or_else(|| "expected allow, approval or deny".into())
}

#[derive(Subcommand)]
enum ModelCommand {
    /// Print the model as canonical JSON on stdout
    Export {
        /// The vault file
        file: PathBuf,
    },
    /// Replace the model with one from canonical JSON (validated, audited)
    Import {
        /// The vault file
        file: PathBuf,
        /// The canonical JSON model to take (as `model export` writes it)
        model: PathBuf,
    },
}

#[derive(Subcommand)]
enum RecipientsCommand {
    /// Each key that opens the file, with its label; yours is marked
    List {
        /// The vault file
        file: PathBuf,
        /// One JSON document: {"recipients": [{"key", "label", "you"}], "your_key", ...}
        #[arg(long)]
        json: bool,
    },
    /// Lets another key open the file from now on (or relabels one)
    Add {
        /// The vault file
        file: PathBuf,
        /// The public key, age1…
        #[arg(required_unless_present = "key_file")]
        recipient: Option<String>,
        /// Read the key from a file: a public key (.pub/.txt), or an unprotected identity
        /// file, of which only the public key is used
        #[arg(long, value_name = "PATH", conflicts_with = "recipient")]
        key_file: Option<PathBuf>,
        /// A name for the key, kept in the vault ("Ana Silva, client CO")
        #[arg(long, value_name = "NAME")]
        label: Option<String>,
    },
    /// Stops a key from opening the file from now on
    Remove {
        /// The vault file
        file: PathBuf,
        /// The public key, age1…
        recipient: String,
        /// Allow removing your own key
        #[arg(long)]
        force: bool,
    },
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
        Command::Keygen {
            no_passphrase,
            signing: true,
            name,
            organization,
            sign_key,
            import,
            p12_passphrase_file,
        } => {
            let path = export::sign_key_path(sign_key.as_deref());
            if let Some(p12) = import {
                let p12_passphrase = p12_passphrase_file.as_deref();
                export::import_key(key, &path, no_passphrase, &p12, p12_passphrase)?;
            } else {
                let name = name.unwrap_or_default();
                export::keygen(key, &path, no_passphrase, &name, &organization, actor)?;
            }
        }
        Command::Keygen { no_passphrase, .. } => {
            let path = key.identity_path();
            let passphrase = if no_passphrase {
                eprintln!("warning: {} will hold your key unprotected", path.display());
                None
            } else {
                Some(key.new_passphrase()?)
            };
            let identity = identity::create(&path, passphrase)?;
            eprintln!("identity written to {}", path.display());
            println!("{}", identity.recipient());
        }
        Command::Init {
            file,
            template,
            recipients,
        } => {
            let recipients = if recipients.is_empty() {
                vec![key.unlock()?.recipient()]
            } else {
                identity::parse_recipients(&recipients)?
            };
            let summary = ops::init(&file, &template, &recipients, actor)?;
            println!(
                "created {} from template {template}: {} roles, {} people, encrypted to {} recipient(s)",
                file.display(),
                summary.counts.roles,
                summary.counts.people,
                summary.recipients.len()
            );
        }
        Command::Show { file, json } => {
            let workbench = ops::open(&file, &key.unlock()?, actor)?;
            let summary = workbench.summary()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&summary)?);
            } else {
                println!("{}  ({})", summary.name, file.display());
                let counts = serde_json::to_value(summary.counts)?;
                for (kind, count) in counts.as_object().into_iter().flatten() {
                    println!("  {:<18} {count}", kind.replace('_', " "));
                }
                println!("  audit events       {}", summary.events);
                println!("  audit chain head   {}", summary.chain_head);
                println!("  schema version     {}", summary.schema_version);
                println!("  recipients         {}", summary.recipients.join(", "));
            }
        }
        Command::Model {
            command: ModelCommand::Export { file },
        } => {
            print!("{}", ops::export_model(&file, &key.unlock()?, actor)?);
        }
        Command::Model {
            command: ModelCommand::Import { file, model },
        } => {
            let json = fs_err::read_to_string(&model)
                .with_context(|| format!("cannot read {}", model.display()))?;
            let summary = ops::import_model(&file, &key.unlock()?, &json, actor).map_err(|e| {
                anyhow!(AppError::new(
                    e.code,
                    format!("{}: {}", model.display(), e.message)
                ))
            })?;
            println!(
                "{}: model replaced; {} entities, audit chain head {}",
                file.display(),
                summary.counts.total(),
                summary.chain_head
            );
        }
        Command::Recipients { command } => recipients(command, key, actor)?,
        Command::Copy { file, out, to } => {
            let to = identity::parse_recipients(&to)?;
            ops::copy(&file, &key.unlock()?, &out, &to, actor)?;
            println!(
                "wrote {}: a copy that {} recipient(s) can open; {} keeps its own recipients",
                out.display(),
                to.len(),
                file.display()
            );
        }
        Command::Check {
            file,
            at,
            json,
            fail_on,
        } => {
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
        }
        Command::Grant { file, cell, effect } => {
            let event = ops::edit(&file, &key.unlock()?, actor, |m| {
                edits::grant(m, &cell.role, &cell.capability, cell.env.as_deref(), effect)
            })?;
            println!("{}", event.summary);
        }
        Command::Revoke { file, cell } => {
            let event = ops::edit(&file, &key.unlock()?, actor, |m| {
                edits::revoke(m, &cell.role, &cell.capability, cell.env.as_deref())
            })?;
            println!("{}", event.summary);
        }
        Command::Assign {
            file,
            person,
            role,
            until,
            why,
        } => {
            let today = actor.clock.now().date_naive();
            let event = ops::edit(&file, &key.unlock()?, actor, |m| {
                edits::assign(m, &person, &role, until, why, today)
            })?;
            println!("{}", event.summary);
        }
        Command::Unassign { file, person, role } => {
            let event = ops::edit(&file, &key.unlock()?, actor, |m| {
                edits::unassign(m, &person, &role)
            })?;
            println!("{}", event.summary);
        }
        Command::Own { file, asset, who } => {
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
        }
        Command::Log {
            file,
            json,
            verify,
            kind,
            entity,
            person,
        } => {
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
        }
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

fn recipients(command: RecipientsCommand, key: &KeyArgs, actor: &Actor) -> Result<()> {
    let (sharing, json) = match command {
        RecipientsCommand::List { file, json } => {
            (ops::recipients(&file, &key.unlock()?, actor)?, json)
        }
        RecipientsCommand::Add {
            file,
            recipient,
            key_file,
            label,
        } => {
            let recipient = match (recipient, key_file) {
                (_, Some(path)) => share::key_from_file(&path)?,
                (Some(text), None) => share::parse_key(&text)?,
                (None, None) => return Err(anyhow!("give the key (age1…) or --key-file PATH")),
            };
            let sharing =
                ops::add_recipient(&file, &key.unlock()?, recipient, label.as_deref(), actor)?;
            (sharing, false)
        }
        RecipientsCommand::Remove {
            file,
            recipient,
            force,
        } => {
            let recipient = share::parse_key(&recipient)?;
            let sharing = ops::remove_recipient(&file, &key.unlock()?, recipient, force, actor)?;
            (sharing, false)
        }
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&sharing)?);
        return Ok(());
    }
    // The key first on each line, so `cut -d' ' -f1` gives the keys.
    for r in sharing.recipients {
        let note = match (r.label, r.you) {
            (Some(label), true) => format!("  # {label} (you)"),
            (Some(label), false) => format!("  # {label}"),
            (None, true) => "  # you".to_string(),
            (None, false) => String::new(),
        };
        println!("{}{note}", r.key);
    }
    Ok(())
}

impl KeyArgs {
    fn identity_path(&self) -> PathBuf {
        self.identity.clone().unwrap_or_else(identity::default_path)
    }

    pub(crate) fn unlock(&self) -> Result<Identity> {
        let path = self.identity_path();
        Ok(identity::unlock(
            &path,
            self.passphrase(&path, "Passphrase for")?,
        )?)
    }

    /// The passphrase when the identity file needs one: from --passphrase-file,
    /// $GATEHOUSE_PASSPHRASE, or a prompt on the terminal.
    pub(crate) fn passphrase(&self, path: &Path, prompt: &str) -> Result<Option<SecretString>> {
        if !path.exists() || !Identity::needs_passphrase(path).map_err(AppError::from)? {
            return Ok(None);
        }
        self.read_passphrase(&format!("{prompt} {}: ", path.display()))
            .map(Some)
    }

    fn read_passphrase(&self, prompt: &str) -> Result<SecretString> {
        if let Some(file) = &self.passphrase_file {
            let text = fs_err::read_to_string(file).map_err(|e| {
                anyhow!(AppError::new(
                    ErrorCode::Io,
                    format!(
                        "cannot read the passphrase file {}: {}; give a readable file with --passphrase-file",
                        file.display(),
                        gatehouse_import::error::io_reason(&e)
                    )
                ))
            })?;
            return Ok(SecretString::from(
                text.lines().next().unwrap_or("").to_string(),
            ));
        }
        if let Ok(p) = std::env::var("GATEHOUSE_PASSPHRASE") {
            return Ok(SecretString::from(p));
        }
        if !std::io::stdin().is_terminal() {
            return Err(anyhow!(AppError::new(
                ErrorCode::PassphraseRequired,
                "a passphrase is needed: give it with --passphrase-file or GATEHOUSE_PASSPHRASE (no terminal to ask on)"
            )));
        }
        Ok(SecretString::from(rpassword::prompt_password(prompt)?))
    }

    pub(crate) fn new_passphrase(&self) -> Result<SecretString> {
        let first = self.read_passphrase("New passphrase for your identity: ")?;
        if self.passphrase_file.is_none() && std::env::var_os("GATEHOUSE_PASSPHRASE").is_none() {
            use age::secrecy::ExposeSecret;
            let again = self.read_passphrase("Same passphrase again: ")?;
            if again.expose_secret() != first.expose_secret() {
                return Err(anyhow!(AppError::new(
                    ErrorCode::PassphraseMismatch,
                    "the two passphrases differ; nothing was written"
                )));
            }
        }
        Ok(first)
    }
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
    fn every_argument_has_help_text() {
        let mut all = Vec::new();
        arguments(&Cli::command(), "gatehouse", &mut all);
        let bare: Vec<&String> = all.iter().filter(|(_, h)| !h).map(|(a, _)| a).collect();
        assert!(bare.is_empty(), "arguments without help: {bare:?}");
        assert!(all.len() > 40, "the walk saw the arguments: {}", all.len());
    }
}
