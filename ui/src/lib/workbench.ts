// The front end's controller: calls backend commands, keeps the last Summary and Model,
// sets the window title, debounces autosave and turns failures into a visible error. It
// knows nothing of Svelte or Tauri: both are passed in, so the logic is unit-tested.

import { Serial } from "./serial";
import type { AppError } from "../bindings/AppError";
import type { Edit } from "../bindings/Edit";
import type { IdentityStatus } from "../bindings/IdentityStatus";
import type { Model } from "../bindings/Model";
import type { ModelDelta } from "../bindings/ModelDelta";
import type { Summary } from "../bindings/Summary";
import type { TemplateInfo } from "../bindings/TemplateInfo";
import { Codes, hasCode, toAppError } from "./errors";
import type { Finding } from "../bindings/Finding";
import { windowTitle } from "./title";

/** The backend commands, one method each (see `src/lib/backend.ts` for the Tauri one). */
export interface Backend {
  summary(): Promise<Summary>;
  /** The model's changes since revision `since` (`null`: the whole model). */
  modelDelta(since: number | null): Promise<ModelDelta>;
  templates(): Promise<TemplateInfo[]>;
  identityStatus(): Promise<IdentityStatus>;
  newFromTemplate(template: string): Promise<Summary>;
  applyEdit(edit: Edit): Promise<Summary>;
  undo(): Promise<Summary>;
  redo(): Promise<Summary>;
  save(): Promise<Summary>;
  autosave(): Promise<Summary>;
  openDialog(): Promise<Summary | null>;
  saveAsDialog(): Promise<Summary | null>;
  /** The vault named on the command line, waiting for the identity to be unlocked. */
  pendingFile(): Promise<string | null>;
  /** Opens that vault (the identity must be unlocked). */
  openPending(): Promise<Summary>;
  /** The findings on the open model as of `at` (`YYYY-MM-DD`; `null` for today). */
  findings(at: string | null): Promise<Finding[]>;
}

/** What the controller needs from the window around it. */
export interface Host {
  setTitle(title: string): Promise<void>;
  /**
   * Asks the person for their passphrase (creating the identity on first use), naming the
   * model file it is for when there is one. Resolves `true` once the identity is unlocked,
   * `false` when they cancel.
   */
  requestIdentity(status: IdentityStatus, file: string | null): Promise<boolean>;
  /** Called after every change of `state`. */
  changed(state: WorkbenchState): void;
}

export interface WorkbenchState {
  summary: Summary | null;
  model: Model | null;
  /** The open model is the demo the app started with (never saved, never replaced). */
  demo: boolean;
  /** The last failure, until dismissed or replaced. */
  error: AppError | null;
  /** A command is running. */
  busy: boolean;
  /** The findings on the current model, recomputed after every change; `null` until known. */
  findings: Finding[] | null;
  /** The "as of" date of the findings (`null`: today). */
  findingsAt: string | null;
  /** Why the findings could not be computed (shown in the findings panel, not as the banner). */
  findingsError: AppError | null;
}

export function initialState(): WorkbenchState {
  return {
    summary: null,
    model: null,
    demo: true,
    error: null,
    busy: false,
    findings: null,
    findingsAt: null,
    findingsError: null,
  };
}

export class Workbench {
  state: WorkbenchState = initialState();
  /** Commands run one at a time, in order; a failure becomes the visible error. */
  private readonly serial = new Serial({
    busy: (busy) => this.update({ busy }),
    failed: (error) => this.update({ error }),
  });
  private autosaveTimer: ReturnType<typeof setTimeout> | null = null;
  /** The revision of the model in `state.model` (what the next delta is asked since). */
  private modelRevision: number | null = null;

  constructor(
    private readonly backend: Backend,
    private readonly host: Host,
  ) {}

  /**
   * Loads what the backend holds at start (the demo model); when the app was started with a
   * vault to open, asks for the passphrase and opens it (cancelling keeps the demo).
   */
  start(): Promise<void> {
    return this.run(async () => {
      await this.accept(await this.backend.summary());
      const file = await this.backend.pendingFile();
      if (file === null) return;
      const summary = await this.withIdentity(() => this.backend.openPending(), true, file);
      if (summary) await this.accept(summary, false);
    });
  }

  dismissError(): void {
    this.update({ error: null });
  }

  /** Shows a failure that happened outside the controller (e.g. in a dialog). */
  reportError(reason: unknown): void {
    this.update({ error: toAppError(reason) });
  }

  templates(): Promise<TemplateInfo[]> {
    return this.backend.templates();
  }

  /**
   * Replaces the open model with a new one; resolves whether it did (a failure becomes the
   * error). The caller has confirmed when it was dirty.
   */
  async newFromTemplate(template: string): Promise<boolean> {
    let done = false;
    await this.run(async () => {
      this.cancelAutosave();
      const summary = await this.backend.newFromTemplate(template);
      await this.accept(summary, false);
      done = true;
    });
    return done;
  }

  /**
   * The file is picked first, so the passphrase dialog (when the key is locked) names it;
   * the backend keeps the picked file waiting until the key is unlocked.
   */
  open(): Promise<void> {
    return this.run(async () => {
      let summary: Summary | null;
      try {
        summary = await this.backend.openDialog();
      } catch (reason) {
        if (!hasCode(reason, Codes.identityLocked)) throw reason;
        const file = await this.backend.pendingFile();
        if (!(await this.ensureUnlocked(file))) return;
        summary = await this.backend.openPending();
      }
      if (summary) {
        this.cancelAutosave();
        await this.accept(summary, false);
      }
    });
  }

