import { describe, expect, it } from "vitest";
import { closesPanel, commandFor, shortcutLabel, type KeyLike } from "./shortcuts";

function key(k: string, mods: Partial<Omit<KeyLike, "key">> = {}): KeyLike {
  return { key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods };
}

describe("commandFor", () => {
  it("maps the Ctrl shortcuts", () => {
    expect(commandFor(key("n", { ctrlKey: true }))).toBe("new");
    expect(commandFor(key("o", { ctrlKey: true }))).toBe("open");
    expect(commandFor(key("s", { ctrlKey: true }))).toBe("save");
    expect(commandFor(key("z", { ctrlKey: true }))).toBe("undo");
    expect(commandFor(key("y", { ctrlKey: true }))).toBe("redo");
  });
  it("reads Shift as Save As and as redo, whatever the letter's case", () => {
    expect(commandFor(key("S", { ctrlKey: true, shiftKey: true }))).toBe("save_as");
    expect(commandFor(key("Z", { ctrlKey: true, shiftKey: true }))).toBe("redo");
  });
  it("accepts Cmd on macOS", () => {
    expect(commandFor(key("s", { metaKey: true }))).toBe("save");
  });
  it("ignores keys without Ctrl, with Alt, and other letters", () => {
    expect(commandFor(key("s"))).toBeNull();
    expect(commandFor(key("z", { shiftKey: true }))).toBeNull();
    expect(commandFor(key("s", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(commandFor(key("g", { ctrlKey: true }))).toBeNull();
    expect(commandFor(key("N", { ctrlKey: true, shiftKey: true }))).toBeNull();
  });
  it("leaves undo and redo to a text field being edited, but not saving", () => {
    expect(commandFor(key("z", { ctrlKey: true }), true)).toBeNull();
    expect(commandFor(key("y", { ctrlKey: true }), true)).toBeNull();
    expect(commandFor(key("s", { ctrlKey: true }), true)).toBe("save");
  });
  it("toggles the findings panel with F8 or Ctrl+Shift+F, even in a text field", () => {
    expect(commandFor(key("F8"))).toBe("findings");
    expect(commandFor(key("F8"), true)).toBe("findings");
    expect(commandFor(key("F", { ctrlKey: true, shiftKey: true }))).toBe("findings");
    expect(commandFor(key("F8", { shiftKey: true }))).toBeNull();
    expect(commandFor(key("F7"))).toBeNull();
  });
  it("sends Ctrl+F to the page's search", () => {
    expect(commandFor(key("f", { ctrlKey: true }))).toBe("find");
  });
  it("opens the Share dialog with Ctrl+Shift+E, also from a text field; Ctrl+E alone is not it", () => {
    expect(commandFor(key("E", { ctrlKey: true, shiftKey: true }))).toBe("share");
    expect(commandFor(key("e", { ctrlKey: true, shiftKey: true }), true)).toBe("share");
    expect(commandFor(key("e", { ctrlKey: true }))).toBeNull();
    expect(shortcutLabel.share).toBe("Ctrl+Shift+E");
  });
  it("labels every command for tooltips", () => {
    expect(shortcutLabel.save_as).toBe("Ctrl+Shift+S");
    expect(shortcutLabel.redo).toBe("Ctrl+Y");
  });
});

describe("closesPanel", () => {
  it("is Escape alone, not one a control already used", () => {
    expect(closesPanel(key("Escape"))).toBe(true);
    expect(closesPanel({ ...key("Escape"), defaultPrevented: true })).toBe(false);
    expect(closesPanel(key("Escape", { shiftKey: true }))).toBe(false);
    expect(closesPanel(key("Enter"))).toBe(false);
  });
});
