import { describe, expect, it } from "vitest";
import type { AppError } from "../bindings/AppError";
import type { IdentityStatus } from "../bindings/IdentityStatus";
import type { RecipientEntry } from "../bindings/RecipientEntry";
import type { Sharing } from "../bindings/Sharing";
import {
  addedText,
  copiedText,
  copyChoices,
  copyToClipboard,
  effectText,
  emptyText,
  recipientName,
  removeQuestion,
  removeRefusal,
  Sharer,
  type ShareBackend,
  type ShareState,
} from "./share";

const YOU = "age1you0000000000000000000000000000000000000000000000000000000";
const ANA = "age1ana0000000000000000000000000000000000000000000000000000000";
const CO = "age1co00000000000000000000000000000000000000000000000000000000";

const you: RecipientEntry = { key: YOU, label: null, you: true };
const ana: RecipientEntry = { key: ANA, label: "Ana Silva, client CO", you: false };

function sharing(recipients: RecipientEntry[], patch: Partial<Sharing> = {}): Sharing {
  return { recipients, your_key: YOU, file: "/m/model.gatehouse", unsaved: false, ...patch };
}

const invalid: AppError = {
  code: "invalid_recipient",
  message: '"age1x" is not an age X25519 recipient: it has 5 characters; it should start with age1 and be 62 characters',
};
const locked: IdentityStatus = { path: "/id.age", exists: true, protected: true, unlocked: false, recipient: null };

/** A fake backend over a list of recipients, recording calls; `unlockAnswer` is the passphrase dialog's. */
function setup(start: Sharing, opts: { unlocked?: boolean; unlockAnswer?: boolean; autosave?: boolean } = {}) {
  let current = start;
  let unlocked = opts.unlocked ?? true;
  const calls: string[] = [];
  const states: ShareState[] = [];
  let refreshed = 0;
  const saved = (s: Sharing): Sharing => ({ ...s, unsaved: !(opts.autosave ?? true) || s.file === null });
  const backend: ShareBackend = {
    identityStatus: async () => ({ ...locked, unlocked, recipient: unlocked ? YOU : null }),
    sharing: async () => current,
    add: async (key, label) => {
      calls.push(`add ${key} ${label}`);
      if (!key.startsWith("age1") || key.length !== 62) throw invalid;
      const fresh = current.recipients.length === 0 && key !== YOU ? [you] : [];
      current = saved({ ...current, recipients: [...current.recipients, ...fresh, { key, label, you: key === YOU }] });
      return current;
    },
    addFromFile: async (label) => {
      calls.push(`file ${label}`);
      return null;
    },
    remove: async (key, allowSelf) => {
      calls.push(`remove ${key} ${allowSelf}`);
      current = saved({ ...current, recipients: current.recipients.filter((r) => r.key !== key) });
      return current;
    },
    copy: async (recipients) => {
      calls.push(`copy ${recipients.join(",")}`);
      return "/m/for-client.gatehouse";
    },
  };
  const sharer = new Sharer(backend, {
    requestIdentity: async () => {
      calls.push("passphrase");
      unlocked = opts.unlockAnswer ?? true;
      return unlocked;
    },
    changed: async () => {
      refreshed += 1;
    },
    changedState: (s) => states.push(s),
  });
  return { sharer, calls, states, refreshed: () => refreshed };
}

describe("the wording", () => {
  it("names a recipient by its label, yours as your key", () => {
    expect(recipientName(ana)).toBe("Ana Silva, client CO");
    expect(recipientName(you)).toBe("Your key");
    expect(recipientName({ key: CO, label: null, you: false })).toBe("Unlabelled key");
  });
  it("says a change takes effect at the next save, at Save As without a file, or that it was saved", () => {
    expect(effectText(sharing([you], { unsaved: true }))).toBe("It takes effect at the next save (Ctrl+S).");
    expect(effectText(sharing([], { file: null, unsaved: true }))).toContain("when you save the model (Save As");
    expect(effectText(sharing([you]))).toBe("Saved: the file is now encrypted to these recipients.");
  });
  it("explains an empty list: the first Save As encrypts to your key", () => {
    expect(emptyText(sharing([], { file: null }))).toContain("first Save As encrypts it to your key");
    expect(emptyText(sharing([you]))).toBeNull();
  });
  it("says when your key came along with the first recipient", () => {
    const before = sharing([], { file: null });
    const after = sharing([you, ana], { file: null, unsaved: true });
    expect(addedText(before, after, ANA)).toBe(
      "Ana Silva, client CO can open this file. Your own key was added too, so you can still open the file. It takes effect when you save the model (Save As, Ctrl+Shift+S).",
    );
    expect(addedText(sharing([you]), sharing([you, ana]), ANA)).toBe(
      "Ana Silva, client CO can open this file. Saved: the file is now encrypted to these recipients.",
    );
  });
  it("refuses to remove the last recipient and warns before removing your own key", () => {
    expect(removeRefusal(sharing([you]), you)).toContain("last recipient cannot be removed");
    expect(removeRefusal(sharing([you, ana]), you)).toBeNull();
    expect(removeQuestion(you).question).toBe("Remove your own key?");
    expect(removeQuestion(you).warning).toContain("you will no longer be able to open it");
    expect(removeQuestion(ana)).toEqual({ question: "Remove Ana Silva, client CO?", warning: null });
  });
  it("says where a copy went and that the original keeps its recipients", () => {
    expect(copiedText("/m/c.gatehouse", 1)).toBe(
      "Wrote a copy for 1 recipient to /m/c.gatehouse. The open file keeps its own recipients.",
    );
    expect(copiedText("/m/c.gatehouse", 2)).toContain("for 2 recipients");
  });
});

