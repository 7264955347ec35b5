// Findings as the desktop shows them: counted by severity, sorted, looked up by the entity
// they are about (for badges), and turned into the page and entity a click jumps to.

import type { Edit } from "../bindings/Edit";
import type { EntityKind } from "../bindings/EntityKind";
import type { Finding } from "../bindings/Finding";
import type { FindingCode } from "../bindings/FindingCode";
import type { Model } from "../bindings/Model";
import type { SodTarget } from "../bindings/SodTarget";
import type { Severity } from "../bindings/Severity";
import { grantKey, parseGrantKey } from "./matrix";

export type { Finding, FindingCode };

export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

export function worst(findings: readonly Finding[]): Severity | null {
  let best: Severity | null = null;
  for (const f of findings) if (best === null || severityRank(f.severity) > severityRank(best)) best = f.severity;
  return best;
}

/** Whether a finding still needs fixing: not accepted by an exception in force. */
export function isOpen(f: Finding): boolean {
  return !f.accepted;
}

/** The open findings by severity (accepted ones are counted apart, by `acceptedCount`). */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) if (isOpen(f)) counts[f.severity]++;
  return counts;
}

export function acceptedCount(findings: readonly Finding[]): number {
  return findings.filter((f) => !isOpen(f)).length;
}

/** Most severe first; then by code and message, so the list does not jump around. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}

export function refKey(kind: EntityKind, key: string): string {
  return `${kind}:${key}`;
}

/**
 * The findings about each entity, by `kind:key`. A grant also counts for its role (the
 * row) and an ownership for its asset, so rows and assets carry their cells' badges.
 */
export function indexFindings(findings: readonly Finding[]): Map<string, Finding[]> {
  const index = new Map<string, Finding[]>();
  const add = (k: string, f: Finding) => {
    const list = index.get(k);
    if (list === undefined) index.set(k, [f]);
    else if (list[list.length - 1] !== f) list.push(f);
  };
  for (const f of findings) {
    for (const e of f.entities) {
      add(refKey(e.kind, e.key), f);
      if (e.kind === "grant") {
        const g = parseGrantKey(e.key);
        if (g) add(refKey("role", g.role), f);
      } else if (e.kind === "ownership") {
        const asset = e.key.split("|")[0];
        if (asset) add(refKey("asset", asset), f);
      }
    }
  }
  return index;
}

/** The findings with `code` about one entity, from an `indexFindings` index. */
export function findingsAbout(index: ReadonlyMap<string, readonly Finding[]>, kind: EntityKind, key: string, code: FindingCode): Finding[] {
  return (index.get(refKey(kind, key)) ?? []).filter((f) => f.code === code);
}

/** A page of the app and the entity to show on it. */
export interface Target {
  page: "matrix" | "ownership" | "assignments" | "sod" | "model" | "raci" | "exceptions" | "gates";
  kind: EntityKind;
  key: string;
  /** On the matrix, every cell the finding is about (grant keys), `key` the first of them. */
  cells?: string[];
  /** For a gate, the requirement's position in it (the Gates page focuses that requirement). */
  requirement?: number;
}

const PAGE_OF: Partial<Record<EntityKind, Target["page"]>> = {
  grant: "matrix",
  role: "matrix",
  capability: "matrix",
  asset: "ownership",
  ownership: "ownership",
  assignment: "assignments",
  person: "assignments",
  sod_rule: "sod",
  gate: "gates",
  risk_tier: "gates",
  calendar: "gates",
  environment: "model",
  escalation_path: "model",
  responsibility: "raci",
  exception: "exceptions",
};

/**
 * Which entity of a finding a click goes to first: the most specific one there is a page
 * for. A role comes before an SoD rule: a conflict is fixed in the role's row of the matrix
 * (or its assignments), not in the rule.
 */
const PRIORITY: readonly EntityKind[] = [
  "grant",
  "assignment",
  "ownership",
  "asset",
  "gate",
  "role",
  "sod_rule",
  "person",
  "capability",
  "escalation_path",
  "environment",
  "responsibility",
  "exception",
  "risk_tier",
  "calendar",
];

export function targetOf(kind: EntityKind, key: string): Target | null {
  const page = PAGE_OF[kind];
  return page ? { page, kind, key } : null;
}

/**
 * Where a finding is fixed. With the model, an SoD conflict goes to the cells that make it:
 * the grants through which its roles give the rule's capabilities.
 */
export function primaryTarget(finding: Finding, model?: Model): Target | null {
  if (finding.code === "sod_conflict" && model) {
    const cells = conflictCells(finding, model);
    if (cells.length > 0) return { page: "matrix", kind: "grant", key: cells[0]!, cells };
  }
  for (const kind of PRIORITY) {
    const ref = finding.entities.find((e) => e.kind === kind);
    if (ref) return targetOf(ref.kind, ref.key);
  }
  return null;
}

/**
 * The grants behind an SoD conflict: the first role named gives the rule's first side, the
 * last role its second (the same role when there is one). A side that is a role has no cell.
 */
export function conflictCells(finding: Finding, model: Model): string[] {
  const ruleKey = finding.entities.find((e) => e.kind === "sod_rule")?.key;
  const rule = model.sod_rules.find((r) => r.id === ruleKey);
  const roles = finding.entities.filter((e) => e.kind === "role").map((e) => e.key);
  if (!rule || roles.length === 0) return [];
  const sides: [SodTarget, string][] = [
    [rule.left, roles[0]!],
    [rule.right, roles[roles.length - 1]!],
  ];
  const cells: string[] = [];
  for (const [side, role] of sides) {
    if (side.kind !== "capability") continue;
    for (const g of model.grants) {
      if (g.role === role && g.capability === side.id && g.effect !== "deny") {
        const key = grantKey(g.role, g.capability, g.environment);
        if (!cells.includes(key)) cells.push(key);
      }
    }
  }
  return cells;
}

/** Today as `YYYY-MM-DD` in local time (the "as of" date shown when none is chosen). */
export function isoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** What a register page is given: the model, its findings by entity, today's date, and how
 * to make an edit (resolved with whether it was made). */
export type RegisterPageProps = {
  model: Model;
  findings: Map<string, Finding[]>;
  today: string;
  onedit: (edit: Edit) => Promise<boolean>;
};
