// The permission matrix's logic, apart from any DOM: which rows and columns are shown,
// what a cell holds, how a cell cycles, how the selection moves, the totals, and the one
// edit a change becomes. The grid component (components/MatrixGrid.svelte) only draws it.

import type { Capability } from "../bindings/Capability";
import type { Edit } from "../bindings/Edit";
import type { Effect } from "../bindings/Effect";
import type { Environment } from "../bindings/Environment";
import type { Grant } from "../bindings/Grant";
import type { Role } from "../bindings/Role";
import { inPromotionOrder } from "./wording";

/** What a cell holds: a grant's effect, or `null` for "no grant". */
export type CellValue = Effect | null;

/** The order a click or Space goes through. */
export const CYCLE: readonly CellValue[] = [null, "allow", "approval", "deny"];

export function nextValue(value: CellValue): CellValue {
  const index = CYCLE.indexOf(value);
  return CYCLE[(index + 1) % CYCLE.length] ?? null;
}

export const valueLabel: Record<Effect | "none", string> = {
  none: "No grant",
  allow: "Allow",
  approval: "Allow with approval",
  deny: "Deny",
};

export function labelOf(value: CellValue): string {
  return valueLabel[value ?? "none"];
}

/** The key of the environment group "all environments" (a grant whose environment is null). */
export const ALL_ENVIRONMENTS = "*";

/** The key of a grant: `role|capability|env`, `*` for every environment (as the backend). */
export function grantKey(role: string, capability: string, environment: string | null): string {
  return `${role}|${capability}|${environment ?? ALL_ENVIRONMENTS}`;
}

/** The grants by key, for O(1) cell look-ups. */
export function indexGrants(grants: readonly Grant[]): Map<string, Effect> {
  const index = new Map<string, Effect>();
  for (const g of grants) index.set(grantKey(g.role, g.capability, g.environment), g.effect);
  return index;
}

/** A group of columns: one environment, or every environment. */
export interface ColumnGroup {
  /** `*` or the environment id. */
  key: string;
  environment: string | null;
  label: string;
  collapsed: boolean;
  /** Where the group's columns start in `columns`, and how many there are (1 when collapsed). */
  start: number;
  span: number;
  /** Capabilities in the group that pass the filter (the columns when expanded). */
  capabilities: number;
}

export type MatrixColumn =
  | { type: "cell"; key: string; group: string; capability: Capability; environment: string | null }
  | { type: "collapsed"; key: string; group: string; hidden: number };

export interface MatrixView {
  rows: Role[];
  groups: ColumnGroup[];
  columns: MatrixColumn[];
}

export interface ViewOptions {
  roleFilter: string;
  capabilityFilter: string;
  collapsed: ReadonlySet<string>;
}

/** Case- and accent-insensitive "contains", on each of the words typed. */
export function matches(text: string, query: string): boolean {
  const fold = (s: string) =>
    s
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase();
  const haystack = fold(text);
  return fold(query)
    .split(/\s+/)
    .filter((w) => w !== "")
    .every((w) => haystack.includes(w));
}

/**
 * Rows are the roles that pass the role filter (model order); columns are the capabilities
 * that pass the capability filter, once for "all environments" and once per environment in
 * promotion order (a capability bound to one environment only under that one). A collapsed group keeps one narrow column so it can be opened again.
 */
export function buildView(
  roles: readonly Role[],
  capabilities: readonly Capability[],
  environments: readonly Environment[],
  options: ViewOptions,
): MatrixView {
  const rows = roles.filter((r) => matches(`${r.name} ${r.id}`, options.roleFilter));
  const caps = capabilities.filter((c) => matches(`${c.name} ${c.id}`, options.capabilityFilter));
  const envs: { key: string; environment: string | null; label: string }[] = [
    { key: ALL_ENVIRONMENTS, environment: null, label: "All environments" },
    ...inPromotionOrder(environments).map((e) => ({ key: e.id, environment: e.id, label: e.name })),
  ];
  const groups: ColumnGroup[] = [];
  const columns: MatrixColumn[] = [];
  for (const env of envs) {
    const collapsed = options.collapsed.has(env.key);
    const start = columns.length;
    // A capability bound to one stage (Deploy to production) only makes sense there.
    const here = caps.filter((c) => env.environment === null || c.environment === null || c.environment === env.environment);
    if (collapsed) {
      columns.push({ type: "collapsed", key: `${env.key}|collapsed`, group: env.key, hidden: here.length });
    } else {
      for (const capability of here) {
        columns.push({
          type: "cell",
          key: `${capability.id}|${env.key}`,
          group: env.key,
          capability,
          environment: env.environment,
        });
      }
    }
    groups.push({ ...env, collapsed, start, span: columns.length - start, capabilities: here.length });
  }
  return { rows, groups, columns };
}

