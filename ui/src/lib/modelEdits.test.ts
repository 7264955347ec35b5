import { describe, expect, it } from "vitest";
import type { Edit } from "../bindings/Edit";
import type { Model } from "../bindings/Model";
import generic from "../../../templates/generic-nocode/model.json";
import { addNames, dependents, moveEnvironment, namesFrom, removal, renamed } from "./modelEdits";

/** The worked example as the backend hands it out (every list present). */
const demo = { responsibilities: [], ...generic } as unknown as Model;
const empty = {
  meta: { name: "Client", description: "", template: null },
  people: [], roles: [], capabilities: [], environments: [], grants: [], assignments: [], assets: [], ownerships: [],
  sod_rules: [], gates: [], change_requests: [], escalation_paths: [], access_reviews: [], exceptions: [], responsibilities: [],
} as unknown as Model;

const edits = (e: Edit | null): Edit[] => (e === null ? [] : e.op === "batch" ? e.edits : [e]);

describe("adding by name", () => {
  it("takes a pasted spreadsheet column: one name a line, first cell of a row, no blanks or repeats", () => {
    const pasted = "Finance Approver\tx\n\n  Data  Owner \r\nfinance approver\nViewer\n";
    expect(namesFrom(demo, "role", pasted)).toEqual({ added: ["Finance Approver", "Data Owner"], existing: ["Viewer"] });
  });
  it("adds them all in one edit, ids made from the names and unique", () => {
    const edit = addNames(empty, "role", ["Finance Approver", "Finance approver!"]);
    expect(edit?.op).toBe("batch");
    expect(edits(edit).map((e) => (e.op === "upsert" ? e.entity.value : null))).toEqual([
      { id: "finance-approver", name: "Finance Approver", description: "", kind: "other" },
      { id: "finance-approver-2", name: "Finance approver!", description: "", kind: "other" },
    ]);
    expect(addNames(empty, "person", ["Ana"])).toEqual({
      op: "upsert",
      entity: { kind: "person", value: { id: "ana", name: "Ana", email: null, department: null, kind: "business" } },
    });
    expect(addNames(empty, "role", [])).toBeNull();
  });
  it("puts new environments after the last one in promotion order", () => {
    const orders = edits(addNames(demo, "environment", ["Staging", "DR"])).map((e) =>
      e.op === "upsert" && e.entity.kind === "environment" ? e.entity.value.order : null,
    );
    expect(orders).toEqual([4, 5]);
  });
});

describe("renaming", () => {
  it("keeps the id, so nothing that refers to it moves", () => {
    expect(renamed(demo, "role", "viewer", "  Read-only   user ")).toEqual({
      op: "upsert",
      entity: { kind: "role", value: { ...demo.roles.find((r) => r.id === "viewer")!, name: "Read-only user" } },
    });
    expect(renamed(demo, "role", "nobody", "x")).toBeNull();
  });
});

describe("removing", () => {
  it("says what depends on a role: its grants, members, rules and gates", () => {
    const kinds = dependents(demo, "role", "it-approver").map((d) => d.kind);
    expect(kinds).toContain("grant");
    expect(kinds).toContain("assignment");
    expect(kinds).toContain("gate");
    const labels = dependents(demo, "role", "it-approver").map((d) => d.label);
    expect(labels.some((l) => l.startsWith("Grant: IT Approver · "))).toBe(true);
  });
  it("removes them in the same step as the role, the role last", () => {
    const all = edits(removal(demo, "role", "it-approver"));
    expect(all.at(-1)).toEqual({ op: "delete", kind: "role", key: "it-approver" });
    expect(all.length).toBe(dependents(demo, "role", "it-approver").length + 1);
  });
  it("clears an optional reference instead of removing what holds it", () => {
    const approverOf = dependents(demo, "person", "eva-novak").filter((d) => d.kind === "assignment" && d.edit.op === "upsert");
    expect(approverOf.length).toBeGreaterThan(0);
    for (const d of approverOf) {
      expect(d.edit.op === "upsert" && d.edit.entity.kind === "assignment" && d.edit.entity.value.approver).toBeNull();
    }
  });
  it("needs no batch for something nothing refers to", () => {
    expect(dependents(empty, "role", "x")).toEqual([]);
    expect(removal(empty, "role", "x")).toEqual({ op: "delete", kind: "role", key: "x" });
  });
});

describe("environment order", () => {
  it("swaps two neighbours' places in one step, and stops at the ends", () => {
    expect(edits(moveEnvironment(demo, "test", -1)).map((e) => (e.op === "upsert" && e.entity.kind === "environment" ? [e.entity.value.id, e.entity.value.order] : null))).toEqual([
      ["test", 1],
      ["development", 2],
    ]);
    expect(moveEnvironment(demo, "sandbox", -1)).toBeNull();
    expect(moveEnvironment(demo, "production", 1)).toBeNull();
  });
});
