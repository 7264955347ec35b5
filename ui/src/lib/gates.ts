// The Gates page's decisions: gates grouped by environment pair, each form field turned
// into the gate (or tier, or calendar) it changes and that into one `Edit`, typed input
// read or refused with a word, and the findings about a gate placed beside the requirement
// they concern. Every change keeps what the form does not show: a requirement edited is
// replaced in place, the rest of the gate as it was.

import type { Calendar } from "../bindings/Calendar";
import type { ChangeAttribute } from "../bindings/ChangeAttribute";
import type { Classification } from "../bindings/Classification";
import type { Condition } from "../bindings/Condition";
import type { Criticality } from "../bindings/Criticality";
import type { Edit } from "../bindings/Edit";
import type { Finding } from "../bindings/Finding";
import type { Gate } from "../bindings/Gate";
import type { Model } from "../bindings/Model";
import type { OwnershipKind } from "../bindings/OwnershipKind";
import type { Requirement } from "../bindings/Requirement";
import type { RiskTier } from "../bindings/RiskTier";
import type { Role } from "../bindings/Role";
import type { Weekday } from "../bindings/Weekday";
import { dateProblem, readDate } from "./dates";
import { combine, idFrom } from "./edits";
import { inPromotionOrder } from "./wording";

/** A value read from a field, or why it cannot be taken (said beside the field). */
export type Read<T> = { value: T } | { problem: string };

export function upsertGate(gate: Gate): Edit {
  return { op: "upsert", entity: { kind: "gate", value: gate } };
}

export function upsertTier(tier: RiskTier): Edit {
  return { op: "upsert", entity: { kind: "risk_tier", value: tier } };
}

export function upsertCalendar(calendar: Calendar): Edit {
  return { op: "upsert", entity: { kind: "calendar", value: calendar } };
}

// ----- Gates by environment pair -----------------------------------------------------------

export interface GatePair {
  from: string;
  to: string;
  /** "Test → Production". */
  label: string;
  gates: Gate[];
}

/** The gates grouped by from → to, pairs in promotion order, gates by name within a pair. */
export function gatePairs(model: Model): GatePair[] {
  const order = new Map(inPromotionOrder(model.environments).map((e, i) => [e.id, i]));
  const name = (id: string) => model.environments.find((e) => e.id === id)?.name ?? id;
  const pairs = new Map<string, GatePair>();
  for (const g of model.gates) {
    const key = `${g.from}\u0000${g.to}`;
    let pair = pairs.get(key);
    if (!pair) pairs.set(key, (pair = { from: g.from, to: g.to, label: `${name(g.from)} → ${name(g.to)}`, gates: [] }));
    pair.gates.push(g);
  }
  const rank = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...pairs.values()]
    .map((p) => ({ ...p, gates: p.gates.sort((a, b) => a.name.localeCompare(b.name)) }))
    .sort((a, b) => rank(a.from) - rank(b.from) || rank(a.to) - rank(b.to));
}

/** The environments a gate from `from` may lead to: those after it in promotion order. */
export function targetsAfter(model: Model, from: string): Model["environments"] {
  const env = model.environments.find((e) => e.id === from);
  if (!env) return [];
  return inPromotionOrder(model.environments).filter((e) => e.order > env.order);
}

/** A new gate from `from` to `to`; nobody approves their own change from the start. */
export function newGate(model: Model, name: string, from: string, to: string): Read<Gate> {
  const trimmed = name.trim();
  if (trimmed === "") return { problem: "A gate needs a name." };
  const envs = new Map(model.environments.map((e) => [e.id, e]));
  const a = envs.get(from);
  const b = envs.get(to);
  if (!a || !b) return { problem: "Choose the environment the gate promotes from and the one it promotes to." };
  if (b.order <= a.order) return { problem: `${b.name} does not come after ${a.name} in the promotion path.` };
  return {
    value: {
      id: idFrom(trimmed, model.gates.map((g) => g.id), "gate-"),
      name: trimmed,
      from,
      to,
      requirements: [{ type: "no_self_approval" }],
      calendar: null,
    },
  };
}

/** The gate with another route; refused when `to` does not come after `from`. */
export function withRoute(model: Model, gate: Gate, from: string, to: string): Read<Gate> {
  const envs = new Map(model.environments.map((e) => [e.id, e]));
  const a = envs.get(from);
  const b = envs.get(to);
  if (!a || !b) return { problem: "Choose both environments." };
  if (b.order <= a.order) return { problem: `${b.name} does not come after ${a.name}: a gate promotes forward.` };
  return { value: { ...gate, from, to } };
}

