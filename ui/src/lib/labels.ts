// Entities named the way a person reads them (for finding chips and titles).
import type { EntityKind } from "../bindings/EntityKind";
import type { Model } from "../bindings/Model";
import { parseGrantKey } from "./matrix";
import { humanize } from "./wording";

export interface Names {
  of(kind: EntityKind, key: string): string;
}

/** A name as the backend compares it: spacing and line breaks folded, lower case. */
export function normalizeName(name: string): string {
  return name.split(/\s+/).filter(Boolean).join(" ").toLowerCase();
}

/**
 * Looks names up in `model`, then in `earlier` (the model before the last change, which
 * still names what was just removed); an unknown key is shown as it is.
 */
export function namesOf(model: Model, earlier?: Names): Names {
  const own = ownNames(model);
  if (!earlier) return own;
  return {
    of(kind, key) {
      const found = own.of(kind, key);
      return found === key ? earlier.of(kind, key) : found;
    },
  };
}

/**
 * An undo or redo label with names for ids: the backend describes an edit by its keys
 * (`set grant "citizen-developer|approve-change|*"`), a person reads names
 * (`set grant Citizen Developer · Approve change · all environments`).
 */
export function namedLabel(label: string, names: Names): string {
  const m = /^(set|delete) ([a-z_]+) "((?:[^"\\]|\\.)*)"$/.exec(label);
  if (!m) return label;
  const kind = m[2] as EntityKind;
  const key = m[3]!.replace(/\\(.)/g, "$1");
  const name = names.of(kind, key);
  const what = humanize(kind).toLowerCase();
  return `${m[1] === "set" ? "change" : "remove"} ${what} ${name === key ? `“${key}”` : name}`;
}

function ownNames(model: Model): Names {
  const maps = {
    person: new Map(model.people.map((p) => [p.id, p.name])),
    role: new Map(model.roles.map((r) => [r.id, r.name])),
    capability: new Map(model.capabilities.map((c) => [c.id, c.name])),
    environment: new Map(model.environments.map((e) => [e.id, e.name])),
    asset: new Map(model.assets.map((a) => [a.id, a.name])),
    sod_rule: new Map(model.sod_rules.map((r) => [r.id, r.name])),
    gate: new Map(model.gates.map((g) => [g.id, g.name])),
    escalation_path: new Map(model.escalation_paths.map((p) => [p.id, p.name])),
    access_review: new Map(model.access_reviews.map((r) => [r.id, r.name])),
    risk_tier: new Map((model.risk_tiers ?? []).map((t) => [t.id, t.name])),
    calendar: new Map((model.calendars ?? []).map((c) => [c.id, c.name])),
    pinned_simulation: new Map((model.pinned_simulations ?? []).map((p) => [p.id, p.name])),
  } as const;
  const assignments = new Map(model.assignments.map((a) => [a.id, a]));
  const name = (kind: keyof typeof maps, key: string) => maps[kind].get(key) ?? key;
  return {
    of(kind, key) {
      switch (kind) {
        case "grant": {
          const g = parseGrantKey(key);
          if (!g) return key;
          const env = g.environment === null ? "all environments" : name("environment", g.environment);
          return `${name("role", g.role)} · ${name("capability", g.capability)} · ${env}`;
        }
        case "ownership": {
          const [asset, ownership, person] = key.split("|");
          if (!asset || !ownership || !person) return key;
          return `${name("asset", asset)}: ${humanize(ownership).toLowerCase()} ${name("person", person)}`;
        }
        case "assignment": {
          const a = assignments.get(key);
          return a ? `${name("person", a.person)} → ${name("role", a.role)}` : key;
        }
        case "change_request":
          return model.change_requests.find((c) => c.id === key)?.title ?? key;
        case "exception":
          return key;
        case "responsibility": {
          // The backend keys a responsibility by role and normalised activity name.
          const r = model.responsibilities.find((x) => `${x.role}|${normalizeName(x.activity)}` === key);
          return r ? `${name("role", r.role)} · ${r.activity} (${r.letters})` : key;
        }
        default:
          return name(kind, key);
      }
    },
  };
}
