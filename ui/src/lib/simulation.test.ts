import { describe, expect, it } from "vitest";
import type { MonteCarloReport } from "../bindings/MonteCarloReport";
import type { Simulation } from "../bindings/Simulation";
import { chart, hours, present, walk } from "./simulation";

describe("the walk", () => {
  it("indents requirements and points each at its rule", () => {
    const s = {
      sentences: [
        { rule: null, text: "Ana asks to promote." },
        {
          rule: { entity: { kind: "gate", key: "g" }, requirement: 0, name: "IT sign-off" },
          text: "IT sign-off applies and is blocked: no eligible IT Approver.",
        },
        { rule: null, text: "Verdict: needs approvals." },
      ],
    } as unknown as Simulation;
    const steps = walk(s);
    expect(steps.map((x) => x.depth)).toEqual([0, 1, 0]);
    expect(steps[1]!.target).toEqual({ kind: "gate", key: "g", requirement: 0 });
    expect(steps[1]!.verdict).toBe("blocked");
    expect(steps[2]!.verdict).toBe("needs_approvals");
  });
});

describe("presentation mode", () => {
  it("moves one step at a time with the keyboard and stays in range", () => {
    expect(present(0, 3, "ArrowRight")).toBe(1);
    expect(present(2, 3, " ")).toBe(2);
    expect(present(0, 3, "ArrowLeft")).toBe(0);
    expect(present(1, 3, "End")).toBe(2);
    expect(present(1, 3, "Escape")).toBe("exit");
    expect(present(1, 3, "x")).toBe(1);
  });
});

describe("the Monte Carlo chart", () => {
  it("labels the bins and places the percentiles in theirs", () => {
    const r = {
      histogram: [
        { from_hours: 0, to_hours: 10, requests: 5 },
        { from_hours: 10, to_hours: 20, requests: 3 },
      ],
      overall: { p50: 4, p90: 12, p99: 19.5, mean: 7, max: 30 },
    } as unknown as MonteCarloReport;
    const c = chart(r);
    expect(c.labels).toEqual(["0–10 h", "10–20 h"]);
    expect(c.counts).toEqual([5, 3]);
    expect(c.markBins).toEqual([0, 1, 1]);
    expect(hours(36)).toBe("36.0 h (1.5 days)");
  });
});
