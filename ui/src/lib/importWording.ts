// The import wizard's sentences: progress, counts, what the preview read, what went wrong
// with a sheet, what the last import did. Pure text from the backend's answers; which one
// is shown is decided in importer.ts.

import type { ChangeCounts } from "../bindings/ChangeCounts";
import type { ImportReview } from "../bindings/ImportReview";
import type { Layout } from "../bindings/Layout";
import type { ReviewSheet } from "../bindings/ReviewSheet";
import type { Stage } from "../bindings/Stage";
import { plural } from "./wording";

export const STALE_TEXT =
  "The model changed since this preview (an edit or an undo). Preview again to see what the file would change.";

/** 0.423 → "42%" (clamped to 0–100, rounded down so 100% means done). */
export function percentText(fraction: number): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  return `${Math.floor(f * 100)}%`;
}

const STAGES: Record<Stage, string> = {
  reading: "Reading the file",
  recognising: "Recognising the layout",
  matching: "Matching names to the model",
  checking: "Checking the result",
  writing: "Writing the package",
  signing: "Signing and checking the package",
  planning: "Planning the requests",
  simulating: "Simulating the approvals",
};

/** "Reading the file" etc. */
export function stageText(stage: Stage): string {
  return STAGES[stage] ?? stage;
}

/** "12 new · 3 changed · 40 unchanged". */
export function changesText(changes: ChangeCounts): string {
  return `${count(changes.new)} new · ${count(changes.changed)} changed · ${count(changes.unchanged)} unchanged`;
}

/** The success line: "Imported raci.xlsx: 12 new, 3 changed — Undo (Ctrl+Z) takes it back". */
export function importedText(done: { file: string; changes: ChangeCounts; changed: boolean }): string {
  if (!done.changed) return `Imported ${done.file}: nothing changed`;
  return `Imported ${done.file}: ${count(done.changes.new)} new, ${count(done.changes.changed)} changed — Undo (Ctrl+Z) takes it back`;
}

/** The line while the last import is the next redo. */
export function undoneText(file: string): string {
  return `The import of ${file} was undone — Redo (Ctrl+Y) brings it back`;
}

/** "Read 12 grants, 1 RACI entry" or "No rows read: check each sheet's layout". */
export function rowsReadText(review: Pick<ImportReview, "rows" | "warnings_total">): string {
  const r = review.rows;
  const parts = [
    [r.grants, "grant", "grants"],
    [r.raci, "RACI entry", "RACI entries"],
    [r.assignments, "assignment", "assignments"],
    [r.sod_rules, "SoD rule", "SoD rules"],
  ] as const;
  const read = parts.filter(([n]) => n > 0).map(([n, one, many]) => plural(n, one, many));
  const rows = read.length > 0 ? `Read ${read.join(", ")}` : "No rows read: check each sheet's layout";
  const warnings = review.warnings_total > 0 ? `, with ${plural(review.warnings_total, "warning", "warnings")}` : "";
  return `${rows}${warnings}.`;
}

/** Why there is nothing to apply: no sheet read at all. */
export const NOTHING_READ_TEXT =
  "Nothing to import: no sheet was read as a layout Gatehouse knows. Choose how to read a sheet below.";

/** Why there is nothing to apply: all that was read is in the model already. */
export const NOTHING_NEW_TEXT = "Nothing to import: everything in this file is already in the model.";

/**
 * A sheet's note from the backend in plain words: a range of one column is that column
 * ("roles in columns E–E" → "roles in column E"), and a sheet of marks with nothing left
 * of them to name what they are about is what it most often is, a legend.
 */
export function plainNote(note: string): string {
  if (/^marks found, but no column of labels left of column [A-Z]+$/.test(note)) {
    return "This looks like a legend: it maps letters to meanings, with nothing beside them to apply them to.";
  }
  return note.replace(/\bcolumns ([A-Z]+)–\1\b/g, "column $1");
}

/**
 * What went wrong with a sheet read as the person chose, or `null`: a chosen layout that found
 * nothing to read leaves the sheet skipped, and its note says why ("raci as chosen: no
 * columns of …") → "Nothing read as a RACI chart: no columns of …".
 */
export function sheetProblem(sheet: Pick<ReviewSheet, "layout" | "chosen" | "note">): string | null {
  const chosen = sheet.chosen;
  if (chosen === null || chosen === "skipped" || sheet.layout !== "skipped") return null;
  const prefix = `${chosen} as chosen: `;
  const note = sheet.note.startsWith(prefix) ? sheet.note.slice(prefix.length) : sheet.note;
  const why = plainNote(note);
  const label = layoutLabel(chosen);
  const article = /^[AEIOU]/.test(label) ? "an" : "a";
  const what = chosen === "sod_rules" ? label : `${article} ${label}`;
  return why.trim() === "" ? `Nothing read as ${what}` : `Nothing read as ${what}: ${why}`;
}

/** 12345 → "12,345". */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** 1536 → "1.5 KB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return plural(bytes, "byte", "bytes");
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** What a re-preview is doing: "Reading sheet Access as Permission matrix". */
export function pendingText(sheet: string | undefined, layout: Layout): string {
  if (sheet === undefined) return "Previewing";
  return layout === "skipped" ? `Previewing without sheet ${sheet}` : `Reading sheet ${sheet} as ${layoutLabel(layout)}`;
}

export const LAYOUTS: readonly { value: Layout; label: string }[] = [
  { value: "matrix", label: "Permission matrix" },
  { value: "raci", label: "RACI chart" },
  { value: "crud", label: "CRUD matrix" },
  { value: "assignments", label: "Assignment list" },
  { value: "sod_rules", label: "SoD rules" },
  { value: "skipped", label: "Skip" },
];

export function layoutLabel(layout: Layout): string {
  return LAYOUTS.find((l) => l.value === layout)?.label ?? layout;
}

const KINDS: Record<string, string> = {
  person: "People",
  role: "Roles",
  capability: "Capabilities",
  environment: "Environments",
  grant: "Grants",
  assignment: "Assignments",
  asset: "Assets",
  ownership: "Ownerships",
  sod_rule: "SoD rules",
  gate: "Gates",
  change_request: "Change requests",
  escalation_path: "Escalation paths",
  access_review: "Access reviews",
  exception: "Exceptions",
  responsibility: "RACI responsibilities",
};

/** An entity kind as a heading: "grant" → "Grants". */
export function kindLabel(kind: string): string {
  return KINDS[kind] ?? kind;
}

/** "Ana, Ben and 48 more" for the first names of `total`. */
export function namesText(names: readonly string[], total: number): string {
  const rest = total - names.length;
  const list = names.join(", ");
  return rest > 0 ? `${list} and ${count(rest)} more` : list;
}

/** The first characters of a SHA-256, enough to compare by eye. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}

