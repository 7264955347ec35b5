import { describe, expect, it } from "vitest";
import type { ReviewItemView } from "../bindings/ReviewItemView";
import type { ReviewView } from "../bindings/ReviewView";
import { decisionText, emptyStartForm, importText, percentDone, progressText, readDecision, readStartForm } from "./reviews";

function view(status: "scheduled" | "open" | "closed", decided: number, total: number, overdue: boolean): ReviewView {
  return {
    review: {
      id: "q1",
      name: "Q1",
      reviewer: "dan",
      roles: [],
      reviewers_from: "named",
      due: "2026-12-31",
      recurrence_days: null,
      status,
      decisions: [],
      closed: status === "closed" ? { at: "2027-01-02T09:00:00Z", by: "me", revoked: ["a1", "a2"], changed: ["a3"], kept: [], undecided: [], next: null } : null,
    },
    reviewer_name: "Dan",
    progress: { decided, total, unreviewable: 0, overdue },
    items: [],
  };
}

const item: ReviewItemView = {
  item: { assignment: "a-ann", person: "ann", role: "maker", environment: null, valid_until: null, reviewers: ["cat"] },
  person_name: "Ann",
  role_name: "Maker",
  environment_name: null,
  reviewer_name: "Cat",
  decision: null,
  decided_by_name: null,
};

describe("campaign progress", () => {
  it("says how far a campaign is and whether it is overdue", () => {
    expect(progressText(view("open", 1, 4, false))).toBe("1 of 4 decided — due 2026-12-31");
    expect(progressText(view("open", 1, 4, true))).toBe("1 of 4 decided — overdue since 2026-12-31");
    expect(progressText(view("scheduled", 0, 0, false))).toBe("Scheduled — due 2026-12-31");
    expect(progressText(view("closed", 4, 4, false))).toBe("Closed — 2 revoked, 1 end date changed, 0 kept");
    expect(percentDone(view("open", 1, 4, false))).toBe(25);
    expect(percentDone(view("scheduled", 0, 0, false))).toBe(100);
  });

  it("names an item's decision and who made it", () => {
    expect(decisionText(item)).toBe("Undecided");
    expect(decisionText({ ...item, reviewer_name: null })).toBe("Nobody may review it");
    const decided = { ...item, decided_by_name: "Cat", decision: { assignment: "a-ann", decision: "change" as const, by: "cat", at: "2026-12-02T09:00:00Z", end_date: "2027-03-31" } };
    expect(decisionText(decided)).toBe("Change: until 2027-03-31 — Cat");
  });
});

describe("the forms", () => {
  it("reads the start form or says what is missing", () => {
    const form = { ...emptyStartForm(), name: " Makers ", reviewer: "grace-kim", role: "maker", due: "2026-12-31", every: "91" };
    expect(readStartForm(form)).toEqual({
      input: { name: "Makers", id: null, reviewer: "grace-kim", reviewers_from: "ownership", roles: ["maker"], environments: [], assets: [], due: "2026-12-31", recurrence_days: 91 },
    });
    expect(readStartForm({ ...form, name: "" })).toEqual({ problem: "Give the campaign a name." });
    expect(readStartForm({ ...form, due: "" })).toEqual({ problem: "Give the due date: every campaign has one." });
    expect(readStartForm({ ...form, due: "soon" })).toEqual({ problem: 'The due date "soon" is not a date; use e.g. 2026-12-31.' });
    expect(readStartForm({ ...form, every: "0" })).toEqual({ problem: 'Repeat every "0" days: give a whole number of days, at least 1.' });
  });

  it("reads a decision; a change needs its end date", () => {
    expect(readDecision("q1", item, "revoke", "cat", "", " gone ")).toEqual({
      input: { campaign: "q1", assignment: "a-ann", decision: "revoke", end_date: null, comment: "gone", by: "cat" },
    });
    expect(readDecision("q1", item, "change", "cat", "", "")).toEqual({ problem: "A change needs the assignment's new last day." });
    expect(readDecision("q1", item, "change", "cat", "2027-03-31", "")).toEqual({
      input: { campaign: "q1", assignment: "a-ann", decision: "change", end_date: "2027-03-31", comment: null, by: "cat" },
    });
    expect(readDecision("q1", item, "keep", "", "", "")).toEqual({ problem: "Choose who decides." });
  });

  it("sums up an import", () => {
    expect(importText({ decisions: 2, blank: 1, unchanged: 0, warnings: ["Review!A4: x"], summary: null })).toBe("2 decisions recorded, 1 left blank, 1 warning");
  });
});
