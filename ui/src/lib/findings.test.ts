import { describe, expect, it } from "vitest";
import type { FindingCode } from "../bindings/FindingCode";
import type { Model } from "../bindings/Model";
import { countBySeverity, findingsAbout, indexFindings, isoDate, primaryTarget, refKey, sortFindings, worst, type Finding } from "./findings";
import { namesOf, normalizeName } from "./labels";

const f = (code: FindingCode, severity: Finding["severity"], entities: Finding["entities"]): Finding => ({
  code,
  severity,
  message: `${code} message`,
  entities,
  fix: "fix it",
});

const sod = f("sod_conflict", "critical", [
  { kind: "person", key: "ana-lima" },
  { kind: "sod_rule", key: "sod-develop-deploy-prod" },
  { kind: "grant", key: "citizen-developer|deploy-production|*" },
]);
const owner = f("asset_without_owner", "medium", [{ kind: "asset", key: "hr-records" }]);
const steward = f("data_set_without_steward", "high", [{ kind: "ownership", key: "expense-ledger|data_steward|dev-patel" }]);
const lonely = f("role_without_members", "low", [{ kind: "role", key: "viewer" }]);

describe("findings", () => {
  it("count by severity and find the worst", () => {
    expect(countBySeverity([sod, owner, lonely, lonely])).toEqual({ critical: 1, high: 0, medium: 1, low: 2 });
    expect(worst([lonely, owner])).toBe("medium");
    expect(worst([])).toBeNull();
  });
  it("sort the most severe first", () => {
    expect(sortFindings([lonely, owner, sod, steward]).map((x) => x.code)).toEqual([
      "sod_conflict",
      "data_set_without_steward",
      "asset_without_owner",
      "role_without_members",
    ]);
  });
  it("index by entity, a grant also under its role and an ownership under its asset", () => {
    const index = indexFindings([sod, owner, steward, lonely]);
    expect(index.get(refKey("grant", "citizen-developer|deploy-production|*"))).toEqual([sod]);
    expect(index.get(refKey("role", "citizen-developer"))).toEqual([sod]);
    expect(index.get(refKey("asset", "expense-ledger"))).toEqual([steward]);
    expect(index.get(refKey("person", "ana-lima"))).toEqual([sod]);
    expect(index.get(refKey("role", "viewer"))).toEqual([lonely]);
  });
  it("pick one code's findings about an entity", () => {
    const index = indexFindings([sod, owner, steward, lonely]);
    expect(findingsAbout(index, "person", "ana-lima", "sod_conflict")).toEqual([sod]);
    expect(findingsAbout(index, "person", "ana-lima", "expired_access")).toEqual([]);
    expect(findingsAbout(index, "sod_rule", "no-such-rule", "sod_conflict")).toEqual([]);
  });
  it("jump to the most specific thing there is a page for", () => {
    expect(primaryTarget(sod)).toEqual({ page: "matrix", kind: "grant", key: "citizen-developer|deploy-production|*" });
    expect(primaryTarget(owner)).toEqual({ page: "ownership", kind: "asset", key: "hr-records" });
    const conflict = f("sod_conflict", "critical", [
      { kind: "person", key: "ana-lima" },
      { kind: "sod_rule", key: "sod-develop-deploy-prod" },
      { kind: "role", key: "citizen-developer" },
    ]);
    expect(primaryTarget(conflict)).toEqual({ page: "matrix", kind: "role", key: "citizen-developer" });
    expect(primaryTarget(f("role_without_members", "low", [{ kind: "sod_rule", key: "r" }]))).toEqual({ page: "sod", kind: "sod_rule", key: "r" });
    expect(primaryTarget(lonely)).toEqual({ page: "matrix", kind: "role", key: "viewer" });
    expect(primaryTarget(f("role_without_members", "low", [{ kind: "person", key: "p" }]))).toEqual({ page: "assignments", kind: "person", key: "p" });
    expect(primaryTarget(f("role_without_members", "low", []))).toBeNull();
  });
  it("write dates as YYYY-MM-DD", () => {
    expect(isoDate(new Date(2026, 0, 5))).toBe("2026-01-05");
  });
});

describe("namesOf", () => {
  const model = {
    people: [{ id: "ana-lima", name: "Ana Lima" }],
    roles: [{ id: "citizen-developer", name: "Citizen Developer" }],
    capabilities: [{ id: "deploy-production", name: "Deploy to production" }],
    environments: [{ id: "production", name: "Production" }],
    assets: [{ id: "hr-records", name: "HR Records" }],
    sod_rules: [],
    gates: [],
    escalation_paths: [],
    access_reviews: [],
    assignments: [{ id: "asg-1", person: "ana-lima", role: "citizen-developer" }],
    change_requests: [],
  } as unknown as Model;
  const names = namesOf(model);
  it("names grants, ownerships and assignments in words", () => {
    expect(names.of("grant", "citizen-developer|deploy-production|*")).toBe("Citizen Developer · Deploy to production · all environments");
    expect(names.of("grant", "citizen-developer|deploy-production|production")).toBe("Citizen Developer · Deploy to production · Production");
    expect(names.of("ownership", "hr-records|data_steward|ana-lima")).toBe("HR Records: data steward Ana Lima");
    expect(names.of("assignment", "asg-1")).toBe("Ana Lima → Citizen Developer");
    expect(names.of("person", "nobody")).toBe("nobody");
  });
});

describe("names of responsibilities", () => {
  it("reads the backend's role|activity key", () => {
    expect(normalizeName("  Create\n functional  SPEC ")).toBe("create functional spec");
    const model = {
      people: [], roles: [{ id: "tpm", name: "TPM" }], capabilities: [], environments: [], assets: [], sod_rules: [],
      gates: [], escalation_paths: [], access_reviews: [], assignments: [], change_requests: [],
      responsibilities: [{ role: "tpm", activity: "Create  functional\nspec", letters: "AR" }],
    } as unknown as Model;
    expect(namesOf(model).of("responsibility", "tpm|create functional spec")).toBe("TPM · Create  functional\nspec (AR)");
    expect(namesOf(model).of("responsibility", "tpm|something else")).toBe("tpm|something else");
  });
});
