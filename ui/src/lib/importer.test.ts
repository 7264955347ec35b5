import type { ErrorCode } from "../bindings/ErrorCode";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppError } from "../bindings/AppError";
import type { ImportFile } from "../bindings/ImportFile";
import type { ImportReview } from "../bindings/ImportReview";
import type { ReviewSheet } from "../bindings/ReviewSheet";
import type { SampleInfo } from "../bindings/SampleInfo";
import type { SheetChoice } from "../bindings/SheetChoice";
import type { Step } from "../bindings/Step";
import type { Summary } from "../bindings/Summary";
import {
  canApply,
  doneLine,
  intoChoice,
  Importer,
  isStale,
  kindsTotal,
  nothingText,
  previewAgainAt,
  shownLayout,
  wouldChange,
  LAYOUT_PAUSE_MS,
  type ImportBackend,
  type ImporterState,
} from "./importer";
import { sheetProblem } from "./importWording";

// A stand-in for the import commands: previews wait until the test settles them, so the
// progress, cancel and ordering can be played step by step. The real commands are
// exercised by the end-to-end test (tests/tests/desktop/import.rs).

const samples: SampleInfo[] = [
  { name: "permission-matrix.xlsx", description: "Roles × capabilities behind a cover and a legend sheet" },
  { name: "raci.xlsx", description: "A RACI chart with letters written several ways" },
];
const file: ImportFile = { name: "permission-matrix.xlsx", bytes: 9_120, sample: true };

function sheet(name: string, patch: Partial<ReviewSheet> = {}): ReviewSheet {
  return { name, layout: "matrix", chosen: null, header_row: 4, note: "roles in rows", rows: 20, columns: 9, read: 30, warnings: 0, truncated: null, mapping: { name, layout: "matrix", header_row: 4 }, fields: [], headers: [], ...patch };
}

function review(patch: Partial<ImportReview> = {}): ImportReview {
  return {
    file: "permission-matrix.xlsx",
    sha256: "a".repeat(64),
    format: "xlsx",
    sheets: [sheet("Cover", { layout: "skipped", header_row: null, read: 0 }), sheet("Legend", { layout: "skipped" }), sheet("Access", { warnings: 1 })],
    rows: { grants: 30, raci: 0, assignments: 0, sod_rules: 0 },
    changes: { new: 12, changed: 3, unchanged: 40 },
    changes_by_kind: { grant: { new: 12, changed: 3, unchanged: 20 } },
    new_entities: { role: { total: 2, names: ["Auditor", "Helpdesk"] } },
    warnings: [{ source: "Access!F12", message: "unknown mark \"?\"" }],
    warnings_total: 1,
    mapping: "",
    gone: [],
    gone_total: 0,
    revision: 1,
    ...patch,
  };
}

const err = (code: ErrorCode, message = `failed: ${code}`): AppError => ({ code, message });
const summary = { name: "demo", can_undo: true, undo_label: "import permission-matrix.xlsx", redo_label: null, revision: 2 } as Summary;

interface Pending {
  choices: SheetChoice[];
  step(s: Step): void;
  resolve(r: ImportReview): void;
  reject(e: unknown): void;
}

function setup(overrides: Partial<ImportBackend> = {}, startModel: () => Promise<boolean> = async () => true) {
  const calls: string[] = [];
  const previews: Pending[] = [];
  const applied: Summary[] = [];
  const states: ImporterState[] = [];
  const backend: ImportBackend = {
    samples: async () => (calls.push("samples"), samples),
    sample: async (name) => (calls.push(`sample:${name}`), { ...file, name }),
    pending: async () => (calls.push("pending"), null),
    choose: async () => (calls.push("dialog"), { ...file, name: "roles.xlsx", sample: false }),
    preview: (choices, onstep) =>
      new Promise((resolve, reject) => {
        calls.push(`preview:${JSON.stringify(choices)}`);
        previews.push({ choices, step: onstep, resolve, reject });
      }),
    cells: async () => {
      throw new Error("not used");
    },
    cancel: async () => {
      calls.push("cancel");
      const running = previews.at(-1);
      running?.reject(err("import_cancelled", "permission-matrix.xlsx: import cancelled; nothing was changed"));
    },
    apply: async (sync) => (calls.push(sync ? "apply sync" : "apply"), { summary, changes: { new: 12, changed: 3, unchanged: 40 }, changed: true, event: 7 }),
    close: async () => void calls.push("close"),
    ...overrides,
  };
  const importer = new Importer(backend, {
    changed: (s) => void states.push(s),
    applied: async (s) => void applied.push(s),
    startModel: async () => (calls.push("start_model"), startModel()),
  });
  const state = () => importer.state;
  /** Lets pending promise callbacks run (microtasks only, so it works with fake timers too). */
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return { importer, calls, previews, applied, states, state, settle };
}

