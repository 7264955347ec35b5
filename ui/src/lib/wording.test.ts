import { describe, expect, it } from "vitest";
import type { Environment } from "../bindings/Environment";
import type { Requirement } from "../bindings/Requirement";
import { conditionText, humanize, inPromotionOrder, listWithOr, requirementText } from "./wording";

const roles = new Map([
  ["it-approver", "IT Approver"],
  ["app-owner", "App Owner"],
  ["business-validator", "Business Validator"],
  ["data-steward", "Data Steward"],
]);
const name = (id: string) => roles.get(id);

describe("requirementText", () => {
  it("words an approval that applies when end users see the change", () => {
    const r: Requirement = { type: "approval", roles: ["it-approver"], count: 1, condition: { when: "user_facing" } };
    expect(requirementText(r, name)).toBe("1 approval from IT Approver when the change faces end users");
  });
  it("words an unconditional approval from either of two roles", () => {
    const r: Requirement = { type: "approval", roles: ["app-owner", "it-approver"], count: 1, condition: { when: "always" } };
    expect(requirementText(r, name)).toBe("1 approval from App Owner or IT Approver");
  });
  it("uses the plural and lists three roles", () => {
    const r: Requirement = {
      type: "approval",
      roles: ["app-owner", "it-approver", "data-steward"],
      count: 2,
      condition: { when: "always" },
    };
    expect(requirementText(r, name)).toBe("2 approvals from App Owner, IT Approver or Data Steward");
  });
  it("words classification and criticality thresholds", () => {
    const byData: Requirement = {
      type: "approval",
      roles: ["data-steward"],
      count: 1,
      condition: { when: "classification_at_least", value: "confidential" },
    };
    expect(requirementText(byData, name)).toBe(
      "1 approval from Data Steward when the asset's data is confidential or more sensitive",
    );
    expect(conditionText({ when: "criticality_at_least", value: "high" })).toBe("when the asset's criticality is high or higher");
    expect(conditionText({ when: "criticality_at_least", value: "critical" })).toBe("when the asset is critical");
    expect(conditionText({ when: "classification_at_least", value: "restricted" })).toBe(
      "when the asset holds restricted data",
    );
  });
  it("shows an unknown role id as it is", () => {
    const r: Requirement = { type: "approval", roles: ["ghost"], count: 1, condition: { when: "always" } };
    expect(requirementText(r, name)).toBe("1 approval from ghost");
  });
  it("words the other kinds of requirement", () => {
    expect(requirementText({ type: "no_self_approval" }, name)).toBe("Nobody approves their own change");
    expect(requirementText({ type: "wait_timer", hours: 24 }, name)).toBe("Wait 24 hours before promoting");
    expect(requirementText({ type: "wait_timer", hours: 1 }, name)).toBe("Wait 1 hour before promoting");
    expect(
      requirementText({ type: "freeze_window", start: "2026-12-20", end: "2027-01-04", reason: "Year-end close" }, name),
    ).toBe("No promotions from 2026-12-20 to 2027-01-04 (Year-end close)");
    expect(requirementText({ type: "freeze_window", start: "a", end: "b", reason: " " }, name)).toBe(
      "No promotions from a to b",
    );
  });
});

describe("humanize and listWithOr", () => {
  it("turns enum values into words", () => {
    expect(humanize("citizen_developer")).toBe("Citizen developer");
    expect(humanize("it_administrator")).toBe("IT administrator");
    expect(humanize("it")).toBe("IT");
    expect(humanize("data_set")).toBe("Data set");
  });
  it("joins lists with commas and a final or", () => {
    expect(listWithOr([])).toBe("");
    expect(listWithOr(["A"])).toBe("A");
    expect(listWithOr(["A", "B"])).toBe("A or B");
    expect(listWithOr(["A", "B", "C"])).toBe("A, B or C");
  });
});

describe("inPromotionOrder", () => {
  it("sorts by order without changing the input", () => {
    const env = (id: string, order: number): Environment => ({ id, name: id, kind: "test", order, personal: false });
    const input = [env("production", 3), env("sandbox", 0), env("test", 2), env("development", 1)];
    expect(inPromotionOrder(input).map((e) => e.id)).toEqual(["sandbox", "development", "test", "production"]);
    expect(input[0]!.id).toBe("production");
  });
});

describe("the gate model's decision criteria in words", () => {
  it("says data sensitivity, change attributes, tiers and combinations", () => {
    expect(conditionText({ when: "data_sensitivity_at_least", value: "confidential" })).toBe(
      "when the asset or the data it uses is confidential or more sensitive",
    );
    expect(conditionText({ when: "attribute", value: "touches_integration" })).toBe(
      "when the change touches a connector or integration",
    );
    expect(conditionText({ when: "tier_at_least", value: "high" })).toBe("when the change's risk tier is high or higher");
    expect(conditionText({ when: "tier_at_least", value: "tier-extreme" }, (id) => (id === "tier-extreme" ? "Extreme" : undefined))).toBe(
      "when the change's risk tier is Extreme or higher",
    );
    expect(
      conditionText({
        when: "all_of",
        value: [{ when: "user_facing" }, { when: "criticality_at_least", value: "critical" }],
      }),
    ).toBe("when the change faces end users and the asset is critical");
    expect(conditionText({ when: "any_of", value: [{ when: "always" }] })).toBe("");
    expect(
      conditionText({
        when: "any_of",
        value: [
          { when: "criticality_at_least", value: "high" },
          { when: "all_of", value: [{ when: "user_facing" }, { when: "attribute", value: "new_asset" }] },
        ],
      }),
    ).toBe("when the asset's criticality is high or higher or (the change faces end users and the change brings a new asset)");
  });

  it("names a requirement and says who approves from ownership", () => {
    const steward: Requirement = {
      type: "owner_approval",
      owner: "data_steward",
      count: 1,
      condition: { when: "always" },
      all: true,
      name: "Data steward approval",
    };
    expect(requirementText(steward, () => undefined)).toBe(
      "Data steward approval: Approval from all of the data steward of each data set it uses",
    );
    const signOff: Requirement = { type: "approval", roles: ["it"], count: 1, condition: { when: "user_facing" }, name: "IT sign-off" };
    expect(requirementText(signOff, () => "IT Approver")).toBe("IT sign-off: 1 approval from IT Approver when the change faces end users");
  });
});
