import { describe, expect, it } from "vitest";
import type { DriftLists } from "../bindings/DriftLists";
import type { LastDriftCheck } from "../bindings/LastDriftCheck";
import type { Model } from "../bindings/Model";
import type { Finding } from "../bindings/Finding";
import { checkedText, countsText, driftRows } from "./drift";

const model = {
  people: [{ id: "hugo", name: "Hugo Silva" }, { id: "ines", name: "Ines Berg" }],
  roles: [{ id: "validator", name: "Business Validator" }],
  environments: [{ id: "prod", name: "Production" }, { id: "test", name: "Test" }],
} as unknown as Model;

const lists: DriftLists = {
  unauthorised: [{ person: "hugo", role: "validator", environment: "prod", source: "A10" }],
  missing: [{ person: "hugo", role: "validator", environment: "test", source: null }],
  expired_present: [{ person: "ines", role: "validator", environment: null, source: "Users!A9" }],
  unmatched: [{ person: "Ines Berg", role: "Viewer", environment: "UAT", source: "A11", unknown: ["environment"] }],
};

describe("drift", () => {
  it("says the counts in words, or that there is no drift", () => {
    expect(countsText({ unauthorised: 1, missing: 2, expired_present: 0, unmatched: 3 })).toBe(
      "1 unauthorised, 2 missing, 0 expired still present, 3 unmatched",
    );
    expect(countsText({ unauthorised: 0, missing: 0, expired_present: 0, unmatched: 0 })).toBe("No drift");
  });

  it("names matched entries from the model and keeps the export's text for unmatched ones", () => {
    const rows = driftRows(lists, model);
    expect(rows.unauthorised).toEqual([{ person: "Hugo Silva", role: "Business Validator", environment: "Production", source: "A10" }]);
    expect(rows.missing[0]).toEqual({ person: "Hugo Silva", role: "Business Validator", environment: "Test", source: "—" });
    expect(rows.expired_present[0]!.environment).toBe("All");
    expect(rows.unmatched).toEqual([{ person: "Ines Berg", role: "Viewer", environment: "UAT", source: "A11", why: "unknown environment" }]);
  });

  it("says which rows an exception in force accepts", () => {
    const finding = (code: string, accepted: boolean) =>
      ({
        code,
        severity: "high",
        message: "m",
        entities: [],
        fix: "f",
        accepted: accepted ? { exception: "exc-hugo", until: "2026-12-31", justification: "j" } : null,
      }) as Finding;
    const rows = driftRows(lists, model, [finding("drift_expired_present", false), finding("drift_unauthorised", true)]);
    expect(rows.unauthorised[0]!.accepted).toBe("accepted: exception exc-hugo until 2026-12-31");
    expect(rows.expired_present[0]!.accepted).toBeUndefined();
  });

  it("says when and by whom the last check ran", () => {
    const last = { checked_at: "2026-12-02T09:00:00Z", actor: "ana@host" } as LastDriftCheck;
    expect(checkedText(last)).toBe("2026-12-02 09:00 UTC by ana@host");
  });
});
