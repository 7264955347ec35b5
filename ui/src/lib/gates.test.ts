import { describe, expect, it } from "vitest";
import type { Condition } from "../bindings/Condition";
import type { Edit } from "../bindings/Edit";
import type { Finding } from "../bindings/Finding";
import type { Gate } from "../bindings/Gate";
import type { Model } from "../bindings/Model";
import type { Requirement } from "../bindings/Requirement";
import generic from "../../../templates/generic-nocode/model.json";
import {
  conditionKinds,
  deleteCalendar,
  deleteGate,
  deleteTier,
  gatePairs,
  hasNoSelfApproval,
  listedRequirements,
  newCalendar,
  newGate,
  newRequirement,
  newTier,
  offsetText,
  placeFindings,
  readFreeze,
  readOffset,
  readRank,
  readTime,
  refersToTier,
  targetsAfter,
  tiersByRank,
  timeText,
  upsertGate,
  withAddedRequirement,
  withApproverSource,
  withConditionKind,
  withConditionValue,
  withHoliday,
  withHours,
  withMember,
  withName,
  withNewMember,
  withNoSelfApproval,
  withoutHoliday,
  withoutMember,
  withoutRequirement,
  withOpeningHours,
  withQuorum,
  withRequirement,
  withRole,
  withRoute,
  withWorkingDay,
} from "./gates";

/** The worked example as the backend hands it out (every list present). */
const demo = { responsibilities: [], ...generic } as unknown as Model;
const prod = demo.gates.find((g) => g.id === "gate-test-prod")!;
const devTest = demo.gates.find((g) => g.id === "gate-dev-test")!;

function value<T>(read: { value: T } | { problem: string }): T {
  if ("problem" in read) throw new Error(`refused: ${read.problem}`);
  return read.value;
}
function problem(read: { value: unknown } | { problem: string }): string {
  if (!("problem" in read)) throw new Error(`accepted: ${JSON.stringify(read.value)}`);
  return read.problem;
}
const finding = (code: Finding["code"], entities: [Finding["entities"][number]["kind"], string][]): Finding => ({
  code,
  severity: "high",
  message: code,
  entities: entities.map(([kind, key]) => ({ kind, key })),
  fix: "",
});

describe("gates by environment pair", () => {
  it("groups the demo's gates by from → to in promotion order", () => {
    const pairs = gatePairs(demo);
    expect(pairs.map((p) => p.label)).toEqual(["Development → Test", "Test → Production"]);
    expect(pairs[1]!.gates.map((g) => g.id)).toEqual(["gate-test-prod"]);
  });

  it("puts a second gate of a pair beside the first, by name, and orders pairs by where they start", () => {
    const extra: Gate = { ...devTest, id: "gate-a", name: "A sandbox check", from: "sandbox", to: "test" };
    const twin: Gate = { ...prod, id: "gate-b", name: "Another production gate" };
    const pairs = gatePairs({ ...demo, gates: [...demo.gates, twin, extra] });
    expect(pairs.map((p) => p.label)).toEqual(["Personal sandbox → Test", "Development → Test", "Test → Production"]);
    expect(pairs[2]!.gates.map((g) => g.name)).toEqual(["Another production gate", "Test to production"]);
  });

  it("offers only later environments as a gate's target", () => {
    expect(targetsAfter(demo, "test").map((e) => e.id)).toEqual(["production"]);
    expect(targetsAfter(demo, "production")).toEqual([]);
  });

  it("adds a gate with no self-approval on, an id from its name, and refuses a backward route", () => {
    const gate = value(newGate(demo, "  Dev to prod hotfix ", "development", "production"));
    expect(gate).toEqual({
      id: "gate-dev-to-prod-hotfix",
      name: "Dev to prod hotfix",
      from: "development",
      to: "production",
      requirements: [{ type: "no_self_approval" }],
      calendar: null,
    });
    expect(problem(newGate(demo, "Back", "production", "test"))).toBe("Test does not come after Production in the promotion path.");
    expect(problem(newGate(demo, " ", "test", "production"))).toBe("A gate needs a name.");
    expect(problem(withRoute(demo, prod, "test", "development"))).toContain("a gate promotes forward");
    expect(value(withRoute(demo, prod, "development", "production"))).toEqual({ ...prod, from: "development" });
  });

  it("removes a gate with the exceptions that waive it, in one step", () => {
    const model: Model = {
      ...demo,
      exceptions: [
        { id: "exc-1", waives: { kind: "gate", id: "gate-test-prod" }, person: "eva-novak", justification: "x", approver: "ines-berg", start: "2026-01-01", end: "2026-02-01", review: null },
        { id: "exc-2", waives: { kind: "sod_rule", id: "sod-x" }, person: "eva-novak", justification: "x", approver: "ines-berg", start: "2026-01-01", end: "2026-02-01", review: null },
      ],
    };
    expect(deleteGate(model, "gate-test-prod")).toEqual({
      op: "batch",
      edits: [
        { op: "delete", kind: "exception", key: "exc-1" },
        { op: "delete", kind: "gate", key: "gate-test-prod" },
      ],
    });
    expect(deleteGate(demo, "gate-dev-test")).toEqual({ op: "delete", kind: "gate", key: "gate-dev-test" });
  });
});

