// The real backend: Tauri commands (src-tauri/src/lib.rs). Argument names are camelCase.
// Only this module calls `invoke`, and only with a name from the generated command list.
import { Channel, invoke as tauriInvoke, type InvokeArgs } from "@tauri-apps/api/core";
import type { IdentityStatus } from "../bindings/IdentityStatus";
import type { Step } from "../bindings/Step";
import type { Command } from "./commands";
import type { AuditBackend } from "./audit";
import type { ChangesBackend } from "./changes";
import type { DashboardBackend } from "./dashboard";
import type { DriftBackend } from "./drift";
import type { ExceptionsBackend } from "./exceptions";
import type { ExportBackend } from "./exportPackage";
import type { ReviewsBackend } from "./reviews";
import type { ImportBackend } from "./importer";
import type { ShareBackend } from "./share";
import type { SimulationBackend } from "./simulation";
import type { VersionsBackend } from "./versions";
import type { Backend } from "./workbench";

/** A command by its name, which the compiler checks against the backend's commands. */
function invoke<T>(command: Command, args?: InvokeArgs): Promise<T> {
  return tauriInvoke<T>(command, args);
}

export const tauriBackend: Backend = {
  summary: () => invoke("summary"),
  modelDelta: (since) => invoke("model_delta", { since }),
  templates: () => invoke("templates"),
  identityStatus: () => invoke("identity_status"),
  newFromTemplate: (template) => invoke("new_from_template", { template }),
  applyEdit: (edit) => invoke("apply_edit", { edit }),
  undo: () => invoke("undo"),
  redo: () => invoke("redo"),
  save: () => invoke("save"),
  autosave: () => invoke("autosave"),
  openDialog: () => invoke("open_dialog"),
  saveAsDialog: () => invoke("save_as_dialog"),
  findings: (at) => invoke("findings", { at }),
  pendingFile: () => invoke("pending_file"),
  openPending: () => invoke("open_pending"),
};

/** Creating or unlocking the identity (the passphrase dialog). */
export interface IdentityCommands {
  create(passphrase: string): Promise<IdentityStatus>;
  unlock(passphrase: string): Promise<IdentityStatus>;
}

export const tauriIdentity: IdentityCommands = {
  create: (passphrase) => invoke("create_identity", { passphrase }),
  unlock: (passphrase) => invoke("unlock", { passphrase }),
};

/** The import wizard's commands; the preview's progress comes over a channel. */
export const tauriImport: ImportBackend = {
  samples: () => invoke("import_samples"),
  sample: (name) => invoke("import_sample", { name }),
  pending: () => invoke("import_pending"),
  choose: () => invoke("import_dialog"),
  preview: (choices, onstep) => {
    const progress = new Channel<Step>();
    progress.onmessage = onstep;
    return invoke("import_preview", { choices, progress });
  },
  cells: (sheet, firstRow, count) => invoke("import_cells", { sheet, firstRow, count }),
  cancel: () => invoke("import_cancel"),
  apply: (sync) => invoke("import_apply", { sync }),
  close: () => invoke("import_close"),
};

/** The Share dialog's commands; adding from a file and the copy show native dialogs. */
export const tauriShare: ShareBackend = {
  identityStatus: () => invoke("identity_status"),
  sharing: () => invoke("sharing"),
  add: (key, label) => invoke("share_add", { key, label }),
  addFromFile: (label) => invoke("share_add_dialog", { label }),
  remove: (key, allowSelf) => invoke("share_remove", { key, allowSelf }),
  copy: (recipients) => invoke("share_copy_dialog", { recipients }),
};