/** What removing a gate removes with it: the exceptions that waive it. */
export function gateDependents(model: Model, id: string): { id: string; label: string }[] {
  const person = (p: string) => model.people.find((x) => x.id === p)?.name ?? p;
  return model.exceptions
    .filter((e) => e.waives.kind === "gate" && e.waives.id === id)
    .map((e) => ({ id: e.id, label: `Exception for ${person(e.person)} (until ${e.end})` }));
}

/** Removes a gate and the exceptions that waive it, as one step. */
export function deleteGate(model: Model, id: string): Edit {
  const edits: Edit[] = gateDependents(model, id).map((d) => ({ op: "delete", kind: "exception", key: d.id }));
  edits.push({ op: "delete", kind: "gate", key: id });
  return combine(edits)!;
}

// ----- Requirements ------------------------------------------------------------------------

export function hasNoSelfApproval(gate: Gate): boolean {
  return gate.requirements.some((r) => r.type === "no_self_approval");
}

/** The gate with "nobody approves their own change" on (added once, at the end) or off. */
export function withNoSelfApproval(gate: Gate, on: boolean): Gate {
  if (on === hasNoSelfApproval(gate)) return gate;
  const requirements: Requirement[] = on
    ? [...gate.requirements, { type: "no_self_approval" }]
    : gate.requirements.filter((r) => r.type !== "no_self_approval");
  return { ...gate, requirements };
}

/**
 * The requirements the page lists, with their position in the gate (no self-approval is a
 * switch of the gate instead): the position is what an edit replaces.
 */
export function listedRequirements(gate: Gate): { index: number; requirement: Requirement }[] {
  return gate.requirements.map((requirement, index) => ({ index, requirement })).filter((r) => r.requirement.type !== "no_self_approval");
}

export function withRequirement(gate: Gate, index: number, requirement: Requirement): Gate {
  return { ...gate, requirements: gate.requirements.map((r, i) => (i === index ? requirement : r)) };
}

export function withoutRequirement(gate: Gate, index: number): Gate {
  return { ...gate, requirements: gate.requirements.filter((_, i) => i !== index) };
}

export type RequirementKind = "approval" | "owner_approval" | "wait_timer" | "freeze_window";

export const REQUIREMENT_KINDS: readonly { kind: RequirementKind; label: string }[] = [
  { kind: "approval", label: "Approval from roles" },
  { kind: "owner_approval", label: "Approval from owners" },
  { kind: "wait_timer", label: "Wait timer" },
  { kind: "freeze_window", label: "Freeze window" },
];

/** The role a new role approval asks first: an approver role, else the first role. */
export function defaultApproverRole(roles: readonly Role[]): string | null {
  const sorted = [...roles].sort((a, b) => a.name.localeCompare(b.name));
  return (sorted.find((r) => r.kind === "approver") ?? sorted[0])?.id ?? null;
}

/** A new requirement of `kind`, valid as it stands (the person then adjusts it). */
export function newRequirement(model: Model, kind: RequirementKind, today: string): Read<Requirement> {
  switch (kind) {
    case "approval": {
      const role = defaultApproverRole(model.roles);
      if (role === null) return { problem: "The model has no roles to approve with: add one on the Model page first." };
      return { value: { type: "approval", roles: [role], count: 1, condition: { when: "always" }, name: null } };
    }
    case "owner_approval":
      return { value: { type: "owner_approval", owner: "app_owner", count: 1, condition: { when: "always" }, name: null } };
    case "wait_timer":
      return { value: { type: "wait_timer", hours: 24 } };
    case "freeze_window":
      return { value: { type: "freeze_window", start: today, end: today, reason: "" } };
  }
}

export function withAddedRequirement(gate: Gate, requirement: Requirement): Gate {
  return { ...gate, requirements: [...gate.requirements, requirement] };
}

type Approval = Extract<Requirement, { type: "approval" } | { type: "owner_approval" }>;

/** Who approves: people holding roles, or an owner derived from the asset's ownership. */
export type ApproverSource = "roles" | OwnershipKind;

export const APPROVER_SOURCES: readonly { source: ApproverSource; label: string }[] = [
  { source: "roles", label: "People holding a role" },
  { source: "app_owner", label: "The app owner" },
  { source: "data_steward", label: "The data steward of each data set" },
  { source: "integration_owner", label: "The integration owner of each connector" },
];

