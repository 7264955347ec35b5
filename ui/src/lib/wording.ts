import type { ChangeAttribute } from "../bindings/ChangeAttribute";
import type { Condition } from "../bindings/Condition";
import type { Environment } from "../bindings/Environment";
import type { OwnershipKind } from "../bindings/OwnershipKind";
import type { Requirement } from "../bindings/Requirement";

/**
 * A snake_case enum value in words: `citizen_developer` → "Citizen developer",
 * `it_administrator` → "IT administrator", `data_set` → "Data set".
 */
export function humanize(value: string): string {
  const words = value
    .split("_")
    .filter((w) => w !== "")
    .map((w) => (w === "it" ? "IT" : w));
  if (words.length === 0) return "";
  const first = words[0]!;
  words[0] = first === "IT" ? first : first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(" ");
}

/** "A", "A or B", "A, B or C". */
export function listWithOr(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** "1 warning", "2 warnings", "1,200 rows" (thousands separated). */
export function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

/**
 * The clause that says when a requirement applies; empty when it always does. `tierName`
 * maps a risk tier's id to its name (unknown ids are shown as they are).
 */
export function conditionText(condition: Condition, tierName: (id: string) => string | undefined = () => undefined): string {
  switch (condition.when) {
    case "always":
      return "";
    case "user_facing":
      return "when the change faces end users";
    case "classification_at_least":
      return condition.value === "restricted"
        ? "when the asset holds restricted data"
        : `when the asset's data is ${condition.value} or more sensitive`;
    case "criticality_at_least":
      return condition.value === "critical"
        ? "when the asset is critical"
        : `when the asset's criticality is ${condition.value} or higher`;
    case "data_sensitivity_at_least":
      return `when the asset or the data it uses is ${condition.value} or more sensitive`;
    case "attribute":
      return `when the change ${ATTRIBUTE_WORDS[condition.value]}`;
    case "tier_at_least":
      return `when the change's risk tier is ${tierName(condition.value) ?? condition.value} or higher`;
    case "all_of":
    case "any_of": {
      const join = condition.when === "all_of" ? " and " : " or ";
      const parts = condition.value
        .map((c) => {
          const text = conditionText(c, tierName).replace(/^when /, "");
          // A group of the other kind inside reads in brackets: "a or (b and c)".
          const nested = (c.when === "all_of" || c.when === "any_of") && c.when !== condition.when;
          return nested && text.includes(c.when === "all_of" ? " and " : " or ") ? `(${text})` : text;
        })
        .filter((t) => t !== "");
      if (parts.length === 0) return "";
      return `when ${parts.join(join)}`;
    }
  }
}

/** What a change attribute says of a change, after "when the change …". */
const ATTRIBUTE_WORDS: Record<ChangeAttribute, string> = {
  user_facing: "faces end users",
  touches_integration: "touches a connector or integration",
  changes_data_mapping: "changes a data mapping",
  new_asset: "brings a new asset",
};

/** Who an ownership approval asks, in words. */
const OWNER_WORDS: Record<OwnershipKind, string> = {
  app_owner: "the app owner",
  data_steward: "the data steward of each data set it uses",
  integration_owner: "the integration owner of each connector it uses",
};

/**
 * A gate requirement in words, e.g. "1 approval from IT Approver when the change faces end
 * users". `roleName` maps a role id to its name (unknown ids are shown as they are).
 */
export function requirementText(
  requirement: Requirement,
  roleName: (id: string) => string | undefined,
  tierName: (id: string) => string | undefined = () => undefined,
): string {
  switch (requirement.type) {
    case "approval": {
      const roles = requirement.roles.map((id) => roleName(id) ?? id);
      const who = roles.length > 0 ? ` from ${listWithOr(roles)}` : "";
      const how = requirement.all ? "Approval from everyone eligible" : plural(requirement.count, "approval", "approvals");
      return named(requirement.name, `${how}${who}${whenText(requirement.condition, tierName)}`);
    }
    case "owner_approval": {
      const how = requirement.all ? "Approval from all of" : plural(requirement.count, "approval", "approvals") + " from";
      return named(requirement.name, `${how} ${OWNER_WORDS[requirement.owner]}${whenText(requirement.condition, tierName)}`);
    }
    case "no_self_approval":
      return "Nobody approves their own change";
    case "wait_timer":
      return `Wait ${plural(requirement.hours, "hour", "hours")} before promoting`;
    case "freeze_window": {
      const reason = requirement.reason.trim();
      return `No promotions from ${requirement.start} to ${requirement.end}${reason ? ` (${reason})` : ""}`;
    }
  }
}

function whenText(condition: Condition, tierName: (id: string) => string | undefined): string {
  const when = conditionText(condition, tierName);
  return when ? ` ${when}` : "";
}

/** "IT sign-off: 1 approval from IT Approver" when the requirement has a name. */
function named(name: string | null | undefined, text: string): string {
  return name ? `${name}: ${text}` : text;
}

/** Environments in promotion order (lowest `order` first; ties by name). */
export function inPromotionOrder(environments: readonly Environment[]): Environment[] {
  return [...environments].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}
