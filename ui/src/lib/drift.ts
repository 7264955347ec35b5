// The Drift page's decisions: the differences between the model and an actual access
// export, named as people read them (the model's names for matched entries, the export's
// text for unmatched ones), each with its source cell; and the counts in words.

import type { DriftCounts } from "../bindings/DriftCounts";
import type { DriftEntry } from "../bindings/DriftEntry";
import type { DriftLists } from "../bindings/DriftLists";
import type { DriftReport } from "../bindings/DriftReport";
import type { Finding } from "../bindings/Finding";
import type { LastDriftCheck } from "../bindings/LastDriftCheck";
import type { Model } from "../bindings/Model";
import type { SampleInfo } from "../bindings/SampleInfo";
import type { Step } from "../bindings/Step";
import type { UnmatchedEntry } from "../bindings/UnmatchedEntry";

export type { DriftReport, LastDriftCheck };

/** The drift commands (src-tauri: drift_last, drift_samples, drift_dialog, drift_check, drift_check_sample). */
export interface DriftBackend {
  last(): Promise<LastDriftCheck | null>;
  samples(): Promise<SampleInfo[]>;
  /** The native open dialog: the picked file's path, `null` when cancelled. */
  choose(): Promise<string | null>;
  check(file: string, at: string | null, onstep: (step: Step) => void): Promise<DriftReport>;
  checkSample(name: string, at: string | null, onstep: (step: Step) => void): Promise<DriftReport>;
}

/** "2 unauthorised, 1 missing, 1 expired still present, 2 unmatched", or "No drift". */
export function countsText(c: DriftCounts): string {
  if (c.unauthorised + c.missing + c.expired_present + c.unmatched === 0) return "No drift";
  return `${c.unauthorised} unauthorised, ${c.missing} missing, ${c.expired_present} expired still present, ${c.unmatched} unmatched`;
}

/** One row of a drift table, as shown. */
export interface DriftRow {
  person: string;
  role: string;
  environment: string;
  /** The export's cell ("Users!A7"), or "—" for a missing assignment, which no row shows. */
  source: string;
  /** For unmatched rows: what the model does not have. */
  why?: string;
  /** Access outside the model that an exception in force accepts: which, and until when. */
  accepted?: string;
}

export type DriftTable = "unauthorised" | "missing" | "expired_present" | "unmatched";

export const TABLES: readonly { id: DriftTable; title: string; explain: string }[] = [
  { id: "unauthorised", title: "Unauthorised", explain: "In the export, but the model gives nobody this access." },
  { id: "missing", title: "Missing", explain: "Valid in the model on the date, but not in the export." },
  { id: "expired_present", title: "Expired but present", explain: "In the export, though the model's assignment has ended (or not started)." },
  { id: "unmatched", title: "Unmatched", explain: "Rows naming a person, role or environment the model does not have." },
];

function namer(model: Model) {
  const people = new Map(model.people.map((p) => [p.id, p.name]));
  const roles = new Map(model.roles.map((r) => [r.id, r.name]));
  const envs = new Map(model.environments.map((e) => [e.id, e.name]));
  return (e: DriftEntry): DriftRow => ({
    person: people.get(e.person) ?? e.person,
    role: roles.get(e.role) ?? e.role,
    environment: e.environment === null ? "All" : (envs.get(e.environment) ?? e.environment),
    source: e.source ?? "—",
  });
}

function unmatchedRow(u: UnmatchedEntry): DriftRow {
  return {
    person: u.person,
    role: u.role,
    environment: u.environment ?? "—",
    source: u.source ?? "—",
    why: u.unknown.length === 0 ? "" : `unknown ${u.unknown.join(", ")}`,
  };
}

/**
 * The rows of each table of `lists`, named from `model`; with the check's `findings` (one
 * per row, in each code the lists' order), the rows an exception accepts say so.
 */
export function driftRows(lists: DriftLists, model: Model, findings: readonly Finding[] = []): Record<DriftTable, DriftRow[]> {
  const named = namer(model);
  const acceptedOf = (code: string) =>
    findings
      .filter((f) => f.code === code)
      .map((f) => (f.accepted ? `accepted: exception ${f.accepted.exception} until ${f.accepted.until}` : undefined));
  const mark = (rows: DriftRow[], code: string) => {
    const accepted = acceptedOf(code);
    return rows.map((r, i) => (accepted[i] ? { ...r, accepted: accepted[i] } : r));
  };
  return {
    unauthorised: mark(lists.unauthorised.map(named), "drift_unauthorised"),
    missing: lists.missing.map(named),
    expired_present: mark(lists.expired_present.map(named), "drift_expired_present"),
    unmatched: lists.unmatched.map(unmatchedRow),
  };
}

/** "2026-12-02 09:00 UTC by ana@host", from an RFC 3339 time. */
export function checkedText(last: LastDriftCheck): string {
  const when = last.checked_at.replace("T", " ").replace(/:\d\d(\.\d+)?(Z|\+00:00)$/, " UTC");
  return `${when} by ${last.actor}`;
}
