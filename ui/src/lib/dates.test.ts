import { describe, expect, it } from "vitest";
import { dateProblem, readDate, slashOrderOf } from "./dates";

describe("dates typed in a field", () => {
  it("are read in ISO form whatever the locale", () => {
    expect(readDate("2024-03-01", "month")).toBe("2024-03-01");
    expect(readDate(" 2024/3/1 ", "day")).toBe("2024-03-01");
  });
  it("are read with the day first after dots and dashes, as the importer reads them", () => {
    expect(readDate("01.03.2024", "month")).toBe("2024-03-01");
    expect(readDate("1-3-24", "day")).toBe("2024-03-01");
    expect(readDate("1.3.85", "day")).toBe("1985-03-01");
  });
  it("follow the locale's order with slashes", () => {
    expect(readDate("01/03/2024", "day")).toBe("2024-03-01");
    expect(readDate("01/03/2024", "month")).toBe("2024-01-03");
    expect(readDate("31/12/2026", "month")).toBeUndefined();
  });
  it("are refused when they are no calendar date, and blank is no date", () => {
    expect(readDate("2026-02-30")).toBeUndefined();
    expect(readDate("tomorrow")).toBeUndefined();
    expect(readDate("2024-03-01-02")).toBeUndefined();
    expect(readDate("   ")).toBeNull();
  });
  it("say what they expect when refused, in the locale's order", () => {
    expect(dateProblem(" 32.13.2024 ", "day")).toBe('"32.13.2024" is not a date. Type it as 2024-03-31 or 31/03/2024.');
    expect(dateProblem("x", "month")).toContain("03/31/2024");
  });
  it("know which locales put the month first", () => {
    expect(slashOrderOf("en-US")).toBe("month");
    expect(slashOrderOf("en-GB")).toBe("day");
    expect(slashOrderOf("de-DE")).toBe("day");
  });
});