describe("requirements", () => {
  it("switches no self-approval off and on, keeping every other requirement as it was", () => {
    expect(hasNoSelfApproval(prod)).toBe(true);
    const off = withNoSelfApproval(prod, false);
    expect(hasNoSelfApproval(off)).toBe(false);
    expect(off.requirements).toEqual(prod.requirements.filter((r) => r.type !== "no_self_approval"));
    expect(off.calendar).toBe("office");
    const on = withNoSelfApproval(off, true);
    expect(on.requirements.filter((r) => r.type === "no_self_approval")).toHaveLength(1);
    expect(withNoSelfApproval(prod, true)).toBe(prod);
  });

  it("lists the requirements with their place in the gate, without the switch", () => {
    const listed = listedRequirements(devTest);
    expect(listed.map((r) => [r.index, r.requirement.type])).toEqual([[0, "approval"]]);
  });

  it("adds each kind valid as it stands", () => {
    const approval = value(newRequirement(demo, "approval", "2026-12-02"));
    expect(approval).toEqual({ type: "approval", roles: ["it-approver"], count: 1, condition: { when: "always" }, name: null });
    expect(value(newRequirement(demo, "owner_approval", "2026-12-02"))).toMatchObject({ type: "owner_approval", owner: "app_owner", count: 1 });
    expect(value(newRequirement(demo, "wait_timer", "2026-12-02"))).toEqual({ type: "wait_timer", hours: 24 });
    expect(value(newRequirement(demo, "freeze_window", "2026-12-02"))).toEqual({ type: "freeze_window", start: "2026-12-02", end: "2026-12-02", reason: "" });
    expect(problem(newRequirement({ ...demo, roles: [] }, "approval", "2026-12-02"))).toContain("no roles");
    const added = withAddedRequirement(devTest, approval);
    expect(added.requirements).toEqual([...devTest.requirements, approval]);
  });

  it("replaces or removes one requirement by its place, the others untouched", () => {
    const timer = withRequirement(prod, 6, { type: "wait_timer", hours: 8 });
    expect(timer.requirements[6]).toEqual({ type: "wait_timer", hours: 8 });
    expect(timer.requirements.filter((_, i) => i !== 6)).toEqual(prod.requirements.filter((_, i) => i !== 6));
    expect(withoutRequirement(prod, 0).requirements).toEqual(prod.requirements.slice(1));
  });

  it("turns a role approval into an ownership one and back, keeping quorum, condition and name", () => {
    const signOff = prod.requirements[0] as Extract<Requirement, { type: "approval" }>;
    const steward = value(withApproverSource({ ...signOff, all: true }, "data_steward", "it-approver"));
    expect(steward).toEqual({ type: "owner_approval", owner: "data_steward", count: 1, condition: { when: "always" }, all: true, name: "IT sign-off" });
    expect(value(withApproverSource(steward, "roles", "business-validator"))).toEqual({
      type: "approval",
      roles: ["business-validator"],
      count: 1,
      condition: { when: "always" },
      all: true,
      name: "IT sign-off",
    });
    expect(problem(withApproverSource(steward, "roles", null))).toContain("no roles");
  });

  it("adds and removes roles, never the last one", () => {
    const r: Extract<Requirement, { type: "approval" }> = { type: "approval", roles: ["it-approver"], count: 1, condition: { when: "always" } };
    const two = value(withRole(r, "security-reviewer", true));
    expect(two).toMatchObject({ roles: ["it-approver", "security-reviewer"] });
    expect(value(withRole(two as typeof r, "it-approver", false))).toMatchObject({ roles: ["security-reviewer"] });
    expect(problem(withRole(r, "it-approver", false))).toContain("at least one role");
  });

  it("reads the quorum: n of the eligible, or all (the count is kept)", () => {
    const r: Extract<Requirement, { type: "approval" }> = { type: "approval", roles: ["it-approver"], count: 2, condition: { when: "always" }, name: "Two" };
    expect(value(withQuorum(r, true, "2"))).toEqual({ ...r, all: true });
    expect(value(withQuorum({ ...r, all: true }, false, " 3 "))).toEqual({ ...r, count: 3 });
    expect(problem(withQuorum(r, false, "0"))).toBe("The number of approvals must be at least 1.");
    expect(problem(withQuorum(r, false, "two"))).toBe("The number of approvals must be a whole number of at least 1.");
    expect(withName(r, "  ")).toEqual({ ...r, name: null });
    expect(withName(r, " CAB ")).toEqual({ ...r, name: "CAB" });
  });

  it("reads a wait timer's hours and a freeze window's dates", () => {
    expect(value(withHours("0"))).toEqual({ type: "wait_timer", hours: 0 });
    expect(problem(withHours("-4"))).toContain("whole number");
    expect(value(readFreeze("2026-12-20", "2027-01-03", " Year end "))).toEqual({
      type: "freeze_window",
      start: "2026-12-20",
      end: "2027-01-03",
      reason: "Year end",
    });
    expect(problem(readFreeze("2026-12-20", "2026-12-19", ""))).toBe("The freeze window ends (2026-12-19) before it starts (2026-12-20).");
    expect(problem(readFreeze("soon", "2026-12-19", ""))).toMatch(/^First day: "soon" is not a date\. Type it as 2024-03-31 or /);
    expect(problem(readFreeze("2026-12-20", "", ""))).toBe("The freeze window's last day is missing.");
  });

  it("makes one upsert of the whole gate", () => {
    const edit: Edit = upsertGate(withNoSelfApproval(devTest, false));
    expect(edit).toEqual({ op: "upsert", entity: { kind: "gate", value: { ...devTest, requirements: [devTest.requirements[0]] } } });
  });
});