/** Opens the sample and finishes its first preview with `r`. */
async function reviewed(t: ReturnType<typeof setup>, r: ImportReview = review()) {
  const opening = t.importer.openSample("permission-matrix.xlsx");
  await t.settle();
  t.previews.at(-1)!.resolve(r);
  await opening;
}

describe("importing into a new model or the open one", () => {
  it("is asked while the open model is the demo or unsaved, naming it", () => {
    expect(intoChoice({ path: null, name: "Generic no-code governance" }, true)).toEqual({
      ask: true,
      current: "Generic no-code governance (the demo model)",
    });
    expect(intoChoice({ path: null, name: "Client model" }, false)).toEqual({ ask: true, current: "Client model (not saved yet)" });
    expect(intoChoice({ path: "/m/acme.gatehouse", name: "Acme" }, false)).toEqual({ ask: false, current: "Acme" });
  });
  it("makes the new model once the file is open, before the preview", async () => {
    const t = setup();
    const opening = t.importer.openSample("raci.xlsx", "new");
    await t.settle();
    expect(t.calls).toEqual(["sample:raci.xlsx", "start_model", "preview:[]"]);
    t.previews.at(-1)!.resolve(review());
    await opening;
    expect(t.state().phase).toBe("review");
  });
  it("keeps the open model when the dialog is cancelled, and imports into it when asked to", async () => {
    const t = setup({ choose: async () => (t.calls.push("dialog"), null) });
    await t.importer.choose("new");
    expect(t.calls).toEqual(["dialog"]);
    const u = setup();
    const opening = u.importer.openSample("raci.xlsx", "current");
    await u.settle();
    expect(u.calls).toEqual(["sample:raci.xlsx", "preview:[]"]);
    u.previews.at(-1)!.resolve(review());
    await opening;
  });
  it("closes the file when the new model could not be made", async () => {
    const t = setup({}, async () => false);
    await t.importer.openSample("raci.xlsx", "new");
    expect(t.calls).toEqual(["sample:raci.xlsx", "start_model", "close"]);
    expect(t.state().phase).toBe("start");
  });
});

