import { describe, expect, it } from "vitest";
import type { Dashboard } from "../bindings/Dashboard";
import { findingsSeries, hoursText, percent, tiles } from "./dashboard";

const dashboard = (): Dashboard => ({
  metrics: {
    at: "2026-11-27",
    adherence: { grants: 4, grants_clean: 3, assignments: 4, assignments_clean: 3, rate: 0.75 },
    approvals: {
      requests: 4, approved: 2, rejected: 1, open: 1, mean_hours: 13, median_hours: 13,
      promotions_refused: 2, deployments_avoided: 3, near_misses: 1,
    },
    simulated: { decks: 2, monte_carlo_runs: 0, p50_hours: null, p90_hours: null, deck_mean_hours: 8, deployments_avoided: 3, near_misses: 1 },
    open_findings: { critical: 1, high: 0, medium: 1, low: 0 },
    exceptions_expiring: [{ id: "x1", person: "ann", end: "2026-12-10", days_left: 13 }],
    reviews_overdue: [{ id: "q3", name: "Q3 review", due: "2026-11-20", days_overdue: 7 }],
  },
  findings_over_time: [
    { label: "v1.0", at: "2026-10-01", counts: { critical: 2, high: 1, medium: 0, low: 0 } },
    { label: "now", at: "2026-11-27", counts: { critical: 1, high: 0, medium: 1, low: 0 } },
  ],
  drift: null,
});

describe("dashboard", () => {
  it("shows each figure with what it is made of and the page it opens", () => {
    const byId = Object.fromEntries(tiles(dashboard()).map((t) => [t.id, t]));
    expect(byId.adherence).toMatchObject({ value: "75%", detail: "6 of 8 grants and assignments", page: "matrix" });
    expect(byId.findings).toMatchObject({ value: "2", detail: "1 critical, 0 high, 1 medium, 0 low", page: "findings" });
    expect(byId.approval).toMatchObject({ value: "13 h", detail: "mean over 2 approved changes; 1 still open" });
    expect(byId.simulated).toMatchObject({ value: "8 h", detail: "mean over 2 pinned decks", page: "simulate" });
    expect(byId.avoided).toMatchObject({
      value: "6",
      detail: "3 in change requests (1 rejected, 2 promotions refused), 3 in 2 pinned decks; 2 near-misses",
      page: "changes",
    });
    expect(byId.exceptions).toMatchObject({ value: "1", detail: "soonest in 13 days", page: "exceptions" });
    expect(byId.reviews).toMatchObject({ value: "1", detail: "most overdue: Q3 review, 7 days" });
    expect(byId.drift).toMatchObject({ value: "—", detail: "no check yet", page: "drift" });
    for (const t of tiles(dashboard())) expect(t.explain.length).toBeGreaterThan(10);
  });

  it("prefers the Monte Carlo median and says the drift of the last check", () => {
    const d = dashboard();
    d.metrics.simulated = { ...d.metrics.simulated, monte_carlo_runs: 1, p50_hours: 20, p90_hours: 50 };
    d.drift = {
      event: 9, checked_at: "2026-12-02T09:00:00Z", actor: "ana", file: "users.csv", sha256: "x", at: "2026-12-02", rows: 12,
      counts: { unauthorised: 2, missing: 1, expired_present: 1, unmatched: 2 }, drift: null,
    };
    const byId = Object.fromEntries(tiles(d).map((t) => [t.id, t]));
    expect(byId.simulated).toMatchObject({ value: "20 h", detail: "median; 9 in 10 within 2.1 days (Monte Carlo)" });
    expect(byId.drift).toMatchObject({ value: "6", detail: "2 unauthorised, 1 missing, 1 expired, 2 unmatched — users.csv, checked 2026-12-02" });
  });

  it("puts the findings over time into one series per severity", () => {
    const s = findingsSeries(dashboard());
    expect(s.labels).toEqual(["v1.0 (2026-10-01)", "now (2026-11-27)"]);
    expect(s.series.map((x) => [x.name, x.data])).toEqual([
      ["Critical", [2, 1]],
      ["High", [1, 0]],
      ["Medium", [0, 1]],
      ["Low", [0, 0]],
    ]);
  });

  it("words hours and shares", () => {
    expect([hoursText(2.5), hoursText(13), hoursText(48)]).toEqual(["2.5 h", "13 h", "2 days"]);
    expect([percent(0.625), percent(null)]).toEqual(["63%", "—"]);
  });
});
