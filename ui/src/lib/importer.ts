// The import wizard's controller: pick a file (or a bundled sample), preview it with
// progress and cancel, change how a sheet is read, look at its cells, then apply it as one
// undoable step or close. It knows nothing of Svelte or Tauri: the backend and what to do
// after an import are passed in, so the state machine is unit-tested.

import type { ErrorCode } from "../bindings/ErrorCode";
import type { AppError } from "../bindings/AppError";
import type { CellWindow } from "../bindings/CellWindow";
import type { ChangeCounts } from "../bindings/ChangeCounts";
import type { ImportDone } from "../bindings/ImportDone";
import type { ImportFile } from "../bindings/ImportFile";
import type { ImportReview } from "../bindings/ImportReview";
import type { Layout } from "../bindings/Layout";
import type { ReviewSheet } from "../bindings/ReviewSheet";
import type { SampleInfo } from "../bindings/SampleInfo";
import type { SheetChoice } from "../bindings/SheetChoice";
import type { SheetMapping } from "../bindings/SheetMapping";
import type { Step } from "../bindings/Step";
import type { Summary } from "../bindings/Summary";
import { locateSource } from "./cellref";
import { hasCode, toAppError } from "./errors";
import { importedText, NOTHING_NEW_TEXT, NOTHING_READ_TEXT, undoneText } from "./importWording";

/** The import commands, one method each (see `src/lib/backend.ts` for the Tauri one). */
export interface ImportBackend {
  /** The bundled sample spreadsheets' file names. */
  /** The bundled samples, each with what it shows. */
  samples(): Promise<SampleInfo[]>;
  /** Starts the wizard on a bundled sample. */
  sample(name: string): Promise<ImportFile>;
  /** Starts the wizard on the spreadsheet named on the command line, once; `null` if none. */
  pending(): Promise<ImportFile | null>;
  /** The native open dialog; `null` when the person cancels it. */
  choose(): Promise<ImportFile | null>;
  /**
   * Reads and matches the file; `onstep` hears the progress. Empty `choices`: the detected
   * layouts (or those of an earlier import of a file of the same name).
   */
  preview(choices: SheetChoice[], onstep: (step: Step) => void): Promise<ImportReview>;
  /** Rows `firstRow..firstRow + count` (at most 500) of sheet `sheet` (its index). */
  cells(sheet: number, firstRow: number, count: number): Promise<CellWindow>;
  /** Stops a running preview. */
  cancel(): Promise<void>;
  /** Applies the kept preview as one undoable step and closes the wizard. */
  /** Applies the preview; with `sync`, removing what the file no longer has. */
  apply(sync: boolean): Promise<ImportDone>;
  /** Closes the wizard without importing. */
  close(): Promise<void>;
}

/** What the controller needs from the app around it. */
export interface ImportHost {
  /** Called after every change of `state`. */
  changed(state: ImporterState): void;
  /** An import was applied: take its Summary like after any edit (reload model, findings). */
  applied(summary: Summary): Promise<void>;
  /**
   * Puts a new, empty model in place of the open one (the person chose to import into a
   * new model). Resolves whether it did; a failure is the host's to show.
   */
  startModel?(): Promise<boolean>;
}

/** Where an import goes: into the open model, or into a new empty one made first. */
export type ImportInto = "current" | "new";

/**
 * Whether the wizard asks where to import, and how it names the open model: it asks while
 * the open model is the demo or was never saved (a consultant's spreadsheet should not land
 * among the demo's nine made-up people without a word). A model with a file is the one.
 */
export function intoChoice(summary: Pick<Summary, "path" | "name"> | null, demo: boolean): { ask: boolean; current: string } {
  if (summary === null) return { ask: false, current: "" };
  const ask = summary.path === null || summary.path === "";
  return { ask, current: `${summary.name}${ask ? (demo ? " (the demo model)" : " (not saved yet)") : ""}` };
}

/**
 * - `start`: no file open; choose one or a sample.
 * - `opening`: waiting for the dialog or the sample.
 * - `asking`: a file given at start is open, and the person is asked where it goes (a new
 *   model or the open one) before anything is previewed or applied.
 * - `previewing`: reading and matching, with progress; cancellable.
 * - `review`: the preview is shown; change layouts, look at cells, apply or close.
 * - `applying`: the import is being applied.
 * - `stopped`: a file is open but has no preview (cancelled or failed): preview again or close.
 */
