//! The desktop shell: each command forwards to one `gatehouse_app::Session` method. The
//! only logic here is the host's own: native file dialogs, so the backend touches only
//! files the person picked.

use std::sync::{Mutex, MutexGuard};

use gatehouse_app::audit::AuditLogView;
use gatehouse_app::change::{ChangeInput, ChangeList, ChangeRequested, SignChange};
use gatehouse_app::core::escalation::PathCoverage;
use gatehouse_app::core::{
    AuditFilter, DeckReport, Edit, Finding, MonteCarloReport, Simulation, WhatIf,
};
use gatehouse_app::dashboard::Dashboard;
use gatehouse_app::drift::{DriftReport, LastDriftCheck};
use gatehouse_app::exceptions::{ExceptionInput, ExceptionRegister};
use gatehouse_app::export::{ExportOutcome, ExportRequest};
use gatehouse_app::job::{Computed, Job, Work};
use gatehouse_app::monte_carlo::MonteCarloInput;
use gatehouse_app::review::{DecideInput, ReviewBoard, ReviewInput};
use gatehouse_app::review_xlsx::ReviewImportOutcome;
use gatehouse_app::session::{ExportSetup, ImportSigningKey, NewSigningKey};
use gatehouse_app::share::Sharing;
use gatehouse_app::signing::SignerInfo;
use gatehouse_app::simulate::SimulateInput;
use gatehouse_app::versions::{VersionDiff, VersionInfo, VersionInput};
use gatehouse_app::wizard::{
    CellWindow, ImportDone, ImportFile, ImportReview, SampleInfo, SheetChoice, Step,
    SPREADSHEET_EXTENSIONS,
};
use gatehouse_app::{
    identity, AppError, IdentityStatus, ModelDelta, Session, Summary, TemplateInfo,
};

use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

#[macro_use]
mod command_names;
pub use command_names::NAMES;

/// The handler for the commands `with_desktop_commands!` lists.
macro_rules! invoke_handler {
    ($($name:ident),+ $(,)?) => {
        tauri::generate_handler![$($name),+]
    };
}

type Shared = Mutex<Session>;
type Reply<T> = Result<T, AppError>;