/** The Simulate page's commands. */
export const tauriSimulation: SimulationBackend = {
  simulate: (input) => invoke("simulate", { input }),
  monteCarlo: (input, onstep) => {
    const progress = new Channel<Step>();
    progress.onmessage = onstep;
    return invoke("monte_carlo", { input, progress });
  },
  deckSamples: () => invoke("deck_samples"),
  deckSample: (name) => invoke("deck_sample", { name }),
  chooseDeck: () => invoke("deck_dialog"),
  playDeck: (deck) => invoke("play_deck", { deck }),
  pinRequest: (name, input) => invoke("pin_request", { name, input }),
  pinDeck: (name, deck) => invoke("pin_deck", { name, deck }),
  pinMonteCarlo: (name, report, revision) => invoke("pin_monte_carlo", { name, report, revision }),
  fingerprint: () => invoke("simulated_fingerprint"),
  whatIfSimulate: (edits, input) => invoke("what_if_simulate", { edits, input }),
  whatIfDeck: (edits, deck) => invoke("what_if_deck", { edits, deck }),
  whatIfMonteCarlo: (edits, input, onstep) => {
    const progress = new Channel<Step>();
    progress.onmessage = onstep;
    return invoke("what_if_monte_carlo", { edits, input, progress });
  },
};

/** The exception register's commands. */
export const tauriExceptions: ExceptionsBackend = {
  register: (at, withinDays) => invoke("exceptions", { at, withinDays }),
  add: (input) => invoke("add_exception", { input }),
  end: (id) => invoke("end_exception", { id }),
};

/** The change requests' commands. */
export const tauriChanges: ChangesBackend = {
  list: () => invoke("changes"),
  request: (input, dryRun) => invoke("request_change", { input, dryRun }),
  sign: (input) => invoke("sign_change", { input }),
  promote: (id, by) => invoke("promote_change", { id, by }),
  summary: () => invoke("summary"),
};

/** The access review campaigns' commands. */
export const tauriReviews: ReviewsBackend = {
  board: (at) => invoke("reviews", { at }),
  start: (input) => invoke("start_review", { input }),
  startScheduled: (id) => invoke("start_scheduled_review", { id }),
  decide: (input) => invoke("decide_review", { input }),
  close: (id) => invoke("close_review", { id }),
  exportXlsx: (id) => invoke("review_export_dialog", { id }),
  importXlsx: (id) => invoke("review_import_dialog", { id }),
};

/** The audit log's command. */
export const tauriAudit: AuditBackend = {
  log: (filter) => invoke("audit_log", { filter }),
};

/** The named versions' commands. */
export const tauriVersions: VersionsBackend = {
  list: () => invoke("versions"),
  add: (input) => invoke("add_version", { input }),
  diff: (from, to) => invoke("diff_versions", { from, to }),
  restore: (name) => invoke("restore_version", { name }),
};

/** The Drift page's commands; a check's progress comes over a channel. */
export const tauriDrift: DriftBackend = {
  last: () => invoke("drift_last"),
  samples: () => invoke("drift_samples"),
  choose: () => invoke("drift_dialog"),
  check: (file, at, onstep) => {
    const progress = new Channel<Step>();
    progress.onmessage = onstep;
    return invoke("drift_check", { file, at, progress });
  },
  checkSample: (name, at, onstep) => {
    const progress = new Channel<Step>();
    progress.onmessage = onstep;
    return invoke("drift_check_sample", { name, at, progress });
  },
};

/** The dashboard's and the Model page's escalation coverage commands. */
export const tauriDashboard: DashboardBackend = {
  dashboard: (at) => invoke("dashboard", { at }),
  escalations: (at) => invoke("escalation_coverage", { at }),
};

/** The Export page's commands; the export's progress comes over a channel. */
export const tauriExport: ExportBackend = {
  setup: () => invoke("export_setup"),
  createKey: (input) => invoke("create_signing_key", { input }),
  unlockKey: (passphrase) => invoke("unlock_signing_key", { passphrase }),
  importKey: (input) => invoke("import_signing_key", { input }),
  choosePkcs12: () => invoke("pkcs12_dialog"),
  chooseDest: (suggested) => invoke("export_dest_dialog", { suggested }),
  exportPackage: (request, onstep) => {
    const progress = new Channel<Step>();
    progress.onmessage = onstep;
    return invoke("export", { request, progress });
  },
  cancel: () => invoke("export_cancel"),
  openFolder: () => invoke("open_export_folder"),
};
