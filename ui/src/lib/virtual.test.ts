import { describe, expect, it } from "vitest";
import { mountGrid } from "./virtual";

/** Enough of a scroll element for TanStack Virtual: a 300 × 100 viewport at the top left. */
function scroller() {
  const listeners = new Set<string>();
  const element = {
    scrollTop: 0,
    scrollLeft: 0,
    clientWidth: 300,
    clientHeight: 100,
    addEventListener: (type: string) => listeners.add(type),
    removeEventListener: (type: string) => listeners.delete(type),
    ownerDocument: { defaultView: { setTimeout, clearTimeout } },
  };
  return { element: element as unknown as HTMLDivElement, listeners };
}

describe("mountGrid", () => {
  it("virtualises rows down and columns across, handing out what is in view at once", () => {
    const { element, listeners } = scroller();
    let rows: number[] = [];
    let columns: { index: number; start: number }[] = [];
    const grid = mountGrid(
      element,
      { width: 300, height: 100 },
      { count: 1000, size: () => 25, overscan: 1, onitems: (items) => (rows = items.map((i) => i.index)) },
      { count: 50, size: (i) => (i === 0 ? 150 : 100), overscan: 0, onitems: (items) => (columns = items.map((i) => ({ index: i.index, start: i.start }))) },
    );
    // 100 px of 25 px rows, one more each side; 300 px of columns 150, 100, 100.
    expect(rows).toEqual([0, 1, 2, 3, 4]);
    expect(columns).toEqual([
      { index: 0, start: 0 },
      { index: 1, start: 150 },
      { index: 2, start: 250 },
    ]);
    expect(grid.rows.getTotalSize()).toBe(25_000);
    expect(grid.columns.getTotalSize()).toBe(150 + 49 * 100);
    expect(listeners.has("scroll")).toBe(true);
    grid.unmount();
    expect(listeners.has("scroll")).toBe(false);
  });
});
