import { describe, expect, it } from "vitest";
import type { Capability } from "../bindings/Capability";
import type { Environment } from "../bindings/Environment";
import type { Grant } from "../bindings/Grant";
import type { Role } from "../bindings/Role";
import {
  buildView,
  clampSelection,
  cycleEdit,
  fillEdit,
  grantKey,
  indexGrants,
  keyAction,
  matches,
  nextValue,
  parseGrantKey,
  positionOf,
  rectOf,
  single,
  tallyTotal,
  totals,
  type KeyInput,
  type Selection,
} from "./matrix";

const role = (id: string, name: string): Role => ({ id, name, description: "", kind: "other" });
const cap = (id: string, name: string, environment: string | null = null): Capability => ({
  id,
  name,
  description: "",
  action: "other",
  classification: null,
  environment,
});
const env = (id: string, name: string, order: number): Environment => ({ id, name, kind: "other" as Environment["kind"], order, personal: false });

const roles = [role("dev", "Citizen Developer"), role("admin", "IT Administrator"), role("viewer", "Viewer")];
const caps = [cap("modify-app", "Modify app"), cap("deploy-prod", "Deploy to production")];
// Given out of order: columns follow the promotion order.
const envs = [env("prod", "Production", 2), env("dev-env", "Development", 1)];
const grants: Grant[] = [
  { role: "dev", capability: "modify-app", environment: null, effect: "allow" },
  { role: "dev", capability: "deploy-prod", environment: null, effect: "deny" },
  { role: "admin", capability: "deploy-prod", environment: "prod", effect: "approval" },
];
const noFilter = { roleFilter: "", capabilityFilter: "", collapsed: new Set<string>() };

function key(k: string, mods: Partial<Omit<KeyInput, "key">> = {}): KeyInput {
  return { key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods };
}

describe("cells", () => {
  it("cycle no grant → allow → allow with approval → deny → no grant", () => {
    expect(nextValue(null)).toBe("allow");
    expect(nextValue("allow")).toBe("approval");
    expect(nextValue("approval")).toBe("deny");
    expect(nextValue("deny")).toBeNull();
  });
  it("use the backend's grant keys, * for all environments, and parse them back", () => {
    expect(grantKey("dev", "modify-app", null)).toBe("dev|modify-app|*");
    expect(grantKey("dev", "modify-app", "prod")).toBe("dev|modify-app|prod");
    expect(parseGrantKey("dev|modify-app|*")).toEqual({ role: "dev", capability: "modify-app", environment: null });
    expect(parseGrantKey("dev|modify-app|prod")).toEqual({ role: "dev", capability: "modify-app", environment: "prod" });
    expect(parseGrantKey("nonsense")).toBeNull();
  });
});

describe("buildView", () => {
  it("puts all environments first, then environments in promotion order, each with every capability", () => {
    const view = buildView(roles, caps, envs, noFilter);
    expect(view.groups.map((g) => g.label)).toEqual(["All environments", "Development", "Production"]);
    expect(view.columns).toHaveLength(6);
    expect(view.columns.map((c) => c.key)).toEqual([
      "modify-app|*", "deploy-prod|*", "modify-app|dev-env", "deploy-prod|dev-env", "modify-app|prod", "deploy-prod|prod",
    ]);
    expect(view.groups.map((g) => [g.start, g.span])).toEqual([[0, 2], [2, 2], [4, 2]]);
  });
  it("shows a capability bound to one environment only there and under all environments", () => {
    const view = buildView(roles, [...caps, cap("deploy-only-prod", "Deploy (prod)", "prod")], envs, noFilter);
    expect(view.columns.filter((c) => c.type === "cell" && c.capability.id === "deploy-only-prod").map((c) => c.group)).toEqual(["*", "prod"]);
    expect(view.groups.map((g) => g.capabilities)).toEqual([3, 2, 3]);
  });
  it("filters rows and columns by words, ignoring case and accents", () => {
    expect(matches("Chloé Martin", "chloe mar")).toBe(true);
    expect(matches("Chloé Martin", "chloe x")).toBe(false);
    const view = buildView(roles, caps, envs, { ...noFilter, roleFilter: "it adm", capabilityFilter: "DEPLOY" });
    expect(view.rows.map((r) => r.id)).toEqual(["admin"]);
    expect(view.columns.map((c) => c.key)).toEqual(["deploy-prod|*", "deploy-prod|dev-env", "deploy-prod|prod"]);
  });
  it("collapses a group to one column that remembers how many it hides", () => {
    const view = buildView(roles, caps, envs, { ...noFilter, collapsed: new Set(["dev-env"]) });
    expect(view.columns).toHaveLength(5);
    expect(view.columns[2]).toEqual({ type: "collapsed", key: "dev-env|collapsed", group: "dev-env", hidden: 2 });
    expect(view.groups[1]).toMatchObject({ collapsed: true, start: 2, span: 1 });
    expect(view.groups[2]).toMatchObject({ start: 3, span: 2 });
  });
});