describe("conditions", () => {
  const leaf: Condition = { when: "user_facing" };
  it("wraps a condition into a group, swaps groups keeping members, and starts value kinds sensibly", () => {
    const all = withConditionKind(leaf, "all_of", null);
    expect(all).toEqual({ when: "all_of", value: [leaf] });
    expect(withConditionKind(all, "any_of", null)).toEqual({ when: "any_of", value: [leaf] });
    expect(withConditionKind({ when: "always" }, "any_of", null)).toEqual({ when: "any_of", value: [] });
    expect(withConditionKind(leaf, "data_sensitivity_at_least", null)).toEqual({ when: "data_sensitivity_at_least", value: "confidential" });
    expect(withConditionKind(leaf, "tier_at_least", "high")).toEqual({ when: "tier_at_least", value: "high" });
    expect(withConditionKind(leaf, "user_facing", null)).toBe(leaf);
    expect(withConditionValue({ when: "criticality_at_least", value: "high" }, "critical")).toEqual({ when: "criticality_at_least", value: "critical" });
    expect(withConditionValue(leaf, "x")).toBe(leaf);
  });

  it("edits members of a group at any depth", () => {
    const tier = demo.risk_tiers!.find((t) => t.id === "high")!;
    const outer = tier.when as Extract<Condition, { when: "any_of" }>;
    const inner = outer.value[1] as Extract<Condition, { when: "all_of" }>;
    const restricted: Condition = { when: "data_sensitivity_at_least", value: "restricted" };
    const changed = withMember(outer, 1, withMember(inner, 0, restricted)) as typeof outer;
    expect((changed.value[1] as typeof inner).value[0]).toEqual({ when: "data_sensitivity_at_least", value: "restricted" });
    expect(changed.value[0]).toBe(outer.value[0]);
    expect((changed.value[1] as typeof inner).value[1]).toBe(inner.value[1]);
    expect(withoutMember(outer, 0)).toEqual({ when: "any_of", value: [inner] });
    expect(withNewMember(outer)).toEqual({ when: "any_of", value: [...outer.value, { when: "user_facing" }] });
  });

  it("finds a tier named deep in a condition", () => {
    expect(refersToTier({ when: "all_of", value: [leaf, { when: "any_of", value: [{ when: "tier_at_least", value: "high" }] }] }, "high")).toBe(true);
    expect(refersToTier(leaf, "high")).toBe(false);
  });

  it("offers tiers to requirements only, and only when there are tiers", () => {
    expect(conditionKinds(false, 4)).toContain("tier_at_least");
    expect(conditionKinds(true, 4)).not.toContain("tier_at_least");
    expect(conditionKinds(false, 0)).not.toContain("tier_at_least");
    expect(conditionKinds(false, 0, "tier_at_least")).toContain("tier_at_least");
  });
});