/** The grant key of the cell at a row and column (`undefined` for a collapsed group's column). */
export function cellKey(role: Role, column: MatrixColumn): string | undefined {
  return column.type === "cell" ? grantKey(role.id, column.capability.id, column.environment) : undefined;
}

/** The value of the cell at a row and column (`undefined` for a collapsed group's column). */
export function cellValue(grants: ReadonlyMap<string, Effect>, role: Role, column: MatrixColumn): CellValue | undefined {
  const key = cellKey(role, column);
  return key === undefined ? undefined : (grants.get(key) ?? null);
}

/** Per-row and per-column counts of grants by effect, over the visible rows and columns. */
export interface Tally {
  allow: number;
  approval: number;
  deny: number;
}

export function emptyTally(): Tally {
  return { allow: 0, approval: 0, deny: 0 };
}

/** What a total shows: the grants that give access (allowed, or with approval); a deny gives none. */
export function tallyTotal(t: Tally): number {
  return t.allow + t.approval;
}

export interface Totals {
  rows: Tally[];
  columns: Tally[];
  all: Tally;
}

/** Totals by walking the grants once (the matrix is sparse), not every cell. */
export function totals(view: MatrixView, grants: readonly Grant[]): Totals {
  const rowIndex = new Map(view.rows.map((r, i) => [r.id, i]));
  const columnIndex = new Map<string, number>();
  view.columns.forEach((c, i) => {
    if (c.type === "cell") columnIndex.set(`${c.capability.id}|${c.environment ?? ALL_ENVIRONMENTS}`, i);
  });
  const rows = view.rows.map(emptyTally);
  const columns = view.columns.map(emptyTally);
  const all = emptyTally();
  for (const g of grants) {
    const r = rowIndex.get(g.role);
    const c = columnIndex.get(`${g.capability}|${g.environment ?? ALL_ENVIRONMENTS}`);
    if (r === undefined || c === undefined) continue;
    rows[r]![g.effect]++;
    columns[c]![g.effect]++;
    all[g.effect]++;
  }
  return { rows, columns, all };
}

// ----- Selection ------------------------------------------------------------------------

export interface CellPos {
  row: number;
  col: number;
}

/** The anchor stays where a range started; the focus moves with the keys or the mouse. */
export interface Selection {
  anchor: CellPos;
  focus: CellPos;
}

export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function single(pos: CellPos): Selection {
  return { anchor: pos, focus: pos };
}

export function rectOf(sel: Selection): Rect {
  return {
    top: Math.min(sel.anchor.row, sel.focus.row),
    bottom: Math.max(sel.anchor.row, sel.focus.row),
    left: Math.min(sel.anchor.col, sel.focus.col),
    right: Math.max(sel.anchor.col, sel.focus.col),
  };
}

export function inRect(rect: Rect, row: number, col: number): boolean {
  return row >= rect.top && row <= rect.bottom && col >= rect.left && col <= rect.right;
}

export function rectSize(rect: Rect): number {
  return (rect.bottom - rect.top + 1) * (rect.right - rect.left + 1);
}

/** Keeps a selection inside a grid of `rows` × `cols` (after a filter shrank it). */
export function clampSelection(sel: Selection | null, rows: number, cols: number): Selection | null {
  if (sel === null || rows === 0 || cols === 0) return null;
  const clamp = (p: CellPos): CellPos => ({
    row: Math.min(Math.max(p.row, 0), rows - 1),
    col: Math.min(Math.max(p.col, 0), cols - 1),
  });
  return { anchor: clamp(sel.anchor), focus: clamp(sel.focus) };
}

/** What a key press in the grid does. */
export type GridAction =
  | { type: "move"; selection: Selection }
  | { type: "cycle" }
  | { type: "fill"; value: CellValue }
  | { type: "none" };

