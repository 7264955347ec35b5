import { describe, expect, it } from "vitest";
import type { ReviewSheet } from "../bindings/ReviewSheet";
import { columnChoices, formOf, partsOf, partsProblem, toggleColumn } from "./sheetParts";

function sheet(patch: Partial<ReviewSheet> = {}): ReviewSheet {
  return {
    name: "Access",
    layout: "matrix",
    chosen: null,
    header_row: 3,
    note: "",
    rows: 12,
    columns: 4,
    read: 10,
    warnings: 0,
    truncated: null,
    mapping: {
      name: "Access",
      layout: "matrix",
      header_row: 3,
      roles_in: "columns",
      label_column: "A",
      columns: ["C", "D"],
      environment_row: 2,
    },
    fields: ["role", "capability", "environment", "resource", "level", "status"],
    headers: ["Capability", "Group", "Admin", "Maker"],
    ...patch,
  };
}

describe("choosing a sheet's columns", () => {
  it("starts from how the preview read the sheet", () => {
    const form = formOf(sheet());
    expect(form).toEqual({
      layout: "matrix",
      shape: "grid",
      header_row: 3,
      label_column: "A",
      group_column: null,
      roles_in: "columns",
      columns: ["C", "D"],
      fields: {},
    });
  });

  it("a list read with fields starts as a list, and a chosen layout wins over a skipped reading", () => {
    const listed = sheet({ mapping: { name: "Access", layout: "matrix", header_row: 1, fields: { role: "B", resource: "D" } } });
    expect(formOf(listed).shape).toBe("list");
    expect(formOf(listed).fields).toEqual({ role: "B", resource: "D" });
    const skipped = sheet({ layout: "skipped", chosen: "assignments", mapping: { name: "Access", layout: "skipped", header_row: 1 } });
    expect(formOf(skipped)).toMatchObject({ layout: "assignments", shape: "list", header_row: 1 });
  });

  it("names the columns by their header, or by their letter alone", () => {
    expect(columnChoices(sheet({ columns: 5 }))).toEqual([
      { letter: "A", label: "A · Capability" },
      { letter: "B", label: "B · Group" },
      { letter: "C", label: "C · Admin" },
      { letter: "D", label: "D · Maker" },
      { letter: "E", label: "E" },
    ]);
  });

  it("says what a grid or a list lacks before it is read", () => {
    const s = sheet();
    const form = formOf(s);
    expect(partsProblem(form, s)).toBeNull();
    expect(partsProblem({ ...form, header_row: 13 }, s)).toBe("The header row is a row of the sheet: 1 to 12.");
    expect(partsProblem({ ...form, label_column: null }, s)).toBe("Choose the column of labels down the side.");
    expect(partsProblem({ ...form, columns: [] }, s)).toBe("Tick at least one column of marks or letters.");
    expect(partsProblem({ ...form, columns: ["A", "C"] }, s)).toBe("The column of labels cannot also be a column of marks.");
    const list = { ...form, shape: "list" as const, columns: [] };
    expect(partsProblem({ ...list, fields: {} }, s)).toBe("Choose the role column.");
    expect(partsProblem({ ...list, fields: { role: "A" } }, s)).toMatch(/^Choose the resource column/);
    expect(partsProblem({ ...list, fields: { role: "A", capability: "B" } }, s)).toBe("A permission list needs its flag columns ticked.");
    expect(partsProblem({ ...list, fields: { role: "A", resource: "B" } }, s)).toBeNull();
    const people = { ...list, layout: "assignments" as const };
    expect(partsProblem({ ...people, fields: { role: "B" } }, s)).toBe("Choose the person column.");
    expect(partsProblem({ ...people, fields: { person: "A" } }, s)).toBe("Choose the role column, or tick the role columns across.");
    expect(partsProblem({ ...people, fields: { person: "A" }, columns: ["C"] }, s)).toBeNull();
    const rules = { ...list, layout: "sod_rules" as const };
    expect(partsProblem({ ...rules, fields: { left: "A" } }, s)).toBe("Choose the columns of the rule's two sides.");
  });

  it("makes the sheet's mapping, keeping the environment row a grid was found with", () => {
    const s = sheet();
    const form = { ...formOf(s), label_column: "A", group_column: "B", roles_in: "rows" as const, columns: ["C"] };
    expect(partsOf(form, s)).toEqual({
      name: "Access",
      layout: "matrix",
      header_row: 3,
      roles_in: "rows",
      label_column: "A",
      group_column: "B",
      columns: ["C"],
      environment: undefined,
      environment_row: 2,
      subheader_row: undefined,
    });
    const list = { ...form, shape: "list" as const, columns: [], fields: { role: "A", resource: "C", level: "" } };
    expect(partsOf(list, s)).toEqual({ name: "Access", layout: "matrix", header_row: 3, fields: { role: "A", resource: "C" }, columns: undefined });
  });

  it("keeps ticked columns in sheet order", () => {
    const order = ["A", "B", "C", "D"];
    expect(toggleColumn(["D"], "B", true, order)).toEqual(["B", "D"]);
    expect(toggleColumn(["B", "D"], "D", false, order)).toEqual(["B"]);
  });
});
