import { describe, expect, it } from "vitest";
import type { ExceptionRow } from "../bindings/ExceptionRow";
import type { Model } from "../bindings/Model";
import { emptyForm, readForm, statusText, waiverTargets } from "./exceptions";

const model = {
  meta: { name: "M", description: "", template: null },
  people: [],
  roles: [{ id: "maker", name: "Maker", description: "", kind: "citizen_developer" }],
  capabilities: [{ id: "deploy", name: "Deploy", description: "", action: "deploy", classification: null, environment: null }],
  environments: [{ id: "prod", name: "Production", kind: "production", order: 1, personal: false }],
  grants: [
    { role: "maker", capability: "deploy", environment: "prod", effect: "deny" },
    { role: "maker", capability: "deploy", environment: null, effect: "allow" },
  ],
  assignments: [],
  assets: [],
  ownerships: [],
  sod_rules: [
    { id: "r2", name: "Requester vs approver", description: "", left: { kind: "role", id: "maker" }, right: { kind: "role", id: "maker" }, severity: "high", mitigation: null },
    { id: "r1", name: "Builder vs deployer", description: "", left: { kind: "role", id: "maker" }, right: { kind: "role", id: "maker" }, severity: "high", mitigation: null },
  ],
  gates: [],
  change_requests: [],
  escalation_paths: [],
  access_reviews: [],
  exceptions: [],
  responsibilities: [],
} as unknown as Model;

const row = (status: ExceptionRow["status"], days_left: number | null): ExceptionRow => ({
  exception: {
    id: "x",
    waives: { kind: "sod_rule", id: "r1" },
    person: "ann",
    justification: "j",
    approver: "bob",
    start: "2026-11-01",
    end: "2026-11-30",
    review: null,
  },
  status,
  person_name: "Ann",
  approver_name: "Bob",
  waives_label: "SoD rule Builder vs deployer",
  accepts: [],
  days_left,
  expiring: true,
  approval_problem: null,
});

describe("exceptions", () => {
  it("list what may be waived by name; grants only where the matrix does not simply allow", () => {
    expect(waiverTargets(model, "sod_rule").map((t) => t.id)).toEqual(["r1", "r2"]);
    expect(waiverTargets(model, "grant")).toEqual([{ id: "maker|deploy|prod", label: "Maker: Deploy in Production (denied)" }]);
    expect(waiverTargets(model, "gate")).toEqual([]);
    const gated = {
      ...model,
      gates: [
        {
          id: "g", name: "Test to prod", from: "t", to: "prod", calendar: null,
          requirements: [
            { type: "approval", name: "IT sign-off", roles: ["maker"], count: 1, all: false, condition: { when: "always" } },
            { type: "wait_timer", hours: 8 },
            { type: "no_self_approval" },
          ],
        },
      ],
    } as unknown as Model;
    expect(waiverTargets(gated, "gate").map((t) => t.id)).toEqual(["g", "g#1", "g#3"]);
    expect(waiverTargets(gated, "gate")[1]!.label).toBe("Test to prod — IT sign-off: 1 approval from Maker");
    expect(waiverTargets(model, "access")).toEqual([
      { id: "maker", label: "Maker (every environment)" },
      { id: "maker|prod", label: "Maker in Production" },
    ]);
  });
  it("say where an exception stands", () => {
    expect(statusText(row("in_force", 19))).toBe("In force — 19 days left");
    expect(statusText(row("in_force", 1))).toBe("In force — last day");
    expect(statusText(row("upcoming", null))).toBe("Starts 2026-11-01");
    expect(statusText(row("expired", null))).toBe("Expired 2026-11-30");
  });
  it("read the form, refusing what cannot be sent with a word", () => {
    const form = { ...emptyForm(), target: "r1", person: "ann", approver: "ines", justification: "  Pilot  ", end: "31.12.2026" };
    expect(readForm(form)).toEqual({
      input: {
        waives: { kind: "sod_rule", id: "r1" },
        person: "ann",
        approver: "ines",
        justification: "Pilot",
        start: null,
        end: "2026-12-31",
        review: null,
      },
    });
    expect(readForm({ ...form, end: "" })).toEqual({ problem: "Give the last day the exception is in force: every exception ends." });
    expect(readForm({ ...form, start: "soon" })).toEqual({ problem: 'The first day "soon" is not a date; use e.g. 2026-12-31.' });
    expect(readForm({ ...form, justification: " " })).toEqual({ problem: "Say why the rule is waived and what mitigates the risk." });
    expect(readForm({ ...form, approver: "" })).toEqual({ problem: "Choose who approves it." });
  });
});
