import { describe, expect, it } from "vitest";
import type { Model } from "../bindings/Model";
import { accountableGaps, buildChart, hasPersonColumns, lettersEdit, readLetters, responsibilitiesOf } from "./raci";

const model = {
  roles: [
    { id: "tpm", name: "TPM" },
    { id: "dev", name: "Developer" },
    { id: "viewer", name: "Viewer" },
  ],
  people: [],
  responsibilities: [
    { role: "dev", activity: "Build  the app", letters: "R" },
    { role: "tpm", activity: "build the app", letters: "A" },
    { role: "tpm", activity: "Release", letters: "AR" },
    { role: "dev", activity: "Release", letters: "A" },
    { role: "dev", activity: "Review", letters: "C" },
  ],
} as unknown as Model;

describe("the RACI chart", () => {
  it("lists activities once, in the chart's order, and the roles that have a part", () => {
    const chart = buildChart(model);
    expect(chart.activities).toEqual(["Build the app", "Release", "Review"]);
    expect(chart.roles.map((r) => r.id)).toEqual(["tpm", "dev"]);
    expect(chart.letters.get("tpm|build the app")).toBe("A");
  });
  it("says where an activity has no accountable role, or several", () => {
    expect(accountableGaps(buildChart(model)).map((g) => [g.activity, g.accountable])).toEqual([
      ["Release", ["TPM", "Developer"]],
      ["Review", []],
    ]);
  });
  it("reads letters as people type them, in the model's order", () => {
    expect(readLetters("ra")).toBe("AR");
    expect(readLetters(" R/A ")).toBe("AR");
    expect(readLetters("")).toBe("");
    expect(readLetters("X")).toBeNull();
  });
  it("turns a typed cell into one edit: upsert, delete when cleared, nothing when unchanged", () => {
    expect(lettersEdit(model, "viewer", "Release", "I")).toEqual({
      op: "upsert",
      entity: { kind: "responsibility", value: { role: "viewer", activity: "Release", letters: "I" } },
    });
    expect(lettersEdit(model, "dev", "build the app", "")).toEqual({ op: "delete", kind: "responsibility", key: "dev|build the app" });
    expect(lettersEdit(model, "dev", "Review", "C")).toBeNull();
    expect(lettersEdit(model, "dev", "Review", "CI")).toEqual({
      op: "upsert",
      entity: { kind: "responsibility", value: { role: "dev", activity: "Review", letters: "CI" } },
    });
  });
  it("says which columns are people of the model, and lists a person's part under them", () => {
    const people = {
      ...model,
      roles: [...model.roles, { id: "ana-lopez", name: "Ana  López" }],
      people: [{ id: "ana", name: "ana lópez" }],
      responsibilities: [
        ...model.responsibilities,
        { role: "ana-lopez", activity: "Release", letters: "C" },
        { role: "ana-lopez", activity: "Build  the app", letters: "AR" },
      ],
    } as unknown as Model;
    const chart = buildChart(people);
    expect(chart.roles.map((r) => [r.id, r.person])).toEqual([
      ["tpm", null],
      ["dev", null],
      ["ana-lopez", "ana lópez"],
    ]);
    expect(responsibilitiesOf(people, "ana")).toEqual([
      { activity: "Release", letters: "C" },
      { activity: "Build the app", letters: "AR" },
    ]);
    expect(responsibilitiesOf(people, "nobody")).toEqual([]);
    expect(hasPersonColumns(people)).toBe(true);
    // A role named like a person but with no part in any activity makes no RACI column.
    expect(hasPersonColumns({ ...model, roles: [...model.roles, { id: "x", name: "Ana López" }], people: people.people } as Model)).toBe(false);
  });
});