describe("the risk-tier table", () => {
  it("lists the riskiest first and adds a new tier on top", () => {
    expect(tiersByRank(demo).map((t) => t.id)).toEqual(["critical", "high", "moderate", "low"]);
    expect(value(newTier(demo, "Extreme"))).toEqual({ id: "tier-extreme", name: "Extreme", description: "", rank: 5, when: { when: "always" } });
  });

  it("refuses a rank another tier has", () => {
    const low = demo.risk_tiers!.find((t) => t.id === "low")!;
    expect(problem(readRank(demo, low, "3"))).toBe("The tier High already has rank 3: each tier ranks differently.");
    expect(value(readRank(demo, low, "0"))).toBe(0);
    expect(value(readRank(demo, low, "1"))).toBe(1);
  });

  it("removes a tier only when no requirement applies on it", () => {
    expect(problem(deleteTier(demo, "high"))).toBe("Requirements of Test to production apply on the tier High: change their conditions first.");
    expect(value(deleteTier(demo, "moderate"))).toEqual({ op: "delete", kind: "risk_tier", key: "moderate" });
  });
});

describe("calendars", () => {
  const office = demo.calendars!.find((c) => c.id === "office")!;
  it("starts a calendar at office hours and keeps working days in week order, never none", () => {
    const cal = value(newCalendar(demo, "Lisbon office"));
    expect(cal).toEqual({ id: "cal-lisbon-office", name: "Lisbon office", working_days: ["mon", "tue", "wed", "thu", "fri"], opens: "09:00:00", closes: "17:00:00", utc_offset_minutes: 0, holidays: [] });
    expect(value(withWorkingDay({ ...cal, working_days: ["fri"] }, "mon", true)).working_days).toEqual(["mon", "fri"]);
    expect(problem(withWorkingDay({ ...cal, working_days: ["fri"] }, "fri", false))).toBe("A calendar needs at least one working day.");
  });

  it("reads opening hours and refuses a day that closes before it opens", () => {
    expect(readTime("9:00")).toBe("09:00:00");
    expect(readTime("17:30:15")).toBe("17:30:15");
    expect(readTime("25:00")).toBeUndefined();
    expect(timeText("09:00:00")).toBe("09:00");
    expect(timeText("09:00:30")).toBe("09:00:30");
    expect(value(withOpeningHours(office, "08:30", "16:30"))).toMatchObject({ opens: "08:30:00", closes: "16:30:00" });
    expect(problem(withOpeningHours(office, "17:00", "09:00"))).toBe("The working day closes (09:00) before it opens (17:00).");
  });

  it("reads a time zone as a UTC offset and shows it back", () => {
    expect(value(readOffset("UTC"))).toBe(0);
    expect(value(readOffset("+01:00"))).toBe(60);
    expect(value(readOffset("utc-5"))).toBe(-300);
    expect(value(readOffset("UTC−03:30"))).toBe(-210);
    expect(value(readOffset("5:30"))).toBe(330);
    expect(value(readOffset("-0"))).toBe(0);
    expect(problem(readOffset("+19"))).toBe("A UTC offset is at most 18 hours either way.");
    expect(problem(readOffset("Europe/Lisbon"))).toContain("is not a UTC offset");
    expect(offsetText(60)).toBe("UTC+01:00");
    expect(offsetText(-330)).toBe("UTC−05:30");
    expect(offsetText(0)).toBe("UTC");
  });

  it("adds holidays sorted and once, and removes them", () => {
    const more = value(withHoliday(office, "2026-12-24"));
    expect(more.holidays).toEqual(["2026-12-24", "2026-12-25", "2027-01-01"]);
    expect(value(withHoliday(more, "2026-12-24")).holidays).toEqual(more.holidays);
    expect(problem(withHoliday(office, "xmas"))).toContain("is not a date");
    expect(withoutHoliday(more, "2026-12-25").holidays).toEqual(["2026-12-24", "2027-01-01"]);
  });

  it("removes a calendar and lets its gates run around the clock, in one step", () => {
    expect(deleteCalendar(demo, "office")).toEqual({
      op: "batch",
      edits: [upsertGate({ ...prod, calendar: null }), { op: "delete", kind: "calendar", key: "office" }],
    });
  });
});

