// The cells of one previewed sheet, fetched from the backend in windows of rows as the
// grid scrolls to them and cached (the least recently used dropped past a limit), so a
// 100,000-row sheet costs only the rows looked at.

import type { AppError } from "../bindings/AppError";
import type { CellWindow } from "../bindings/CellWindow";
import { toAppError } from "./errors";
import { marksByCell, type Mark } from "./importer";

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

/** Column widths in pixels from a sample of rows: wide enough for most text, within limits. */
export function columnWidths(sample: readonly (readonly string[])[] | null, width: number): number[] {
  const chars = new Array<number>(width).fill(0);
  for (const row of sample ?? []) {
    for (let c = 0; c < width; c++) {
      const text = row[c] ?? "";
      // The first line only: a line break shows as one line in the grid.
      const line = text.split("\n", 1)[0]!.length;
      if (line > chars[c]!) chars[c] = line;
    }
  }
  return chars.map((n) => Math.min(280, Math.max(64, Math.round(n * 7 + 18))));
}
