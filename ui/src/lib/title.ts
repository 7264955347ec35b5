import type { Summary } from "../bindings/Summary";

/** The last component of a path, for either separator. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]+/).filter((p) => p !== "");
  return parts.length > 0 ? parts[parts.length - 1]! : path;
}

/**
 * What the open model is called in the title bar and the top bar: the file name once
 * saved, else "Untitled (demo)" for the demo model the app starts with, else "Untitled".
 */
export function documentName(summary: Pick<Summary, "path">, demo: boolean): string {
  if (summary.path !== null && summary.path !== "") return fileName(summary.path);
  return demo ? "Untitled (demo)" : "Untitled";
}

/** `Gatehouse — <document name>`, followed by ` •` when there are unsaved changes. */
export function windowTitle(summary: Pick<Summary, "path" | "dirty">, demo: boolean): string {
  return `Gatehouse — ${documentName(summary, demo)}${summary.dirty ? " •" : ""}`;
}