export type Phase = "start" | "opening" | "asking" | "previewing" | "review" | "applying" | "stopped";

/** A cell to show in the grid (0-based), e.g. where a warning points. */
export interface CellTarget {
  sheet: number;
  row: number;
  col: number;
  /** Increases with every request, so asking for the same cell twice scrolls again. */
  seq: number;
}

/** The last applied import, for the success line. */
export interface Imported {
  file: string;
  changes: ChangeCounts;
  changed: boolean;
  /** The model's revision the apply produced: the line holds while the model is still there. */
  revision: number;
  /** The undo step the apply made (the Summary's undo label right after it), if any. */
  label: string | null;
}

/** What the page needs to know of the open model (from its Summary). */
export interface ModelAt {
  revision: number;
  /** The next redo, described: after an Undo of the import it names the import. */
  redo_label: string | null;
}

export interface ImporterState {
  phase: Phase;
  samples: SampleInfo[];
  /** The open file (from `opening` on), until the wizard closes. */
  file: ImportFile | null;
  /** The last progress report of the running preview. */
  step: Step | null;
  /** The last good preview; kept while a new one runs, so a cancelled re-preview returns to it. */
  review: ImportReview | null;
  /** Increases with every new preview: the grid's cached cells are per revision. */
  revision: number;
  /** The sheet shown in the grid (index into `review.sheets`). */
  selected: number;
  /** The layout being tried while a re-preview runs (sheet index and layout). */
  pending: { sheet: number; layout: Layout } | null;
  target: CellTarget | null;
  /** The last failure, shown in the page until the next action. */
  error: AppError | null;
  /** A neutral message (a cancelled preview). */
  notice: string | null;
  /** What the last apply did (shown on the start view). */
  done: Imported | null;
  /** The open model as the app last saw it (`null` until known): tells a stale preview. */
  model: ModelAt | null;
  /** Whether applying removes what the file no longer has (the review's `gone`). */
  sync: boolean;
}

export function initialImporterState(): ImporterState {
  return {
    phase: "start",
    samples: [],
    file: null,
    step: null,
    review: null,
    revision: 0,
    selected: 0,
    pending: null,
    target: null,
    error: null,
    notice: null,
    done: null,
    model: null,
    sync: false,
  };
}

export const ImportCodes = {
  cancelled: "import_cancelled",
  stale: "import_stale",
} as const satisfies Record<string, ErrorCode>;

/**
 * How long a layout picked in a select waits before it is previewed: arrow keys and typing
 * in a closed select change it at every key, and each preview makes the page inert.
 */
export const LAYOUT_PAUSE_MS = 600;

export class Importer {
  state: ImporterState = initialImporterState();
  private layoutTimer: ReturnType<typeof setTimeout> | null = null;
  /** The person's choices (a layout, and maybe its columns) that a finished preview took, by sheet name. */
  private choices = new Map<string, SheetChoice>();
  /** Increases whenever the wizard starts over or closes: late answers of older runs are dropped. */
  private generation = 0;
  private targetSeq = 0;

  constructor(
    private readonly backend: ImportBackend,
    private readonly host: ImportHost,
  ) {}

  /** Lists the bundled samples (a failure is shown, the dialog still works). */
  async load(): Promise<void> {
    try {
      this.update({ samples: await this.backend.samples() });
    } catch (reason) {
      this.update({ error: toAppError(reason) });
    }
  }

  /**
   * Opens the native dialog and previews the chosen file; a cancelled dialog changes
   * nothing. With `into` "new", a new empty model takes the open one's place first.
   */
  choose(into: ImportInto = "current"): Promise<void> {
    return this.open(() => this.backend.choose(), into);
  }

  /**
   * Previews the spreadsheet the app was started with, if any (e.g. opened from a file
   * manager); `onopened` runs as soon as it is open, before the preview ends, so the app
   * can show the Import page while the preview runs.
   */
  openPending(onopened: () => void, ask: () => boolean = () => false): Promise<void> {
    return this.open(
      async () => {
        const file = await this.backend.pending();
        if (file !== null) onopened();
        return file;
      },
      "current",
      ask,
    );
  }

  /**
   * The person chose where the file given at start goes: with "new", a new empty model
   * takes the open one's place first; then the file is previewed against it.
   */
  async previewInto(into: ImportInto): Promise<void> {
    if (this.state.phase !== "asking") return;
    if (into === "new" && this.host.startModel && !(await this.host.startModel())) return;
    await this.preview(new Map());
  }

