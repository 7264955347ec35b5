// The Share dialog's controller: who can open the model's file, adding (a pasted key or a
// key file) and removing recipients with a confirmation, your own key to copy, and a
// hand-over copy for recipients chosen for it alone. It knows nothing of Svelte or Tauri:
// the backend and the app around it are passed in, so every decision is unit-tested.

import { Serial } from "./serial";
import type { AppError } from "../bindings/AppError";
import type { IdentityStatus } from "../bindings/IdentityStatus";
import type { RecipientEntry } from "../bindings/RecipientEntry";
import type { Sharing } from "../bindings/Sharing";
import { toAppError } from "./errors";

/** The sharing commands, one method each (see `src/lib/backend.ts` for the Tauri one). */
export interface ShareBackend {
  identityStatus(): Promise<IdentityStatus>;
  sharing(): Promise<Sharing>;
  /** Adds a pasted `age1…` key (a key already there gets the label). */
  add(key: string, label: string | null): Promise<Sharing>;
  /** The native open dialog for a key file; `null` when the person cancels it. */
  addFromFile(label: string | null): Promise<Sharing | null>;
  remove(key: string, allowSelf: boolean): Promise<Sharing>;
  /** The native save dialog, then the copy for `recipients`; where it went, `null` if cancelled. */
  copy(recipients: string[]): Promise<string | null>;
}

/** What the controller needs from the app around it. */
export interface ShareHost {
  /** Asks for the passphrase; resolves whether the identity is now unlocked. */
  requestIdentity(status: IdentityStatus): Promise<boolean>;
  /** The recipients changed (and maybe the file was saved): refresh the summary. */
  changed(): Promise<void>;
  changedState(state: ShareState): void;
}

export interface ShareState {
  sharing: Sharing | null;
  busy: boolean;
  /** Why the last add failed: shown next to the key field. */
  addError: AppError | null;
  /** Why a removal or a copy failed. */
  error: AppError | null;
  /** What the last change did, and when it takes effect. */
  notice: string | null;
  /** The recipient whose removal waits for a confirmation. */
  confirming: string | null;
  /** The keys chosen for the hand-over copy (the file's recipients or others). */
  copyTo: string[];
  /** Keys added for the copy only, not recipients of the file. */
  copyExtra: string[];
  /** What the last copy did. */
  copied: string | null;
}

export function initialShareState(): ShareState {
  return {
    sharing: null,
    busy: false,
    addError: null,
    error: null,
    notice: null,
    confirming: null,
    copyTo: [],
    copyExtra: [],
    copied: null,
  };
}

/** How a recipient is named in the dialog. */
export function recipientName(entry: RecipientEntry): string {
  if (entry.label) return entry.label;
  return entry.you ? "Your key" : "Unlabelled key";
}

/** What the list says when it has nobody yet (a model never saved: the demo, a new one). */
export function emptyText(sharing: Sharing): string | null {
  if (sharing.recipients.length > 0) return null;
  return "Nobody yet: this model is not saved. Its first Save As encrypts it to your key; keys you add here are added with yours.";
}

/** When a change of recipients takes effect, as the dialog says after it. */
export function effectText(sharing: Sharing): string {
  if (sharing.file === null) return "It takes effect when you save the model (Save As, Ctrl+Shift+S).";
  if (!sharing.unsaved) return "Saved: the file is now encrypted to these recipients.";
  return "It takes effect at the next save (Ctrl+S).";
}

/** What adding `key` did, given the list before and after. */
export function addedText(before: Sharing, after: Sharing, key: string): string {
  const entry = after.recipients.find((r) => r.key === key.trim());
  const name = entry ? recipientName(entry) : "The key";
  const hadYou = before.recipients.some((r) => r.you);
  const yourKeyAlong = !hadYou && after.recipients.some((r) => r.you && r.key !== key.trim());
  const along = yourKeyAlong ? " Your own key was added too, so you can still open the file." : "";
  return `${name} can open this file.${along} ${effectText(after)}`;
}

/** Why `entry` cannot be removed, or `null` when it can (after a confirmation). */
export function removeRefusal(sharing: Sharing, entry: RecipientEntry): string | null {
  if (sharing.recipients.length === 1 && sharing.recipients[0]?.key === entry.key) {
    return "The last recipient cannot be removed: nobody could open the file.";
  }
  return null;
}

/** The confirmation's question and warning. */
export function removeQuestion(entry: RecipientEntry): { question: string; warning: string | null } {
  return {
    question: entry.you ? "Remove your own key?" : `Remove ${recipientName(entry)}?`,
    warning: entry.you
      ? "This is your own key: once the file is saved, you will no longer be able to open it."
      : null,
  };
}

/** The copy's recipients, as the dialog offers them: the file's, then keys for the copy only. */
export function copyChoices(state: ShareState): { key: string; name: string; you: boolean }[] {
  const own = (state.sharing?.recipients ?? []).map((r) => ({ key: r.key, name: recipientName(r), you: r.you }));
  const extra = state.copyExtra
    .filter((k) => !own.some((o) => o.key === k))
    .map((key) => ({ key, name: "For the copy only", you: false }));
  return [...own, ...extra];
}

/** What the dialog says after a copy was written. */
export function copiedText(path: string, count: number): string {
  const whom = count === 1 ? "1 recipient" : `${count} recipients`;
  return `Wrote a copy for ${whom} to ${path}. The open file keeps its own recipients.`;
}

/** A key shortened for a list ("age1qyq…x7k2"), the whole one in its title. */
export function shortKey(key: string): string {
  return key.length > 24 ? `${key.slice(0, 12)}…${key.slice(-8)}` : key;
}

