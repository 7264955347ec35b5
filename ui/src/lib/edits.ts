// Edits for the register pages (ownership, assignments, SoD rules): each user action is one
// `Edit`, several changes at once one batch (one audit event, one undo step).

import type { Asset } from "../bindings/Asset";
import type { Assignment } from "../bindings/Assignment";
import type { Edit } from "../bindings/Edit";
import type { Model } from "../bindings/Model";
import type { Ownership } from "../bindings/Ownership";
import type { OwnershipKind } from "../bindings/OwnershipKind";
import type { SodRule } from "../bindings/SodRule";
import type { SodTarget } from "../bindings/SodTarget";
import { readDate, type SlashOrder } from "./dates";

/** An id made from a name (`Expense Claims` → `expense-claims`), unique among `taken`. */
export function idFrom(name: string, taken: Iterable<string>, prefix = ""): string {
  const slug = name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  const base = prefix + (slug || "item");
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Collapses a batch of one to that edit; `null` for none. */
export function combine(edits: Edit[]): Edit | null {
  if (edits.length === 0) return null;
  if (edits.length === 1) return edits[0]!;
  return { op: "batch", edits };
}

// ----- Assets and ownership -------------------------------------------------------------

export const OWNERSHIP_KINDS: readonly OwnershipKind[] = ["app_owner", "data_steward", "integration_owner"];

export function ownershipKey(o: Ownership): string {
  return `${o.asset}|${o.kind}|${o.person}`;
}

export function upsertAsset(asset: Asset): Edit {
  return { op: "upsert", entity: { kind: "asset", value: asset } };
}

/** A new asset of `kind` named `name`; connectors and components start as pending, 1.0. */
export function newAsset(model: Model, name: string, kind: Asset["kind"]): Asset {
  const catalogue = kind === "connector" || kind === "component";
  return {
    id: idFrom(name, model.assets.map((a) => a.id)),
    name: name.trim(),
    kind,
    classification: "internal",
    criticality: "medium",
    user_facing: kind === "app",
    vetting: catalogue ? "pending" : null,
    version: catalogue ? "1.0" : null,
    uses: [],
    use_approvals: [],
  };
}

/**
 * Changing an asset's kind: vetting and version belong to connectors and components only;
 * what an app uses goes when it stops being an app.
 */
export function withKind(asset: Asset, kind: Asset["kind"]): Asset {
  const catalogue = kind === "connector" || kind === "component";
  return {
    ...asset,
    kind,
    vetting: catalogue ? (asset.vetting ?? "pending") : null,
    version: catalogue ? (asset.version ?? "1.0") : null,
    uses: kind === "app" ? asset.uses : [],
    use_approvals: kind === "app" ? asset.use_approvals : [],
  };
}

/** Deleting an asset with its ownerships and the other assets' uses of it, as one step. */
export function deleteAsset(model: Model, id: string): Edit {
  const edits: Edit[] = [];
  for (const o of model.ownerships) {
    if (o.asset === id) edits.push({ op: "delete", kind: "ownership", key: ownershipKey(o) });
  }
  for (const a of model.assets) {
    if (a.id !== id && a.uses.includes(id)) edits.push(upsertAsset(withoutUse(a, id)));
  }
  edits.push({ op: "delete", kind: "asset", key: id });
  return combine(edits)!;
}

/** An app no longer using `used`; its approval of that use goes with it. */
export function withoutUse(app: Asset, used: string): Asset {
  return { ...app, uses: app.uses.filter((u) => u !== used), use_approvals: app.use_approvals.filter((u) => u.asset !== used) };
}

/** Records that `by` approved the app's use of `used` on `on` (replacing an earlier approval). */
export function withApproval(app: Asset, used: string, by: string, on: string): Asset {
  return { ...app, use_approvals: [...app.use_approvals.filter((u) => u.asset !== used), { asset: used, by, on }] };
}

export function addOwner(asset: string, kind: OwnershipKind, person: string): Edit {
  return { op: "upsert", entity: { kind: "ownership", value: { asset, kind, person } } };
}

export function removeOwner(o: Ownership): Edit {
  return { op: "delete", kind: "ownership", key: ownershipKey(o) };
}

/** The owners of each asset, by kind. */
export function ownersByAsset(model: Model): Map<string, Record<OwnershipKind, Ownership[]>> {
  const out = new Map<string, Record<OwnershipKind, Ownership[]>>();
  for (const o of model.ownerships) {
    let entry = out.get(o.asset);
    if (!entry) out.set(o.asset, (entry = { app_owner: [], data_steward: [], integration_owner: [] }));
    entry[o.kind].push(o);
  }
  return out;
}

// ----- Assignments ----------------------------------------------------------------------

export type AssignmentStatus = "expired" | "expiring" | "pending" | "temporary" | "permanent";

/** Days from `from` to `to` (both `YYYY-MM-DD`), by calendar date. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Where an assignment stands on `today`: expired (its last day is past), expiring (ends
 * within 30 days), pending (starts later), temporary (has an end further away) or permanent.
 */
export function assignmentStatus(a: Pick<Assignment, "valid_from" | "valid_until">, today: string): AssignmentStatus {
  if (a.valid_until !== null && a.valid_until < today) return "expired";
  if (a.valid_from !== null && a.valid_from > today) return "pending";
  if (a.valid_until !== null) return daysBetween(today, a.valid_until) <= 30 ? "expiring" : "temporary";
  return "permanent";
}

export function statusText(a: Pick<Assignment, "valid_from" | "valid_until">, today: string): string {
  const status = assignmentStatus(a, today);
  switch (status) {
    case "expired": {
      const days = daysBetween(a.valid_until!, today);
      return `Expired ${days === 1 ? "yesterday" : `${days} days ago`}`;
    }
    case "expiring": {
      const days = daysBetween(today, a.valid_until!);
      return days === 0 ? "Ends today" : `Ends in ${days} day${days === 1 ? "" : "s"}`;
    }
    case "pending":
      return `Starts ${a.valid_from}`;
    case "temporary":
      return `Until ${a.valid_until}`;
    case "permanent":
      return "Permanent";
  }
}

export function upsertAssignment(a: Assignment): Edit {
  return { op: "upsert", entity: { kind: "assignment", value: a } };
}

export function newAssignment(model: Model, person: string, role: string): Assignment {
  return {
    id: idFrom(`${person}-${role}`, model.assignments.map((a) => a.id), "asg-"),
    person,
    role,
    environment: null,
    valid_from: null,
    valid_until: null,
    justification: null,
    approver: null,
  };
}

/** Assignments grouped by person or by role, groups and members in name order. */
export function groupAssignments(
  model: Model,
  by: "person" | "role",
): { id: string; name: string; assignments: Assignment[] }[] {
  const people = new Map(model.people.map((p) => [p.id, p.name]));
  const roles = new Map(model.roles.map((r) => [r.id, r.name]));
  const groupName = (id: string) => (by === "person" ? people.get(id) : roles.get(id)) ?? id;
  const memberName = (a: Assignment) => (by === "person" ? roles.get(a.role) : people.get(a.person)) ?? "";
  const groups = new Map<string, Assignment[]>();
  for (const a of model.assignments) {
    const key = by === "person" ? a.person : a.role;
    const list = groups.get(key);
    if (list) list.push(a);
    else groups.set(key, [a]);
  }
  return [...groups.entries()]
    .map(([id, assignments]) => ({
      id,
      name: groupName(id),
      assignments: assignments.sort((x, y) => memberName(x).localeCompare(memberName(y)) || x.id.localeCompare(y.id)),
    }))
    .sort((x, y) => x.name.localeCompare(y.name));
}

// ----- SoD rules ------------------------------------------------------------------------

/** A rule side as one string for a `<select>`: `role:ID` or `capability:ID`. */
export function encodeTarget(t: SodTarget): string {
  return `${t.kind}:${t.id}`;
}

export function decodeTarget(value: string): SodTarget | null {
  const i = value.indexOf(":");
  if (i < 0) return null;
  const kind = value.slice(0, i);
  const id = value.slice(i + 1);
  if (id === "" || (kind !== "role" && kind !== "capability")) return null;
  return { kind, id };
}

export function upsertRule(rule: SodRule): Edit {
  return { op: "upsert", entity: { kind: "sod_rule", value: rule } };
}

export function newRule(model: Model, name: string, left: SodTarget, right: SodTarget): SodRule {
  return {
    id: idFrom(name, model.sod_rules.map((r) => r.id), "sod-"),
    name: name.trim(),
    description: "",
    left,
    right,
    severity: "high",
    mitigation: null,
  };
}

/** A typed date (see `readDate`): `YYYY-MM-DD`, `null` when blank, `undefined` when unreadable. */
export function parseDate(text: string, order?: SlashOrder): string | null | undefined {
  return readDate(text, order);
}

/** An optional text field: blank becomes `null`. */
export function optional(text: string): string | null {
  const t = text.trim();
  return t === "" ? null : t;
}