  /** Previews a bundled sample (into a new empty model first with `into` "new"). */
  openSample(name: string, into: ImportInto = "current"): Promise<void> {
    return this.open(() => this.backend.sample(name), into);
  }

  /**
   * A layout picked in a sheet's select: shown at once, previewed once the person stops
   * changing it for `pause` ms (or at `commitLayout`). Picking the sheet's current layout
   * again drops the change.
   */
  chooseLayout(sheet: number, layout: Layout, pause: number = LAYOUT_PAUSE_MS): void {
    const shown = this.state.review?.sheets[sheet];
    if (this.state.phase !== "review" || shown === undefined) return;
    const current = shownLayout(shown);
    const earlier = this.state.pending;
    if (earlier && earlier.sheet !== sheet && this.layoutTimer !== null) {
      // Another sheet's pick was still waiting (its select lost focus without a blur): it goes first.
      void this.commitLayout();
      return;
    }
    this.stopLayoutTimer();
    if (layout === current) {
      this.update({ pending: null });
      return;
    }
    this.update({ pending: { sheet, layout } });
    this.layoutTimer = setTimeout(() => {
      this.layoutTimer = null;
      void this.setLayout(sheet, layout);
    }, pause);
  }

  /** Previews a picked layout now (the select lost focus, or Enter). */
  commitLayout(): Promise<void> {
    const pending = this.state.pending;
    if (this.layoutTimer === null || pending === null) return Promise.resolve();
    this.stopLayoutTimer();
    return this.setLayout(pending.sheet, pending.layout);
  }

  /** Reads one sheet as another layout: previews again with that choice. */
  async setLayout(sheet: number, layout: Layout): Promise<void> {
    const review = this.state.review;
    const shown = review?.sheets[sheet];
    if (this.state.phase !== "review" || shown === undefined || shownLayout(shown) === layout) return;
    const name = shown.name;
    const choices = new Map(this.choices).set(name, { sheet: name, layout });
    this.update({ pending: { sheet, layout } });
    await this.preview(choices);
  }

  /**
   * Reads one sheet with the header row, columns and fields the person chose (its layout
   * as `parts` says): previews again with that choice.
   */
  async setParts(sheet: number, parts: SheetMapping): Promise<void> {
    const shown = this.state.review?.sheets[sheet];
    if (this.state.phase !== "review" || shown === undefined) return;
    this.stopLayoutTimer();
    const name = shown.name;
    const choice: SheetChoice = { sheet: name, layout: parts.layout, parts: { ...parts, name } };
    const choices = new Map(this.choices).set(name, choice);
    this.update({ pending: { sheet, layout: parts.layout } });
    await this.preview(choices);
  }

  /**
   * The app's model changed (or was first seen): a preview made against another revision
   * is stale, and the success line holds only while the import is what the model last did.
   */
  modelChanged(summary: Pick<Summary, "revision" | "redo_label"> | null): void {
    const model = summary === null ? null : { revision: summary.revision, redo_label: summary.redo_label };
    const now = this.state.model;
    if (now === model || (now && model && now.revision === model.revision && now.redo_label === model.redo_label)) return;
    this.update({ model });
  }

  /** Previews again with the choices made so far (after a cancel, or when the model changed). */
  previewAgain(): Promise<void> {
    if (this.state.file === null || this.state.phase === "previewing" || this.state.phase === "applying") {
      return Promise.resolve();
    }
    return this.preview(new Map(this.choices));
  }

  /** Stops the running preview; the backend answers the preview with `import_cancelled`. */
  async cancel(): Promise<void> {
    if (this.state.phase !== "previewing") return;
    try {
      await this.backend.cancel();
    } catch (reason) {
      this.update({ error: toAppError(reason) });
    }
  }

  selectSheet(sheet: number): void {
    if (!this.state.review?.sheets[sheet]) return;
    this.update({ selected: sheet });
  }

  /** Selects the sheet a warning points at and asks the grid to show its cell. */
  showWarning(source: string): void {
    const review = this.state.review;
    if (!review) return;
    const place = locateSource(source, review.sheets);
    if (!place) return;
    const target = place.cell ? { sheet: place.sheet, ...place.cell, seq: ++this.targetSeq } : null;
    this.update({ selected: place.sheet, target });
  }

