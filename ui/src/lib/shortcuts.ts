/** The commands reachable from the keyboard and the top bar. */
export type Command = "new" | "open" | "save" | "save_as" | "undo" | "redo" | "findings" | "find" | "share";

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * The command a key press asks for, or `null`. Ctrl (or Cmd) with N, O, S, Shift+S, Z, Y
 * (and Shift+Z for redo). While the person types in a text field, Ctrl+Z / Ctrl+Y belong to
 * the field, not to the model. F8 or Ctrl+Shift+F toggle the findings panel; Ctrl+F goes
 * to the current page's search field; Ctrl+Shift+E opens the Share dialog.
 */
export function commandFor(event: KeyLike, inEditableField = false): Command | null {
  // The findings panel is one key away, wherever the focus is.
  if (event.key === "F8" && !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey) return "findings";
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  switch (key) {
    case "n":
      return event.shiftKey ? null : "new";
    case "o":
      return event.shiftKey ? null : "open";
    case "s":
      return event.shiftKey ? "save_as" : "save";
    case "z":
      if (inEditableField) return null;
      return event.shiftKey ? "redo" : "undo";
    case "f":
      return event.shiftKey ? "findings" : "find";
    case "y":
      if (inEditableField) return null;
      return event.shiftKey ? null : "redo";
    case "e":
      return event.shiftKey ? "share" : null;
    default:
      return null;
  }
}

/**
 * Whether a key press closes the findings panel: Escape alone, wherever the focus is (a
 * control that used the key itself, such as an open select, has prevented its default).
 */
export function closesPanel(event: KeyLike & { defaultPrevented?: boolean }): boolean {
  return event.key === "Escape" && !event.defaultPrevented && !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey;
}

/** The shortcut shown in tooltips and menus. */
export const shortcutLabel: Record<Command, string> = {
  new: "Ctrl+N",
  open: "Ctrl+O",
  save: "Ctrl+S",
  save_as: "Ctrl+Shift+S",
  undo: "Ctrl+Z",
  redo: "Ctrl+Y",
  findings: "F8",
  find: "Ctrl+F",
  share: "Ctrl+Shift+E",
};

/** Whether keyboard input goes to a text field (so editing shortcuts belong to it). */
export function isEditable(target: EventTarget | null): boolean {
  if (typeof HTMLElement === "undefined" || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
}
