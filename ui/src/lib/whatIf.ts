// The Simulate page's what-if sandbox and pins: the edits the sandbox offers (never saved
// to the model; the backend applies them to a copy), the words each is listed with, and
// the model's pinned results with whether each still matches the model.
import type { Edit } from "../bindings/Edit";
import type { Model } from "../bindings/Model";
import type { PinnedSimulation } from "../bindings/PinnedSimulation";

/** The sandbox edit that assigns `role` to `person` (in every environment). */
export function addAssignment(person: string, role: string): Edit {
  return {
    op: "upsert",
    entity: {
      kind: "assignment",
      value: {
        id: `what-if-${person}-${role}`,
        person,
        role,
        environment: null,
        valid_from: null,
        valid_until: null,
        justification: "what-if",
        approver: null,
      },
    },
  };
}

/** The sandbox edit that removes the assignment `id`. */
export function removeAssignment(id: string): Edit {
  return { op: "delete", kind: "assignment", key: id };
}

/** The gate `gateId` with requirement `index`'s quorum set to `count`; null when it has none. */
export function setQuorum(model: Model, gateId: string, index: number, count: number): Edit | null {
  const gate = model.gates.find((g) => g.id === gateId);
  const r = gate?.requirements[index];
  if (!gate || !r || (r.type !== "approval" && r.type !== "owner_approval")) return null;
  const requirements = gate.requirements.map((x, i) => (i === index ? { ...r, count, all: false } : x));
  return { op: "upsert", entity: { kind: "gate", value: { ...gate, requirements } } };
}

/** The gate `gateId` with no-self-approval added, or removed when it has it. */
export function toggleNoSelfApproval(model: Model, gateId: string): Edit | null {
  const gate = model.gates.find((g) => g.id === gateId);
  if (!gate) return null;
  const has = gate.requirements.some((r) => r.type === "no_self_approval");
  const requirements = has
    ? gate.requirements.filter((r) => r.type !== "no_self_approval")
    : [...gate.requirements, { type: "no_self_approval" as const }];
  return { op: "upsert", entity: { kind: "gate", value: { ...gate, requirements } } };
}

/** An exception waiving the SoD rule `rule` for `person` from `today` for 30 days. */
export function sodException(rule: string, person: string, approver: string, today: string): Edit {
  const end = new Date(`${today}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 30);
  return {
    op: "upsert",
    entity: {
      kind: "exception",
      value: {
        id: `what-if-${rule}-${person}`,
        waives: { kind: "sod_rule", id: rule },
        person,
        justification: "what-if",
        approver,
        start: today,
        end: end.toISOString().slice(0, 10),
        review: null,
      },
    },
  };
}

const nameOf = (list: { id: string; name: string }[], id: string) => list.find((x) => x.id === id)?.name ?? id;

/** The sandbox's list entry for `edit`, in words. */
export function describe(model: Model, edit: Edit): string {
  if (edit.op === "delete" && edit.kind === "assignment") {
    const a = model.assignments.find((x) => x.id === edit.key);
    return a
      ? `${nameOf(model.people, a.person)} is no longer ${nameOf(model.roles, a.role)}`
      : `remove assignment ${edit.key}`;
  }
  if (edit.op !== "upsert") return edit.op;
  const e = edit.entity;
  if (e.kind === "assignment") return `${nameOf(model.people, e.value.person)} becomes ${nameOf(model.roles, e.value.role)}`;
  if (e.kind === "exception" && e.value.waives.kind === "sod_rule") {
    return `${nameOf(model.people, e.value.person)} is excused from ${nameOf(model.sod_rules, e.value.waives.id)} until ${e.value.end}`;
  }
  if (e.kind === "gate") {
    const before = model.gates.find((g) => g.id === e.value.id);
    const self = (rs: typeof e.value.requirements) => rs.some((r) => r.type === "no_self_approval");
    if (before && self(before.requirements) !== self(e.value.requirements)) {
      return `${e.value.name}: no-self-approval ${self(e.value.requirements) ? "on" : "off"}`;
    }
    const quorum = e.value.requirements
      .map((r, i) => ({ r, i }))
      .filter(({ r, i }) => "count" in r && before?.requirements[i] && "count" in before.requirements[i] && (before.requirements[i] as { count: number }).count !== r.count)
      .map(({ r }) => `${(r as { name?: string | null }).name ?? "approvals"} needs ${(r as { count: number }).count}`);
    return `${e.value.name}: ${quorum.join(", ") || "changed"}`;
  }
  return `${e.kind} ${"id" in e.value ? e.value.id : ""}`;
}

/** The model's pinned results, newest first, each saying whether it still matches. */
export function pins(model: Model, fingerprint: string | null) {
  return [...(model.pinned_simulations ?? [])]
    .sort((a, b) => b.pinned_at.localeCompare(a.pinned_at))
    .map((p: PinnedSimulation) => ({ ...p, current: fingerprint !== null && p.fingerprint === fingerprint }));
}

/** The edit that removes the pin `id` (undoable). */
export function unpin(id: string): Edit {
  return { op: "delete", kind: "pinned_simulation", key: id };
}
