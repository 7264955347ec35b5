// Editing the Model page's registers in place: people, roles, capabilities, environments
// (and their order). Each action is one `Edit` (a batch where it touches several things),
// so it is one audit event and one undo step. Removing something others refer to says what
// they are and removes them in the same batch; a pasted column of names is one batch.

import type { Edit } from "../bindings/Edit";
import type { EntityKind } from "../bindings/EntityKind";
import type { Model } from "../bindings/Model";
import { combine, idFrom } from "./edits";
import { namesOf, normalizeName } from "./labels";
import { grantKey } from "./matrix";

/** The registers the Model page edits by name. */
export type Register = "person" | "role" | "capability" | "environment";

type Entity = Extract<Edit, { op: "upsert" }>["entity"];

function upsert(entity: Entity): Edit {
  return { op: "upsert", entity };
}

function del(kind: EntityKind, key: string): Edit {
  return { op: "delete", kind, key };
}

function listOf(model: Model, register: Register): { id: string; name: string }[] {
  switch (register) {
    case "person":
      return model.people;
    case "role":
      return model.roles;
    case "capability":
      return model.capabilities;
    case "environment":
      return model.environments;
  }
}

/** A new entity of `register` named `name`, with an id unique among `taken`. */
function entityNamed(model: Model, register: Register, name: string, taken: Set<string>, order: number): Entity {
  const id = idFrom(name, taken);
  taken.add(id);
  switch (register) {
    case "person":
      return { kind: "person", value: { id, name, email: null, department: null, kind: "business" } };
    case "role":
      return { kind: "role", value: { id, name, description: "", kind: "other" } };
    case "capability":
      return {
        kind: "capability",
        value: { id, name, description: "", action: "other", classification: null, environment: null },
      };
    case "environment":
      return { kind: "environment", value: { id, name, kind: order === 0 ? "development" : "test", order, personal: false } };
  }
}

/**
 * Names typed or pasted (one per line; from a spreadsheet column, the first cell of each
 * row): trimmed, blank and repeated ones dropped, and those the register already has
 * (compared as the backend compares names) set aside.
 */
export function namesFrom(model: Model, register: Register, text: string): { added: string[]; existing: string[] } {
  const have = new Set(listOf(model, register).map((e) => normalizeName(e.name)));
  const seen = new Set<string>();
  const added: string[] = [];
  const existing: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const name = (line.split("\t")[0] ?? "").trim().replace(/\s+/g, " ");
    const norm = normalizeName(name);
    if (norm === "" || seen.has(norm)) continue;
    seen.add(norm);
    (have.has(norm) ? existing : added).push(name);
  }
  return { added, existing };
}

/** Adds every name as a new entity of `register`: one edit (a batch for several), or `null`. */
export function addNames(model: Model, register: Register, names: readonly string[]): Edit | null {
  const taken = new Set(listOf(model, register).map((e) => e.id));
  let order = Math.max(-1, ...model.environments.map((e) => e.order)) + 1;
  return combine(names.map((name) => upsert(entityNamed(model, register, name, taken, order++))));
}

/** The entity with its name changed (its id stays, so nothing that refers to it moves). */
export function renamed(model: Model, register: Register, id: string, name: string): Edit | null {
  const clean = name.trim().replace(/\s+/g, " ");
  switch (register) {
    case "person": {
      const p = model.people.find((x) => x.id === id);
      return p ? upsert({ kind: "person", value: { ...p, name: clean } }) : null;
    }
    case "role": {
      const r = model.roles.find((x) => x.id === id);
      return r ? upsert({ kind: "role", value: { ...r, name: clean } }) : null;
    }
    case "capability": {
      const c = model.capabilities.find((x) => x.id === id);
      return c ? upsert({ kind: "capability", value: { ...c, name: clean } }) : null;
    }
    case "environment": {
      const e = model.environments.find((x) => x.id === id);
      return e ? upsert({ kind: "environment", value: { ...e, name: clean } }) : null;
    }
  }
}

/** Something that refers to the entity being removed, and the edit that lets it go. */
export interface Dependent {
  kind: EntityKind;
  key: string;
  /** What it is, in words ("Grant: Citizen Developer · Create app · all environments"). */
  label: string;
  /** Removes it, or (for an optional reference) clears the reference. */
  edit: Edit;
}

