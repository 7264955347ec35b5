// The cells of one previewed sheet, fetched from the backend in windows of rows as the
// grid scrolls to them and cached (the least recently used dropped past a limit), so a
// 100,000-row sheet costs only the rows looked at.

import type { AppError } from "../bindings/AppError";
import type { CellWindow } from "../bindings/CellWindow";
import { toAppError } from "./errors";

/** What the grid draws for one marked cell. */
export interface Mark {
  role: "header" | "read" | "warning";
  message: string | null;
}

/** The marks of a window by cell, keyed `"row:col"` (0-based); a warning wins over the rest. */
export function marksByCell(marks: CellWindow["marks"]): Map<string, Mark> {
  const out = new Map<string, Mark>();
  for (const m of marks) {
    const key = `${m.row}:${m.col}`;
    const earlier = out.get(key);
    if (earlier?.role === "warning" && m.role !== "warning") continue;
    if (earlier?.role === "warning" && m.role === "warning") {
      out.set(key, { role: "warning", message: [earlier.message, m.message].filter(Boolean).join("\n") || null });
      continue;
    }
    out.set(key, { role: m.role, message: m.message });
  }
  return out;
}

/** Rows fetched at a time. */
export const WINDOW_ROWS = 200;
/** Windows kept in memory at most. */
export const KEPT_WINDOWS = 40;

interface Loaded {
  cells: string[][];
  marks: Map<string, Mark>;
  used: number;
}

export class SheetCells {
  /** The sheet's size once the first window has come (the grid's extent). */
  height: number | null = null;
  width: number | null = null;
  /** The first window, for sizing the columns. */
  first: string[][] | null = null;
  error: AppError | null = null;
  private windows = new Map<number, Loaded>();
  private loading = new Set<number>();
  private failed = new Set<number>();
  private clock = 0;
  private disposed = false;

  constructor(
    private readonly fetch: (firstRow: number, count: number) => Promise<CellWindow>,
    private readonly changed: () => void,
  ) {}

  /** Makes sure rows `first..last` (inclusive, 0-based) are loaded or on their way. */
  want(first: number, last: number): void {
    if (last < first || first < 0) return;
    const from = Math.floor(first / WINDOW_ROWS);
    const to = Math.floor(last / WINDOW_ROWS);
    for (let w = from; w <= to; w++) {
      const have = this.windows.get(w);
      if (have) have.used = ++this.clock;
      else if (!this.loading.has(w) && !this.failed.has(w)) void this.load(w);
    }
  }

  /** A cell's text; `undefined` while its window is not loaded. */
  text(row: number, col: number): string | undefined {
    const w = this.windows.get(Math.floor(row / WINDOW_ROWS));
    if (!w) return undefined;
    return w.cells[row % WINDOW_ROWS]?.[col] ?? "";
  }

  /** Whether row `row`'s window is loaded. */
  loaded(row: number): boolean {
    return this.windows.has(Math.floor(row / WINDOW_ROWS));
  }

  mark(row: number, col: number): Mark | undefined {
    return this.windows.get(Math.floor(row / WINDOW_ROWS))?.marks.get(`${row}:${col}`);
  }

  /** How many windows are held (for tests). */
  get size(): number {
    return this.windows.size;
  }

  /** Stops taking answers (the sheet or the preview changed). */
  dispose(): void {
    this.disposed = true;
  }

  private async load(w: number): Promise<void> {
    this.loading.add(w);
    try {
      const window = await this.fetch(w * WINDOW_ROWS, WINDOW_ROWS);
      if (this.disposed) return;
      this.windows.set(w, { cells: window.cells, marks: marksByCell(window.marks), used: ++this.clock });
      this.height = window.height;
      this.width = window.width;
      if (w === 0) this.first = window.cells;
      this.evict();
    } catch (reason) {
      if (this.disposed) return;
      this.failed.add(w);
      this.error = toAppError(reason);
    } finally {
      this.loading.delete(w);
    }
    this.changed();
  }

  private evict(): void {
    while (this.windows.size > KEPT_WINDOWS) {
      let oldest: number | null = null;
      let used = Infinity;
      for (const [w, loaded] of this.windows) {
        if (loaded.used < used) {
          used = loaded.used;
          oldest = w;
        }
      }
      if (oldest === null) return;
      this.windows.delete(oldest);
    }
  }
}

/** The widest a column gets from its text (wider text shows an ellipsis and a tooltip). */
export const MAX_COLUMN_PX = 180;
export const MIN_COLUMN_PX = 64;

/** The width in pixels a line of text takes in a cell (roughly 7 px a character, plus padding). */
export function textWidth(text: string): number {
  // The first line only: a line break shows as one line in the grid.
  return Math.round(text.split("\n", 1)[0]!.length * 7 + 18);
}

/**
 * Column widths in pixels from a sample of rows (the first window, from row 0): wide enough
 * for most text, within limits. `headerRow` (0-based), when known: rows above it (a title, a
 * note across the top) do not widen the columns, so a long title in A1 leaves the data in view.
 */
export function columnWidths(sample: readonly (readonly string[])[] | null, width: number, headerRow: number | null = null): number[] {
  const chars = new Array<number>(width).fill(0);
  let rows = sample ?? [];
  if (headerRow !== null && headerRow > 0 && headerRow < rows.length) rows = rows.slice(headerRow);
  for (const row of rows) {
    for (let c = 0; c < width; c++) {
      const px = textWidth(row[c] ?? "");
      if (px > chars[c]!) chars[c] = px;
    }
  }
  return chars.map((px) => Math.min(MAX_COLUMN_PX, Math.max(MIN_COLUMN_PX, px)));
}
