import { describe as group, expect, it } from "vitest";
import type { DeckReport } from "../bindings/DeckReport";
import type { Model } from "../bindings/Model";
import { deckMetrics, deckSteps } from "./simulation";
import { addAssignment, describe, pins, removeAssignment, setQuorum, sodException, toggleNoSelfApproval, unpin } from "./whatIf";

const model = {
  people: [{ id: "ana", name: "Ana" }, { id: "eva", name: "Eva" }],
  roles: [{ id: "it", name: "IT approver" }],
  assignments: [{ id: "a1", person: "eva", role: "it" }],
  sod_rules: [{ id: "dev-deploy", name: "Develop vs deploy" }],
  gates: [
    {
      id: "prod",
      name: "To production",
      requirements: [{ type: "approval", roles: ["it"], count: 1, condition: { always: null }, name: "IT sign-off" }],
    },
  ],
  pinned_simulations: [
    { id: "old", name: "Old", fingerprint: "f0", pinned_at: "2026-11-01T00:00:00Z" },
    { id: "new", name: "New", fingerprint: "f1", pinned_at: "2026-12-01T00:00:00Z" },
  ],
} as unknown as Model;

group("the what-if sandbox's edits", () => {
  it("assign and unassign a role, in words", () => {
    expect(describe(model, addAssignment("ana", "it"))).toBe("Ana becomes IT approver");
    expect(describe(model, removeAssignment("a1"))).toBe("Eva is no longer IT approver");
  });
  it("change a quorum and toggle no-self-approval on the gate", () => {
    const q = setQuorum(model, "prod", 0, 2)!;
    expect(q.op === "upsert" && q.entity.kind === "gate" && q.entity.value.requirements[0]).toMatchObject({ count: 2 });
    expect(describe(model, q)).toBe("To production: IT sign-off needs 2");
    const t = toggleNoSelfApproval(model, "prod")!;
    expect(describe(model, t)).toBe("To production: no-self-approval on");
    expect(setQuorum(model, "nowhere", 0, 2)).toBeNull();
  });
  it("add an SoD exception for 30 days", () => {
    const e = sodException("dev-deploy", "ana", "eva", "2026-12-02");
    expect(describe(model, e)).toBe("Ana is excused from Develop vs deploy until 2027-01-01");
  });
});

group("pins", () => {
  it("are listed newest first, saying whether each matches the model", () => {
    expect(pins(model, "f1").map((p) => [p.id, p.current])).toEqual([["new", true], ["old", false]]);
    expect(unpin("new")).toEqual({ op: "delete", kind: "pinned_simulation", key: "new" });
  });
});

group("a deck's report", () => {
  const d = {
    name: "Deck",
    timeline: [
      { index: 0, at: "2026-12-01T09:10:00Z", result: "blocked", text: "The promotion is blocked." },
      { index: 1, at: "2026-12-02T11:00:00Z", result: "promoted", text: "Promoted." },
    ],
    metrics: {
      requests: 2, promotions: 1, time_to_approval: [{ gate: "prod", requests: 1, mean_hours: 2, max_hours: 3 }],
      mean_hours_to_promotion: 26, blocked_attempts: 1, near_misses: 1, policy_adherence: 0.5, stuck: ["hugo-1"],
    },
  } as DeckReport;
  it("steps through each event and its outcome", () => {
    expect(deckSteps(d).map((s) => [s.text, s.verdict])).toEqual([
      ["2026-12-01 09:10 UTC: The promotion is blocked.", "blocked"],
      ["2026-12-02 11:00 UTC: Promoted.", "allowed"],
    ]);
  });
  it("shows the practice's metrics", () => {
    expect(Object.fromEntries(deckMetrics(d))).toMatchObject({
      "Time to approval, overall": "26.0 h (1.1 days) (mean)",
      "Time to approval at prod": "2.0 h mean, 3.0 h max, over 1 request(s)",
      "Unauthorised deployments avoided": "1",
      "Policy adherence": "50%",
      "Stuck requests": "hugo-1",
    });
  });
});