fn lock<'a>(state: &'a State<'_, Shared>) -> MutexGuard<'a, Session> {
    // A panic while holding the lock must not make the app unusable.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `job` on a worker thread without holding the session, sending its progress over
/// `progress` (a closed window just stops listening; the work goes on). `what` names the
/// work in the message if the thread itself fails.
async fn off_session<W>(
    job: Job<W>,
    progress: Channel<Step>,
    what: &str,
) -> Reply<Computed<W::Output>>
where
    W: Work + Send + 'static,
    W::Output: Send + 'static,
{
    let report = move |step: &Step| {
        let _ = progress.send(step.clone());
    };
    tauri::async_runtime::spawn_blocking(move || job.run(&report))
        .await
        .map_err(|e| {
            AppError::new(
                gatehouse_app::ErrorCode::Internal,
                format!("{what} stopped: {e}"),
            )
        })?
}

#[tauri::command]
fn summary(state: State<Shared>) -> Reply<Summary> {
    lock(&state).summary()
}

#[tauri::command]
fn model_delta(state: State<Shared>, since: Option<u64>) -> ModelDelta {
    lock(&state).model_delta(since)
}

#[tauri::command]
fn templates(state: State<Shared>) -> Vec<TemplateInfo> {
    lock(&state).templates()
}

#[tauri::command]
fn identity_status(state: State<Shared>) -> IdentityStatus {
    lock(&state).identity_status()
}

#[tauri::command]
fn create_identity(state: State<Shared>, passphrase: String) -> Reply<IdentityStatus> {
    lock(&state).create_identity(passphrase)
}

#[tauri::command]
fn unlock(state: State<Shared>, passphrase: String) -> Reply<IdentityStatus> {
    lock(&state).unlock(passphrase)
}

#[tauri::command]
fn new_from_template(state: State<Shared>, template: String) -> Reply<Summary> {
    lock(&state).new_from_template(&template)
}

#[tauri::command]
fn apply_edit(state: State<Shared>, edit: Edit) -> Reply<Summary> {
    lock(&state).apply_edit(edit)
}

#[tauri::command]
fn undo(state: State<Shared>) -> Reply<Summary> {
    lock(&state).undo()
}

#[tauri::command]
fn redo(state: State<Shared>) -> Reply<Summary> {
    lock(&state).redo()
}

#[tauri::command]
fn save(state: State<Shared>) -> Reply<Summary> {
    lock(&state).save()
}

#[tauri::command]
fn autosave(state: State<Shared>) -> Reply<Summary> {
    lock(&state).autosave()
}

#[tauri::command]
fn findings(state: State<Shared>, at: Option<String>) -> Reply<Vec<Finding>> {
    lock(&state).findings(at.as_deref())
}

#[tauri::command]
fn escalation_coverage(state: State<Shared>, at: Option<String>) -> Reply<Vec<PathCoverage>> {
    lock(&state).escalation_coverage(at.as_deref())
}

#[tauri::command]
fn dashboard(state: State<Shared>, at: Option<String>) -> Reply<Dashboard> {
    lock(&state).dashboard(at.as_deref())
}

#[tauri::command]
fn exceptions(
    state: State<Shared>,
    at: Option<String>,
    within_days: Option<u32>,
) -> Reply<ExceptionRegister> {
    lock(&state).exceptions(at.as_deref(), within_days)
}

#[tauri::command]
fn add_exception(state: State<Shared>, input: ExceptionInput) -> Reply<Summary> {
    lock(&state).add_exception(input)
}

#[tauri::command]
fn end_exception(state: State<Shared>, id: String) -> Reply<Summary> {
    lock(&state).end_exception(&id)
}

#[tauri::command]
fn changes(state: State<Shared>) -> Reply<ChangeList> {
    lock(&state).changes()
}

#[tauri::command]
fn request_change(
    state: State<Shared>,
    input: ChangeInput,
    dry_run: bool,
) -> Reply<ChangeRequested> {
    lock(&state).request_change(input, dry_run)
}

#[tauri::command]
fn sign_change(state: State<Shared>, input: SignChange) -> Reply<Summary> {
    lock(&state).sign_change(input)
}

#[tauri::command]
fn promote_change(state: State<Shared>, id: String, by: String) -> Reply<Summary> {
    lock(&state).promote_change(&id, &by)
}

#[tauri::command]
fn reviews(state: State<Shared>, at: Option<String>) -> Reply<ReviewBoard> {
    lock(&state).reviews(at.as_deref())
}

#[tauri::command]
fn start_review(state: State<Shared>, input: ReviewInput) -> Reply<Summary> {
    lock(&state).start_review(input)
}

#[tauri::command]
fn start_scheduled_review(state: State<Shared>, id: String) -> Reply<Summary> {
    lock(&state).start_scheduled_review(&id)
}

#[tauri::command]
fn decide_review(state: State<Shared>, input: DecideInput) -> Reply<Summary> {
    lock(&state).decide_review(input)
}

#[tauri::command]
fn close_review(state: State<Shared>, id: String) -> Reply<Summary> {
    lock(&state).close_review(&id)
}

/// Shows the native save dialog for a campaign's reviewers' workbook and writes it there;
/// the number of items, or `None` when the person cancels.
#[tauri::command]
async fn review_export_dialog(
    app: AppHandle,
    state: State<'_, Shared>,
    id: String,
) -> Reply<Option<u32>> {
    let picked = app
        .dialog()
        .file()
        .set_title("Where the reviewers' workbook goes")
        .set_file_name(format!("{id}.xlsx"))
        .add_filter("Excel workbook", &["xlsx"])
        .blocking_save_file();
    match picked.and_then(|p| p.into_path().ok()) {
        Some(path) => lock(&state)
            .export_review(&id, &path)
            .map(|n| Some(n as u32)),
        None => Ok(None),
    }
}

/// Shows the native open dialog for a reviewer's workbook and records its decisions;
/// `None` when the person cancels.
#[tauri::command]
async fn review_import_dialog(
    app: AppHandle,
    state: State<'_, Shared>,
    id: String,
) -> Reply<Option<ReviewImportOutcome>> {
    let picked = app
        .dialog()
        .file()
        .set_title("A reviewer's workbook to read the decisions from")
        .add_filter("Excel workbook", &["xlsx"])
        .blocking_pick_file();
    match picked.and_then(|p| p.into_path().ok()) {
        Some(path) => lock(&state).import_review(&id, &path).map(Some),
        None => Ok(None),
    }
}

#[tauri::command]
fn audit_log(state: State<Shared>, filter: AuditFilter) -> Reply<AuditLogView> {
    lock(&state).audit_log(&filter)
}

#[tauri::command]
fn versions(state: State<Shared>) -> Reply<Vec<VersionInfo>> {
    lock(&state).versions()
}

#[tauri::command]
fn add_version(state: State<Shared>, input: VersionInput) -> Reply<Summary> {
    lock(&state).add_version(input)
}

#[tauri::command]
fn diff_versions(
    state: State<Shared>,
    from: Option<String>,
    to: Option<String>,
) -> Reply<VersionDiff> {
    lock(&state).diff_versions(from.as_deref(), to.as_deref())
}

#[tauri::command]
fn restore_version(state: State<Shared>, name: String) -> Reply<Summary> {
    lock(&state).restore_version(&name)
}

#[tauri::command]
fn pending_file(state: State<Shared>) -> Option<String> {
    lock(&state).pending_file()
}

#[tauri::command]
fn open_pending(state: State<Shared>) -> Reply<Summary> {
    lock(&state).open_pending()
}

/// Shows the native open dialog; `None` when the person cancels. Async so the blocking
/// dialog runs off the main thread.
#[tauri::command]
async fn open_dialog(app: AppHandle, state: State<'_, Shared>) -> Reply<Option<Summary>> {
    let picked = app
        .dialog()
        .file()
        .add_filter("Gatehouse vault", &["gatehouse"])
        .blocking_pick_file();
    match picked.and_then(|p| p.into_path().ok()) {
        Some(path) => lock(&state).open(&path).map(Some),
        None => Ok(None),
    }
}

#[tauri::command]
async fn save_as_dialog(app: AppHandle, state: State<'_, Shared>) -> Reply<Option<Summary>> {
    let picked = app
        .dialog()
        .file()
        .add_filter("Gatehouse vault", &["gatehouse"])
        .set_file_name("model.gatehouse")
        .blocking_save_file();
    match picked.and_then(|p| p.into_path().ok()) {
        Some(path) => lock(&state).save_as(&path).map(Some),
        None => Ok(None),
    }
}

#[tauri::command]
fn sharing(state: State<Shared>) -> Reply<Sharing> {
    lock(&state).sharing()
}

#[tauri::command]
fn share_add(state: State<Shared>, key: String, label: Option<String>) -> Reply<Sharing> {
    lock(&state).share_add(&key, label.as_deref())
}

/// Shows the native open dialog for a key file (a public key or an identity file, of which
/// only the public key is read); `None` when the person cancels.
#[tauri::command]
async fn share_add_dialog(
    app: AppHandle,
    state: State<'_, Shared>,
    label: Option<String>,
) -> Reply<Option<Sharing>> {
    let picked = app
        .dialog()
        .file()
        .set_title("A file with the key to add")
        .add_filter("Key file", &["pub", "txt", "age", "key"])
        .add_filter("Any file", &["*"])
        .blocking_pick_file();
    match picked.and_then(|p| p.into_path().ok()) {
        Some(path) => lock(&state)
            .share_add_file(&path, label.as_deref())
            .map(Some),
        None => Ok(None),
    }
}

#[tauri::command]
fn share_remove(state: State<Shared>, key: String, allow_self: bool) -> Reply<Sharing> {
    lock(&state).share_remove(&key, allow_self)
}

/// Shows the native save dialog for a hand-over copy for `recipients`; answers where it
/// wrote the copy, `None` when the person cancels.
#[tauri::command]
async fn share_copy_dialog(
    app: AppHandle,
    state: State<'_, Shared>,
    recipients: Vec<String>,
) -> Reply<Option<String>> {
    let picked = app
        .dialog()
        .file()
        .set_title("Save a copy for…")
        .add_filter("Gatehouse vault", &["gatehouse"])
        .set_file_name("copy.gatehouse")
        .blocking_save_file();
    match picked.and_then(|p| p.into_path().ok()) {
        Some(path) => lock(&state)
            .share_copy(&path, &recipients)
            .map(|_| Some(path.display().to_string())),
        None => Ok(None),
    }
}

#[tauri::command]
fn import_samples(state: State<Shared>) -> Vec<SampleInfo> {
    lock(&state).import_sample_infos()
}

#[tauri::command]
fn import_pending(state: State<Shared>) -> Reply<Option<ImportFile>> {
    lock(&state).import_pending()
}

#[tauri::command]
fn import_sample(state: State<Shared>, name: String) -> Reply<ImportFile> {
    lock(&state).import_sample(&name)
}

/// Shows the native open dialog for a spreadsheet; `None` when the person cancels.
#[tauri::command]
async fn import_dialog(app: AppHandle, state: State<'_, Shared>) -> Reply<Option<ImportFile>> {
    let picked = app
        .dialog()
        .file()
        .add_filter("Spreadsheet", SPREADSHEET_EXTENSIONS)
        .blocking_pick_file();
    match picked.and_then(|p| p.into_path().ok()) {
        Some(path) => lock(&state).import_choose(&path).map(Some),
        None => Ok(None),
    }
}

/// Previews the chosen file. The reading runs on a worker thread without holding the
/// session, sending progress over `progress`; `import_cancel` stops it.
#[tauri::command]
async fn import_preview(
    state: State<'_, Shared>,
    choices: Vec<SheetChoice>,
    progress: Channel<Step>,
) -> Reply<ImportReview> {
    let job = lock(&state).import_job(&choices)?;
    let prepared = off_session(job, progress, "the preview").await?;
    lock(&state).import_keep(prepared)
}

#[tauri::command]
fn drift_last(state: State<Shared>) -> Reply<Option<LastDriftCheck>> {
    lock(&state).drift_last()
}

#[tauri::command]
fn drift_samples(state: State<Shared>) -> Vec<SampleInfo> {
    lock(&state).drift_samples()
}

/// Shows the native open dialog for an actual access export; its path, or `None` when the
/// person cancels.
#[tauri::command]
async fn drift_dialog(app: AppHandle) -> Option<String> {
    app.dialog()
        .file()
        .set_title("An actual access export (users and their roles)")
        .add_filter("Spreadsheet", SPREADSHEET_EXTENSIONS)
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}

/// Checks the export at `file` (picked with `drift_dialog`) against the model on `at` off
/// the session, sending progress over `progress`, then records the check in the audit log.
#[tauri::command]
async fn drift_check(
    state: State<'_, Shared>,
    file: String,
    at: Option<String>,
    progress: Channel<Step>,
) -> Reply<DriftReport> {
    let job = lock(&state).drift_job(std::path::Path::new(&file), at.as_deref())?;
    let done = off_session(job, progress, "the drift check").await?;
    lock(&state).drift_keep(done)
}

/// The same for the bundled sample `name`.
#[tauri::command]
async fn drift_check_sample(
    state: State<'_, Shared>,
    name: String,
    at: Option<String>,
    progress: Channel<Step>,
) -> Reply<DriftReport> {
    let job = lock(&state).drift_sample_job(&name, at.as_deref())?;
    let done = off_session(job, progress, "the drift check").await?;
    lock(&state).drift_keep(done)
}

#[tauri::command]
fn simulate(state: State<Shared>, input: SimulateInput) -> Reply<Simulation> {
    lock(&state).simulate(&input)
}

/// Runs a Monte Carlo simulation off the session on a copy of the model, sending progress
/// over `progress`; the report is kept only if the model has not moved on meanwhile.
#[tauri::command]
async fn monte_carlo(
    state: State<'_, Shared>,
    input: MonteCarloInput,
    progress: Channel<Step>,
) -> Reply<MonteCarloReport> {
    let job = lock(&state).monte_carlo_job(input);
    let done = off_session(job, progress, "the Monte Carlo run").await?;
    lock(&state).monte_carlo_keep(done)
}

#[tauri::command]
fn deck_samples(state: State<Shared>) -> Vec<String> {
    lock(&state).deck_samples()
}

#[tauri::command]
fn deck_sample(state: State<Shared>, name: String) -> Reply<String> {
    lock(&state).deck_sample(&name)
}

/// Shows the native open dialog for a deck; its TOML text, or `None` when the person
/// cancels.
#[tauri::command]
async fn deck_dialog(app: AppHandle, state: State<'_, Shared>) -> Reply<Option<String>> {
    let picked = app
        .dialog()
        .file()
        .add_filter("Scenario deck", &["toml"])
        .blocking_pick_file();
    match picked.and_then(|p| p.into_path().ok()) {
        Some(path) => lock(&state).deck_file(&path).map(Some),
        None => Ok(None),
    }
}

#[tauri::command]
fn play_deck(state: State<Shared>, deck: String) -> Reply<DeckReport> {
    lock(&state).play_deck(&deck)
}

#[tauri::command]
fn pin_request(state: State<Shared>, name: String, input: SimulateInput) -> Reply<Summary> {
    lock(&state).pin_request(&name, &input)
}

#[tauri::command]
fn pin_deck(state: State<Shared>, name: String, deck: String) -> Reply<Summary> {
    lock(&state).pin_deck(&name, &deck)
}

#[tauri::command]
fn pin_monte_carlo(
    state: State<Shared>,
    name: String,
    report: MonteCarloReport,
    revision: u64,
) -> Reply<Summary> {
    lock(&state).pin_monte_carlo(&name, &report, revision)
}

#[tauri::command]
fn simulated_fingerprint(state: State<Shared>) -> String {
    lock(&state).simulated_fingerprint()
}

#[tauri::command]
fn what_if_simulate(
    state: State<Shared>,
    edits: Vec<Edit>,
    input: SimulateInput,
) -> Reply<WhatIf<Simulation>> {
    lock(&state).what_if_simulate(&edits, &input)
}

#[tauri::command]
fn what_if_deck(state: State<Shared>, edits: Vec<Edit>, deck: String) -> Reply<WhatIf<DeckReport>> {
    lock(&state).what_if_deck(&edits, &deck)
}

/// The Monte Carlo what-if off the session, like `monte_carlo`; nothing is saved.
#[tauri::command]
async fn what_if_monte_carlo(
    state: State<'_, Shared>,
    edits: Vec<Edit>,
    input: MonteCarloInput,
    progress: Channel<Step>,
) -> Reply<WhatIf<MonteCarloReport>> {
    let job = lock(&state).what_if_monte_carlo_job(&edits, input)?;
    let done = off_session(job, progress, "the Monte Carlo what-if").await?;
    lock(&state).what_if_monte_carlo_keep(done)
}

#[tauri::command]
fn export_setup(state: State<Shared>) -> Reply<ExportSetup> {
    lock(&state).export_setup()
}

#[tauri::command]
fn create_signing_key(state: State<Shared>, input: NewSigningKey) -> Reply<SignerInfo> {
    lock(&state).create_signing_key(input)
}

#[tauri::command]
fn import_signing_key(state: State<Shared>, input: ImportSigningKey) -> Reply<SignerInfo> {
    lock(&state).import_signing_key(input)
}

/// Shows the native open dialog for the organisation's PKCS#12 file; `None` when the
/// person cancels.
#[tauri::command]
async fn pkcs12_dialog(app: AppHandle) -> Option<String> {
    app.dialog()
        .file()
        .set_title("The organisation's signing key (PKCS#12)")
        .add_filter("PKCS#12", &["p12", "pfx"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}

#[tauri::command]
fn unlock_signing_key(state: State<Shared>, passphrase: String) -> Reply<SignerInfo> {
    lock(&state).unlock_signing_key(passphrase)
}

/// Shows the native save dialog for the package's folder; `None` when the person cancels.
#[tauri::command]
async fn export_dest_dialog(app: AppHandle, suggested: String) -> Option<String> {
    app.dialog()
        .file()
        .set_title("Where the audit package goes")
        .set_file_name(suggested)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}

/// Writes the audit package off the session, sending progress over `progress`
/// (`export_cancel` stops it), then records it in the model's audit log.
#[tauri::command]
async fn export(
    state: State<'_, Shared>,
    request: ExportRequest,
    progress: Channel<Step>,
) -> Reply<ExportOutcome> {
    let job = lock(&state).export_job(&request)?;
    let done = off_session(job, progress, "the export").await?;
    lock(&state).export_keep(done)
}

#[tauri::command]
fn export_cancel(state: State<Shared>) {
    lock(&state).export_cancel()
}

/// Opens the folder of the last package in the file manager.
#[tauri::command]
fn open_export_folder(state: State<Shared>) -> Reply<()> {
    let folder = lock(&state).export_folder()?;
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(&folder)
        .spawn()
        .map(drop)
        .map_err(|e| {
            AppError::new(
                gatehouse_app::ErrorCode::Io,
                format!("could not open {} with {opener}: {e}", folder.display()),
            )
        })
}

#[tauri::command]
fn import_cells(
    state: State<Shared>,
    sheet: usize,
    first_row: u32,
    count: u32,
) -> Reply<CellWindow> {
    lock(&state).import_cells(sheet, first_row, count)
}

#[tauri::command]
fn import_cancel(state: State<Shared>) {
    lock(&state).import_cancel()
}

#[tauri::command]
fn import_apply(state: State<Shared>, sync: bool) -> Reply<ImportDone> {
    lock(&state).import_apply(sync)
}

#[tauri::command]
fn import_close(state: State<Shared>) {
    lock(&state).import_close()
}

pub fn run() {
    let clock = gatehouse_app::host_clock().unwrap_or_else(|e| {
        eprintln!("gatehouse-desktop: {} [{}]", e.message, e.code);
        std::process::exit(2);
    });
    let actor = gatehouse_app::local_actor_from(|name| std::env::var(name).ok());
    if actor.is_fallback {
        eprintln!(
            "gatehouse-desktop: warning: neither $GATEHOUSE_ACTOR nor $USER is set and {}: changes are recorded as made by \"{}\"",
            actor.source, actor.name
        );
    }
    let mut session = Session::demo(identity::default_path(), &actor.name, clock)
        .expect("the embedded demo template is valid (checked by tests)");
    // `gatehouse-desktop FILE` (e.g. from a file manager): a vault opens once the key is
    // unlocked; a spreadsheet opens in the import wizard.
    if let Some(file) = std::env::args_os().nth(1) {
        session.start_with(file.into());
    }
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(Mutex::new(session))
        .invoke_handler(with_desktop_commands!(invoke_handler))
        .run(tauri::generate_context!())
        .expect("error while running Gatehouse");
}
