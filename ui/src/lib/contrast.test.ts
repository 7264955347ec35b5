import { describe, expect, it } from "vitest";
import css from "../app.css?raw";
import { colourVariables, contrast } from "./contrast";

const vars = colourVariables(css);
const colour = (name: string) => (name.startsWith("#") ? name : (vars.get(name) ?? `missing --${name}`));

/** Text colour on the backgrounds it is drawn on, as the pages use them. */
const PAIRS: [string, string[]][] = [
  ["text", ["bg", "surface", "surface-muted", "sidebar", "row-hover", "chip"]],
  ["text-muted", ["bg", "surface", "surface-muted", "sidebar", "row-hover", "chip"]],
  ["text-faint", ["bg", "surface", "surface-muted", "sidebar", "row-hover", "chip"]],
  ["accent-text", ["surface", "accent-soft"]],
  ["danger-text", ["surface", "danger-bg"]],
  ["warning-text", ["warning-bg"]],
  ["info-text", ["info-bg"]],
  ["sev-critical", ["surface"]],
  ["sev-high-text", ["surface"]],
  ["sev-medium-text", ["surface"]],
  ["ok-text", ["surface", "#ebfbee"]],
  // Finding badges: white on their severity (medium is dark on yellow).
  ["#ffffff", ["sev-critical", "sev-high-text", "text-muted", "accent"]],
  ["#3d2e00", ["sev-medium"]],
];

describe("text colours", () => {
  for (const [text, backgrounds] of PAIRS) {
    for (const background of backgrounds) {
      it(`${text} on ${background} meets WCAG AA (4.5:1)`, () => {
        expect(contrast(colour(text), colour(background))).toBeGreaterThanOrEqual(4.5);
      });
    }
  }
  it("are measured as WCAG does", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    // The SoD badge as it was: dark orange on orange.
    expect(contrast("#c2410c", "#f76707")).toBeLessThan(2);
  });
});