export interface KeyInput {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * Arrow keys move (Shift extends the range from the anchor; Ctrl jumps to the edge),
 * Home/End go to the row's ends, PageUp/PageDown move by `page` rows; Space or Enter
 * cycle; Delete or Backspace clear the range; 0–3 fill it (no grant, allow, approval,
 * deny).
 */
export function keyAction(sel: Selection | null, key: KeyInput, rows: number, cols: number, page: number): GridAction {
  if (rows === 0 || cols === 0 || key.altKey) return { type: "none" };
  const current = sel ?? single({ row: 0, col: 0 });
  const ctrl = key.ctrlKey || key.metaKey;
  const move = (row: number, col: number): GridAction => {
    const focus = { row: Math.min(Math.max(row, 0), rows - 1), col: Math.min(Math.max(col, 0), cols - 1) };
    return { type: "move", selection: key.shiftKey ? { anchor: current.anchor, focus } : single(focus) };
  };
  const { row, col } = current.focus;
  if (sel === null && key.key.startsWith("Arrow")) return { type: "move", selection: current };
  switch (key.key) {
    case "ArrowUp":
      return move(ctrl ? 0 : row - 1, col);
    case "ArrowDown":
      return move(ctrl ? rows - 1 : row + 1, col);
    case "ArrowLeft":
      return move(row, ctrl ? 0 : col - 1);
    case "ArrowRight":
      return move(row, ctrl ? cols - 1 : col + 1);
    case "Home":
      return move(ctrl ? 0 : row, 0);
    case "End":
      return move(ctrl ? rows - 1 : row, cols - 1);
    case "PageUp":
      return move(row - page, col);
    case "PageDown":
      return move(row + page, col);
  }
  if (ctrl) {
    if (key.key.toLowerCase() === "a") return { type: "move", selection: { anchor: { row: 0, col: 0 }, focus: { row: rows - 1, col: cols - 1 } } };
    return { type: "none" };
  }
  if (sel === null) return { type: "none" };
  switch (key.key) {
    case " ":
    case "Enter":
      return { type: "cycle" };
    case "Delete":
    case "Backspace":
    case "0":
      return { type: "fill", value: null };
    case "1":
      return { type: "fill", value: "allow" };
    case "2":
      return { type: "fill", value: "approval" };
    case "3":
      return { type: "fill", value: "deny" };
  }
  return { type: "none" };
}

// ----- Edits ----------------------------------------------------------------------------

/** The edit that sets one cell: upsert the grant, or delete it for "no grant". */
export function cellEdit(role: string, column: Extract<MatrixColumn, { type: "cell" }>, value: CellValue): Edit {
  if (value === null) {
    return { op: "delete", kind: "grant", key: grantKey(role, column.capability.id, column.environment) };
  }
  return {
    op: "upsert",
    entity: {
      kind: "grant",
      value: { role, capability: column.capability.id, environment: column.environment, effect: value },
    },
  };
}

/**
 * The one edit that sets every cell of `rect` to `value`: only the cells that change, as a
 * single edit or as one batch (one audit event, one undo step). `null` when nothing changes.
 */
export function fillEdit(
  view: MatrixView,
  grants: ReadonlyMap<string, Effect>,
  rect: Rect,
  value: CellValue,
): Edit | null {
  const edits: Edit[] = [];
  for (let r = rect.top; r <= rect.bottom; r++) {
    const role = view.rows[r];
    if (!role) continue;
    for (let c = rect.left; c <= rect.right; c++) {
      const column = view.columns[c];
      if (!column || column.type !== "cell") continue;
      if (cellValue(grants, role, column) === value) continue;
      edits.push(cellEdit(role.id, column, value));
    }
  }
  if (edits.length === 0) return null;
  if (edits.length === 1) return edits[0]!;
  return { op: "batch", edits };
}

/** Space or a click: the focus cell's next value, applied to the whole selected range. */
export function cycleEdit(view: MatrixView, grants: ReadonlyMap<string, Effect>, sel: Selection): Edit | null {
  const role = view.rows[sel.focus.row];
  const column = view.columns[sel.focus.col];
  if (!role || !column || column.type !== "cell") return null;
  const value = nextValue(cellValue(grants, role, column) ?? null);
  return fillEdit(view, grants, rectOf(sel), value);
}

/** Where a grant's cell is in the view, or `null` when it is filtered out or collapsed. */
export function positionOf(view: MatrixView, role: string, capability: string, environment: string | null): CellPos | null {
  const row = view.rows.findIndex((r) => r.id === role);
  const col = view.columns.findIndex(
    (c) => c.type === "cell" && c.capability.id === capability && c.environment === environment,
  );
  return row < 0 || col < 0 ? null : { row, col };
}

/** Splits a grant key back into role, capability and environment (`null` for `*`). */
export function parseGrantKey(key: string): { role: string; capability: string; environment: string | null } | null {
  const parts = key.split("|");
  if (parts.length !== 3 || parts.some((p) => p === "")) return null;
  const [role, capability, env] = parts as [string, string, string];
  return { role, capability, environment: env === ALL_ENVIRONMENTS ? null : env };
}
