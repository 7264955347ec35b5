import { describe, expect, it } from "vitest";
import type { ChangeRow } from "../bindings/ChangeRow";
import { approvalProgress, durationText, emptyForm, momentText, promoteState, readForm, signOptions, statusText } from "./changes";

const row = (over: Partial<ChangeRow> = {}): ChangeRow => ({
  entry: {
    id: "chg-1",
    title: "Claims to Production",
    asset: "app",
    asset_name: "Claims",
    from: "test",
    to: "prod",
    status: "submitted",
    requester: "ann",
    requester_name: "Ann",
    requested_at: "2026-12-02T09:00:00Z",
    sign_offs: [],
    approved_at: null,
    promoted_by: null,
    promoted_by_name: null,
    promoted_at: null,
    seconds_to_approval: null,
    seconds_to_promotion: null,
    refused: [],
    near_miss: [],
  },
  description: "d",
  attributes: [],
  evaluation: null,
  standing: {
    at: "2026-12-02T10:00:00Z",
    needs: [
      {
        answers: { gate: "g", requirement: 0, about: null },
        gate_name: "Test to prod",
        requirement: "IT sign-off",
        needed: 2,
        approvals: ["cy"],
        eligible: ["cy", "dee"],
        excluded: [],
        satisfied: false,
      },
    ],
    approved: false,
    refusal: { hold: "approvals", gate: "g", rule: "IT sign-off", until: null, message: 'gate "Test to prod": IT sign-off needs 2 approval(s)' },
  },
  signers: [{ id: "dee", name: "Dee" }],
  ...over,
});

const people = [
  { id: "ann", name: "Ann" },
  { id: "dee", name: "Dee" },
  { id: "bob", name: "Bob" },
];

describe("the request form", () => {
  it("asks for each missing field in turn and reads a full form", () => {
    const f = emptyForm();
    expect(readForm(f)).toEqual({ problem: "Choose who requests the change." });
    Object.assign(f, { requester: "ann", asset: "app", to: "prod" });
    expect(readForm(f)).toEqual({ problem: "Say what the change does." });
    Object.assign(f, { from: "prod" });
    expect(readForm(f)).toEqual({ problem: "The change must move to another environment." });
    Object.assign(f, { from: "", description: "  New field ", attributes: ["user_facing", "changes_data_mapping"] });
    expect(readForm(f)).toEqual({
      input: {
        requester: "ann",
        asset: "app",
        from: null,
        to: "prod",
        attributes: ["changes_data_mapping", "user_facing"],
        title: null,
        description: "New field",
      },
    });
  });
});

describe("signing and promotion", () => {
  it("offers the eligible signers apart from everyone else", () => {
    expect(signOptions(row(), people)).toEqual({
      eligible: [{ id: "dee", name: "Dee" }],
      others: [
        { id: "ann", name: "Ann" },
        { id: "bob", name: "Bob" },
      ],
    });
  });

  it("disables Promote with the backend's reason while a gate is unmet", () => {
    expect(promoteState(row())).toEqual({ enabled: false, reason: 'gate "Test to prod": IT sign-off needs 2 approval(s)' });
    const ready = row();
    ready.standing = { ...ready.standing!, refusal: null };
    expect(promoteState(ready)).toEqual({ enabled: true, reason: null });
    const done = row({ standing: null });
    done.entry = { ...done.entry, status: "deployed" };
    expect(promoteState(done)).toEqual({ enabled: false, reason: "The change is promoted." });
    expect(statusText("submitted")).toBe("Awaiting sign-off");
  });

  it("counts approvals up to each requirement's quorum", () => {
    expect(approvalProgress(row())).toEqual({ given: 1, needed: 2 });
    expect(approvalProgress(row({ standing: null }))).toEqual({ given: 0, needed: 0 });
  });
});

describe("times", () => {
  it("says durations and moments in words", () => {
    expect(durationText(null)).toBe("—");
    expect(durationText(45)).toBe("45 s");
    expect(durationText(300)).toBe("5 min");
    expect(durationText(2 * 3600 + 5 * 60)).toBe("2 h 05 min");
    expect(durationText(3 * 86400 + 4 * 3600 + 59)).toBe("3 d 4 h");
    expect(momentText("2026-12-02T09:05:00Z")).toBe("2026-12-02 09:05 UTC");
  });
});
