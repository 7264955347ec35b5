// The RACI chart as the RACI page shows it: activities down, roles across, the letters each
// role has in each activity; a cell typed in is one edit; and the accountable gaps a chart
// has (an activity nobody is Accountable for, or several are).

import type { Edit } from "../bindings/Edit";
import type { Model } from "../bindings/Model";
import type { Responsibility } from "../bindings/Responsibility";
import { normalizeName } from "./labels";

export interface RaciChart {
  /** Activities in the order the chart first names them (as written there). */
  activities: string[];
  /**
   * The roles with a part in any activity, in the model's order; `person` names the person
   * of the model a column stands for (a chart whose columns are people).
   */
  roles: { id: string; name: string; person: string | null }[];
  /** Letters by `role|normalised activity` (the backend's key of a responsibility). */
  letters: Map<string, string>;
}

export function responsibilityKey(role: string, activity: string): string {
  return `${role}|${normalizeName(activity)}`;
}

/** An activity as the chart shows it: its spacing collapsed. */
function tidy(activity: string): string {
  return activity.split(/\s+/).filter(Boolean).join(" ");
}

export function buildChart(model: Model): RaciChart {
  const activities: string[] = [];
  const seen = new Set<string>();
  const withPart = new Set<string>();
  const letters = new Map<string, string>();
  for (const r of model.responsibilities) {
    const norm = normalizeName(r.activity);
    if (!seen.has(norm)) {
      seen.add(norm);
      activities.push(tidy(r.activity));
    }
    withPart.add(r.role);
    letters.set(responsibilityKey(r.role, r.activity), r.letters);
  }
  const people = personColumns(model);
  const roles = model.roles
    .filter((r) => withPart.has(r.id))
    .map((r) => ({ id: r.id, name: r.name, person: people.get(r.id)?.name ?? null }));
  return { activities, roles, letters };
}

/**
 * The chart columns that are people: a RACI chart that names people across (not roles)
 * imports each as a role of the person's name. A role whose name is a person's (ignoring
 * case and spacing) stands for that person; by role id.
 */
export function personColumns(model: Pick<Model, "roles" | "people">): Map<string, { id: string; name: string }> {
  const byName = new Map(model.people.map((p) => [normalizeName(p.name), p]));
  const columns = new Map<string, { id: string; name: string }>();
  for (const role of model.roles) {
    const person = byName.get(normalizeName(role.name));
    if (person) columns.set(role.id, { id: person.id, name: person.name });
  }
  return columns;
}

/** Whether some chart column with a part in an activity is a person of the model. */
export function hasPersonColumns(model: Pick<Model, "roles" | "people" | "responsibilities">): boolean {
  const columns = personColumns(model);
  return model.responsibilities.some((r) => columns.has(r.role));
}

/** A person's part in an activity, through the chart column that is them. */
export interface PersonResponsibility {
  activity: string;
  letters: string;
}

/** What a person is Responsible, Accountable, Consulted or Informed for, in the model's order (as the RACI page lists activities). */
export function responsibilitiesOf(
  model: Pick<Model, "roles" | "people" | "responsibilities">,
  person: string,
  columns: Map<string, { id: string; name: string }> = personColumns(model),
): PersonResponsibility[] {
  const roles = new Set([...columns].filter(([, p]) => p.id === person).map(([role]) => role));
  return model.responsibilities
    .filter((r) => roles.has(r.role))
    .map((r) => ({ activity: tidy(r.activity), letters: r.letters }));
}

/**
 * Letters as typed ("ra", "R/A", "a r") in the canonical order the model keeps (`AR`);
 * blank is `""` (no part); anything but R, A, C and I is `null` (refused).
 */
export function readLetters(text: string): string | null {
  const chars = text.toUpperCase().replace(/[\s,/+&-]/g, "");
  if ([...chars].some((c) => !"RACI".includes(c))) return null;
  return ["A", "C", "I", "R"].filter((c) => chars.includes(c)).join("");
}

/** The edit that gives `role` `letters` in `activity`: upsert, or delete when blank. */
export function lettersEdit(model: Model, role: string, activity: string, letters: string): Edit | null {
  const key = responsibilityKey(role, activity);
  const existing = model.responsibilities.find((r) => responsibilityKey(r.role, r.activity) === key);
  if (letters === "") return existing ? { op: "delete", kind: "responsibility", key } : null;
  if (existing?.letters === letters) return null;
  const value: Responsibility = { role, activity: existing?.activity ?? activity, letters };
  return { op: "upsert", entity: { kind: "responsibility", value } };
}

export interface AccountableGap {
  activity: string;
  /** The roles Accountable for it: none, or more than one. */
  accountable: string[];
  message: string;
}

/** Activities with no Accountable role, or with several: a RACI chart wants exactly one. */
export function accountableGaps(chart: RaciChart): AccountableGap[] {
  const gaps: AccountableGap[] = [];
  for (const activity of chart.activities) {
    const accountable = chart.roles.filter((r) => chart.letters.get(responsibilityKey(r.id, activity))?.includes("A")).map((r) => r.name);
    if (accountable.length === 1) continue;
    const message =
      accountable.length === 0
        ? `Nobody is accountable for "${activity}".`
        : `${accountable.length} roles are accountable for "${activity}" (${accountable.join(", ")}): one should be.`;
    gaps.push({ activity, accountable, message });
  }
  return gaps;
}