  /** Saves to the model's file; a model never saved goes through Save As. */
  save(): Promise<void> {
    return this.run(async () => {
      try {
        const summary = await this.withIdentity(() => this.backend.save(), false);
        if (summary) await this.accept(summary);
      } catch (reason) {
        if (!hasCode(reason, Codes.noFile)) throw reason;
        await this.saveAsNow();
      }
    });
  }

  saveAs(): Promise<void> {
    return this.run(() => this.saveAsNow());
  }

  undo(): Promise<void> {
    return this.run(async () => this.edited(await this.backend.undo()));
  }

  redo(): Promise<void> {
    return this.run(async () => this.edited(await this.backend.redo()));
  }

  /** Applies one edit; resolves whether the backend accepted it (a refusal becomes the error). */
  async applyEdit(edit: Edit): Promise<boolean> {
    let accepted = false;
    await this.run(async () => {
      await this.edited(await this.backend.applyEdit(edit));
      accepted = true;
    });
    return accepted;
  }

  /**
   * Applies one edit made in a form; resolves the backend's refusal (e.g. a name already
   * used) for the form to show beside its field, instead of the app-wide error.
   */
  async tryEdit(edit: Edit): Promise<AppError | null> {
    let failure: AppError | null = null;
    await this.run(async () => {
      let summary: Summary;
      try {
        summary = await this.backend.applyEdit(edit);
      } catch (reason) {
        failure = toAppError(reason);
        return;
      }
      await this.edited(summary);
    });
    return failure;
  }

  /**
   * Takes the Summary of an applied import (one undoable step, made by the import wizard):
   * reloads the model and findings, retitles, and schedules autosave like after any edit.
   */
  imported(summary: Summary): Promise<void> {
    return this.run(async () => this.edited(summary));
  }

  /** Recomputes the findings as of another date (`null`: today). */
  setFindingsAt(at: string | null): Promise<void> {
    return this.run(async () => {
      this.update(await this.loadFindings(at));
    });
  }

  /** Stops a pending autosave (e.g. when the window goes away). */
  cancelAutosave(): void {
    if (this.autosaveTimer !== null) clearTimeout(this.autosaveTimer);
    this.autosaveTimer = null;
  }

  private async saveAsNow(): Promise<void> {
    const summary = await this.withIdentity(() => this.backend.saveAsDialog(), true);
    if (summary) {
      this.cancelAutosave();
      await this.accept(summary, false);
    }
  }

  private async edited(summary: Summary): Promise<void> {
    await this.accept(summary);
    this.scheduleAutosave(summary);
  }

  /** Autosave shortly after the last edit (debounced), only for a model that has a file. */
  private scheduleAutosave(summary: Summary): void {
    this.cancelAutosave();
    if (!summary.autosave.enabled || !summary.dirty || summary.path === null) return;
    this.autosaveTimer = setTimeout(() => {
      this.autosaveTimer = null;
      void this.run(async () => this.accept(await this.backend.autosave()));
    }, summary.autosave.delay_ms);
  }

  /**
   * Runs `action` with the identity unlocked: asks first when `ensureFirst` and it is
   * locked, and asks then retries once when the backend answers `identity_locked`.
   * Resolves `null` when the person cancels the passphrase dialog.
   */
  private async withIdentity<T>(action: () => Promise<T>, ensureFirst: boolean, file: string | null = null): Promise<T | null> {
    if (ensureFirst && !(await this.ensureUnlocked(file))) return null;
    try {
      return await action();
    } catch (reason) {
      if (!hasCode(reason, Codes.identityLocked)) throw reason;
      if (!(await this.ensureUnlocked(file))) return null;
      return await action();
    }
  }

  private async ensureUnlocked(file: string | null = null): Promise<boolean> {
    const status = await this.backend.identityStatus();
    if (status.unlocked) return true;
    return this.host.requestIdentity(status, file);
  }

  /** Takes a Summary from any command: keeps it, reloads the model, retitles the window. */
  private async accept(summary: Summary, demo: boolean = this.state.demo): Promise<void> {
    const model = await this.loadModel();
    const findings = await this.loadFindings(this.state.findingsAt);
    this.update({ summary, model, demo, ...findings });
    await this.host.setTitle(windowTitle(summary, demo));
  }

  /**
   * The model now: only the lists that changed since the copy held (an edit to one grant
   * does not send 100,000 assignments again), or the whole model when the backend cannot
   * tell (another model opened, a replacement, a copy too far behind).
   */
  private async loadModel(): Promise<Model> {
    const held = this.state.model;
    const delta = await this.backend.modelDelta(held === null ? null : this.modelRevision);
    this.modelRevision = delta.revision;
    return delta.full || held === null ? (delta.model as Model) : { ...held, ...delta.model };
  }

  /** The findings as of `at`; a failure is kept for the findings panel, not thrown. */
  private async loadFindings(at: string | null): Promise<Pick<WorkbenchState, "findings" | "findingsAt" | "findingsError">> {
    try {
      return { findings: await this.backend.findings(at), findingsAt: at, findingsError: null };
    } catch (reason) {
      return { findings: null, findingsAt: at, findingsError: toAppError(reason) };
    }
  }

  private run(task: () => Promise<void>): Promise<void> {
    return this.serial.run(task);
  }

  private update(patch: Partial<WorkbenchState>): void {
    this.state = { ...this.state, ...patch };
    this.host.changed(this.state);
  }
}
