// The Simulate page's decisions: the choices a request offers, the walk as steps (for the
// page and for presentation mode), and the Monte Carlo chart's data. Components only show
// what these return.
import type { HistogramBin } from "../bindings/HistogramBin";
import type { Model } from "../bindings/Model";
import type { MonteCarloReport } from "../bindings/MonteCarloReport";
import type { Simulation } from "../bindings/Simulation";
import type { Sentence } from "../bindings/Sentence";

/** The request's choices: people, apps (else every asset) and the shared stages after the first. */
export function choices(model: Model) {
  const apps = model.assets.filter((a) => a.kind === "app");
  const shared = [...model.environments].filter((e) => !e.personal).sort((a, b) => a.order - b.order);
  return {
    people: model.people.map((p) => ({ id: p.id, label: p.name })),
    assets: (apps.length ? apps : model.assets).map((a) => ({ id: a.id, label: a.name })),
    targets: shared.slice(1).map((e) => ({ id: e.id, label: e.name })),
  };
}

/** One step of the walk: a sentence, how deep it sits, and the entity it comes from. */
export interface WalkStep {
  text: string;
  depth: 0 | 1;
  verdict: "allowed" | "waiting" | "needs_approvals" | "blocked" | null;
  /** For a gate's requirement, also its position in the gate (the Gates page shows it). */
  target: { kind: string; key: string; requirement?: number } | null;
}

const VERDICTS = ["allowed", "waiting", "needs_approvals", "blocked"] as const;

function verdictOf(s: Sentence): WalkStep["verdict"] {
  const t = s.text.toLowerCase();
  if (t.includes("blocked") || t.includes("blocks the promotion")) return "blocked";
  return VERDICTS.find((v) => t.includes(v.replace("_", " "))) ?? null;
}

/** The trace's sentences as steps, each pointing at the rule (entity) it names. */
export function walk(s: Simulation): WalkStep[] {
  return s.sentences.map((x) => ({
    text: x.text,
    depth: x.rule?.requirement != null ? 1 : 0,
    verdict: verdictOf(x),
    target: x.rule
      ? {
          kind: x.rule.entity.kind,
          key: x.rule.entity.key,
          ...(x.rule.requirement != null ? { requirement: x.rule.requirement } : {}),
        }
      : null,
  }));
}

/** The step presentation mode shows after `key` at `index` of `count` steps. */
export function present(index: number, count: number, key: string): number | "exit" {
  if (key === "Escape") return "exit";
  if (["ArrowRight", "ArrowDown", " ", "PageDown", "Enter"].includes(key)) return Math.min(index + 1, count - 1);
  if (["ArrowLeft", "ArrowUp", "PageUp", "Backspace"].includes(key)) return Math.max(index - 1, 0);
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  return index;
}

/** The histogram's bars and the percentile lines of a Monte Carlo report. */
export function chart(r: MonteCarloReport) {
  const bins: HistogramBin[] = r.histogram;
  return {
    labels: bins.map((b) => `${Math.round(b.from_hours)}–${Math.round(b.to_hours)} h`),
    counts: bins.map((b) => b.requests),
    marks: r.overall
      ? [
          { name: "p50", hours: r.overall.p50 },
          { name: "p90", hours: r.overall.p90 },
          { name: "p99", hours: r.overall.p99 },
        ]
      : [],
    // The bin each mark falls in (the chart's category axis).
    markBins: r.overall
      ? [r.overall.p50, r.overall.p90, r.overall.p99].map((h) =>
          Math.max(0, bins.findIndex((b) => h >= b.from_hours && h <= b.to_hours)),
        )
      : [],
  };
}

/** "12.5 h (0.5 days)". */
export function hours(h: number): string {
  return h >= 24 ? `${h.toFixed(1)} h (${(h / 24).toFixed(1)} days)` : `${h.toFixed(1)} h`;
}

import type { MonteCarloInput } from "../bindings/MonteCarloInput";
import type { SimulateInput } from "../bindings/SimulateInput";
import type { Step } from "../bindings/Step";
import type { DeckReport } from "../bindings/DeckReport";
import type { Edit } from "../bindings/Edit";
import type { Summary } from "../bindings/Summary";
import type { WhatIf } from "../bindings/WhatIf";

/** The Simulate page's commands; the Monte Carlo run's progress comes over a channel. */
export interface SimulationBackend {
  simulate(input: SimulateInput): Promise<Simulation>;
  monteCarlo(input: MonteCarloInput, onstep: (s: Step) => void): Promise<MonteCarloReport>;
  deckSamples(): Promise<string[]>;
  deckSample(name: string): Promise<string>;
  /** The picked deck's TOML text; null when the person cancels. */
  chooseDeck(): Promise<string | null>;
  playDeck(deck: string): Promise<DeckReport>;
  pinRequest(name: string, input: SimulateInput): Promise<Summary>;
  pinDeck(name: string, deck: string): Promise<Summary>;
  pinMonteCarlo(name: string, report: MonteCarloReport, revision: number): Promise<Summary>;
  fingerprint(): Promise<string>;
  whatIfSimulate(edits: Edit[], input: SimulateInput): Promise<WhatIf<Simulation>>;
  whatIfDeck(edits: Edit[], deck: string): Promise<WhatIf<DeckReport>>;
  whatIfMonteCarlo(edits: Edit[], input: MonteCarloInput, onstep: (s: Step) => void): Promise<WhatIf<MonteCarloReport>>;
}

/** A deck's timeline as presentation steps (each event and its outcome). */
export function deckSteps(d: DeckReport): WalkStep[] {
  return d.timeline.map((t) => ({
    text: `${t.at.replace("T", " ").replace(/:00Z$/, " UTC")}: ${t.text}`,
    depth: 0,
    verdict: t.result === "blocked" ? "blocked" : t.result === "promoted" ? "allowed" : null,
    target: null,
  }));
}

/** A deck's metrics as label and value lines. */
export function deckMetrics(d: DeckReport): [string, string][] {
  const m = d.metrics;
  const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(0)}%`);
  return [
    ["Requests", `${m.requests}, ${m.promotions} promoted`],
    ["Time to approval, overall", m.mean_hours_to_promotion === null ? "—" : `${hours(m.mean_hours_to_promotion)} (mean)`],
    ...m.time_to_approval.map((g): [string, string] => [
      `Time to approval at ${g.gate}`,
      `${hours(g.mean_hours)} mean, ${hours(g.max_hours)} max, over ${g.requests} request(s)`,
    ]),
    ["Unauthorised deployments avoided", `${m.blocked_attempts}`],
    ["Near-misses", `${m.near_misses}`],
    ["Policy adherence", pct(m.policy_adherence)],
    ["Stuck requests", m.stuck.length ? m.stuck.join(", ") : "none"],
  ];
}
