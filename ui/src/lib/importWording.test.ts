import { describe, expect, it } from "vitest";
import {
  changesText,
  importedText,
  kindLabel,
  layoutLabel,
  namesText,
  pendingText,
  percentText,
  rowsReadText,
  shortHash,
  sizeText,
  stageText,
  undoneText,
} from "./importWording";

describe("wording", () => {
  it("percent, rounded down and clamped", () => {
    expect(percentText(0)).toBe("0%");
    expect(percentText(0.423)).toBe("42%");
    expect(percentText(0.999)).toBe("99%");
    expect(percentText(1)).toBe("100%");
    expect(percentText(1.4)).toBe("100%");
    expect(percentText(-1)).toBe("0%");
    expect(percentText(Number.NaN)).toBe("0%");
  });

  it("stages in words", () => {
    expect(stageText("reading")).toBe("Reading the file");
    expect(stageText("checking")).toBe("Checking the result");
  });

  it("changes in one line, with thousands separators", () => {
    expect(changesText({ new: 12, changed: 3, unchanged: 40 })).toBe("12 new · 3 changed · 40 unchanged");
    expect(changesText({ new: 12000, changed: 0, unchanged: 1 })).toBe("12,000 new · 0 changed · 1 unchanged");
  });

  it("the success line says how to take the import back", () => {
    expect(importedText({ file: "raci.xlsx", changes: { new: 5, changed: 2, unchanged: 9 }, changed: true })).toBe(
      "Imported raci.xlsx: 5 new, 2 changed — Undo (Ctrl+Z) takes it back",
    );
    expect(importedText({ file: "raci.xlsx", changes: { new: 0, changed: 0, unchanged: 9 }, changed: false })).toBe(
      "Imported raci.xlsx: nothing changed",
    );
    expect(undoneText("raci.xlsx")).toBe("The import of raci.xlsx was undone — Redo (Ctrl+Y) brings it back");
  });

  it("rows read and warnings, singular and plural", () => {
    const rows = { grants: 1, raci: 2, assignments: 0, sod_rules: 1 };
    expect(rowsReadText({ rows, warnings_total: 1 })).toBe("Read 1 grant, 2 RACI entries, 1 SoD rule, with 1 warning.");
    expect(rowsReadText({ rows: { grants: 1200, raci: 0, assignments: 1, sod_rules: 0 }, warnings_total: 2 })).toBe(
      "Read 1,200 grants, 1 assignment, with 2 warnings.",
    );
    expect(rowsReadText({ rows: { grants: 0, raci: 0, assignments: 0, sod_rules: 0 }, warnings_total: 0 })).toBe(
      "No rows read: check each sheet's layout.",
    );
    expect(sizeText(1)).toBe("1 byte");
  });

  it("what a re-preview is doing", () => {
    expect(pendingText("Access", "raci")).toBe("Reading sheet Access as RACI chart");
    expect(pendingText("Cover", "skipped")).toBe("Previewing without sheet Cover");
    expect(pendingText(undefined, "raci")).toBe("Previewing");
  });

  it("layouts, kinds, names, sizes and hashes", () => {
    expect(layoutLabel("sod_rules")).toBe("SoD rules");
    expect(layoutLabel("skipped")).toBe("Skip");
    expect(kindLabel("grant")).toBe("Grants");
    expect(kindLabel("person")).toBe("People");
    expect(kindLabel("something_new")).toBe("something_new");
    expect(namesText(["Ana", "Ben"], 2)).toBe("Ana, Ben");
    expect(namesText(["Ana", "Ben"], 1052)).toBe("Ana, Ben and 1,050 more");
    expect(sizeText(900)).toBe("900 bytes");
    expect(sizeText(9_120)).toBe("8.9 KB");
    expect(sizeText(30 * 1024 * 1024)).toBe("30 MB");
    expect(shortHash("0123456789abcdef0123")).toBe("0123456789ab");
  });
});
