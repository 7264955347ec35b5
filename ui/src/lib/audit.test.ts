import { describe, expect, it } from "vitest";
import { chainText, entityChanges, filterOf } from "./audit";

const exception = (end: string) => ({
  op: "upsert",
  entity: { kind: "exception", value: { id: "x1", person: "hugo", approver: "ines", end } },
});

describe("audit log", () => {
  it("shows an edit field by field: changed, added and removed", () => {
    expect(entityChanges(exception("2026-12-31"), exception("2026-11-26"))).toEqual([
      { kind: "exception", key: "x1", how: "changed", fields: [{ field: "end", before: "2026-12-31", after: "2026-11-26" }] },
    ]);
    const deleted = { op: "delete", kind: "exception", key: "x1" };
    expect(entityChanges(deleted, exception("2026-12-31"))[0]).toMatchObject({ how: "added", key: "x1" });
    const removed = entityChanges(exception("2026-12-31"), deleted)[0]!;
    expect(removed.how).toBe("removed");
    expect(removed.fields).toContainEqual({ field: "approver", before: "ines", after: null });
  });
  it("names keyless entities by their key and walks batches", () => {
    const grant = { op: "upsert", entity: { kind: "grant", value: { role: "maker", capability: "deploy", environment: null, effect: "deny" } } };
    const batch = { op: "batch", edits: [grant] };
    const back = { op: "batch", edits: [{ op: "delete", kind: "grant", key: "maker|deploy|*" }] };
    expect(entityChanges(back, batch).map((c) => [c.key, c.how])).toEqual([["maker|deploy|*", "added"]]);
  });
  it("gives no entity changes for events that are not edits", () => {
    expect(entityChanges(null, { counts: { roles: 8 }, model_sha256: "ab" })).toEqual([]);
  });
  it("says what the chain check found", () => {
    expect(chainText({ verified: true, head: "0123456789abcdef", problem: null, events: 3 })).toBe(
      "Audit chain verified: 3 events, head 0123456789ab…",
    );
    expect(chainText({ verified: false, head: null, problem: "audit event 2 has been altered", events: 3 })).toBe(
      "The audit chain does not verify: audit event 2 has been altered",
    );
  });
  it("reads blank filter fields as no filter", () => {
    expect(filterOf("exception", " ", " hugo ")).toEqual({ kind: "exception", entity: null, person: "hugo" });
  });
});
