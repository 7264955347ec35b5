import { describe, expect, it } from "vitest";
import shared from "../../../crates/gatehouse-import/tests/vectors/cellref.json";
import { cellRef, columnIndex, columnLetter, formatCellRef, locateSource, parseCellRef } from "./cellref";

type Vector = { sheet: string; row: number; col: number; text: string };
const vectors = shared as { shown: Vector[]; also_read: Vector[]; refused: string[] };

describe("cell references", () => {
  it("column letters both ways", () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    expect(["A", "z", "AA", "ZZ", "AAA"].map(columnIndex)).toEqual([0, 25, 26, 701, 702]);
    expect(columnIndex("")).toBeNull();
    expect(columnIndex("A1")).toBeNull();
    expect(columnIndex("ABCD")).toBeNull();
    expect(cellRef(6, 2)).toBe("C7");
  });

  const sheets = [{ name: "Access" }, { name: "My sheet" }, { name: "Bob's" }, { name: "Data!2024" }];

  it("locates a warning's source: plain, quoted, quotes doubled, a bang in the name", () => {
    expect(locateSource("Access!F12", sheets)).toEqual({ sheet: 0, cell: { row: 11, col: 5 } });
    expect(locateSource("'My sheet'!C7", sheets)).toEqual({ sheet: 1, cell: { row: 6, col: 2 } });
    expect(locateSource("'Bob''s'!AA1", sheets)).toEqual({ sheet: 2, cell: { row: 0, col: 26 } });
    expect(locateSource("'Data!2024'!B2", sheets)).toEqual({ sheet: 3, cell: { row: 1, col: 1 } });
  });

  it("reads, shows and refuses references as the importer does (the shared vectors)", () => {
    for (const v of vectors.shown) {
      expect(formatCellRef(v)).toBe(v.text);
      expect(parseCellRef(v.text)).toEqual({ sheet: v.sheet, row: v.row, col: v.col });
    }
    for (const v of vectors.also_read) expect(parseCellRef(v.text)).toEqual({ sheet: v.sheet, row: v.row, col: v.col });
    for (const text of vectors.refused) expect(parseCellRef(text), text).toBeNull();
  });

  it("a bare sheet name selects the sheet; anything else is not located", () => {
    expect(locateSource("My sheet", sheets)).toEqual({ sheet: 1, cell: null });
    expect(locateSource("Access!", sheets)).toBeNull();
    expect(locateSource("Access!B0", sheets)).toBeNull();
    expect(locateSource("Other!A1", sheets)).toBeNull();
    expect(locateSource("permission-matrix.xlsx", sheets)).toBeNull();
  });
});
