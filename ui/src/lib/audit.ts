// The Audit log page's decisions: each event's before and after as field-by-field changes
// (what an edit set, what it removed), and the chain check in words.

import type { AuditFilter } from "../bindings/AuditFilter";
import type { AuditLogView } from "../bindings/AuditLogView";
import type { ChainCheck } from "../bindings/ChainCheck";

export type { AuditFilter, AuditLogView };

/** The audit log's command (src-tauri: audit_log). */
export interface AuditBackend {
  log(filter: AuditFilter): Promise<AuditLogView>;
}

/** One field of an entity before and after a change; `null`: absent on that side. */
export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

/** One entity a change touched, with its changed fields. */
export interface EntityChange {
  kind: string;
  key: string;
  /** "added", "removed" or "changed". */
  how: "added" | "removed" | "changed";
  fields: FieldChange[];
}

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function shown(v: Json): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** The entities of an edit's record (`{op: "upsert" | "delete" | "batch", ...}`), by `kind:key`. */
function entitiesOf(record: Json): Map<string, Record<string, Json> | null> {
  const out = new Map<string, Record<string, Json> | null>();
  const walk = (e: Json) => {
    if (!isObject(e)) return;
    if (e.op === "upsert" && isObject(e.entity) && isObject(e.entity.value)) {
      const value = e.entity.value;
      const key = typeof value.id === "string" ? value.id : keyOf(String(e.entity.kind), value);
      out.set(`${String(e.entity.kind)}:${key}`, value);
    } else if (e.op === "delete") {
      out.set(`${String(e.kind)}:${String(e.key)}`, null);
    } else if (e.op === "batch" && Array.isArray(e.edits)) {
      e.edits.forEach(walk);
    }
  };
  walk(record);
  return out;
}

/** Keys of the entities without an id, as the backend builds them (`a|b|c`). */
function keyOf(kind: string, v: Record<string, Json>): string {
  switch (kind) {
    case "grant":
      return `${shown(v.role)}|${shown(v.capability)}|${v.environment == null ? "*" : shown(v.environment)}`;
    case "ownership":
      return `${shown(v.asset)}|${shown(v.kind)}|${shown(v.person)}`;
    default:
      return Object.values(v).map(shown).join("|");
  }
}

/**
 * What an edit changed, entity by entity: `before` is the event's inverse edit, `after` the
 * edit. Events that are not entity edits (a whole model replaced, recipients) give none.
 */
export function entityChanges(before: Json, after: Json): EntityChange[] {
  const was = entitiesOf(before);
  const now = entitiesOf(after);
  const changes: EntityChange[] = [];
  for (const id of new Set([...now.keys(), ...was.keys()])) {
    const [kind, ...rest] = id.split(":");
    const a = was.get(id) ?? null;
    const b = now.get(id) ?? null;
    if (a === null && b === null) continue;
    const fields = fieldChanges(a, b);
    changes.push({ kind: kind!, key: rest.join(":"), how: a === null ? "added" : b === null ? "removed" : "changed", fields });
  }
  return changes;
}

/** The fields that differ between two versions of an entity (`null`: absent). */
export function fieldChanges(a: Record<string, Json> | null, b: Record<string, Json> | null): FieldChange[] {
  const fields: FieldChange[] = [];
  for (const field of new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])) {
    const x = a && field in a ? shown(a[field]) : null;
    const y = b && field in b ? shown(b[field]) : null;
    if (x !== y) fields.push({ field, before: x, after: y });
  }
  return fields;
}

/** The chain check in one sentence. */
export function chainText(chain: ChainCheck): string {
  if (chain.verified) return `Audit chain verified: ${chain.events} events, head ${chain.head?.slice(0, 12)}…`;
  return `The audit chain does not verify: ${chain.problem}`;
}

/** The filter as typed: blank fields match everything. */
export function filterOf(kind: string, entity: string, person: string): AuditFilter {
  const f = (t: string) => (t.trim() === "" ? null : t.trim());
  return { kind: f(kind), entity: f(entity), person: f(person) };
}
