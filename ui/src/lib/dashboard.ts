// The dashboard's decisions: each figure in words with its one-line explanation and the
// page it opens, and the open findings over time for the chart.

import type { Dashboard } from "../bindings/Dashboard";
import type { PathCoverage } from "../bindings/PathCoverage";

export type { Dashboard, PathCoverage };

/** The dashboard's commands (src-tauri: dashboard, escalation_coverage). */
export interface DashboardBackend {
  dashboard(at: string | null): Promise<Dashboard>;
  escalations(at: string | null): Promise<PathCoverage[]>;
}

/** One figure of the dashboard. */
export interface Tile {
  id: string;
  title: string;
  /** The figure itself, as large text. */
  value: string;
  /** What it is made of, in a few words. */
  detail: string;
  /** What the figure means, in one line. */
  explain: string;
  /** The page a click opens ("findings" opens the findings panel). */
  page: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Hours as people read them: "13 h", "2.5 h", "1.5 days" from 36 h on. */
export function hoursText(h: number): string {
  if (h >= 36) return `${(h / 24).toFixed(1).replace(/\.0$/, "")} days`;
  return `${h.toFixed(1).replace(/\.0$/, "")} h`;
}

/** A share as a whole percentage ("75%"), or "—" when there is nothing to count. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? "—" : `${Math.round(rate * 100)}%`;
}

/** The dashboard's figures, in the order shown. */
export function tiles(d: Dashboard): Tile[] {
  const m = d.metrics;
  const a = m.adherence;
  const f = m.open_findings;
  const open = f.critical + f.high + f.medium + f.low;
  const sim = m.simulated;
  const c = m.approvals;
  const [p50, p90, deckMean] = [sim.p50_hours ?? null, sim.p90_hours ?? null, sim.deck_mean_hours ?? null];
  const approvalMean = m.approvals.mean_hours ?? null;
  const simValue = p50 !== null ? hoursText(p50) : deckMean !== null ? hoursText(deckMean) : "—";
  const simDetail =
    p50 !== null && p90 !== null
      ? `median; 9 in 10 within ${hoursText(p90)} (Monte Carlo)`
      : deckMean !== null
        ? `mean over ${plural(sim.decks, "pinned deck")}`
        : "no simulation pinned yet";
  const drift = d.drift;
  const driftTotal = drift ? drift.counts.unauthorised + drift.counts.missing + drift.counts.expired_present + drift.counts.unmatched : 0;
  return [
    {
      id: "adherence",
      title: "Policy adherence",
      value: percent(a.rate),
      detail: `${a.grants_clean + a.assignments_clean} of ${a.grants + a.assignments} grants and assignments`,
      explain: "Share of permissions granted and role assignments that no open finding is about.",
      page: "matrix",
    },
    {
      id: "findings",
      title: "Open findings",
      value: String(open),
      detail: `${f.critical} critical, ${f.high} high, ${f.medium} medium, ${f.low} low`,
      explain: "Problems in the design on this date that no exception accepts.",
      page: "findings",
    },
    {
      id: "approval",
      title: "Time to approve changes",
      value: approvalMean === null ? "—" : hoursText(approvalMean),
      detail:
        m.approvals.approved === 0
          ? `no approved change yet (${plural(m.approvals.open, "open request")})`
          : `mean over ${plural(m.approvals.approved, "approved change")}; ${plural(m.approvals.open, "still open", "still open")}`,
      explain: "From a change request's creation to its last approving sign-off.",
      page: "changes",
    },
    {
      id: "simulated",
      title: "Simulated time to approval",
      value: simValue,
      detail: simDetail,
      explain: "What the pinned simulations predict a change waits for its sign-offs.",
      page: "simulate",
    },
    {
      id: "avoided",
      title: "Unauthorised deployments avoided",
      value: String(c.deployments_avoided + sim.deployments_avoided),
      detail:
        `${c.deployments_avoided} in change requests (${c.rejected} rejected, ${plural(c.promotions_refused, "promotion", "promotions")} refused), ` +
        `${sim.deployments_avoided} in ${plural(sim.decks, "pinned deck")}; ` +
        plural(c.near_misses + sim.near_misses, "near-miss", "near-misses"),
      explain: "Changes rejected or refused at the gates, and attempts stopped in pinned scenarios; near-misses passed only on an exception or temporary access.",
      // The change log when the figure comes from real requests, else the simulations.
      page: c.deployments_avoided + c.near_misses > 0 || sim.decks === 0 ? "changes" : "simulate",
    },
    {
      id: "exceptions",
      title: "Exceptions expiring",
      value: String(m.exceptions_expiring.length),
      detail: m.exceptions_expiring.length === 0 ? "none within 30 days" : `soonest in ${plural(m.exceptions_expiring[0]!.days_left, "day")}`,
      explain: "Waivers in force that end within 30 days: renew or let their findings reopen.",
      page: "exceptions",
    },
    {
      id: "reviews",
      title: "Reviews overdue",
      value: String(m.reviews_overdue.length),
      detail: m.reviews_overdue.length === 0 ? "none past due" : `most overdue: ${m.reviews_overdue[0]!.name}, ${plural(m.reviews_overdue[0]!.days_overdue, "day")}`,
      explain: "Access reviews whose due date has passed.",
      page: "reviews",
    },
    {
      id: "drift",
      title: "Drift at last check",
      value: drift ? String(driftTotal) : "—",
      detail: drift
        ? `${drift.counts.unauthorised} unauthorised, ${drift.counts.missing} missing, ${drift.counts.expired_present} expired, ${drift.counts.unmatched} unmatched — ${drift.file}, checked ${drift.checked_at.slice(0, 10)}`
        : "no check yet",
      explain: "Differences between the model and the platform's real access at the last check.",
      page: "drift",
    },
  ];
}

/** The open findings over time, by severity, for a stacked bar chart. */
export function findingsSeries(d: Dashboard): { labels: string[]; series: { name: string; key: "critical" | "high" | "medium" | "low"; data: number[] }[] } {
  const points = d.findings_over_time;
  const keys = ["critical", "high", "medium", "low"] as const;
  return {
    labels: points.map((p) => (p.label === "now" ? `now (${p.at})` : `${p.label} (${p.at})`)),
    series: keys.map((key) => ({ name: key[0]!.toUpperCase() + key.slice(1), key, data: points.map((p) => p.counts[key]) })),
  };
}
