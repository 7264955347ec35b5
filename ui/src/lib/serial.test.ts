import { describe, expect, it } from "vitest";
import { Serial } from "./serial";

describe("Serial", () => {
  it("runs commands one after the other, busy around each, a failure as the error", async () => {
    const seen: string[] = [];
    const serial = new Serial({
      busy: (busy) => seen.push(busy ? "busy" : "idle"),
      failed: (error) => seen.push(`failed: ${error.message}`),
    });
    let release: () => void = () => {};
    const slow = serial.run(() => new Promise<void>((resolve) => (release = resolve)).then(() => void seen.push("first")));
    const failing = serial.run(async () => {
      seen.push("second");
      throw new Error("no");
    });
    await Promise.resolve();
    expect(seen).toEqual(["busy"]);
    release();
    await Promise.all([slow, failing]);
    expect(seen).toEqual(["busy", "first", "idle", "busy", "second", "failed: no", "idle"]);
  });
});
