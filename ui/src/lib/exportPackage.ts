// The Export page's decisions: the request a form makes (or why it cannot be sent), where
// the package will be written, and the checks of what was written, in words. The page
// only shows what these return.
import type { Check } from "../bindings/Check";
import type { ExportOutcome } from "../bindings/ExportOutcome";
import type { ExportRequest } from "../bindings/ExportRequest";
import type { ExportSection } from "../bindings/ExportSection";
import type { ExportSetup } from "../bindings/ExportSetup";
import type { ImportSigningKey } from "../bindings/ImportSigningKey";
import type { NewSigningKey } from "../bindings/NewSigningKey";
import type { SignerInfo } from "../bindings/SignerInfo";
import type { Step } from "../bindings/Step";

export type { ExportOutcome, ExportSetup, SignerInfo };

/** The Export page's commands (src-tauri: export_setup, create_signing_key, …). */
export interface ExportBackend {
  setup(): Promise<ExportSetup>;
  createKey(input: NewSigningKey): Promise<SignerInfo>;
  unlockKey(passphrase: string): Promise<SignerInfo>;
  importKey(input: ImportSigningKey): Promise<SignerInfo>;
  choosePkcs12(): Promise<string | null>;
  chooseDest(suggested: string): Promise<string | null>;
  exportPackage(request: ExportRequest, onstep: (step: Step) => void): Promise<ExportOutcome>;
  cancel(): Promise<void>;
  openFolder(): Promise<void>;
}

/** What the person filled in. */
export interface ExportForm {
  dest: string;
  /** YYYY-MM-DD, or empty for now. */
  asOf: string;
  /** The keys of the sections chosen. */
  sections: string[];
  zip: boolean;
  /** age recipients, one per line (or separated by spaces or commas). */
  encryptTo: string;
  organization: string;
}

/** The sections that can be chosen: those whose register exists. */
export function choosable(sections: ExportSection[]): ExportSection[] {
  return sections.filter((s) => s.not_built === null);
}

/** The form of a fresh page: every section, as of today, beside the suggested folder. */
export function initialForm(setup: ExportSetup): ExportForm {
  return {
    dest: setup.suggested_dest,
    asOf: setup.now.slice(0, 10),
    sections: choosable(setup.sections).map((s) => s.key),
    zip: false,
    encryptTo: "",
    organization: "",
  };
}

/** The age recipients in the text, in order, without repeats. */
export function recipients(text: string): string[] {
  const seen = new Set<string>();
  for (const r of text.split(/[\s,]+/)) if (r !== "") seen.add(r);
  return [...seen];
}

/** The request the form makes, or the first thing that stops it being sent. */
export function requestOf(form: ExportForm, setup: ExportSetup): { request: ExportRequest } | { problem: string } {
  const dest = form.dest.trim();
  if (dest === "") return { problem: "Choose where the package goes." };
  if (form.sections.length === 0) return { problem: "Choose at least one section." };
  let asOf: string | null = null;
  if (form.asOf.trim() !== "") {
    const d = form.asOf.trim();
    const parsed = /^\d{4}-\d{2}-\d{2}$/.test(d) ? new Date(`${d}T00:00:00Z`) : null;
    if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== d) {
      return { problem: `The as-of date "${d}" is not a date (YYYY-MM-DD).` };
    }
    // Today's date means now: the package shows the model as it stands this minute.
    asOf = d === setup.now.slice(0, 10) ? null : `${d}T00:00:00Z`;
  }
  const encryptTo = recipients(form.encryptTo);
  const bad = encryptTo.find((r) => !r.startsWith("age1"));
  if (bad) return { problem: `"${bad}" is not an age public key (age1…).` };
  const all = choosable(setup.sections).map((s) => s.key);
  const sections = all.filter((k) => form.sections.includes(k));
  return {
    request: {
      dest,
      as_of: asOf,
      sections: sections.length === all.length ? null : sections,
      zip: form.zip || encryptTo.length > 0,
      encrypt_to: encryptTo,
      organization: form.organization.trim() === "" ? null : form.organization.trim(),
    },
  };
}

/** Where the request writes: the folder, its zip, or the encrypted zip. */
export function target(request: ExportRequest): string {
  if (!request.zip) return request.dest;
  const zip = request.dest.endsWith(".zip") ? request.dest : `${request.dest}.zip`;
  return request.encrypt_to.length > 0 ? `${zip}.age` : zip;
}

/** "12 of 12 checks pass", or how many fail. */
export function checksText(checks: Check[]): string {
  const failed = checks.filter((c) => !c.ok).length;
  if (failed === 0) return `${checks.length} of ${checks.length} checks pass`;
  return `${failed} of ${checks.length} checks fail`;
}

/** A size as people read it: 812 B, 14.2 KB, 3.1 MB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The new signing key's form, checked before it goes to the backend. */
export function newKeyProblem(name: string, passphrase: string, confirmation: string): string | null {
  if (name.trim() === "") return "Give the signer's name: it is the certificate's subject.";
  if (passphrase.length < 8) return "Choose a passphrase of at least 8 characters.";
  if (passphrase !== confirmation) return "The two passphrases are not the same.";
  return null;
}

/** The import form, checked before it goes to the backend. */
export function importKeyProblem(p12Path: string, passphrase: string, confirmation: string): string | null {
  if (p12Path.trim() === "") return "Choose the organisation's PKCS#12 file (.p12 or .pfx).";
  if (passphrase.length < 8) return "Choose a passphrase of at least 8 characters to keep the key under.";
  if (passphrase !== confirmation) return "The two passphrases are not the same.";
  return null;
}