describe("Importer", () => {
  it("lists the bundled samples", async () => {
    const t = setup();
    await t.importer.load();
    expect(t.state().samples).toEqual(samples);
    expect(t.state().phase).toBe("start");
  });

  it("starts the first preview as soon as a sample is chosen, with no choices, and shows its progress", async () => {
    const t = setup();
    const opening = t.importer.openSample("permission-matrix.xlsx");
    await t.settle();
    expect(t.calls).toEqual(["sample:permission-matrix.xlsx", "preview:[]"]);
    expect(t.state().phase).toBe("previewing");
    expect(t.state().file?.name).toBe("permission-matrix.xlsx");
    expect(t.state().step).toBeNull();
    t.previews[0]!.step({ stage: "reading", fraction: 0.25, detail: "sheet Access" });
    expect(t.state().step).toEqual({ stage: "reading", fraction: 0.25, detail: "sheet Access" });
    t.previews[0]!.step({ stage: "matching", fraction: 0.8, detail: "30 grants" });
    expect(t.state().step?.fraction).toBe(0.8);
    t.previews[0]!.resolve(review());
    await opening;
    expect(t.state().phase).toBe("review");
    expect(t.state().step).toBeNull();
    expect(t.state().review?.changes.new).toBe(12);
  });

  it("selects the first sheet that is read, not the cover", async () => {
    const t = setup();
    await reviewed(t);
    expect(t.state().selected).toBe(2);
  });

  it("previews the spreadsheet the app was started with, showing the page before the preview ends", async () => {
    const t = setup({
      pending: async () => (t.calls.push("pending"), { ...file, name: "access.csv", sample: false }),
    });
    let shown = 0;
    const opening = t.importer.openPending(() => (shown += 1));
    await t.settle();
    expect(shown).toBe(1);
    expect(t.calls).toEqual(["pending", "preview:[]"]);
    expect(t.state().phase).toBe("previewing");
    expect(t.state().file?.name).toBe("access.csv");
    t.previews.at(-1)!.resolve(review());
    await opening;
    expect(t.state().phase).toBe("review");
  });

  it("asks where a spreadsheet given at start goes, previewing nothing until the person chooses", async () => {
    const t = setup({
      pending: async () => (t.calls.push("pending"), { ...file, name: "client.xlsx", sample: false }),
    });
    let shown = 0;
    await t.importer.openPending(() => (shown += 1), () => true);
    expect(shown).toBe(1);
    expect(t.state().phase).toBe("asking");
    expect(t.state().file?.name).toBe("client.xlsx");
    expect(t.calls).toEqual(["pending"]);
    // Apply does nothing while asking: there is no preview to apply.
    await t.importer.apply();
    expect(t.calls).toEqual(["pending"]);
    const previewing = t.importer.previewInto("new");
    await t.settle();
    expect(t.calls).toEqual(["pending", "start_model", "preview:[]"]);
    t.previews.at(-1)!.resolve(review());
    await previewing;
    expect(t.state().phase).toBe("review");
  });

  it("previews a spreadsheet given at start into the open model when the person chooses it", async () => {
    const t = setup({ pending: async () => ({ ...file, name: "client.xlsx", sample: false }) });
    await t.importer.openPending(() => undefined, () => true);
    void t.importer.previewInto("current");
    await t.settle();
    expect(t.calls).toEqual(["preview:[]"]);
    expect(t.state().phase).toBe("previewing");
  });

  it("stays asking when the new model could not be made, and Close closes the file", async () => {
    const t = setup({ pending: async () => ({ ...file, name: "client.xlsx", sample: false }) }, async () => false);
    await t.importer.openPending(() => undefined, () => true);
    await t.importer.previewInto("new");
    expect(t.calls).toEqual(["start_model"]);
    expect(t.state().phase).toBe("asking");
    await t.importer.close();
    expect(t.state().phase).toBe("start");
    expect(t.calls).toEqual(["start_model", "close"]);
  });

  it("without a spreadsheet at start, stays at the start and does not show the page", async () => {
    const t = setup();
    let shown = 0;
    await t.importer.openPending(() => (shown += 1));
    expect(shown).toBe(0);
    expect(t.calls).toEqual(["pending"]);
    expect(t.state().phase).toBe("start");
  });

  it("previews the file picked in the dialog, and does nothing when the dialog is cancelled", async () => {
    const cancelled = setup({ choose: async () => null });
    await cancelled.importer.choose();
    expect(cancelled.state().phase).toBe("start");
    expect(cancelled.previews).toHaveLength(0);
    expect(cancelled.state().error).toBeNull();

    const t = setup();
    const choosing = t.importer.choose();
    await t.settle();
    expect(t.calls).toEqual(["dialog", "preview:[]"]);
    expect(t.state().file?.name).toBe("roles.xlsx");
    t.previews[0]!.resolve(review({ file: "roles.xlsx" }));
    await choosing;
    expect(t.state().phase).toBe("review");
  });

  it("shows why a file could not be opened, and stays at the start", async () => {
    const t = setup({
      sample: async () => {
        throw err("import_not_a_spreadsheet", "notes.txt is not a spreadsheet");
      },
    });
    await t.importer.openSample("notes.txt");
    expect(t.state().phase).toBe("start");
    expect(t.state().error).toEqual(err("import_not_a_spreadsheet", "notes.txt is not a spreadsheet"));
  });

  it("cancelling the first preview calls import_cancel and leaves the file open to preview again or close, without an error", async () => {
    const t = setup();
    const opening = t.importer.openSample("permission-matrix.xlsx");
    await t.settle();
    t.previews[0]!.step({ stage: "reading", fraction: 0.1, detail: "" });
    await t.importer.cancel();
    await opening;
    expect(t.calls).toContain("cancel");
    expect(t.state().phase).toBe("stopped");
    expect(t.state().error).toBeNull();
    expect(t.state().notice).toBe("permission-matrix.xlsx: import cancelled; nothing was changed");
    expect(t.state().file?.name).toBe("permission-matrix.xlsx");

    const again = t.importer.previewAgain();
    await t.settle();
    expect(t.state().phase).toBe("previewing");
    expect(t.state().notice).toBeNull();
    t.previews[1]!.resolve(review());
    await again;
    expect(t.state().phase).toBe("review");
  });

  it("a preview that fails shows the backend's message and can be closed", async () => {
    const t = setup();
    const opening = t.importer.openSample("permission-matrix.xlsx");
    await t.settle();
    t.previews[0]!.reject(err("import_corrupt", "permission-matrix.xlsx: the file is damaged (zip: bad CRC)"));
    await opening;
    expect(t.state().phase).toBe("stopped");
    expect(t.state().error?.message).toBe("permission-matrix.xlsx: the file is damaged (zip: bad CRC)");
    await t.importer.close();
    expect(t.calls.at(-1)).toBe("close");
    expect(t.state().phase).toBe("start");
    expect(t.state().file).toBeNull();
    expect(t.state().error).toBeNull();
  });

  it("changing a sheet's layout previews again with that choice, and keeps earlier choices", async () => {
    const t = setup();
    await reviewed(t);
    const first = t.importer.setLayout(1, "raci");
    await t.settle();
    expect(t.previews.at(-1)!.choices).toEqual([{ sheet: "Legend", layout: "raci" }]);
    expect(t.state().phase).toBe("previewing");
    expect(t.state().pending).toEqual({ sheet: 1, layout: "raci" });
    // The earlier review stays on screen behind the progress.
    expect(t.state().review).not.toBeNull();
    t.previews.at(-1)!.step({ stage: "recognising", fraction: 0.5, detail: "Legend" });
    expect(t.state().step?.stage).toBe("recognising");
    const next = review();
    next.sheets[1] = sheet("Legend", { layout: "raci" });
    t.previews.at(-1)!.resolve(next);
    await first;
    expect(t.state().phase).toBe("review");
    expect(t.state().pending).toBeNull();
    expect(t.state().selected).toBe(2);

    const second = t.importer.setLayout(2, "skipped");
    await t.settle();
    expect(t.previews.at(-1)!.choices).toEqual([
      { sheet: "Legend", layout: "raci" },
      { sheet: "Access", layout: "skipped" },
    ]);
    t.previews.at(-1)!.resolve(review());
    await second;
  });

  it("choosing a sheet's columns previews again with them, beside the other sheets' choices", async () => {
    const t = setup();
    await reviewed(t);
    const layout = t.importer.setLayout(1, "raci");
    await t.settle();
    t.previews.at(-1)!.resolve(review());
    await layout;
    const parts = { name: "ignored", layout: "crud" as const, header_row: 2, label_column: "A", columns: ["B", "C"] };
    const reading = t.importer.setParts(2, parts);
    await t.settle();
    expect(t.previews.at(-1)!.choices).toEqual([
      { sheet: "Legend", layout: "raci" },
      { sheet: "Access", layout: "crud", parts: { ...parts, name: "Access" } },
    ]);
    expect(t.state().pending).toEqual({ sheet: 2, layout: "crud" });
    t.previews.at(-1)!.resolve(review());
    await reading;
    expect(t.state().phase).toBe("review");
  });

  describe("picking a layout in the select", () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it("previews once the person stops changing it (arrow keys and typing change it at every key)", async () => {
      const t = setup();
      await reviewed(t);
      t.importer.chooseLayout(2, "raci");
      t.importer.chooseLayout(2, "assignments");
      t.importer.chooseLayout(2, "sod_rules");
      expect(t.state().pending).toEqual({ sheet: 2, layout: "sod_rules" });
      expect(t.state().phase).toBe("review");
      await vi.advanceTimersByTimeAsync(LAYOUT_PAUSE_MS - 1);
      expect(t.previews).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(t.previews).toHaveLength(2);
      expect(t.previews[1]!.choices).toEqual([{ sheet: "Access", layout: "sod_rules" }]);
      expect(t.state().phase).toBe("previewing");
    });

    it("previews at once when the select is left (or Enter), and only once", async () => {
      const t = setup();
      await reviewed(t);
      t.importer.chooseLayout(0, "raci");
      const committing = t.importer.commitLayout();
      expect(t.previews).toHaveLength(2);
      expect(t.previews[1]!.choices).toEqual([{ sheet: "Cover", layout: "raci" }]);
      await t.importer.commitLayout();
      await vi.advanceTimersByTimeAsync(LAYOUT_PAUSE_MS * 2);
      expect(t.previews).toHaveLength(2);
      t.previews[1]!.resolve(review());
      await committing;
      expect(t.state().pending).toBeNull();
    });

    it("picking the same layout again (a key while typing) restarts the pause", async () => {
      const t = setup();
      await reviewed(t);
      t.importer.chooseLayout(2, "raci");
      await vi.advanceTimersByTimeAsync(LAYOUT_PAUSE_MS - 100);
      t.importer.chooseLayout(2, "raci");
      await vi.advanceTimersByTimeAsync(LAYOUT_PAUSE_MS - 100);
      expect(t.previews).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(100);
      expect(t.previews).toHaveLength(2);
    });

    it("going back to the sheet's layout before the pause drops the change", async () => {
      const t = setup();
      await reviewed(t);
      t.importer.chooseLayout(2, "raci");
      t.importer.chooseLayout(2, "matrix");
      expect(t.state().pending).toBeNull();
      await vi.advanceTimersByTimeAsync(LAYOUT_PAUSE_MS * 2);
      expect(t.previews).toHaveLength(1);
    });

    it("closing drops a waiting pick", async () => {
      const t = setup();
      await reviewed(t);
      t.importer.chooseLayout(2, "raci");
      await t.importer.close();
      await vi.advanceTimersByTimeAsync(LAYOUT_PAUSE_MS * 2);
      expect(t.previews).toHaveLength(1);
      expect(t.state().phase).toBe("start");
    });
  });

  it("choosing the layout a sheet already has does not preview again", async () => {
    const t = setup();
    await reviewed(t);
    await t.importer.setLayout(2, "matrix");
    expect(t.previews).toHaveLength(1);
  });

  it("a new preview gets a new revision, so the grid drops cached cells", async () => {
    const t = setup();
    await reviewed(t);
    const before = t.state().revision;
    const changing = t.importer.setLayout(0, "raci");
    await t.settle();
    t.previews.at(-1)!.resolve(review());
    await changing;
    expect(t.state().revision).toBe(before + 1);
  });

  it("cancelling a layout change returns to the previous review with the old layout, and forgets the choice", async () => {
    const t = setup();
    await reviewed(t);
    const shown = t.state().review;
    const changing = t.importer.setLayout(2, "assignments");
    await t.settle();
    await t.importer.cancel();
    await changing;
    expect(t.state().phase).toBe("review");
    expect(t.state().review).toBe(shown);
    expect(t.state().pending).toBeNull();
    expect(t.state().notice).toMatch(/cancelled/);
    expect(t.state().error).toBeNull();
    const again = t.importer.previewAgain();
    await t.settle();
    expect(t.previews.at(-1)!.choices).toEqual([]);
    t.previews.at(-1)!.resolve(review());
    await again;
  });

  it("a stale preview is an error and drops the old review; preview again resends the choices", async () => {
    const t = setup();
    await reviewed(t);
    const changing = t.importer.setLayout(1, "raci");
    await t.settle();
    t.previews.at(-1)!.resolve(review());
    await changing;
    const changing2 = t.importer.setLayout(2, "skipped");
    await t.settle();
    t.previews.at(-1)!.reject(err("import_stale", "the model changed since this preview was made; preview again"));
    await changing2;
    expect(t.state().phase).toBe("stopped");
    expect(t.state().review).toBeNull();
    expect(t.state().error?.code).toBe("import_stale");
    const again = t.importer.previewAgain();
    await t.settle();
    expect(t.previews.at(-1)!.choices).toEqual([{ sheet: "Legend", layout: "raci" }]);
    t.previews.at(-1)!.resolve(review());
    await again;
    expect(t.state().phase).toBe("review");
  });

  it("applies as one step, hands the Summary to the app, and returns to the start with the result", async () => {
    const t = setup();
    await t.importer.load();
    await reviewed(t);
    await t.importer.apply();
    expect(t.calls.filter((c) => c === "apply")).toHaveLength(1);
    expect(t.applied).toEqual([summary]);
    expect(t.states.some((s) => s.phase === "applying")).toBe(true);
    expect(t.state().phase).toBe("start");
    expect(t.state().file).toBeNull();
    expect(t.state().review).toBeNull();
    expect(t.state().samples).toHaveLength(2);
    expect(t.state().done).toEqual({
      file: "permission-matrix.xlsx",
      changes: { new: 12, changed: 3, unchanged: 40 },
      changed: true,
      revision: 2,
      label: "import permission-matrix.xlsx",
    });
    // The line holds at once, before the app hands over the new Summary.
    expect(t.state().model?.revision).toBe(2);
    expect(doneLine(t.state())?.text).toMatch(/Undo \(Ctrl\+Z\) takes it back/);
    expect(t.calls).not.toContain("close");
  });

  it("removes what the file no longer has only when asked to, and can apply just that", async () => {
    const gone = [{ kind: "grant", key: "admin--publish-app", what: "Admin has Publish app (allow)" }];
    const t = setup();
    await t.importer.load();
    await reviewed(t, review({ changes: { new: 0, changed: 0, unchanged: 40 }, gone, gone_total: 1 }));
    expect(canApply(t.state().review!, t.state().sync)).toBe(false);
    await t.importer.apply();
    expect(t.calls.filter((c) => c.startsWith("apply"))).toEqual([]);
    t.importer.setSync(true);
    expect(canApply(t.state().review!, t.state().sync)).toBe(true);
    await t.importer.apply();
    expect(t.calls.filter((c) => c.startsWith("apply"))).toEqual(["apply sync"]);
    // The choice is the file's: the next file starts without it.
    expect(t.state().sync).toBe(false);
  });

  it("sends sync only when the review lists something gone", async () => {
    const t = setup();
    await t.importer.load();
    await reviewed(t);
    t.importer.setSync(true);
    await t.importer.apply();
    expect(t.calls.filter((c) => c.startsWith("apply"))).toEqual(["apply"]);
  });

  describe("when the model changes under a preview", () => {
    it("a preview made against another revision is stale: apply is refused, preview again resends the choices", async () => {
      const t = setup();
      t.importer.modelChanged({ revision: 1, redo_label: null });
      await reviewed(t);
      const changing = t.importer.setLayout(1, "raci");
      await t.settle();
      t.previews.at(-1)!.resolve(review());
      await changing;
      expect(isStale(t.state())).toBe(false);

      // An edit (or an undo) in the app: a new revision.
      t.importer.modelChanged({ revision: 5, redo_label: null });
      expect(isStale(t.state())).toBe(true);
      expect(t.state().phase).toBe("review");
      await t.importer.apply();
      expect(t.calls).not.toContain("apply");

      const again = t.importer.previewAgain();
      await t.settle();
      expect(t.previews.at(-1)!.choices).toEqual([{ sheet: "Legend", layout: "raci" }]);
      t.previews.at(-1)!.resolve(review({ revision: 5 }));
      await again;
      expect(isStale(t.state())).toBe(false);
      await t.importer.apply();
      expect(t.calls).toContain("apply");
    });

    it("the same Summary again changes nothing; an unknown model is not stale", () => {
      const t = setup();
      t.importer.modelChanged({ revision: 3, redo_label: null });
      const n = t.states.length;
      t.importer.modelChanged({ revision: 3, redo_label: null });
      expect(t.states).toHaveLength(n);
      expect(isStale({ review: review({ revision: 1 }), model: null })).toBe(false);
      expect(isStale({ review: null, model: { revision: 9, redo_label: null } })).toBe(false);
      expect(isStale({ review: review({ revision: 9 }), model: { revision: 9, redo_label: null } })).toBe(false);
      expect(isStale({ review: review({ revision: 8 }), model: { revision: 9, redo_label: null } })).toBe(true);
    });

    it("the success line goes once the model moves on; after an undo of the import it says so", async () => {
      const t = setup();
      t.importer.modelChanged({ revision: 1, redo_label: null });
      await reviewed(t);
      await t.importer.apply();
      expect(doneLine(t.state())).toEqual({
        text: "Imported permission-matrix.xlsx: 12 new, 3 changed — Undo (Ctrl+Z) takes it back",
        undone: false,
      });
      // The app takes the apply's Summary: still there.
      t.importer.modelChanged(summary);
      expect(doneLine(t.state())?.undone).toBe(false);
      // Undo: the next redo is the import.
      t.importer.modelChanged({ revision: 3, redo_label: "import permission-matrix.xlsx" });
      expect(doneLine(t.state())).toEqual({
        text: "The import of permission-matrix.xlsx was undone — Redo (Ctrl+Y) brings it back",
        undone: true,
      });
      // Another edit: the redo is gone, and so is the line.
      t.importer.modelChanged({ revision: 4, redo_label: null });
      expect(doneLine(t.state())).toBeNull();
    });

    it("an edit after the import (not an undo) drops the line", () => {
      const done = { file: "raci.xlsx", changes: { new: 1, changed: 0, unchanged: 0 }, changed: true, revision: 7, label: "imported raci.xlsx" };
      expect(doneLine({ done, model: { revision: 7, redo_label: null } })?.undone).toBe(false);
      expect(doneLine({ done, model: { revision: 8, redo_label: null } })).toBeNull();
      expect(doneLine({ done, model: { revision: 8, redo_label: "rename role" } })).toBeNull();
      expect(doneLine({ done: null, model: { revision: 8, redo_label: null } })).toBeNull();
    });
  });

  describe("a layout chosen for a sheet that finds nothing", () => {
    const raciNothing = sheet("Access", {
      layout: "skipped",
      chosen: "raci",
      header_row: null,
      read: 0,
      note: "raci as chosen: no columns of R, A, C, I letters under header row 4",
    });

    it("the select shows the chosen layout, not Skip", () => {
      expect(shownLayout(raciNothing)).toBe("raci");
      expect(shownLayout(sheet("A"))).toBe("matrix");
      expect(shownLayout(sheet("A", { layout: "skipped", chosen: "skipped", note: "not read, as chosen" }))).toBe("skipped");
    });

    it("the sheet says what went wrong, from its note", () => {
      expect(sheetProblem(raciNothing)).toBe("Nothing read as a RACI chart: no columns of R, A, C, I letters under header row 4");
      expect(sheetProblem({ layout: "skipped", chosen: "assignments", note: "assignments as chosen: no person column" })).toBe(
        "Nothing read as an Assignment list: no person column",
      );
      expect(sheetProblem({ layout: "skipped", chosen: "sod_rules", note: "odd note" })).toBe("Nothing read as SoD rules: odd note");
      // Detected, skipped by choice, or read as chosen: no problem.
      expect(sheetProblem(sheet("A", { layout: "skipped" }))).toBeNull();
      expect(sheetProblem(sheet("A", { layout: "skipped", chosen: "skipped", note: "not read, as chosen" }))).toBeNull();
      expect(sheetProblem(sheet("A", { chosen: "matrix", note: "matrix as chosen: roles in rows" }))).toBeNull();
    });

    it("picking the chosen layout again does not preview; picking Skip does", async () => {
      const t = setup();
      await reviewed(t, review({ sheets: [sheet("Cover", { layout: "skipped" }), raciNothing] }));
      await t.importer.setLayout(1, "raci");
      expect(t.previews).toHaveLength(1);
      const skipping = t.importer.setLayout(1, "skipped");
      await t.settle();
      expect(t.previews).toHaveLength(2);
      expect(t.previews.at(-1)!.choices).toEqual([{ sheet: "Access", layout: "skipped" }]);
      t.previews.at(-1)!.resolve(review());
      await skipping;
    });

    it("with no rows read, the page does not claim everything is in the model", () => {
      const none = { rows: { grants: 0, raci: 0, assignments: 0, sod_rules: 0 }, changes: { new: 0, changed: 0, unchanged: 0 } };
      expect(nothingText(none)).toMatch(/^Nothing to import: no sheet was read/);
      expect(nothingText(none)).not.toMatch(/already in the model/);
      const known = { rows: { grants: 3, raci: 0, assignments: 0, sod_rules: 0 }, changes: { new: 0, changed: 0, unchanged: 3 } };
      expect(nothingText(known)).toBe("Nothing to import: everything in this file is already in the model.");
      expect(nothingText({ ...known, changes: { new: 1, changed: 0, unchanged: 2 } })).toBeNull();
    });
  });

  it("does not apply when nothing would change", async () => {
    const t = setup();
    await reviewed(t, review({ changes: { new: 0, changed: 0, unchanged: 55 } }));
    await t.importer.apply();
    expect(t.calls).not.toContain("apply");
    expect(t.state().phase).toBe("review");
  });

  it("a failed apply stays on the review with the error (e.g. the model changed meanwhile)", async () => {
    const t = setup({
      apply: async () => {
        throw err("import_stale", "the model changed since this preview was made; preview again");
      },
    });
    await reviewed(t);
    await t.importer.apply();
    expect(t.state().phase).toBe("review");
    expect(t.state().error?.code).toBe("import_stale");
    const again = t.importer.previewAgain();
    await t.settle();
    expect(t.state().phase).toBe("previewing");
    t.previews.at(-1)!.resolve(review());
    await again;
    expect(t.state().error).toBeNull();
  });

  it("closing while a preview runs cancels it, closes the wizard and ignores the late answer", async () => {
    const t = setup({ cancel: async () => void t.calls.push("cancel") });
    const opening = t.importer.openSample("permission-matrix.xlsx");
    await t.settle();
    await t.importer.close();
    expect(t.calls.slice(-2)).toEqual(["cancel", "close"]);
    expect(t.state().phase).toBe("start");
    t.previews[0]!.step({ stage: "checking", fraction: 0.9, detail: "" });
    t.previews[0]!.resolve(review());
    await opening;
    expect(t.state().phase).toBe("start");
    expect(t.state().review).toBeNull();
    expect(t.state().step).toBeNull();
  });

  it("closing a review calls import_close and clears the last result", async () => {
    const t = setup();
    await reviewed(t);
    await t.importer.close();
    expect(t.calls.at(-1)).toBe("close");
    expect(t.calls).not.toContain("cancel");
    expect(t.state().phase).toBe("start");
    expect(t.state().done).toBeNull();
  });

  it("a warning selects its sheet and targets its cell; the same warning again scrolls again", async () => {
    const t = setup();
    await reviewed(t);
    t.importer.selectSheet(0);
    t.importer.showWarning("Access!F12");
    expect(t.state().selected).toBe(2);
    expect(t.state().target).toMatchObject({ sheet: 2, row: 11, col: 5 });
    const seq = t.state().target!.seq;
    t.importer.showWarning("Access!F12");
    expect(t.state().target!.seq).toBeGreaterThan(seq);
    t.importer.showWarning("Legend");
    expect(t.state().selected).toBe(1);
    expect(t.state().target).toBeNull();
    t.importer.showWarning("somewhere else");
    expect(t.state().selected).toBe(1);
  });

  it("keeps the selected sheet across a re-preview", async () => {
    const t = setup();
    await reviewed(t);
    t.importer.selectSheet(1);
    const changing = t.importer.setLayout(0, "raci");
    await t.settle();
    t.previews.at(-1)!.resolve(review());
    await changing;
    expect(t.state().selected).toBe(1);
  });
});