/** What the Copy button did: copied, or the field was selected for Ctrl+C. */
export type CopyOutcome = "copied" | "select";

/**
 * Copies `text` with the asynchronous clipboard API when the webview has it (WebKitGTK
 * may not give it to the app's page); otherwise the caller selects the field for Ctrl+C.
 */
export async function copyToClipboard(text: string, clipboard: Pick<Clipboard, "writeText"> | undefined): Promise<CopyOutcome> {
  if (!clipboard) return "select";
  try {
    await clipboard.writeText(text);
    return "copied";
  } catch {
    return "select";
  }
}

export class Sharer {
  state: ShareState = initialShareState();
  /** One command at a time; a failure becomes the dialog's error (cleared by the next). */
  private readonly serial = new Serial({
    busy: (busy) => this.update(busy ? { busy, error: null } : { busy }),
    failed: (error) => this.update({ error }),
  });

  constructor(
    private readonly backend: ShareBackend,
    private readonly host: ShareHost,
  ) {}

  /**
   * Loads who can open the file, unlocking the identity first (the dialog shows your key
   * and marks it). Resolves `false` when the person cancels the passphrase.
   */
  async open(): Promise<boolean> {
    const status = await this.backend.identityStatus();
    if (!status.unlocked && !(await this.host.requestIdentity(status))) return false;
    this.state = initialShareState();
    await this.run(async () => {
      const sharing = await this.backend.sharing();
      this.update({ sharing, copyTo: sharing.recipients.filter((r) => !r.you).map((r) => r.key) });
    });
    return true;
  }

  /** Adds a pasted key; a refusal is shown next to the field and changes nothing. */
  add(key: string, label: string): Promise<boolean> {
    return this.adding(key.trim(), () => this.backend.add(key.trim(), label.trim() || null));
  }

  addFromFile(label: string): Promise<boolean> {
    return this.adding(null, () => this.backend.addFromFile(label.trim() || null));
  }

  /** Asks for a confirmation of removing `key` (nothing when it cannot be removed). */
  askRemove(key: string): void {
    const sharing = this.state.sharing;
    const entry = sharing?.recipients.find((r) => r.key === key);
    if (!sharing || !entry) return;
    const refusal = removeRefusal(sharing, entry);
    if (refusal) {
      this.update({ error: { code: "last_recipient", message: refusal }, confirming: null });
      return;
    }
    this.update({ confirming: key, error: null });
  }

  cancelRemove(): void {
    this.update({ confirming: null });
  }

  /** Removes the recipient being confirmed (your own key too: the confirmation warned). */
  confirmRemove(): Promise<void> {
    const key = this.state.confirming;
    const entry = this.state.sharing?.recipients.find((r) => r.key === key);
    if (!key || !entry) return Promise.resolve();
    return this.run(async () => {
      const sharing = await this.backend.remove(key, entry.you);
      this.update({
        sharing,
        confirming: null,
        copyTo: this.state.copyTo.filter((k) => k !== key),
        notice: `${recipientName(entry)} was removed. ${effectText(sharing)}`,
      });
      await this.host.changed();
    });
  }

  /** Chooses or unchooses `key` for the hand-over copy. */
  toggleCopy(key: string, chosen: boolean): void {
    const rest = this.state.copyTo.filter((k) => k !== key);
    this.update({ copyTo: chosen ? [...rest, key] : rest, copied: null });
  }

  /** Adds a key for the copy only (not a recipient of the file); checked when it is written. */
  addCopyKey(key: string): boolean {
    const k = key.trim();
    if (!k) return false;
    this.update({
      copyExtra: this.state.copyExtra.includes(k) ? this.state.copyExtra : [...this.state.copyExtra, k],
      copyTo: this.state.copyTo.includes(k) ? this.state.copyTo : [...this.state.copyTo, k],
      copied: null,
    });
    return true;
  }

  /** Whether a copy can be written: somebody is chosen. */
  canCopy(): boolean {
    return this.state.copyTo.length > 0 && !this.state.busy;
  }

  /** The native save dialog, then the copy; says where it went. */
  copy(): Promise<void> {
    const recipients = copyChoices(this.state)
      .map((c) => c.key)
      .filter((k) => this.state.copyTo.includes(k));
    if (recipients.length === 0) return Promise.resolve();
    return this.run(async () => {
      const path = await this.backend.copy(recipients);
      if (path === null) return;
      this.update({ copied: copiedText(path, recipients.length), sharing: await this.backend.sharing() });
      // The copy is recorded in the model's audit log.
      await this.host.changed();
    });
  }

  private async adding(key: string | null, action: () => Promise<Sharing | null>): Promise<boolean> {
    const before = this.state.sharing;
    let added = false;
    this.update({ addError: null, notice: null });
    await this.run(async () => {
      let sharing: Sharing | null;
      try {
        sharing = await action();
      } catch (reason) {
        this.update({ addError: toAppError(reason) });
        return;
      }
      if (sharing === null) return;
      const newKey = key ?? sharing.recipients.find((r) => !before?.recipients.some((b) => b.key === r.key) && !r.you)?.key ?? "";
      this.update({ sharing, notice: before ? addedText(before, sharing, newKey) : effectText(sharing) });
      added = true;
      await this.host.changed();
    });
    return added;
  }

  private run(task: () => Promise<void>): Promise<void> {
    return this.serial.run(task);
  }

  private update(patch: Partial<ShareState>): void {
    this.state = { ...this.state, ...patch };
    this.host.changedState(this.state);
  }
}
