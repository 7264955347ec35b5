// Choosing where a sheet's parts are in the import wizard (issue 9): its header row, the
// column of labels and the columns of marks of a grid, or which column is which field of a
// list. What the person picks becomes the sheet's mapping (the same as a mapping file's
// [[sheet]]), previewed again by the backend; what it lacks to be read is said before.

import type { Axis } from "../bindings/Axis";
import type { Layout } from "../bindings/Layout";
import type { ReviewSheet } from "../bindings/ReviewSheet";
import type { SheetMapping } from "../bindings/SheetMapping";
import { columnLetter } from "./cellref";

/** A grid (labels down the side, marks across) or a list (one row per entry, a column per field). */
export type Shape = "grid" | "list";

export interface PartsForm {
  layout: Layout;
  shape: Shape;
  /** 1-based. */
  header_row: number;
  label_column: string | null;
  group_column: string | null;
  roles_in: Axis;
  columns: string[];
  /** Field → column letter; a field left out is not read. */
  fields: Record<string, string>;
}

/** The shapes a layout can be read in, the first its usual one. */
export function shapesOf(layout: Layout): Shape[] {
  switch (layout) {
    case "matrix":
      return ["grid", "list"];
    case "raci":
    case "crud":
      return ["grid"];
    case "assignments":
    case "sod_rules":
      return ["list"];
    case "skipped":
      return [];
  }
}

/** What each field of a list is, in words. */
const FIELD_LABELS: Record<string, string> = {
  person: "Person",
  role: "Role",
  email: "E-mail",
  environment: "Environment",
  valid_from: "Valid from",
  valid_until: "Valid until",
  granted_by: "Granted by",
  status: "Status or decision",
  left: "First side of the rule",
  right: "Second side of the rule",
  severity: "Risk level",
  mitigation: "Mitigation",
  name: "Rule name or id",
  description: "Description",
  left_system: "System of the first side",
  right_system: "System of the second side",
  capability: "Capability (a permission list: flags across)",
  resource: "Resource (an access list: one grant per row)",
  level: "Access level",
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** The form for a sheet as the preview read it. */
export function formOf(sheet: Pick<ReviewSheet, "mapping" | "header_row" | "layout" | "chosen">): PartsForm {
  const m = sheet.mapping;
  const layout = sheet.chosen ?? m.layout;
  const fields: Record<string, string> = {};
  for (const [field, letter] of Object.entries(m.fields ?? {})) if (letter !== undefined) fields[field] = letter;
  const shapes = shapesOf(layout);
  const listed = Object.keys(fields).length > 0;
  const shape: Shape = shapes.includes("list") && (listed || !shapes.includes("grid")) ? "list" : "grid";
  return {
    layout,
    shape,
    header_row: m.header_row ?? sheet.header_row ?? 1,
    label_column: m.label_column ?? null,
    group_column: m.group_column ?? null,
    roles_in: m.roles_in ?? "columns",
    columns: [...(m.columns ?? [])],
    fields,
  };
}

/** The columns to choose from: "C · Citizen Developer" (the header row's text), or the letter. */
export function columnChoices(sheet: Pick<ReviewSheet, "columns" | "headers">): { letter: string; label: string }[] {
  const count = Math.max(Math.min(sheet.columns, 200), sheet.headers.length);
  return Array.from({ length: count }, (_, c) => {
    const letter = columnLetter(c);
    const header = sheet.headers[c] ?? "";
    return { letter, label: header === "" ? letter : `${letter} · ${header}` };
  });
}

/** What the form lacks to read anything, in words, or `null` when it can be read. */
export function partsProblem(form: PartsForm, sheet: Pick<ReviewSheet, "rows">): string | null {
  if (!Number.isInteger(form.header_row) || form.header_row < 1 || form.header_row > Math.max(sheet.rows, 1)) {
    return `The header row is a row of the sheet: 1 to ${Math.max(sheet.rows, 1)}.`;
  }
  if (form.shape === "grid") {
    if (form.label_column === null) return "Choose the column of labels down the side.";
    if (form.columns.length === 0) return "Tick at least one column of marks or letters.";
    if (form.columns.includes(form.label_column)) return "The column of labels cannot also be a column of marks.";
    return null;
  }
  const f = form.fields;
  switch (form.layout) {
    case "matrix":
      if (!f.role) return "Choose the role column.";
      if (!f.resource && !f.capability) return "Choose the resource column (an access list) or the capability column (a permission list).";
      if (!f.resource && form.columns.length === 0) return "A permission list needs its flag columns ticked.";
      return null;
    case "assignments":
      if (!f.person) return "Choose the person column.";
      if (!f.role && form.columns.length === 0) return "Choose the role column, or tick the role columns across.";
      return null;
    case "sod_rules":
      if (!f.left || !f.right) return "Choose the columns of the rule's two sides.";
      return null;
    default:
      return null;
  }
}

/**
 * The sheet's mapping the form describes: what the backend reads the sheet with. The
 * environment, environment row and sub-header the preview found are kept for a grid.
 */
export function partsOf(form: PartsForm, sheet: Pick<ReviewSheet, "name" | "mapping">): SheetMapping {
  const kept = sheet.mapping;
  const base: SheetMapping = { name: sheet.name, layout: form.layout, header_row: form.header_row };
  if (form.shape === "grid") {
    return {
      ...base,
      roles_in: form.roles_in,
      label_column: form.label_column ?? undefined,
      group_column: form.group_column ?? undefined,
      columns: [...form.columns],
      environment: kept.environment,
      environment_row: kept.environment_row,
      subheader_row: kept.subheader_row,
    };
  }
  const fields: Record<string, string> = {};
  for (const [field, letter] of Object.entries(form.fields)) if (letter) fields[field] = letter;
  return { ...base, fields, columns: form.columns.length > 0 ? [...form.columns] : undefined };
}

/** Ticks or unticks a column of marks, keeping the columns in sheet order. */
export function toggleColumn(columns: readonly string[], letter: string, on: boolean, order: readonly string[]): string[] {
  const set = new Set(columns);
  if (on) set.add(letter);
  else set.delete(letter);
  return order.filter((l) => set.has(l));
}