export function approverSource(r: Approval): ApproverSource {
  return r.type === "approval" ? "roles" : r.owner;
}

/**
 * The approval asking another source; quorum, condition and name stay. Turning to roles
 * starts with `defaultRole` (an approval names at least one role).
 */
export function withApproverSource(r: Approval, source: ApproverSource, defaultRole: string | null): Read<Approval> {
  const common = { count: r.count, condition: r.condition, ...(r.all ? { all: true } : {}), name: r.name ?? null };
  if (source === "roles") {
    if (r.type === "approval") return { value: r };
    if (defaultRole === null) return { problem: "The model has no roles to approve with." };
    return { value: { type: "approval", roles: [defaultRole], ...common } };
  }
  return { value: { type: "owner_approval", owner: source, ...common } };
}

/** The role approval with `role` asked too (`on`) or no longer; one role must remain. */
export function withRole(r: Extract<Requirement, { type: "approval" }>, role: string, on: boolean): Read<Requirement> {
  if (on) return { value: r.roles.includes(role) ? r : { ...r, roles: [...r.roles, role] } };
  const roles = r.roles.filter((x) => x !== role);
  if (roles.length === 0) return { problem: "An approval needs at least one role: add another before removing this one." };
  return { value: { ...r, roles } };
}

/** A whole number typed into a field, at least `min`. */
export function readWhole(text: string, what: string, min: number, max = 1_000_000): Read<number> {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return { problem: `${what} must be a whole number${min > 0 ? ` of at least ${min}` : ""}.` };
  const n = Number(t);
  if (n < min) return { problem: `${what} must be at least ${min}.` };
  if (n > max) return { problem: `${what} must be at most ${max.toLocaleString("en-US")}.` };
  return { value: n };
}

/** The quorum: `count` of the eligible people, or all of them (the count is then kept, unused). */
export function withQuorum(r: Approval, all: boolean, countText: string): Read<Approval> {
  if (all) return { value: { ...r, all: true } };
  const count = readWhole(countText, "The number of approvals", 1);
  if ("problem" in count) return count;
  const { all: _all, ...rest } = r;
  return { value: { ...rest, count: count.value } as Approval };
}

/** The requirement's own name; blank: none (its kind names it). */
export function withName(r: Approval, text: string): Approval {
  const t = text.trim();
  return { ...r, name: t === "" ? null : t };
}

export function withHours(text: string): Read<Requirement> {
  const hours = readWhole(text, "The wait", 0, 24 * 365);
  return "problem" in hours ? hours : { value: { type: "wait_timer", hours: hours.value } };
}

/** A freeze window from typed dates (inclusive); the end may not come before the start. */
export function readFreeze(startText: string, endText: string, reason: string): Read<Requirement> {
  const start = readDate(startText);
  const end = readDate(endText);
  if (!start) return { problem: start === null ? "The freeze window's first day is missing." : `First day: ${dateProblem(startText)}` };
  if (!end) return { problem: end === null ? "The freeze window's last day is missing." : `Last day: ${dateProblem(endText)}` };
  if (end < start) return { problem: `The freeze window ends (${end}) before it starts (${start}).` };
  return { value: { type: "freeze_window", start, end, reason: reason.trim() } };
}

// ----- Conditions --------------------------------------------------------------------------

export type ConditionKind = Condition["when"];

export const CONDITION_KINDS: readonly { kind: ConditionKind; label: string }[] = [
  { kind: "always", label: "Always" },
  { kind: "user_facing", label: "The change faces end users" },
  { kind: "classification_at_least", label: "Asset classification at least" },
  { kind: "data_sensitivity_at_least", label: "Data sensitivity at least" },
  { kind: "criticality_at_least", label: "Criticality at least" },
  { kind: "attribute", label: "Change attribute" },
  { kind: "tier_at_least", label: "Risk tier at least" },
  { kind: "all_of", label: "All of" },
  { kind: "any_of", label: "Any of" },
];

export const CLASSIFICATIONS: readonly Classification[] = ["public", "internal", "confidential", "restricted"];
export const CRITICALITIES: readonly Criticality[] = ["low", "medium", "high", "critical"];
export const ATTRIBUTES: readonly { value: ChangeAttribute; label: string }[] = [
  { value: "user_facing", label: "User-facing" },
  { value: "touches_integration", label: "Touches a connector or integration" },
  { value: "changes_data_mapping", label: "Changes a data mapping" },
  { value: "new_asset", label: "New asset" },
];

