import { describe, expect, it } from "vitest";
import type { Model } from "../bindings/Model";
import {
  assignmentStatus,
  decodeTarget,
  deleteAsset,
  encodeTarget,
  groupAssignments,
  idFrom,
  newAsset,
  newAssignment,
  newRule,
  optional,
  ownersByAsset,
  parseDate,
  statusText,
  withApproval,
  withKind,
  withoutUse,
} from "./edits";

const model = {
  people: [
    { id: "ana", name: "Ana Lima" },
    { id: "ben", name: "Ben Okafor" },
  ],
  roles: [
    { id: "dev", name: "Citizen Developer" },
    { id: "admin", name: "IT Administrator" },
  ],
  assets: [
    { id: "claims", name: "Claims", kind: "app", uses: ["sharepoint", "ledger"], use_approvals: [{ asset: "sharepoint", by: "ben", on: "2026-10-01" }] },
    { id: "sharepoint", name: "SharePoint", kind: "connector", uses: [], use_approvals: [] },
    { id: "ledger", name: "Ledger", kind: "data_set", uses: [], use_approvals: [] },
  ],
  ownerships: [
    { asset: "sharepoint", kind: "integration_owner", person: "ben" },
    { asset: "claims", kind: "app_owner", person: "ana" },
  ],
  assignments: [
    { id: "asg-ana-dev", person: "ana", role: "dev" },
    { id: "asg-ben-admin", person: "ben", role: "admin" },
    { id: "asg-ana-admin", person: "ana", role: "admin" },
  ],
  sod_rules: [{ id: "sod-x" }],
} as unknown as Model;

describe("ids", () => {
  it("come from the name, without accents, unique", () => {
    expect(idFrom("Chloé's  App!", [])).toBe("chloe-s-app");
    expect(idFrom("Claims", ["claims", "claims-2"])).toBe("claims-3");
    expect(idFrom("  ", [], "sod-")).toBe("sod-item");
  });
});

describe("assets", () => {
  it("start as pending 1.0 in the catalogue, and apps face users", () => {
    expect(newAsset(model, "Teams", "connector")).toMatchObject({ id: "teams", vetting: "pending", version: "1.0", user_facing: false });
    expect(newAsset(model, "Claims", "app")).toMatchObject({ id: "claims-2", vetting: null, version: null, user_facing: true });
  });
  it("drop vetting when they leave the catalogue and uses when they stop being apps", () => {
    const app = model.assets[0]!;
    expect(withKind(app, "data_set")).toMatchObject({ kind: "data_set", uses: [], vetting: null });
    expect(withKind(app, "component")).toMatchObject({ vetting: "pending", version: "1.0", uses: [] });
  });
  it("are deleted with their ownerships and the uses that point at them, in one batch", () => {
    expect(deleteAsset(model, "sharepoint")).toEqual({
      op: "batch",
      edits: [
        { op: "delete", kind: "ownership", key: "sharepoint|integration_owner|ben" },
        { op: "upsert", entity: { kind: "asset", value: { ...model.assets[0], uses: ["ledger"], use_approvals: [] } } },
        { op: "delete", kind: "asset", key: "sharepoint" },
      ],
    });
    expect(deleteAsset(model, "ledger2")).toEqual({ op: "delete", kind: "asset", key: "ledger2" });
  });
  it("record who approved an app's use of an asset, and drop it with the use", () => {
    const app = model.assets[0]!;
    expect(withApproval(app, "ledger", "ana", "2026-11-27").use_approvals).toEqual([
      { asset: "sharepoint", by: "ben", on: "2026-10-01" },
      { asset: "ledger", by: "ana", on: "2026-11-27" },
    ]);
    expect(withApproval(app, "sharepoint", "ana", "2026-11-27").use_approvals).toEqual([{ asset: "sharepoint", by: "ana", on: "2026-11-27" }]);
    expect(withoutUse(app, "sharepoint")).toMatchObject({ uses: ["ledger"], use_approvals: [] });
  });
  it("list their owners by kind", () => {
    const owners = ownersByAsset(model);
    expect(owners.get("sharepoint")?.integration_owner.map((o) => o.person)).toEqual(["ben"]);
    expect(owners.get("claims")?.data_steward).toEqual([]);
    expect(owners.get("ledger")).toBeUndefined();
  });
});

describe("assignments", () => {
  const today = "2026-11-27";
  const w = (valid_from: string | null, valid_until: string | null) => ({ valid_from, valid_until });
  it("are expired after their last day and expiring within 30 days", () => {
    expect(assignmentStatus(w(null, "2026-11-26"), today)).toBe("expired");
    expect(assignmentStatus(w(null, "2026-11-27"), today)).toBe("expiring");
    expect(assignmentStatus(w(null, "2026-12-27"), today)).toBe("expiring");
    expect(assignmentStatus(w(null, "2026-12-28"), today)).toBe("temporary");
    expect(assignmentStatus(w("2026-12-01", "2027-06-01"), today)).toBe("pending");
    expect(assignmentStatus(w(null, null), today)).toBe("permanent");
  });
  it("say so in words", () => {
    expect(statusText(w(null, "2026-11-26"), today)).toBe("Expired yesterday");
    expect(statusText(w(null, "2026-11-17"), today)).toBe("Expired 10 days ago");
    expect(statusText(w(null, "2026-11-28"), today)).toBe("Ends in 1 day");
    expect(statusText(w(null, "2026-11-27"), today)).toBe("Ends today");
    expect(statusText(w(null, null), today)).toBe("Permanent");
  });
  it("group by person or by role, in name order", () => {
    const byPerson = groupAssignments(model, "person");
    expect(byPerson.map((g) => [g.name, g.assignments.map((a) => a.id)])).toEqual([
      ["Ana Lima", ["asg-ana-dev", "asg-ana-admin"]],
      ["Ben Okafor", ["asg-ben-admin"]],
    ]);
    const byRole = groupAssignments(model, "role");
    expect(byRole.map((g) => [g.name, g.assignments.map((a) => a.id)])).toEqual([
      ["Citizen Developer", ["asg-ana-dev"]],
      ["IT Administrator", ["asg-ana-admin", "asg-ben-admin"]],
    ]);
  });
  it("get a new unique id", () => {
    expect(newAssignment(model, "ana", "dev").id).toBe("asg-ana-dev-2");
  });
});

describe("SoD rules", () => {
  it("encode their sides for a select and back", () => {
    expect(encodeTarget({ kind: "role", id: "dev" })).toBe("role:dev");
    expect(decodeTarget("capability:deploy-production")).toEqual({ kind: "capability", id: "deploy-production" });
    expect(decodeTarget("person:x")).toBeNull();
    expect(decodeTarget("role:")).toBeNull();
  });
  it("start at high severity with an id from the name", () => {
    expect(newRule(model, "X", { kind: "role", id: "a" }, { kind: "role", id: "b" })).toMatchObject({ id: "sod-x-2", severity: "high", mitigation: null });
  });
  it("read typed dates strictly", () => {
    expect(parseDate(" 2026-12-31 ")).toBe("2026-12-31");
    expect(parseDate("")).toBeNull();
    expect(parseDate("2026-02-30")).toBeUndefined();
    expect(parseDate("31/12/2026", "day")).toBe("2026-12-31");
    expect(parseDate("31/12/2026", "month")).toBeUndefined();
    expect(parseDate("next tuesday")).toBeUndefined();
  });
  it("treat a blank optional field as none", () => {
    expect(optional("  ")).toBeNull();
    expect(optional(" four eyes ")).toBe("four eyes");
  });
});