describe("totals", () => {
  it("count grants by effect per visible row and column", () => {
    const view = buildView(roles, caps, envs, noFilter);
    const t = totals(view, grants);
    expect(t.rows[0]).toEqual({ allow: 1, approval: 0, deny: 1 });
    expect(t.rows[1]).toEqual({ allow: 0, approval: 1, deny: 0 });
    expect(t.rows[2]).toEqual({ allow: 0, approval: 0, deny: 0 });
    expect(t.columns[1]).toEqual({ allow: 0, approval: 0, deny: 1 });
    expect(t.columns[5]).toEqual({ allow: 0, approval: 1, deny: 0 });
    expect(t.all).toEqual({ allow: 1, approval: 1, deny: 1 });
  });
  it("show as a total the grants that give access, not the denials", () => {
    expect(tallyTotal({ allow: 2, approval: 1, deny: 4 })).toBe(3);
    expect(tallyTotal({ allow: 0, approval: 0, deny: 1 })).toBe(0);
  });
  it("leave out what the filters hide", () => {
    const view = buildView(roles, caps, envs, { ...noFilter, roleFilter: "admin", collapsed: new Set(["prod"]) });
    expect(totals(view, grants).all).toEqual({ allow: 0, approval: 0, deny: 0 });
  });
});

describe("keyAction", () => {
  const at = (row: number, col: number): Selection => single({ row, col });
  it("moves with the arrows and stops at the edges", () => {
    expect(keyAction(at(1, 1), key("ArrowRight"), 3, 6, 10)).toEqual({ type: "move", selection: at(1, 2) });
    expect(keyAction(at(0, 0), key("ArrowUp"), 3, 6, 10)).toEqual({ type: "move", selection: at(0, 0) });
    expect(keyAction(at(2, 5), key("ArrowDown"), 3, 6, 10)).toEqual({ type: "move", selection: at(2, 5) });
    expect(keyAction(at(1, 1), key("ArrowRight", { ctrlKey: true }), 3, 6, 10)).toEqual({ type: "move", selection: at(1, 5) });
    expect(keyAction(at(1, 3), key("Home"), 3, 6, 10)).toEqual({ type: "move", selection: at(1, 0) });
    expect(keyAction(at(0, 3), key("PageDown"), 30, 6, 10)).toEqual({ type: "move", selection: at(10, 3) });
  });
  it("extends a range from the anchor with Shift", () => {
    const sel = { anchor: { row: 1, col: 1 }, focus: { row: 1, col: 2 } };
    const action = keyAction(sel, key("ArrowDown", { shiftKey: true }), 3, 6, 10);
    expect(action).toEqual({ type: "move", selection: { anchor: { row: 1, col: 1 }, focus: { row: 2, col: 2 } } });
    expect(rectOf((action as { selection: Selection }).selection)).toEqual({ top: 1, bottom: 2, left: 1, right: 2 });
  });
  it("cycles with Space or Enter, clears with Delete, fills with 0–3", () => {
    expect(keyAction(at(0, 0), key(" "), 3, 6, 10)).toEqual({ type: "cycle" });
    expect(keyAction(at(0, 0), key("Enter"), 3, 6, 10)).toEqual({ type: "cycle" });
    expect(keyAction(at(0, 0), key("Delete"), 3, 6, 10)).toEqual({ type: "fill", value: null });
    expect(keyAction(at(0, 0), key("2"), 3, 6, 10)).toEqual({ type: "fill", value: "approval" });
    expect(keyAction(at(0, 0), key("3"), 3, 6, 10)).toEqual({ type: "fill", value: "deny" });
  });
  it("selects everything with Ctrl+A and starts at the first cell when nothing is selected", () => {
    expect(keyAction(at(1, 1), key("a", { ctrlKey: true }), 3, 6, 10)).toEqual({
      type: "move",
      selection: { anchor: { row: 0, col: 0 }, focus: { row: 2, col: 5 } },
    });
    expect(keyAction(null, key("ArrowDown"), 3, 6, 10)).toEqual({ type: "move", selection: at(0, 0) });
    expect(keyAction(null, key(" "), 3, 6, 10)).toEqual({ type: "none" });
  });
  it("leaves other keys and Ctrl shortcuts (undo, save) alone", () => {
    expect(keyAction(at(0, 0), key("z", { ctrlKey: true }), 3, 6, 10)).toEqual({ type: "none" });
    expect(keyAction(at(0, 0), key("x"), 3, 6, 10)).toEqual({ type: "none" });
    expect(keyAction(at(0, 0), key("ArrowUp"), 0, 6, 10)).toEqual({ type: "none" });
  });
  it("keeps a selection inside a grid that shrank", () => {
    expect(clampSelection({ anchor: { row: 5, col: 0 }, focus: { row: 9, col: 9 } }, 3, 6)).toEqual({
      anchor: { row: 2, col: 0 },
      focus: { row: 2, col: 5 },
    });
    expect(clampSelection(at(1, 1), 0, 6)).toBeNull();
  });
});