/**
 * The kinds a condition may take: a tier's own criteria may not refer to tiers, and a tier
 * condition needs a tier to refer to (a condition that already is one keeps its kind).
 */
export function conditionKinds(forTier: boolean, tiers: number, current?: ConditionKind): ConditionKind[] {
  return CONDITION_KINDS.map((k) => k.kind).filter(
    (k) => k !== "tier_at_least" || current === "tier_at_least" || (!forTier && tiers > 0),
  );
}

/**
 * The condition turned into another kind. A group keeps its members when it becomes the
 * other group, and a single condition becomes the first member of a new group; a value
 * kind starts from a sensible value (`tier`: the tier a new tier condition names).
 */
export function withConditionKind(c: Condition, kind: ConditionKind, tier: string | null): Condition {
  if (kind === c.when) return c;
  const group = c.when === "all_of" || c.when === "any_of";
  switch (kind) {
    case "all_of":
    case "any_of":
      return { when: kind, value: group ? c.value : c.when === "always" ? [] : [c] };
    case "always":
    case "user_facing":
      return { when: kind };
    case "classification_at_least":
    case "data_sensitivity_at_least":
      return { when: kind, value: "confidential" };
    case "criticality_at_least":
      return { when: kind, value: "high" };
    case "attribute":
      return { when: kind, value: "user_facing" };
    case "tier_at_least":
      return { when: kind, value: tier ?? "" };
  }
}

/** The value of a value-kind condition replaced (the select's choice). */
export function withConditionValue(c: Condition, value: string): Condition {
  switch (c.when) {
    case "classification_at_least":
    case "data_sensitivity_at_least":
      return { when: c.when, value: value as Classification };
    case "criticality_at_least":
      return { when: c.when, value: value as Criticality };
    case "attribute":
      return { when: c.when, value: value as ChangeAttribute };
    case "tier_at_least":
      return { when: c.when, value };
    default:
      return c;
  }
}

type Group = Extract<Condition, { when: "all_of" } | { when: "any_of" }>;

export function withMember(c: Group, index: number, member: Condition): Condition {
  return { when: c.when, value: c.value.map((m, i) => (i === index ? member : m)) };
}

export function withoutMember(c: Group, index: number): Condition {
  return { when: c.when, value: c.value.filter((_, i) => i !== index) };
}

export function withNewMember(c: Group): Condition {
  return { when: c.when, value: [...c.value, { when: "user_facing" }] };
}

/** Whether `c` (or a member of it, at any depth) names the risk tier `tier`. */
export function refersToTier(c: Condition, tier: string): boolean {
  if (c.when === "tier_at_least") return c.value === tier;
  if (c.when === "all_of" || c.when === "any_of") return c.value.some((m) => refersToTier(m, tier));
  return false;
}

// ----- Risk tiers --------------------------------------------------------------------------

/** The risk-tier table, riskiest first (a change falls in the first row whose criteria hold). */
export function tiersByRank(model: Model): RiskTier[] {
  return [...(model.risk_tiers ?? [])].sort((a, b) => b.rank - a.rank);
}

/** A new tier ranked above every other, applying to every change until its criteria are set. */
export function newTier(model: Model, name: string): Read<RiskTier> {
  const trimmed = name.trim();
  if (trimmed === "") return { problem: "A risk tier needs a name." };
  const tiers = model.risk_tiers ?? [];
  return {
    value: {
      id: idFrom(trimmed, tiers.map((t) => t.id), "tier-"),
      name: trimmed,
      description: "",
      rank: tiers.reduce((m, t) => Math.max(m, t.rank), 0) + 1,
      when: { when: "always" },
    },
  };
}

/** A typed rank: a whole number no other tier has. */
export function readRank(model: Model, tier: RiskTier, text: string): Read<number> {
  const rank = readWhole(text, "The rank", 0);
  if ("problem" in rank) return rank;
  const other = (model.risk_tiers ?? []).find((t) => t.id !== tier.id && t.rank === rank.value);
  if (other) return { problem: `The tier ${other.name} already has rank ${rank.value}: each tier ranks differently.` };
  return rank;
}