/** Everything in the model that refers to `id` of `register`, with how to let it go. */
export function dependents(model: Model, register: Register, id: string): Dependent[] {
  const names = namesOf(model);
  const out: Dependent[] = [];
  const add = (kind: EntityKind, key: string, edit: Edit, what?: string) =>
    out.push({ kind, key, label: what ?? `${KIND_WORD[kind] ?? kind}: ${names.of(kind, key)}`, edit });
  const removedAssignments = new Set<string>();
  const dropAssignment = (a: Model["assignments"][number]) => {
    removedAssignments.add(a.id);
    add("assignment", a.id, del("assignment", a.id));
  };

  for (const g of model.grants) {
    const hit =
      (register === "role" && g.role === id) ||
      (register === "capability" && g.capability === id) ||
      (register === "environment" && g.environment === id);
    if (hit) {
      const key = grantKey(g.role, g.capability, g.environment);
      add("grant", key, del("grant", key));
    }
  }
  for (const a of model.assignments) {
    if (
      (register === "person" && a.person === id) ||
      (register === "role" && a.role === id) ||
      (register === "environment" && a.environment === id)
    ) {
      dropAssignment(a);
    } else if (register === "person" && a.approver === id) {
      add("assignment", a.id, upsert({ kind: "assignment", value: { ...a, approver: null } }), `Approver of ${names.of("assignment", a.id)} (cleared)`);
    }
  }
  if (register === "environment") {
    for (const c of model.capabilities) {
      if (c.environment === id) {
        add("capability", c.id, upsert({ kind: "capability", value: { ...c, environment: null } }), `Stage of capability ${c.name} (cleared)`);
      }
    }
    for (const g of model.gates) if (g.from === id || g.to === id) add("gate", g.id, del("gate", g.id));
    for (const c of model.change_requests) if (c.from === id || c.to === id) add("change_request", c.id, del("change_request", c.id));
  }
  if (register === "person") {
    for (const o of model.ownerships) {
      if (o.person === id) {
        const key = `${o.asset}|${o.kind}|${o.person}`;
        add("ownership", key, del("ownership", key));
      }
    }
    for (const a of model.assets) {
      if (a.use_approvals.some((u) => u.by === id)) {
        add("asset", a.id, upsert({ kind: "asset", value: { ...a, use_approvals: a.use_approvals.filter((u) => u.by !== id) } }), `Use approvals in ${a.name} (removed)`);
      }
    }
    for (const c of model.change_requests) if (c.requester === id) add("change_request", c.id, del("change_request", c.id));
    for (const e of model.exceptions) if (e.person === id || e.approver === id) add("exception", e.id, del("exception", e.id));
  }
  if (register === "role" || register === "capability") {
    for (const r of model.sod_rules) {
      if ((r.left.kind === register && r.left.id === id) || (r.right.kind === register && r.right.id === id)) {
        add("sod_rule", r.id, del("sod_rule", r.id));
      }
    }
  }
  if (register === "role") {
    for (const r of model.responsibilities) {
      if (r.role === id) {
        const key = `${r.role}|${normalizeName(r.activity)}`;
        add("responsibility", key, del("responsibility", key), `Responsibility: ${r.activity} (${r.letters})`);
      }
    }
    for (const g of model.gates) {
      if (g.requirements.some((q) => q.type === "approval" && q.roles.includes(id))) add("gate", g.id, del("gate", g.id));
    }
    for (const p of model.escalation_paths) if (p.steps.some((s) => s.role === id)) add("escalation_path", p.id, del("escalation_path", p.id));
    for (const c of model.change_requests) {
      if (c.sign_offs.some((s) => s.role === id)) add("change_request", c.id, del("change_request", c.id));
    }
  }
  for (const review of model.access_reviews) {
    const roleHit = register === "role" && review.roles.includes(id);
    const personHit = register === "person" && (review.reviewer === id || review.decisions.some((d) => d.by === id));
    const decisionHit = review.decisions.some((d) => removedAssignments.has(d.assignment));
    if (roleHit || personHit) add("access_review", review.id, del("access_review", review.id));
    else if (decisionHit) {
      const decisions = review.decisions.filter((d) => !removedAssignments.has(d.assignment));
      add("access_review", review.id, upsert({ kind: "access_review", value: { ...review, decisions } }), `Decisions on removed assignments in ${review.name} (removed)`);
    }
  }
  // One edit per entity: a gate hit twice is removed once.
  const seen = new Set<string>();
  return out.filter((d) => {
    const k = `${d.kind}:${d.key}:${d.edit.op}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const KIND_WORD: Partial<Record<EntityKind, string>> = {
  grant: "Grant",
  assignment: "Assignment",
  ownership: "Ownership",
  sod_rule: "SoD rule",
  gate: "Gate",
  escalation_path: "Escalation path",
  change_request: "Change request",
  access_review: "Access review",
  exception: "Exception",
  responsibility: "Responsibility",
};

/** Removes the entity and, in the same step, what refers to it (`dependents`). */
export function removal(model: Model, register: Register, id: string): Edit {
  return combine([...dependents(model, register, id).map((d) => d.edit), del(register, id)])!;
}

/** Environments in promotion order, `id` moved one place up (-1) or down (+1): one batch. */
export function moveEnvironment(model: Model, id: string, by: -1 | 1): Edit | null {
  const list = [...model.environments].sort((a, b) => a.order - b.order);
  const i = list.findIndex((e) => e.id === id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= list.length) return null;
  const [a, b] = [list[i]!, list[j]!];
  // Orders are unique: swap them.
  return combine([
    upsert({ kind: "environment", value: { ...a, order: b.order } }),
    upsert({ kind: "environment", value: { ...b, order: a.order } }),
  ]);
}