describe("edits", () => {
  const view = buildView(roles, caps, envs, noFilter);
  const index = indexGrants(grants);
  it("turns a click on an empty cell into one grant upsert", () => {
    expect(cycleEdit(view, index, at(2, 0))).toEqual({
      op: "upsert",
      entity: { kind: "grant", value: { role: "viewer", capability: "modify-app", environment: null, effect: "allow" } },
    });
  });
  it("turns deny back into no grant by deleting the grant", () => {
    expect(cycleEdit(view, index, at(0, 1))).toEqual({ op: "delete", kind: "grant", key: "dev|deploy-prod|*" });
  });
  it("fills a range with one batch of only the cells that change", () => {
    const edit = fillEdit(view, index, { top: 0, bottom: 1, left: 0, right: 1 }, "allow");
    expect(edit).toEqual({
      op: "batch",
      edits: [
        { op: "upsert", entity: { kind: "grant", value: { role: "dev", capability: "deploy-prod", environment: null, effect: "allow" } } },
        { op: "upsert", entity: { kind: "grant", value: { role: "admin", capability: "modify-app", environment: null, effect: "allow" } } },
        { op: "upsert", entity: { kind: "grant", value: { role: "admin", capability: "deploy-prod", environment: null, effect: "allow" } } },
      ],
    });
  });
  it("clears a range by deleting the grants in it, and does nothing when nothing changes", () => {
    expect(fillEdit(view, index, { top: 0, bottom: 2, left: 4, right: 5 }, null)).toEqual({
      op: "delete",
      kind: "grant",
      key: "admin|deploy-prod|prod",
    });
    expect(fillEdit(view, index, { top: 2, bottom: 2, left: 0, right: 5 }, null)).toBeNull();
  });
  it("applies the focus cell's next value to the whole range on Space", () => {
    const sel = { anchor: { row: 2, col: 0 }, focus: { row: 0, col: 0 } };
    // The focus (dev × modify-app, allow) goes to approval, and so does the rest of the range.
    const edit = cycleEdit(view, index, sel);
    expect(edit?.op).toBe("batch");
    const values = (edit as { edits: { entity: { value: Grant } }[] }).edits.map((e) => [e.entity.value.role, e.entity.value.effect]);
    expect(values).toEqual([["dev", "approval"], ["admin", "approval"], ["viewer", "approval"]]);
  });
  it("skips the columns of collapsed groups", () => {
    const collapsed = buildView(roles, caps, envs, { ...noFilter, collapsed: new Set(["*"]) });
    expect(fillEdit(collapsed, index, { top: 0, bottom: 0, left: 0, right: 0 }, "allow")).toBeNull();
  });
  it("finds a grant's cell, or not when it is filtered out", () => {
    expect(positionOf(view, "admin", "deploy-prod", "prod")).toEqual({ row: 1, col: 5 });
    const filtered = buildView(roles, caps, envs, { ...noFilter, roleFilter: "viewer" });
    expect(positionOf(filtered, "admin", "deploy-prod", "prod")).toBeNull();
  });
});

function at(row: number, col: number): Selection {
  return single({ row, col });
}
