import { describe, expect, it } from "vitest";
import type { CellWindow } from "../bindings/CellWindow";
import { columnWidths, KEPT_WINDOWS, marksByCell, SheetCells, WINDOW_ROWS } from "./sheetcells";

// A 100,000-row sheet whose cell (r, c) reads "r,c", with a warning at (250, 1).
const HEIGHT = 100_000;

function setup(fail: (first: number) => boolean = () => false) {
  const fetched: [number, number][] = [];
  let changes = 0;
  const cells = new SheetCells(
    async (first, count) => {
      fetched.push([first, count]);
      if (fail(first)) throw { code: "no_preview", message: "the import has not been previewed yet" };
      const last = Math.min(first + count, HEIGHT);
      const window: CellWindow = {
        sheet: "Access",
        first_row: first,
        height: HEIGHT,
        width: 3,
        cells: Array.from({ length: last - first }, (_, i) => [0, 1, 2].map((c) => `${first + i},${c}`)),
        marks: first <= 250 && 250 < last ? [{ row: 250, col: 1, role: "warning", message: "unknown mark" }] : [],
      };
      return window;
    },
    () => void (changes += 1),
  );
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { cells, fetched, settle, changes: () => changes };
}

describe("SheetCells", () => {
  it("fetches the windows covering the rows in view, once each", async () => {
    const t = setup();
    t.cells.want(0, 30);
    t.cells.want(10, 40); // still on its way: not fetched twice
    await t.settle();
    expect(t.fetched).toEqual([[0, WINDOW_ROWS]]);
    expect(t.cells.text(30, 2)).toBe("30,2");
    expect(t.cells.height).toBe(HEIGHT);
    expect(t.cells.width).toBe(3);
    expect(t.changes()).toBe(1);
    t.cells.want(180, 220);
    await t.settle();
    expect(t.fetched).toEqual([
      [0, WINDOW_ROWS],
      [WINDOW_ROWS, WINDOW_ROWS],
    ]);
    expect(t.cells.text(250, 1)).toBe("250,1");
    expect(t.cells.mark(250, 1)).toEqual({ role: "warning", message: "unknown mark" });
    expect(t.cells.mark(250, 0)).toBeUndefined();
  });

  it("says a row is not loaded yet rather than inventing its text", () => {
    const t = setup();
    expect(t.cells.loaded(5)).toBe(false);
    expect(t.cells.text(5, 0)).toBeUndefined();
  });

  it("jumps straight to the window of a far row (scrolling to a warning deep in the sheet)", async () => {
    const t = setup();
    t.cells.want(99_990, 99_999);
    await t.settle();
    expect(t.fetched).toEqual([[99_800, WINDOW_ROWS]]);
    expect(t.cells.text(99_999, 0)).toBe("99999,0");
  });

  it("keeps at most KEPT_WINDOWS windows, dropping the least recently used", async () => {
    const t = setup();
    for (let w = 0; w <= KEPT_WINDOWS; w++) {
      t.cells.want(w * WINDOW_ROWS, w * WINDOW_ROWS);
      await t.settle();
      if (w === 5) {
        t.cells.want(0, 0); // window 0 used again: window 1 is now the oldest
      }
    }
    expect(t.cells.size).toBe(KEPT_WINDOWS);
    expect(t.cells.loaded(0)).toBe(true);
    expect(t.cells.loaded(WINDOW_ROWS)).toBe(false);
  });

  it("keeps a failure to show and does not retry the window in a loop", async () => {
    const t = setup((first) => first === 0);
    t.cells.want(0, 10);
    await t.settle();
    t.cells.want(0, 10);
    await t.settle();
    expect(t.fetched).toHaveLength(1);
    expect(t.cells.error?.code).toBe("no_preview");
  });

  it("ignores answers after it is disposed", async () => {
    const t = setup();
    t.cells.want(0, 10);
    t.cells.dispose();
    await t.settle();
    expect(t.cells.loaded(0)).toBe(false);
    expect(t.changes()).toBe(0);
  });
});

describe("columnWidths", () => {
  it("fits the longest first line, within limits", () => {
    const widths = columnWidths(
      [
        ["Role", "x", "A very long capability name that goes on and on and on and on"],
        ["IT Administrator\nsecond line", "", ""],
      ],
      4,
    );
    expect(widths[0]).toBe(16 * 7 + 18);
    expect(widths[1]).toBe(64);
    expect(widths[2]).toBe(180);
    expect(widths[3]).toBe(64);
    expect(columnWidths(null, 2)).toEqual([64, 64]);
  });

  it("title rows above the header row do not widen the columns", () => {
    const sheet = [
      ["RACI chart for the payments platform, reviewed quarterly", "", "", ""],
      ["Owner: the platform team (ask before changing)", "", "", ""],
      [""],
      ["Activity", "Dev", "Ops", "Sec"],
      ["Deploy", "R", "A", "C"],
    ];
    const widths = columnWidths(sheet, 4, 3);
    expect(widths).toEqual(["Activity".length * 7 + 18, 64, 64, 64]);
    // Without a header row, the title counts, capped so the rest stays in view.
    expect(columnWidths(sheet, 4)[0]).toBe(180);
    // A header row beyond the sample: the sample as it is.
    expect(columnWidths(sheet, 4, 40)[0]).toBe(180);
  });
});

describe("marksByCell", () => {
  it("groups marks by cell; a warning wins and warnings at one cell are joined", () => {
    const marks = marksByCell([
      { row: 3, col: 0, role: "header", message: null },
      { row: 5, col: 2, role: "read", message: null },
      { row: 5, col: 2, role: "warning", message: "unknown mark" },
      { row: 5, col: 2, role: "read", message: null },
      { row: 5, col: 2, role: "warning", message: "second" },
    ]);
    expect(marks.get("3:0")).toEqual({ role: "header", message: null });
    expect(marks.get("5:2")).toEqual({ role: "warning", message: "unknown mark\nsecond" });
    expect(marks.get("0:0")).toBeUndefined();
  });
});
