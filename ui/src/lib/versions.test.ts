import { describe, expect, it } from "vitest";
import type { Counts } from "../bindings/Counts";
import type { VersionDiff } from "../bindings/VersionDiff";
import { countOf, diffRows, totalsText } from "./versions";

const zero = (): Counts =>
  ({
    people: 0, roles: 0, capabilities: 0, environments: 0, grants: 0, assignments: 0, assets: 0, ownerships: 0,
    sod_rules: 0, gates: 0, change_requests: 0, escalation_paths: 0, access_reviews: 0, exceptions: 0,
    responsibilities: 0, risk_tiers: 0, calendars: 0,
  }) as Counts;

const assignment = (until: string | null) => ({
  kind: "assignment" as const,
  value: { id: "a1", person: "ines", role: "approver", environment: null, valid_from: null, valid_until: until, justification: null, approver: null },
});

const d: VersionDiff = {
  from: "v1.0",
  to: "current",
  diff: {
    meta: null,
    entities: [
      { kind: "assignment", key: "a1", change: "changed", before: assignment(null), after: assignment("2026-12-31") },
      { kind: "grant", key: "viewer|view|*", change: "removed", before: { kind: "grant", value: { role: "viewer", capability: "view", environment: null, effect: "allow" } }, after: null },
    ],
  } as VersionDiff["diff"],
  added: zero(),
  removed: { ...zero(), grants: 1 },
  changed: { ...zero(), assignments: 1 },
};

describe("versions", () => {
  it("list each entity with the fields that changed", () => {
    const rows = diffRows(d);
    expect(rows[0]).toEqual({ kind: "assignment", key: "a1", change: "changed", fields: [{ field: "valid_until", before: "null", after: "2026-12-31" }] });
    expect(rows[1]!.fields).toContainEqual({ field: "effect", before: "allow", after: null });
  });
  it("sum up a diff in words", () => {
    expect(totalsText(d)).toBe("1 grant removed, 1 assignment changed.");
    expect(countOf("sod_rules", 1)).toBe("1 SoD rule");
    expect(countOf("people", 2)).toBe("2 people");
    expect(countOf("people", 1)).toBe("1 person");
    expect(countOf("capabilities", 1)).toBe("1 capability");
    expect(totalsText({ ...d, removed: zero(), changed: zero() })).toBe("No differences.");
  });
});
