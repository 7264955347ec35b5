import { describe, expect, it } from "vitest";
import type { VirtualItem } from "@tanstack/virtual-core";
import { mountGrid, SlotKeeper, type Slotted } from "./virtual";

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

describe("SlotKeeper", () => {
  const items = (from: number, to: number): VirtualItem[] =>
    Array.from({ length: to - from }, (_, k) => ({ key: from + k, index: from + k, start: (from + k) * 10, end: (from + k + 1) * 10, size: 10, lane: 0 }));
  // In index order, to compare (the keeper hands them out in slot order).
  const slots = (s: Slotted[]) => s.map((x) => [x.item.index, x.slot]).sort((x, y) => x[0]! - y[0]!);

  it("keeps the slot of an item that stays in view and hands freed slots to the items coming in", () => {
    const keeper = new SlotKeeper();
    expect(slots(keeper.assign(items(0, 4)))).toEqual([[0, 0], [1, 1], [2, 2], [3, 3]]);
    // Two rows down: 0 and 1 leave, 4 and 5 take their slots; 2 and 3 keep theirs.
    expect(slots(keeper.assign(items(2, 6)))).toEqual([[2, 2], [3, 3], [4, 0], [5, 1]]);
    // A jump far away: every slot is reused, none is added.
    expect(slots(keeper.assign(items(100, 104))).map(([, s]) => s).sort()).toEqual([0, 1, 2, 3]);
    // Back up by one: 99 comes in and takes the slot 103 frees.
    const back = keeper.assign(items(99, 103));
    expect(back.map((x) => x.item.index).sort((x, y) => x - y)).toEqual([99, 100, 101, 102]);
    expect(new Set(back.map((x) => x.slot)).size).toBe(4);
  });

  it("hands the items out in slot order, so that keyed by slot no node moves", () => {
    const keeper = new SlotKeeper();
    keeper.assign(items(0, 4));
    const down = keeper.assign(items(2, 6));
    expect(down.map((x) => x.slot)).toEqual([0, 1, 2, 3]);
    expect(down.map((x) => x.item.index)).toEqual([4, 5, 2, 3]);
  });

  it("adds a slot only when more items are in view than before", () => {
    const keeper = new SlotKeeper();
    keeper.assign(items(0, 2));
    const more = keeper.assign(items(0, 5));
    expect(slots(more)).toEqual([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]]);
    expect(keeper.assign([])).toEqual([]);
    expect(slots(keeper.assign(items(7, 9)))).toEqual([[7, 0], [8, 1]]);
  });
});