  /** Chooses whether applying removes what the file no longer has. */
  setSync(sync: boolean): void {
    this.update({ sync });
  }

  /** Applies the preview; on success the wizard closes and the app takes the new model. */
  async apply(): Promise<void> {
    const { phase, review } = this.state;
    if (phase !== "review" || !review || !canApply(review, this.state.sync) || isStale(this.state)) return;
    const generation = this.generation;
    this.update({ phase: "applying", error: null, notice: null });
    try {
      const done = await this.backend.apply(this.state.sync && review.gone_total > 0);
      if (generation !== this.generation) return;
      this.reset({
        done: {
          file: review.file,
          changes: done.changes,
          changed: done.changed,
          revision: done.summary.revision,
          label: done.summary.undo_label,
        },
        // The app takes the new Summary next; until then the line must not look stale.
        model: { revision: done.summary.revision, redo_label: done.summary.redo_label },
      });
      await this.host.applied(done.summary);
    } catch (reason) {
      if (generation !== this.generation) return;
      this.update({ phase: "review", error: toAppError(reason) });
    }
  }

  /** Closes the wizard without importing (stopping a running preview first). */
  async close(): Promise<void> {
    const running = this.state.phase === "previewing";
    this.reset({ done: null });
    try {
      if (running) await this.backend.cancel();
      await this.backend.close();
    } catch (reason) {
      this.update({ error: toAppError(reason) });
    }
  }

  /** Clears the shown error or notice. */
  dismiss(): void {
    this.update({ error: null, notice: null });
  }

  /** `ask`: whether to stop at `asking` once the file is open (checked then, not before). */
  private async open(
    pick: () => Promise<ImportFile | null>,
    into: ImportInto = "current",
    ask: () => boolean = () => false,
  ): Promise<void> {
    if (this.state.phase !== "start") return;
    this.update({ phase: "opening", error: null, notice: null, done: null });
    let file: ImportFile | null;
    try {
      file = await pick();
    } catch (reason) {
      this.update({ phase: "start", error: toAppError(reason) });
      return;
    }
    if (file === null) {
      this.update({ phase: "start" });
      return;
    }
    // The file is open in the backend; the new model is made before it is previewed
    // against the model (a cancelled dialog above kept the open model).
    if (into === "new" && this.host.startModel && !(await this.host.startModel())) {
      this.update({ phase: "start" });
      await this.backend.close().catch(() => undefined);
      return;
    }
    this.generation += 1;
    this.choices = new Map();
    this.update({ file, review: null, selected: 0, target: null });
    if (ask()) {
      this.update({ phase: "asking" });
      return;
    }
    await this.preview(new Map());
  }

  private async preview(choices: Map<string, SheetChoice>): Promise<void> {
    const generation = ++this.generation;
    this.update({ phase: "previewing", step: null, error: null, notice: null });
    const list: SheetChoice[] = [...choices.values()];
    try {
      const review = await this.backend.preview(list, (step) => {
        if (generation === this.generation && this.state.phase === "previewing") this.update({ step });
      });
      if (generation !== this.generation) return;
      this.choices = choices;
      const selected = keepSelection(this.state.review, this.state.selected, review);
      this.update({
        phase: "review",
        review,
        revision: this.state.revision + 1,
        selected,
        target: null,
        step: null,
        pending: null,
      });
    } catch (reason) {
      if (generation !== this.generation) return;
      const cancelled = hasCode(reason, ImportCodes.cancelled);
      const error = cancelled ? null : toAppError(reason);
      const notice = cancelled ? toAppError(reason).message : null;
      // A stale preview says nothing true about the model any more.
      const back = this.state.review !== null && !hasCode(reason, ImportCodes.stale);
      this.update({
        phase: back ? "review" : "stopped",
        review: back ? this.state.review : null,
        step: null,
        pending: null,
        error,
        notice,
      });
    }
  }

  private stopLayoutTimer(): void {
    if (this.layoutTimer !== null) clearTimeout(this.layoutTimer);
    this.layoutTimer = null;
  }

  private reset(patch: Partial<ImporterState>): void {
    this.stopLayoutTimer();
    this.generation += 1;
    this.choices = new Map();
    this.update({
      ...initialImporterState(),
      samples: this.state.samples,
      revision: this.state.revision,
      model: this.state.model,
      ...patch,
    });
  }