describe("decisions", () => {
  it("whether an import would change anything", () => {
    expect(wouldChange({ new: 0, changed: 0, unchanged: 10 })).toBe(false);
    expect(wouldChange({ new: 0, changed: 1, unchanged: 10 })).toBe(true);
  });

  it("the changes-by-kind total is the sum of its rows", () => {
    expect(
      kindsTotal([
        ["grant", { new: 9, changed: 0, unchanged: 3 }],
        ["role", { new: 1, changed: 2, unchanged: 4 }],
      ]),
    ).toEqual({ new: 10, changed: 2, unchanged: 7 });
    expect(kindsTotal([])).toEqual({ new: 0, changed: 0, unchanged: 0 });
  });

  it("where Preview again is offered", () => {
    const model = { revision: 9, redo_label: null };
    const stale: AppError = { code: "import_stale", message: "the model changed" };
    const broken: AppError = { code: "import_corrupt", message: "not a spreadsheet" };
    // Stopped: again, unless the file could not be read at all.
    expect(previewAgainAt({ phase: "stopped", error: null, review: null, model })).toBe("stopped");
    expect(previewAgainAt({ phase: "stopped", error: stale, review: null, model })).toBe("stopped");
    expect(previewAgainAt({ phase: "stopped", error: broken, review: null, model })).toBeNull();
    // A preview the model moved on from: beside it, whatever the error says.
    expect(previewAgainAt({ phase: "review", error: null, review: review({ revision: 8 }), model })).toBe("stale");
    expect(previewAgainAt({ phase: "review", error: stale, review: review({ revision: 8 }), model })).toBe("stale");
    // Apply refused as stale although the shown preview matches: in the error.
    expect(previewAgainAt({ phase: "review", error: stale, review: review({ revision: 9 }), model })).toBe("error");
    expect(previewAgainAt({ phase: "review", error: null, review: review({ revision: 9 }), model })).toBeNull();
    expect(previewAgainAt({ phase: "previewing", error: stale, review: review({ revision: 8 }), model })).toBeNull();
  });
});
