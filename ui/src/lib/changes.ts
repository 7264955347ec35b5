// The Changes page's decisions: the request form read into the backend's input, who is
// offered to sign (eligible people first; the others are listed apart and the backend
// refuses them with the reason), whether Promote is enabled and why not, and durations in
// words. The gate rules themselves are the backend's.

import type { ChangeAttribute } from "../bindings/ChangeAttribute";
import type { ChangeInput } from "../bindings/ChangeInput";
import type { ChangeList } from "../bindings/ChangeList";
import type { ChangeRequested } from "../bindings/ChangeRequested";
import type { ChangeRow } from "../bindings/ChangeRow";
import type { ChangeStatus } from "../bindings/ChangeStatus";
import type { Named } from "../bindings/Named";
import type { SignChange } from "../bindings/SignChange";
import type { Summary } from "../bindings/Summary";
import type { Verdict } from "../bindings/Verdict";

export type { ChangeList, ChangeRequested, ChangeRow };

/** The change commands (src-tauri: changes, request_change, sign_change, promote_change). */
export interface ChangesBackend {
  list(): Promise<ChangeList>;
  request(input: ChangeInput, dryRun: boolean): Promise<ChangeRequested>;
  sign(input: SignChange): Promise<Summary>;
  /** A refused promotion is recorded on the change before the refusal is reported. */
  promote(id: string, by: string): Promise<Summary>;
  /** The open model's summary (after a refused promotion changed it). */
  summary(): Promise<Summary>;
}

export const ATTRIBUTES: readonly { id: ChangeAttribute; label: string }[] = [
  { id: "user_facing", label: "User-facing" },
  { id: "touches_integration", label: "Touches a connector" },
  { id: "changes_data_mapping", label: "Changes a data mapping" },
  { id: "new_asset", label: "New (not a modification)" },
];

const STATUS: Record<ChangeStatus, string> = {
  draft: "Draft",
  submitted: "Awaiting sign-off",
  approved: "Approved",
  rejected: "Rejected",
  deployed: "Promoted",
};

export function statusText(status: ChangeStatus): string {
  return STATUS[status];
}

const VERDICT: Record<Verdict, string> = {
  allowed: "Allowed now",
  waiting: "Waiting (timer, freeze or hours)",
  needs_approvals: "Needs approvals",
  blocked: "Blocked",
};

export function verdictText(verdict: Verdict): string {
  return VERDICT[verdict];
}

/** What the request form holds, as typed. */
export interface ChangeForm {
  requester: string;
  asset: string;
  from: string;
  to: string;
  attributes: ChangeAttribute[];
  title: string;
  description: string;
}

export function emptyForm(): ChangeForm {
  return { requester: "", asset: "", from: "", to: "", attributes: [], title: "", description: "" };
}

/** The form as the backend's input, or why it cannot be sent yet. */
export function readForm(form: ChangeForm): { input: ChangeInput } | { problem: string } {
  if (form.requester === "") return { problem: "Choose who requests the change." };
  if (form.asset === "") return { problem: "Choose the asset the change is about." };
  if (form.to === "") return { problem: "Choose the environment to promote to." };
  if (form.from !== "" && form.from === form.to) return { problem: "The change must move to another environment." };
  if (form.description.trim() === "") return { problem: "Say what the change does." };
  return {
    input: {
      requester: form.requester,
      asset: form.asset,
      from: form.from === "" ? null : form.from,
      to: form.to,
      attributes: [...form.attributes].sort(),
      title: form.title.trim() === "" ? null : form.title.trim(),
      description: form.description.trim(),
    },
  };
}

/** Whether the row's change is still open (takes sign-offs and promotion). */
export function isOpen(row: ChangeRow): boolean {
  return row.standing !== null;
}

/**
 * Who the sign-off picker offers: those eligible now, and apart from them everyone else,
 * marked as not eligible (signing as them is refused by the backend, with the reason).
 */
export function signOptions(row: ChangeRow, people: readonly Named[]): { eligible: Named[]; others: Named[] } {
  const eligible = new Set(row.signers.map((p) => p.id));
  const byName = (a: Named, b: Named) => a.name.localeCompare(b.name);
  return {
    eligible: [...row.signers].sort(byName),
    others: people.filter((p) => !eligible.has(p.id)).sort(byName),
  };
}

/** Promote's state: enabled, or disabled with the rule that holds the change. */
export function promoteState(row: ChangeRow): { enabled: boolean; reason: string | null } {
  if (row.standing === null) return { enabled: false, reason: `The change is ${statusText(row.entry.status).toLowerCase()}.` };
  const refusal = row.standing.refusal;
  return refusal === null ? { enabled: true, reason: null } : { enabled: false, reason: refusal.message };
}

/** "n of m" approvals over the row's applying requirements. */
export function approvalProgress(row: ChangeRow): { given: number; needed: number } {
  const needs = row.standing?.needs ?? [];
  let given = 0;
  let needed = 0;
  for (const n of needs) {
    needed += n.needed;
    given += Math.min(n.approvals.length, n.needed);
  }
  return { given, needed };
}

/** A duration in seconds, in words: "45 s", "2 h 05 min", "3 d 4 h". */
export function durationText(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A moment as the page shows it: `2026-12-02 09:05 UTC`. */
export function momentText(iso: string | null): string {
  if (iso === null) return "—";
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