  private update(patch: Partial<ImporterState>): void {
    this.state = { ...this.state, ...patch };
    this.host.changed(this.state);
  }
}

/** Whether applying the review changes the model: something new or changed, or (with
 * `sync`) something the file no longer has to remove. */
export function canApply(review: Pick<ImportReview, "changes" | "gone_total">, sync: boolean): boolean {
  return wouldChange(review.changes) || (sync && review.gone_total > 0);
}

/** Whether applying `changes` would change the model. */
export function wouldChange(changes: ChangeCounts): boolean {
  return changes.new + changes.changed > 0;
}

/** The layout a sheet's select shows: the one chosen for it, else the one detected. */
export function shownLayout(sheet: Pick<ReviewSheet, "layout" | "chosen">): Layout {
  return sheet.chosen ?? sheet.layout;
}

/**
 * Whether the shown preview was made against another revision of the model than the open
 * one (an edit, undo or redo since): its counts say nothing true any more, and the backend
 * refuses to apply it.
 */
export function isStale(state: Pick<ImporterState, "review" | "model">): boolean {
  return state.review !== null && state.model !== null && state.review.revision !== state.model.revision;
}

/** Where the page offers "Preview again": in the error, in place of a stopped preview, or beside a stale one. */
export type PreviewAgainPlace = "error" | "stopped" | "stale";

/**
 * Where "Preview again" is offered, or `null`: a preview that stopped (cancelled, or turned
 * stale while it ran) can be made again, as can one the model moved on from; a failed one
 * cannot (the file is the problem).
 */
export function previewAgainAt(state: Pick<ImporterState, "phase" | "error" | "review" | "model">): PreviewAgainPlace | null {
  const staleError = state.error?.code === ImportCodes.stale;
  if (state.phase === "stopped") return state.error === null || staleError ? "stopped" : null;
  if (state.phase !== "review") return null;
  if (isStale(state)) return "stale";
  return staleError ? "error" : null;
}

/** After a re-preview, the same sheet (by name) stays selected. */
function keepSelection(before: ImportReview | null, selected: number, after: ImportReview): number {
  const name = before?.sheets[selected]?.name;
  const index = name === undefined ? -1 : after.sheets.findIndex((s) => s.name === name);
  if (index >= 0) return index;
  // First preview: the first sheet that is read (a cover sheet is usually skipped).
  const read = after.sheets.findIndex((s) => s.layout !== "skipped");
  return Math.max(read, 0);
}

/**
 * The line about the last import on the start view, while it is true: the success line while
 * the model is still at the revision the apply produced; "undone" while the next redo is that
 * very import (it was just undone); nothing once anything else happened to the model.
 */
export function doneLine(state: Pick<ImporterState, "done" | "model">): { text: string; undone: boolean } | null {
  const { done, model } = state;
  if (done === null) return null;
  if (model === null || model.revision === done.revision) return { text: importedText(done), undone: false };
  if (done.changed && done.label !== null && model.redo_label === done.label) {
    return { text: undoneText(done.file), undone: true };
  }
  return null;
}

/** Whether the preview read no rows at all from any sheet. */
export function nothingRead(review: Pick<ImportReview, "rows">): boolean {
  const r = review.rows;
  return r.grants + r.raci + r.assignments + r.sod_rules === 0;
}

/**
 * Why there is nothing to apply, or `null` when there is something: no rows read at all is
 * not the same as everything read being in the model already.
 */
export function nothingText(review: Pick<ImportReview, "rows" | "changes">): string | null {
  if (wouldChange(review.changes)) return null;
  return nothingRead(review) ? NOTHING_READ_TEXT : NOTHING_NEW_TEXT;
}

/** The total of the "Changes by kind" rows (what the table's total row shows). */
export function kindsTotal(byKind: readonly (readonly [string, ChangeCounts])[]): ChangeCounts {
  const sum = { new: 0, changed: 0, unchanged: 0 };
  for (const [, c] of byKind) {
    sum.new += c.new;
    sum.changed += c.changed;
    sum.unchanged += c.unchanged;
  }
  return sum;
}

/** What the review's parts are given: the importer's state, the review, the importer, and
 * how to fetch a window of a sheet's cells. */
export type ReviewPartProps = {
  state: ImporterState;
  review: ImportReview;
  importer: Importer;
  cells: (sheet: number, firstRow: number, count: number) => Promise<CellWindow>;
};
