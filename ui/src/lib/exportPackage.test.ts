import { describe, expect, it } from "vitest";
import type { ExportSetup } from "../bindings/ExportSetup";
import { checksText, choosable, importKeyProblem, initialForm, newKeyProblem, recipients, requestOf, sizeText, target } from "./exportPackage";

const setup: ExportSetup = {
  sections: [
    { key: "roles", title: "Role catalogue", rows: 6, not_built: null },
    { key: "matrix", title: "Permission matrix", rows: 40, not_built: null },
    { key: "access_reviews", title: "Access reviews", rows: 0, not_built: "access review campaigns are not built" },
  ],
  signing_key: { path: "/home/ana/.config/gatehouse/signing.age", exists: false, unlocked: null },
  now: "2026-12-02T09:00:00Z",
  suggested_name: "Demo audit 2026-12-02",
  suggested_dest: "/home/ana/Documents/Demo audit 2026-12-02",
};

describe("the export form", () => {
  it("starts with every section that can be written, as of today, in the suggested folder", () => {
    const form = initialForm(setup);
    expect(form.sections).toEqual(["roles", "matrix"]);
    expect(form.asOf).toBe("2026-12-02");
    expect(form.dest).toBe(setup.suggested_dest);
    expect(choosable(setup.sections).map((s) => s.key)).toEqual(["roles", "matrix"]);
  });

  it("sends all sections as null, today as now, and no organisation when blank", () => {
    const out = requestOf(initialForm(setup), setup);
    expect(out).toEqual({
      request: { dest: setup.suggested_dest, as_of: null, sections: null, zip: false, encrypt_to: [], organization: null },
    });
  });

  it("names the chosen sections in the binder's order and stamps another date at midnight UTC", () => {
    const form = { ...initialForm(setup), sections: ["matrix"], asOf: "2026-11-30", organization: "  Acme  " };
    const out = requestOf(form, setup);
    expect(out).toEqual({
      request: {
        dest: setup.suggested_dest,
        as_of: "2026-11-30T00:00:00Z",
        sections: ["matrix"],
        zip: false,
        encrypt_to: [],
        organization: "Acme",
      },
    });
  });

  it("refuses what cannot be sent, saying what", () => {
    const base = initialForm(setup);
    expect(requestOf({ ...base, dest: "  " }, setup)).toEqual({ problem: "Choose where the package goes." });
    expect(requestOf({ ...base, sections: [] }, setup)).toEqual({ problem: "Choose at least one section." });
    expect(requestOf({ ...base, asOf: "2026-02-30" }, setup)).toEqual({
      problem: 'The as-of date "2026-02-30" is not a date (YYYY-MM-DD).',
    });
    expect(requestOf({ ...base, asOf: "30/11/2026" }, setup)).toEqual({
      problem: 'The as-of date "30/11/2026" is not a date (YYYY-MM-DD).',
    });
    expect(requestOf({ ...base, encryptTo: "age1abc\nssh-ed25519 AAAA" }, setup)).toEqual({
      problem: '"ssh-ed25519" is not an age public key (age1…).',
    });
  });

  it("zips whenever the package is encrypted, and says where it goes", () => {
    const out = requestOf({ ...initialForm(setup), encryptTo: "age1one, age1two\nage1one" }, setup);
    if (!("request" in out)) throw new Error(out.problem);
    expect(out.request.zip).toBe(true);
    expect(out.request.encrypt_to).toEqual(["age1one", "age1two"]);
    expect(target(out.request)).toBe(`${setup.suggested_dest}.zip.age`);
    expect(target({ ...out.request, encrypt_to: [] })).toBe(`${setup.suggested_dest}.zip`);
    expect(target({ ...out.request, dest: "/tmp/p.zip", encrypt_to: [] })).toBe("/tmp/p.zip");
    expect(target({ ...out.request, zip: false, encrypt_to: [] })).toBe(setup.suggested_dest);
  });
});

describe("words", () => {
  it("counts checks that pass or fail", () => {
    const ok = { name: "checksum", file: "binder.pdf", ok: true, detail: "" };
    expect(checksText([ok, ok])).toBe("2 of 2 checks pass");
    expect(checksText([ok, { ...ok, ok: false }])).toBe("1 of 2 checks fail");
  });

  it("gives sizes in B, KB and MB", () => {
    expect(sizeText(812)).toBe("812 B");
    expect(sizeText(14_540)).toBe("14.2 KB");
    expect(sizeText(3_250_586)).toBe("3.1 MB");
  });

  it("splits recipients on spaces, commas and lines", () => {
    expect(recipients(" age1a,age1b\n\nage1c  age1a ")).toEqual(["age1a", "age1b", "age1c"]);
  });

  it("checks a new signing key's form", () => {
    expect(newKeyProblem(" ", "longenough", "longenough")).toMatch(/signer's name/);
    expect(newKeyProblem("Ana", "short", "short")).toMatch(/at least 8/);
    expect(newKeyProblem("Ana", "longenough", "longenougH")).toMatch(/not the same/);
    expect(newKeyProblem("Ana", "longenough", "longenough")).toBeNull();
  });

  it("checks the PKCS#12 import form", () => {
    expect(importKeyProblem(" ", "longenough", "longenough")).toMatch(/PKCS#12 file/);
    expect(importKeyProblem("/k/org.p12", "short", "short")).toMatch(/at least 8/);
    expect(importKeyProblem("/k/org.p12", "longenough", "other one")).toMatch(/not the same/);
    expect(importKeyProblem("/k/org.p12", "longenough", "longenough")).toBeNull();
  });
});
