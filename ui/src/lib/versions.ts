// The Versions page's decisions: a diff's entities with their changed fields, and the
// totals by kind in words.

import type { Counts } from "../bindings/Counts";
import type { EntityDiff } from "../bindings/EntityDiff";
import type { Summary } from "../bindings/Summary";
import type { VersionDiff } from "../bindings/VersionDiff";
import type { VersionInfo } from "../bindings/VersionInfo";
import type { VersionInput } from "../bindings/VersionInput";
import { fieldChanges, type FieldChange } from "./audit";
import { humanize } from "./wording";

export type { VersionDiff, VersionInfo };

/** What the model is compared to when no version is named. */
export const CURRENT = "current";

/** The versions' commands (src-tauri: versions, add_version, diff_versions, restore_version). */
export interface VersionsBackend {
  list(): Promise<VersionInfo[]>;
  add(input: VersionInput): Promise<Summary>;
  diff(from: string | null, to: string | null): Promise<VersionDiff>;
  restore(name: string): Promise<Summary>;
}

export interface DiffRow {
  kind: string;
  key: string;
  change: EntityDiff["change"];
  fields: FieldChange[];
}

export function diffRows(d: VersionDiff): DiffRow[] {
  const value = (e: EntityDiff["before"]) => (e ? (e.value as unknown as Record<string, unknown>) : null);
  return d.diff.entities.map((e) => ({
    kind: e.kind,
    key: e.key,
    change: e.change,
    fields: fieldChanges(value(e.before), value(e.after)),
  }));
}

/** How many of a kind (by its field in `Counts`), in words: "1 grant", "2 SoD rules". */
export function countOf(field: string, n: number): string {
  const plural = field === "sod_rules" ? "SoD rules" : humanize(field).toLowerCase();
  if (n !== 1) return `${n} ${plural}`;
  const singular = field === "people" ? "person" : plural.replace(/ies$/, "y").replace(/s$/, "");
  return `1 ${singular}`;
}

/** "2 assignments added, 1 grant removed": the non-zero totals, by kind. */
export function totalsText(d: VersionDiff): string {
  const parts: string[] = [];
  const each = (counts: Counts, word: string) => {
    for (const [kind, n] of Object.entries(counts)) {
      if (n > 0) parts.push(`${countOf(kind, n)} ${word}`);
    }
  };
  each(d.added, "added");
  each(d.removed, "removed");
  each(d.changed, "changed");
  if (d.diff.meta) parts.push("model name or description changed");
  return parts.length === 0 ? "No differences." : `${parts.join(", ")}.`;
}
