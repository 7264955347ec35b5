import { describe, expect, it } from "vitest";
import { cellRef, columnIndex, columnLetter, locateSource } from "./cellref";

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

  it("a bare sheet name selects the sheet; anything else is not located", () => {
    expect(locateSource("My sheet", sheets)).toEqual({ sheet: 1, cell: null });
    expect(locateSource("Access!", sheets)).toEqual({ sheet: 0, cell: null });
    expect(locateSource("Access!B0", sheets)).toEqual({ sheet: 0, cell: null });
    expect(locateSource("Other!A1", sheets)).toBeNull();
    expect(locateSource("permission-matrix.xlsx", sheets)).toBeNull();
  });
});