describe("findings beside what they concern", () => {
  it("puts a self-approval path at the switch, a quorum finding at the requirement asking its roles", () => {
    const placed = placeFindings(demo, prod, [
      finding("self_approval_path", [["gate", "gate-test-prod"], ["person", "eva-novak"]]),
      finding("gate_unsatisfiable", [["gate", "gate-test-prod"], ["role", "security-reviewer"]]),
      finding("quorum_unreachable", [["gate", "gate-test-prod"], ["role", "it-approver"], ["sod_rule", "sod-x"]]),
      finding("sod_conflict", [["role", "it-approver"]]),
    ]);
    expect(placed.selfApproval.map((f) => f.code)).toEqual(["self_approval_path"]);
    expect([...placed.requirements.entries()].map(([i, fs]) => [i, fs.map((f) => f.code)])).toEqual([
      [4, ["gate_unsatisfiable"]],
      [0, ["quorum_unreachable"]],
    ]);
    expect(placed.gate).toEqual([]);
  });

  it("puts an ownership quorum finding at the ownership approval its assets point to", () => {
    const placed = placeFindings(demo, prod, [
      finding("quorum_unreachable", [["gate", "gate-test-prod"], ["asset", "expense-claims"], ["asset", "hr-records"]]),
      finding("quorum_unreachable", [["gate", "gate-test-prod"], ["asset", "expense-claims"], ["asset", "sap-erp"]]),
    ]);
    expect([...placed.requirements.keys()]).toEqual([2, 3]);
  });

  it("places the shapes `gatehouse check` reports (a data set's own steward; two assets and a rule)", () => {
    // As reported on the demo with Hugo Silva, in SoD conflict, the only steward of every data set.
    const placed = placeFindings(demo, prod, [
      finding("quorum_unreachable", [["gate", "gate-test-prod"], ["asset", "hr-records"], ["sod_rule", "sod-request-approve"]]),
      finding("quorum_unreachable", [["gate", "gate-test-prod"], ["asset", "expense-claims"], ["asset", "expense-ledger"], ["sod_rule", "sod-request-approve"]]),
      finding("gate_unsatisfiable", [["gate", "gate-test-prod"], ["role", "security-reviewer"]]),
    ]);
    expect(placed.requirements.get(2)?.length).toBe(2);
    expect(placed.requirements.get(4)?.length).toBe(1);
    expect(placed.gate).toEqual([]);
  });

  it("keeps at the gate what it cannot pin to one requirement", () => {
    const twice: Gate = { ...devTest, requirements: [devTest.requirements[0]!, devTest.requirements[0]!] };
    const placed = placeFindings(demo, twice, [finding("weak_production_quorum", [["gate", "gate-dev-test"], ["role", "app-owner"], ["role", "it-approver"]])]);
    expect(placed.gate).toHaveLength(1);
    expect(placed.requirements.size).toBe(0);
  });
});
