import { describe, expect, it } from "vitest";
import { documentName, fileName, windowTitle } from "./title";

describe("fileName", () => {
  it("takes the last component of a Unix path", () => {
    expect(fileName("/home/ana/models/acme.gatehouse")).toBe("acme.gatehouse");
  });
  it("takes the last component of a Windows path", () => {
    expect(fileName("C:\\Users\\ana\\acme.gatehouse")).toBe("acme.gatehouse");
  });
  it("ignores a trailing separator", () => {
    expect(fileName("/tmp/dir/")).toBe("dir");
  });
});

describe("windowTitle", () => {
  it("names the demo model the app starts with", () => {
    expect(windowTitle({ path: null, dirty: false }, true)).toBe("Gatehouse — Untitled (demo)");
  });
  it("marks unsaved changes with a bullet", () => {
    expect(windowTitle({ path: null, dirty: true }, true)).toBe("Gatehouse — Untitled (demo) •");
  });
  it("shows only the file name of a saved model", () => {
    expect(windowTitle({ path: "/work/acme.gatehouse", dirty: false }, false)).toBe("Gatehouse — acme.gatehouse");
    expect(windowTitle({ path: "/work/acme.gatehouse", dirty: true }, false)).toBe("Gatehouse — acme.gatehouse •");
  });
  it("calls a new unsaved model Untitled, not demo", () => {
    expect(windowTitle({ path: null, dirty: false }, false)).toBe("Gatehouse — Untitled");
    expect(documentName({ path: null }, false)).toBe("Untitled");
  });
});
