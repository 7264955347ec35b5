// Mounting @tanstack/virtual-core virtualizers by hand (there is no Svelte 5 adapter): each
// one is attached to its scroll element and measured once; the returned function detaches
// them all (an effect's cleanup).

import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
  type VirtualItem,
} from "@tanstack/virtual-core";

export function mountVirtualizers<S extends Element, I extends Element>(
  ...virtualizers: Virtualizer<S, I>[]
): () => void {
  const unmounts = virtualizers.map((v) => v._didMount());
  for (const v of virtualizers) v._willUpdate();
  return () => {
    for (const unmount of unmounts) unmount();
  };
}

export type GridVirtualizer = Virtualizer<HTMLDivElement, HTMLDivElement>;

/** One axis of a grid: how many rows or columns, each one's size, and how many beyond view. */
export interface GridAxis {
  count: number;
  size: (index: number) => number;
  overscan: number;
  /** The rows or columns in view, whenever that range changes (and once at the start). */
  onitems: (items: VirtualItem[]) => void;
}

/** A mounted grid: each axis's virtualizer (to scroll to an index) and the cleanup. */
export interface MountedGrid {
  rows: GridVirtualizer;
  columns: GridVirtualizer;
  unmount: () => void;
}

/**
 * Both axes of a grid virtualised on one scroll element (the matrix, a sheet's cells): a
 * vertical virtualizer for the rows and a horizontal one for the columns, mounted, with
 * the items in view handed out at once. `initialRect` is the size assumed until measured.
 */
export function mountGrid(
  element: HTMLDivElement,
  initialRect: { width: number; height: number },
  rows: GridAxis,
  columns: GridAxis,
): MountedGrid {
  const common = {
    getScrollElement: () => element,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    initialRect,
  };
  const axis = (a: GridAxis, horizontal: boolean): GridVirtualizer =>
    new Virtualizer<HTMLDivElement, HTMLDivElement>({
      ...common,
      horizontal,
      count: a.count,
      estimateSize: a.size,
      overscan: a.overscan,
      onChange: (v) => a.onitems(v.getVirtualItems()),
    });
  const rv = axis(rows, false);
  const cv = axis(columns, true);
  const unmount = mountVirtualizers(rv, cv);
  rows.onitems(rv.getVirtualItems());
  columns.onitems(cv.getVirtualItems());
  return { rows: rv, columns: cv, unmount };
}

/**
 * Keeps a grid's frozen header panes scrolled with it (the column headers across, the row
 * headers down); returns the grid's scrollbar sizes, so the panes can scroll as far.
 */
export function syncHeaderPanes(
  grid: HTMLElement,
  colPane: HTMLElement | undefined,
  rowPane: HTMLElement | undefined,
): { x: number; y: number } {
  if (colPane) colPane.scrollLeft = grid.scrollLeft;
  if (rowPane) rowPane.scrollTop = grid.scrollTop;
  return { x: grid.offsetWidth - grid.clientWidth, y: grid.offsetHeight - grid.clientHeight };
}

/** An item in view with the slot (the DOM node) it is drawn in. */
export interface Slotted {
  slot: number;
  item: VirtualItem;
}

/**
 * Keeps the DOM nodes of a virtualised axis: an item that stays in view keeps its slot, and
 * an item coming into view takes a slot one leaving it freed. Keyed by slot, a scrolled
 * frame updates the nodes of the rows that came into view instead of destroying and
 * creating them. The items come in slot order, not in index order, so that no node is
 * ever moved either (moving them cost WebKitGTK more layout than the reuse saved): the
 * nodes' order is not the grid's, so each carries its own position (aria-rowindex,
 * aria-colindex) and is placed absolutely. Slots number no more than the most items ever
 * in view at once.
 */
export class SlotKeeper {
  private slots = new Map<number, number>();

  assign(items: VirtualItem[]): Slotted[] {
    const kept = new Map<number, number>();
    const used = new Set<number>();
    for (const item of items) {
      const slot = this.slots.get(item.index);
      if (slot !== undefined) {
        kept.set(item.index, slot);
        used.add(slot);
      }
    }
    let free = 0;
    const out = items.map((item) => {
      let slot = kept.get(item.index);
      if (slot === undefined) {
        while (used.has(free)) free++;
        slot = free;
        used.add(slot);
        kept.set(item.index, slot);
      }
      return { slot, item };
    });
    this.slots = kept;
    return out.sort((x, y) => x.slot - y.slot);
  }
}
