// The Exceptions page's decisions: what a row says about its status, the rules an
// exception may waive, and the add form read into the backend's input (refused here with a
// word when a field cannot be read; the approver rules are the backend's).

import type { ExceptionInput } from "../bindings/ExceptionInput";
import type { ExceptionRegister } from "../bindings/ExceptionRegister";
import type { ExceptionRow } from "../bindings/ExceptionRow";
import type { Model } from "../bindings/Model";
import type { Summary } from "../bindings/Summary";
import type { Waiver } from "../bindings/Waiver";
import { readDate } from "./dates";
import { grantKey } from "./matrix";
import { requirementText } from "./wording";

export type { ExceptionRegister, ExceptionRow };

/** The register's commands (src-tauri: exceptions, add_exception, end_exception). */
export interface ExceptionsBackend {
  register(at: string | null, withinDays: number | null): Promise<ExceptionRegister>;
  add(input: ExceptionInput): Promise<Summary>;
  end(id: string): Promise<Summary>;
}

export type WaiverKind = Waiver["kind"];

export const WAIVER_KINDS: readonly { kind: WaiverKind; label: string }[] = [
  { kind: "sod_rule", label: "SoD rule" },
  { kind: "gate", label: "Gate or gate requirement" },
  { kind: "grant", label: "Grant outside the matrix" },
  { kind: "access", label: "Access outside the model (drift)" },
];

/** What of `kind` the model has to waive, by id, named as people read it. */
export function waiverTargets(model: Model, kind: WaiverKind): { id: string; label: string }[] {
  const byName = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
  switch (kind) {
    case "sod_rule":
      return model.sod_rules.map((r) => ({ id: r.id, label: r.name })).sort(byName);
    case "gate": {
      // The whole gate (its approvals and no-self-approval), or one of those requirements
      // (`gate#N`, N from 1): a rule of time is never waived.
      const roleName = (id: string) => model.roles.find((r) => r.id === id)?.name;
      const out: { id: string; label: string }[] = [];
      for (const g of [...model.gates].sort((a, b) => a.name.localeCompare(b.name))) {
        out.push({ id: g.id, label: `${g.name} (all its approvals)` });
        g.requirements.forEach((r, i) => {
          if (r.type === "approval" || r.type === "owner_approval" || r.type === "no_self_approval")
            out.push({ id: `${g.id}#${i + 1}`, label: `${g.name} — ${requirementText(r, roleName)}` });
        });
      }
      return out;
    }
    case "grant": {
      const name = (list: readonly { id: string; name: string }[], id: string) => list.find((x) => x.id === id)?.name ?? id;
      return model.grants
        .filter((g) => g.effect !== "allow")
        .map((g) => ({
          id: grantKey(g.role, g.capability, g.environment),
          label: `${name(model.roles, g.role)}: ${name(model.capabilities, g.capability)}${
            g.environment ? ` in ${name(model.environments, g.environment)}` : ""
          } (${g.effect === "deny" ? "denied" : "with approval"})`,
        }))
        .sort(byName);
    }
    case "access": {
      // A role in every environment, or in one: what a drift check finds held outside the model.
      const out: { id: string; label: string }[] = [];
      for (const r of model.roles) {
        out.push({ id: r.id, label: `${r.name} (every environment)` });
        for (const e of model.environments) out.push({ id: `${r.id}|${e.id}`, label: `${r.name} in ${e.name}` });
      }
      return out.sort(byName);
    }
  }
}

/** The row's status in words: in force with the days left, upcoming, or expired. */
export function statusText(row: ExceptionRow): string {
  const e = row.exception;
  switch (row.status) {
    case "in_force":
      if (row.days_left === 1) return "In force — last day";
      return `In force — ${row.days_left} days left`;
    case "upcoming":
      return `Starts ${e.start}`;
    case "expired":
      return `Expired ${e.end}`;
  }
}

/** What the add form holds, as typed. */
export interface ExceptionForm {
  kind: WaiverKind;
  target: string;
  person: string;
  approver: string;
  justification: string;
  start: string;
  end: string;
  review: string;
}

export function emptyForm(): ExceptionForm {
  return { kind: "sod_rule", target: "", person: "", approver: "", justification: "", start: "", end: "", review: "" };
}

/** The form as the backend's input, or why it cannot be sent yet. */
export function readForm(form: ExceptionForm): { input: ExceptionInput } | { problem: string } {
  if (form.target === "") return { problem: "Choose what the exception waives." };
  if (form.person === "") return { problem: "Choose who the exception is for." };
  if (form.approver === "") return { problem: "Choose who approves it." };
  if (form.justification.trim() === "") return { problem: "Say why the rule is waived and what mitigates the risk." };
  const dates: Record<"start" | "end" | "review", string | null> = { start: null, end: null, review: null };
  for (const [field, label] of [
    ["start", "first day"],
    ["end", "last day"],
    ["review", "review date"],
  ] as const) {
    const read = readDate(form[field]);
    if (read === undefined) return { problem: `The ${label} "${form[field]}" is not a date; use e.g. 2026-12-31.` };
    dates[field] = read;
  }
  if (dates.end === null) return { problem: "Give the last day the exception is in force: every exception ends." };
  return {
    input: {
      waives: { kind: form.kind, id: form.target },
      person: form.person,
      approver: form.approver,
      justification: form.justification.trim(),
      start: dates.start,
      end: dates.end,
      review: dates.review,
    },
  };
}