describe("copyToClipboard", () => {
  it("copies with the clipboard API when there is one", async () => {
    const written: string[] = [];
    expect(await copyToClipboard(YOU, { writeText: async (t) => void written.push(t) })).toBe("copied");
    expect(written).toEqual([YOU]);
  });
  it("falls back to selecting the field without the API or when it refuses", async () => {
    expect(await copyToClipboard(YOU, undefined)).toBe("select");
    expect(await copyToClipboard(YOU, { writeText: () => Promise.reject(new Error("NotAllowedError")) })).toBe("select");
  });
});

describe("Sharer", () => {
  it("unlocks the identity before showing the list, and stays closed when that is cancelled", async () => {
    const cancelled = setup(sharing([you]), { unlocked: false, unlockAnswer: false });
    expect(await cancelled.sharer.open()).toBe(false);
    expect(cancelled.sharer.state.sharing).toBeNull();

    const { sharer, calls } = setup(sharing([you, ana]), { unlocked: false });
    expect(await sharer.open()).toBe(true);
    expect(calls).toEqual(["passphrase"]);
    expect(sharer.state.sharing?.recipients).toEqual([you, ana]);
    expect(sharer.state.copyTo).toEqual([ANA]);
  });

  it("adds a pasted key with its label, then refreshes the app", async () => {
    const { sharer, calls, refreshed } = setup(sharing([you]));
    await sharer.open();
    expect(await sharer.add(`  ${ANA} `, " Ana Silva, client CO ")).toBe(true);
    expect(calls).toEqual([`add ${ANA} Ana Silva, client CO`]);
    expect(sharer.state.sharing?.recipients.map((r) => r.key)).toEqual([YOU, ANA]);
    expect(sharer.state.notice).toBe("Ana Silva, client CO can open this file. Saved: the file is now encrypted to these recipients.");
    expect(refreshed()).toBe(1);
  });

  it("shows the backend's reason next to the field and changes nothing", async () => {
    const { sharer, refreshed } = setup(sharing([you]));
    await sharer.open();
    expect(await sharer.add("age1x", "")).toBe(false);
    expect(sharer.state.addError).toEqual(invalid);
    expect(sharer.state.error).toBeNull();
    expect(sharer.state.sharing?.recipients).toEqual([you]);
    expect(refreshed()).toBe(0);
    // The next attempt clears it.
    await sharer.add(ANA, "");
    expect(sharer.state.addError).toBeNull();
  });

  it("before the first save, says your key was added too", async () => {
    const { sharer } = setup(sharing([], { file: null }));
    await sharer.open();
    await sharer.add(ANA, "Ana");
    expect(sharer.state.sharing?.recipients.map((r) => [r.key, r.you])).toEqual([
      [YOU, true],
      [ANA, false],
    ]);
    expect(sharer.state.notice).toContain("Your own key was added too");
    expect(sharer.state.notice).toContain("Save As");
  });

  it("a cancelled key-file dialog changes nothing", async () => {
    const { sharer, calls, refreshed } = setup(sharing([you]));
    await sharer.open();
    expect(await sharer.addFromFile(" Ana ")).toBe(false);
    expect(calls).toEqual(["file Ana"]);
    expect(sharer.state.notice).toBeNull();
    expect(refreshed()).toBe(0);
  });

  it("removes only after a confirmation, your own key with allow_self", async () => {
    const { sharer, calls } = setup(sharing([you, ana]), { autosave: false });
    await sharer.open();
    sharer.askRemove(YOU);
    expect(sharer.state.confirming).toBe(YOU);
    expect(calls).toEqual([]);
    sharer.cancelRemove();
    expect(sharer.state.confirming).toBeNull();

    sharer.askRemove(ANA);
    await sharer.confirmRemove();
    expect(calls).toEqual([`remove ${ANA} false`]);
    expect(sharer.state.notice).toBe("Ana Silva, client CO was removed. It takes effect at the next save (Ctrl+S).");
    expect(sharer.state.copyTo).toEqual([]);

    sharer.askRemove(YOU);
    expect(sharer.state.confirming).toBeNull();
    expect(sharer.state.error?.message).toContain("last recipient cannot be removed");
    expect(calls).toEqual([`remove ${ANA} false`]);
  });

  it("passes allow_self when you confirm removing your own key", async () => {
    const { sharer, calls } = setup(sharing([you, ana]));
    await sharer.open();
    sharer.askRemove(YOU);
    await sharer.confirmRemove();
    expect(calls).toEqual([`remove ${YOU} true`]);
  });

  it("writes a copy for the chosen recipients only, keys for the copy included", async () => {
    const { sharer, calls, refreshed } = setup(sharing([you, ana]));
    await sharer.open();
    sharer.toggleCopy(ANA, false);
    expect(sharer.canCopy()).toBe(false);
    expect(sharer.addCopyKey(` ${CO} `)).toBe(true);
    expect(copyChoices(sharer.state).map((c) => [c.key, c.name])).toEqual([
      [YOU, "Your key"],
      [ANA, "Ana Silva, client CO"],
      [CO, "For the copy only"],
    ]);
    await sharer.copy();
    expect(calls).toEqual([`copy ${CO}`]);
    expect(sharer.state.copied).toBe(
      "Wrote a copy for 1 recipient to /m/for-client.gatehouse. The open file keeps its own recipients.",
    );
    expect(sharer.state.sharing?.recipients).toEqual([you, ana]);
    expect(refreshed()).toBe(1);
  });
});
