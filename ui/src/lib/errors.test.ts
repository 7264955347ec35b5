import { describe, expect, it } from "vitest";
import { Codes, hasCode, toAppError } from "./errors";
import { passphraseProblem } from "./passphrase";

describe("toAppError", () => {
  it("keeps a backend error's code and message", () => {
    expect(toAppError({ code: "wrong_key", message: "Not your key." })).toEqual({ code: "wrong_key", message: "Not your key." });
  });
  it("drops extra fields", () => {
    expect(toAppError({ code: "x", message: "y", extra: 1 })).toEqual({ code: "x", message: "y" });
  });
  it("wraps a plain string from the IPC layer", () => {
    expect(toAppError("command save not allowed by ACL")).toEqual({
      code: Codes.unexpected,
      message: "command save not allowed by ACL",
    });
  });
  it("wraps a thrown Error", () => {
    expect(toAppError(new TypeError("x is undefined"))).toEqual({ code: Codes.unexpected, message: "x is undefined" });
  });
  it("gives a message even for nothing", () => {
    for (const reason of [undefined, null, 42, "", { code: 1 }]) {
      const error = toAppError(reason);
      expect(error.code).toBe(Codes.unexpected);
      expect(error.message.length).toBeGreaterThan(0);
    }
  });
});

describe("hasCode", () => {
  it("matches on the code only", () => {
    expect(hasCode({ code: "no_file", message: "whatever" }, Codes.noFile)).toBe(true);
    expect(hasCode({ code: "other", message: "no_file" }, Codes.noFile)).toBe(false);
    expect(hasCode("no_file", Codes.noFile)).toBe(false);
  });
});

describe("passphraseProblem", () => {
  it("asks for a passphrase", () => {
    expect(passphraseProblem("unlock", "", "")).not.toBeNull();
  });
  it("requires the confirmation to match when creating", () => {
    expect(passphraseProblem("create", "correct horse", "correct hose")).not.toBeNull();
    expect(passphraseProblem("create", "correct horse", "correct horse")).toBeNull();
  });
  it("needs no confirmation to unlock", () => {
    expect(passphraseProblem("unlock", "correct horse", "")).toBeNull();
  });
});