/** The gates whose requirements name the tier (it cannot be removed while they do). */
export function tierUsers(model: Model, tier: string): Gate[] {
  return model.gates.filter((g) =>
    g.requirements.some((r) => (r.type === "approval" || r.type === "owner_approval") && refersToTier(r.condition, tier)),
  );
}

/** Removing a tier, or why not: requirements that apply on it must be changed first. */
export function deleteTier(model: Model, id: string): Read<Edit> {
  const users = tierUsers(model, id);
  if (users.length > 0) {
    const name = (model.risk_tiers ?? []).find((t) => t.id === id)?.name ?? id;
    return { problem: `Requirements of ${users.map((g) => g.name).join(", ")} apply on the tier ${name}: change their conditions first.` };
  }
  return { value: { op: "delete", kind: "risk_tier", key: id } };
}

// ----- Calendars ---------------------------------------------------------------------------

export const WEEKDAYS: readonly { day: Weekday; label: string }[] = [
  { day: "mon", label: "Mon" },
  { day: "tue", label: "Tue" },
  { day: "wed", label: "Wed" },
  { day: "thu", label: "Thu" },
  { day: "fri", label: "Fri" },
  { day: "sat", label: "Sat" },
  { day: "sun", label: "Sun" },
];

/** A new calendar: Monday to Friday, 09:00–17:00, UTC, no holidays. */
export function newCalendar(model: Model, name: string): Read<Calendar> {
  const trimmed = name.trim();
  if (trimmed === "") return { problem: "A calendar needs a name." };
  return {
    value: {
      id: idFrom(trimmed, (model.calendars ?? []).map((c) => c.id), "cal-"),
      name: trimmed,
      working_days: ["mon", "tue", "wed", "thu", "fri"],
      opens: "09:00:00",
      closes: "17:00:00",
      utc_offset_minutes: 0,
      holidays: [],
    },
  };
}

/** The calendar with `day` a working day or not, days in week order; one must remain. */
export function withWorkingDay(c: Calendar, day: Weekday, on: boolean): Read<Calendar> {
  const days = new Set(c.working_days);
  if (on) days.add(day);
  else days.delete(day);
  if (days.size === 0) return { problem: "A calendar needs at least one working day." };
  return { value: { ...c, working_days: WEEKDAYS.map((w) => w.day).filter((d) => days.has(d)) } };
}

/** `09:00:00` as a time field shows it (`09:00`; seconds only when there are some). */
export function timeText(time: string): string {
  return time.endsWith(":00") && time.length === 8 ? time.slice(0, 5) : time;
}

