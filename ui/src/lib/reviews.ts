// The Reviews page's decisions: a campaign's progress in words, the start form and the
// decision form read into the backend's inputs (refused here with a word when a field
// cannot be read; the review rules — no decision on one's own access — are the backend's).

import type { DecideInput } from "../bindings/DecideInput";
import type { ReviewBoard } from "../bindings/ReviewBoard";
import type { ReviewDecisionKind } from "../bindings/ReviewDecisionKind";
import type { ReviewImportOutcome } from "../bindings/ReviewImportOutcome";
import type { ReviewInput } from "../bindings/ReviewInput";
import type { ReviewItemView } from "../bindings/ReviewItemView";
import type { ReviewerSource } from "../bindings/ReviewerSource";
import type { ReviewView } from "../bindings/ReviewView";
import type { Summary } from "../bindings/Summary";
import { readDate } from "./dates";

export type { ReviewBoard, ReviewImportOutcome, ReviewItemView, ReviewView };

/** The campaigns' commands (src-tauri: reviews, start_review, …, review_import_dialog). */
export interface ReviewsBackend {
  board(at: string | null): Promise<ReviewBoard>;
  start(input: ReviewInput): Promise<Summary>;
  startScheduled(id: string): Promise<Summary>;
  decide(input: DecideInput): Promise<Summary>;
  close(id: string): Promise<Summary>;
  /** The number of items written, or null when the person cancels the dialog. */
  exportXlsx(id: string): Promise<number | null>;
  importXlsx(id: string): Promise<ReviewImportOutcome | null>;
}

export const DECISIONS: readonly { kind: ReviewDecisionKind; label: string }[] = [
  { kind: "keep", label: "Keep" },
  { kind: "revoke", label: "Revoke" },
  { kind: "change", label: "Change end date" },
];

/** A campaign's state in words: scheduled, closed, or its progress (and overdue). */
export function progressText(view: ReviewView): string {
  const r = view.review;
  const p = view.progress;
  if (r.status === "scheduled") return p.overdue ? `Not started — overdue since ${r.due}` : `Scheduled — due ${r.due}`;
  if (r.status === "closed") {
    const c = r.closed;
    return c ? `Closed — ${c.revoked.length} revoked, ${c.changed.length} end date${c.changed.length === 1 ? "" : "s"} changed, ${c.kept.length} kept` : "Closed";
  }
  const done = `${p.decided} of ${p.total} decided`;
  return p.overdue ? `${done} — overdue since ${r.due}` : `${done} — due ${r.due}`;
}

/** Share of the items decided, 0 to 100 (100 for a campaign without items). */
export function percentDone(view: ReviewView): number {
  const p = view.progress;
  return p.total === 0 ? 100 : Math.round((100 * p.decided) / p.total);
}

/** An item's decision in words. */
export function decisionText(item: ReviewItemView): string {
  const d = item.decision;
  if (!d) return item.reviewer_name ? "Undecided" : "Nobody may review it";
  const what = d.decision === "change" ? `Change: until ${d.end_date ?? "?"}` : d.decision === "keep" ? "Keep" : "Revoke";
  return `${what} — ${item.decided_by_name ?? d.by}`;
}

/** What the start form holds, as typed. */
export interface StartForm {
  name: string;
  reviewer: string;
  reviewersFrom: ReviewerSource;
  role: string;
  environment: string;
  asset: string;
  due: string;
  every: string;
}

export function emptyStartForm(): StartForm {
  return { name: "", reviewer: "", reviewersFrom: "ownership", role: "", environment: "", asset: "", due: "", every: "" };
}

/** The start form as the backend's input, or why it cannot be sent yet. */
export function readStartForm(form: StartForm): { input: ReviewInput } | { problem: string } {
  if (form.name.trim() === "") return { problem: "Give the campaign a name." };
  if (form.reviewer === "") return { problem: "Choose the campaign's reviewer." };
  const due = readDate(form.due);
  if (due === undefined) return { problem: `The due date "${form.due}" is not a date; use e.g. 2026-12-31.` };
  if (due === null) return { problem: "Give the due date: every campaign has one." };
  let recurrence: number | null = null;
  if (form.every.trim() !== "") {
    const n = Number(form.every.trim());
    if (!Number.isInteger(n) || n < 1) return { problem: `Repeat every "${form.every}" days: give a whole number of days, at least 1.` };
    recurrence = n;
  }
  const one = (v: string) => (v === "" ? [] : [v]);
  return {
    input: {
      name: form.name.trim(),
      id: null,
      reviewer: form.reviewer,
      reviewers_from: form.reviewersFrom,
      roles: one(form.role),
      environments: one(form.environment),
      assets: one(form.asset),
      due,
      recurrence_days: recurrence,
    },
  };
}

/** A decision as the backend's input, or why it cannot be sent yet. */
export function readDecision(
  campaign: string,
  item: ReviewItemView,
  decision: ReviewDecisionKind,
  by: string,
  endDate: string,
  comment: string,
): { input: DecideInput } | { problem: string } {
  if (by === "") return { problem: "Choose who decides." };
  let end: string | null = null;
  if (decision === "change") {
    const read = readDate(endDate);
    if (read === undefined) return { problem: `The end date "${endDate}" is not a date; use e.g. 2027-03-31.` };
    if (read === null) return { problem: "A change needs the assignment's new last day." };
    end = read;
  }
  return {
    input: {
      campaign,
      assignment: item.item.assignment,
      decision,
      end_date: end,
      comment: comment.trim() === "" ? null : comment.trim(),
      by,
    },
  };
}

/** The outcome of importing a reviewer's workbook, in one line. */
export function importText(outcome: ReviewImportOutcome): string {
  const parts = [`${outcome.decisions} decision${outcome.decisions === 1 ? "" : "s"} recorded`];
  if (outcome.unchanged > 0) parts.push(`${outcome.unchanged} unchanged`);
  if (outcome.blank > 0) parts.push(`${outcome.blank} left blank`);
  if (outcome.warnings.length > 0) parts.push(`${outcome.warnings.length} warning${outcome.warnings.length === 1 ? "" : "s"}`);
  return parts.join(", ");
}
