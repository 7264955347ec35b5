import { describe, expect, it } from "vitest";
import type { TemplateInfo } from "../bindings/TemplateInfo";
import { templateGroups } from "./templates";

const t = (id: string, empty: boolean): TemplateInfo => ({ id, name: id, description: "", summary: `${id} in one line`, empty });

describe("templateGroups", () => {
  it("offers the empty models beside the templates, empty ones first", () => {
    const groups = templateGroups([t("generic-nocode", false), t("client-start", true), t("blank", true)]);
    expect(groups.map((g) => [g.title, g.templates.map((x) => x.id)])).toEqual([
      ["Start empty", ["client-start", "blank"]],
      ["Start from a template", ["generic-nocode"]],
    ]);
  });
  it("leaves out a group with nothing in it", () => {
    expect(templateGroups([t("generic-nocode", false)]).map((g) => g.title)).toEqual(["Start from a template"]);
  });
});