/** A typed time of day (`9:00`, `09:30`, `17:00:30`) as `HH:MM:SS`. */
export function readTime(text: string): string | undefined {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? "0")];
  if (h > 23 || min > 59 || s > 59) return undefined;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(h)}:${pad(min)}:${pad(s)}`;
}

/** Opening hours from typed times; the day closes after it opens. */
export function withOpeningHours(c: Calendar, opensText: string, closesText: string): Read<Calendar> {
  const opens = readTime(opensText);
  const closes = readTime(closesText);
  if (!opens) return { problem: `"${opensText.trim()}" is not a time of day: type it as 09:00.` };
  if (!closes) return { problem: `"${closesText.trim()}" is not a time of day: type it as 17:00.` };
  if (closes <= opens) return { problem: `The working day closes (${timeText(closes)}) before it opens (${timeText(opens)}).` };
  return { value: { ...c, opens, closes } };
}

/** Minutes east of UTC as people read a time zone: `UTC`, `UTC+01:00`, `UTC−05:30`. */
export function offsetText(minutes: number): string {
  if (minutes === 0) return "UTC";
  const abs = Math.abs(minutes);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `UTC${minutes > 0 ? "+" : "−"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * A typed UTC offset in minutes: `UTC`, `0`, `+1`, `-5`, `+05:30`, `UTC+01:00`, `GMT-3`
 * (the minus may be typed as − too). Within ±18 hours, as the model allows.
 */
export function readOffset(text: string): Read<number> {
  const t = text.trim().replace(/\u2212/g, "-").toUpperCase();
  const m = /^(?:UTC|GMT)?\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?$/.exec(t);
  const bare = /^(\d{1,2})(?::(\d{2}))?$/.exec(t);
  const problem = { problem: `"${text.trim()}" is not a UTC offset: type it as +01:00, -05:00 or UTC.` };
  let sign = 1;
  let hours: number;
  let minutes: number;
  if (t !== "" && m) {
    if (m[1] === undefined) return { value: 0 };
    sign = m[1] === "-" ? -1 : 1;
    hours = Number(m[2]);
    minutes = Number(m[3] ?? "0");
  } else if (bare) {
    hours = Number(bare[1]);
    minutes = Number(bare[2] ?? "0");
  } else return problem;
  if (minutes > 59) return problem;
  const total = sign * (hours * 60 + minutes);
  if (Math.abs(total) > 18 * 60) return { problem: "A UTC offset is at most 18 hours either way." };
  return { value: total === 0 ? 0 : total };
}

/** The calendar with a typed holiday added (dates sorted, each once). */
export function withHoliday(c: Calendar, text: string): Read<Calendar> {
  const date = readDate(text);
  if (date === null) return { problem: "Type the holiday's date." };
  if (date === undefined) return { problem: dateProblem(text) };
  return { value: { ...c, holidays: [...new Set([...c.holidays, date])].sort() } };
}

export function withoutHoliday(c: Calendar, date: string): Calendar {
  return { ...c, holidays: c.holidays.filter((d) => d !== date) };
}

/** Removes a calendar; the gates that run on it run around the clock (UTC) after, in the same step. */
export function deleteCalendar(model: Model, id: string): Edit {
  const edits: Edit[] = model.gates.filter((g) => g.calendar === id).map((g) => upsertGate({ ...g, calendar: null }));
  edits.push({ op: "delete", kind: "calendar", key: id });
  return combine(edits)!;
}

// ----- Findings beside what they concern ----------------------------------------------------

export interface PlacedFindings {
  /** About the gate as a whole (or not to be pinned to one requirement). */
  gate: Finding[];
  /** About self-approval: shown beside the no-self-approval switch. */
  selfApproval: Finding[];
  /** By the requirement's position in the gate. */
  requirements: Map<number, Finding[]>;
}

const QUORUM_CODES = new Set<Finding["code"]>(["gate_unsatisfiable", "quorum_unreachable", "weak_production_quorum"]);

/**
 * Places the findings about `gate` (those naming it) beside what they concern: a
 * self-approval path beside the switch; a quorum finding beside the role approval asking
 * exactly the roles it names, or, naming no role, beside the ownership approval of the kind
 * its assets show (a data set's steward, a connector's integration owner, the asset's own
 * app owner) when the gate has one such; the rest at the gate.
 */
export function placeFindings(model: Model, gate: Gate, findings: readonly Finding[]): PlacedFindings {
  const placed: PlacedFindings = { gate: [], selfApproval: [], requirements: new Map() };
  const put = (i: number, f: Finding) => placed.requirements.set(i, [...(placed.requirements.get(i) ?? []), f]);
  const assetKind = new Map(model.assets.map((a) => [a.id, a.kind]));
  for (const f of findings) {
    if (!f.entities.some((e) => e.kind === "gate" && e.key === gate.id)) continue;
    if (f.code === "self_approval_path") {
      placed.selfApproval.push(f);
      continue;
    }
    const index = QUORUM_CODES.has(f.code) ? requirementOf(gate, f, assetKind) : null;
    if (index === null) placed.gate.push(f);
    else put(index, f);
  }
  return placed;
}

function requirementOf(gate: Gate, f: Finding, assetKind: Map<string, string>): number | null {
  const roles = new Set(f.entities.filter((e) => e.kind === "role").map((e) => e.key));
  const candidates: number[] = [];
  if (roles.size > 0) {
    gate.requirements.forEach((r, i) => {
      if (r.type === "approval" && r.roles.length === roles.size && r.roles.every((x) => roles.has(x))) candidates.push(i);
    });
  } else {
    // The asset changed, then the one owned when it is another (a data set, a connector).
    const assets = f.entities.filter((e) => e.kind === "asset").map((e) => assetKind.get(e.key));
    const owned = assets[assets.length - 1];
    const derived: OwnershipKind = owned === "data_set" ? "data_steward" : owned === "connector" ? "integration_owner" : "app_owner";
    // An asset that is its own data set or connector may be asked of as its app owner too.
    const kinds = new Set<OwnershipKind>(assets.length > 1 ? [derived] : [derived, "app_owner"]);
    gate.requirements.forEach((r, i) => {
      if (r.type === "owner_approval" && kinds.has(r.owner)) candidates.push(i);
    });
  }
  return candidates.length === 1 ? candidates[0]! : null;
}
