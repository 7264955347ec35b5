// Which starter model is which, as the New dialog and the import wizard offer them.
import type { TemplateInfo } from "../bindings/TemplateInfo";

/** The empty model a "new model" import starts from: environments and capabilities only. */
export const NEW_MODEL_TEMPLATE = "client-start";

/** Empty models first (a client's model is typed in from them), then the worked examples. */
export function templateGroups(templates: readonly TemplateInfo[]): { title: string; templates: TemplateInfo[] }[] {
  const groups = [
    { title: "Start empty", templates: templates.filter((t) => t.empty) },
    { title: "Start from a template", templates: templates.filter((t) => !t.empty) },
  ];
  return groups.filter((g) => g.templates.length > 0);
}
