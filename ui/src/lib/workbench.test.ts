import type { ErrorCode } from "../bindings/ErrorCode";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppError } from "../bindings/AppError";
import type { IdentityStatus } from "../bindings/IdentityStatus";
import type { Model } from "../bindings/Model";
import type { Summary } from "../bindings/Summary";
import type { Finding } from "../bindings/Finding";
import { Workbench, type Backend, type Host, type WorkbenchState } from "./workbench";

// A stand-in for the Tauri commands, recording calls; the real ones are exercised by the
// end-to-end test (tests/tests/desktop.rs).

function summary(patch: Partial<Summary> = {}): Summary {
  return {
    name: "Generic no-code governance",
    path: null,
    dirty: false,
    counts: {
      people: 9, roles: 8, capabilities: 15, environments: 4, grants: 0, assignments: 0, assets: 7,
      ownerships: 0, sod_rules: 0, gates: 2, change_requests: 0, escalation_paths: 0, access_reviews: 0, exceptions: 0, responsibilities: 0, risk_tiers: 0, calendars: 0, pinned_simulations: 0,
    },
    chain_head: "",
    events: 1,
    recipients: [],
    can_undo: false,
    can_redo: false,
    undo_label: null,
    redo_label: null,
    template: "generic-nocode",
    schema_version: 1,
    autosave: { enabled: true, delay_ms: 1500 },
    revision: 1,
    today: "2026-12-02",
    ...patch,
  };
}

const conflict: Finding = {
  code: "sod_conflict",
  severity: "critical",
  message: "Ana Lima can both modify apps and deploy to production.",
  entities: [{ kind: "person", key: "ana-lima" }],
  fix: "Remove one of the grants.",
};
const model = { meta: { name: "m", description: "", template: null } } as Model;
const err = (code: ErrorCode): AppError => ({ code, message: `failed: ${code}` });
const locked: IdentityStatus = { path: "/tmp/id.age", exists: true, protected: true, unlocked: false, recipient: null };
const unlocked: IdentityStatus = { ...locked, unlocked: true, recipient: "age1..." };

function setup(overrides: Partial<Backend> = {}, identityAnswer = true) {
  const calls: string[] = [];
  const titles: string[] = [];
  let identity = locked;
  let picked: string | null = null;
  let revision = 100;
  const track =
    <T>(name: string, value: () => T) =>
    async () => {
      calls.push(name);
      return value();
    };
  const backend: Backend = {
    summary: track("summary", () => summary()),
    modelDelta: async (since) => {
      calls.push(`model_delta:${since ?? "none"}`);
      revision += 1;
      return since === null ? { revision, full: true, model } : { revision, full: false, model: { meta: model.meta } };
    },
    templates: track("templates", () => []),
    identityStatus: track("identity_status", () => identity),
    newFromTemplate: async (t) => (calls.push(`new_from_template:${t}`), summary({ template: t })),
    applyEdit: track("apply_edit", () => summary({ dirty: true, can_undo: true })),
    undo: track("undo", () => summary({ dirty: true, can_redo: true })),
    redo: track("redo", () => summary({ dirty: true, can_undo: true })),
    save: track("save", () => summary({ path: "/m/acme.gatehouse" })),
    autosave: track("autosave", () => summary({ path: "/m/acme.gatehouse", dirty: false })),
    openDialog: async () => {
      calls.push("open_dialog");
      // As the backend does: the picked file waits while the key is locked.
      if (!identity.unlocked) {
        picked = "/m/other.gatehouse";
        throw err("identity_locked");
      }
      return summary({ path: "/m/other.gatehouse" });
    },
    saveAsDialog: track("save_as_dialog", () => summary({ path: "/m/new.gatehouse" })),
    pendingFile: track("pending_file", () => picked),
    openPending: track("open_pending", () => summary({ path: picked ?? "/m/from-args.gatehouse" })),
    findings: async (at) => (calls.push(`findings:${at ?? "today"}`), at === null ? [conflict] : []),
    ...overrides,
  };
  const requests: IdentityStatus[] = [];
  const files: (string | null)[] = [];
  let last: WorkbenchState | null = null;
  const host: Host = {
    setTitle: async (t) => void titles.push(t),
    requestIdentity: async (status, file) => {
      requests.push(status);
      files.push(file);
      if (identityAnswer) identity = unlocked;
      return identityAnswer;
    },
    changed: (s) => void (last = s),
  };
  const wb = new Workbench(backend, host);
  return { wb, calls, titles, requests, files, state: () => last ?? wb.state };
}

describe("Workbench", () => {
  it("starts with the demo model and titles the window", async () => {
    const { wb, titles, state } = setup();
    await wb.start();
    expect(state().summary?.counts.roles).toBe(8);
    expect(state().model).toBe(model);
    expect(state().demo).toBe(true);
    expect(titles).toEqual(["Gatehouse — Untitled (demo)"]);
  });

  it("opens the vault named on the command line once the passphrase is given", async () => {
    const { wb, calls, requests, files, state, titles } = setup({ pendingFile: async () => "/m/from-args.gatehouse" });
    await wb.start();
    expect(requests).toHaveLength(1);
    expect(files).toEqual(["/m/from-args.gatehouse"]);
    expect(calls).toContain("open_pending");
    expect(state().demo).toBe(false);
    expect(state().summary?.path).toBe("/m/from-args.gatehouse");
    expect(titles.at(-1)).toBe("Gatehouse — from-args.gatehouse");
  });

  it("keeps the demo when the passphrase for the command-line vault is not given", async () => {
    const { wb, calls, state } = setup({ pendingFile: async () => "/m/from-args.gatehouse" }, false);
    await wb.start();
    expect(calls).not.toContain("open_pending");
    expect(state().demo).toBe(true);
    expect(state().error).toBeNull();
  });

  it("falls back to Save As when the model has no file, unlocking the identity first", async () => {
    const { wb, calls, titles, requests, state } = setup({
      save: async () => {
        throw err("no_file");
      },
    });
    await wb.start();
    await wb.save();
    expect(requests).toHaveLength(1);
    expect(calls).toContain("save_as_dialog");
    expect(state().error).toBeNull();
    expect(state().demo).toBe(false);
    expect(titles.at(-1)).toBe("Gatehouse — new.gatehouse");
  });

  it("picks the file first and names it in the passphrase dialog, then opens it", async () => {
    const { wb, calls, files, state, titles } = setup();
    await wb.start();
    await wb.open();
    expect(calls.indexOf("open_dialog")).toBeLessThan(calls.indexOf("open_pending"));
    expect(files).toEqual(["/m/other.gatehouse"]);
    expect(state().error).toBeNull();
    expect(titles.at(-1)).toBe("Gatehouse — other.gatehouse");
  });

  it("keeps the model when the passphrase dialog is cancelled", async () => {
    const { wb, calls, state } = setup({}, false);
    await wb.start();
    await wb.open();
    expect(calls).not.toContain("open_pending");
    expect(state().error).toBeNull();
    expect(state().summary?.path).toBeNull();
  });

  it("asks for the passphrase and retries once when the backend says identity_locked", async () => {
    let attempts = 0;
    const { wb, requests, state, titles } = setup({
      identityStatus: async () => unlocked, // stale status: the backend still refuses once
      saveAsDialog: async () => {
        attempts += 1;
        if (attempts === 1) throw err("identity_locked");
        return summary({ path: "/m/x.gatehouse" });
      },
    });
    await wb.start();
    await wb.saveAs();
    expect(attempts).toBe(2);
    expect(requests).toHaveLength(0); // identity_status said unlocked, so no dialog was needed
    expect(state().summary?.path).toBe("/m/x.gatehouse");
    expect(titles.at(-1)).toBe("Gatehouse — x.gatehouse");
  });

  it("keeps the model when the open dialog is cancelled", async () => {
    const { wb, titles, state } = setup({ identityStatus: async () => unlocked, openDialog: async () => null });
    await wb.start();
    await wb.open();
    expect(state().summary?.path).toBeNull();
    expect(state().demo).toBe(true);
    expect(titles).toHaveLength(1);
  });

  it("hands a refused form edit back to the form, not to the app-wide error", async () => {
    const { wb, state } = setup({
      applyEdit: async () => {
        throw err("invalid_edit");
      },
    });
    await wb.start();
    const refused = await wb.tryEdit({ op: "delete", kind: "role", key: "viewer" });
    expect(refused).toEqual({ code: "invalid_edit", message: "failed: invalid_edit" });
    expect(state().error).toBeNull();
    const ok = setup();
    await ok.wb.start();
    expect(await ok.wb.tryEdit({ op: "delete", kind: "role", key: "viewer" })).toBeNull();
    expect(ok.state().summary?.can_undo).toBe(true);
  });

  it("shows a failing command's error until dismissed, and keeps working", async () => {
    const { wb, state } = setup({
      undo: async () => {
        throw err("nothing_to_undo");
      },
    });
    await wb.start();
    await wb.undo();
    expect(state().error).toEqual({ code: "nothing_to_undo", message: "failed: nothing_to_undo" });
    expect(state().busy).toBe(false);
    wb.dismissError();
    expect(state().error).toBeNull();
    await wb.redo();
    expect(state().summary?.can_undo).toBe(true);
  });

  it("a new model from a template is no longer the demo", async () => {
    const { wb, calls, titles } = setup();
    await wb.start();
    await wb.newFromTemplate("generic-nocode");
    expect(calls).toContain("new_from_template:generic-nocode");
    expect(titles.at(-1)).toBe("Gatehouse — Untitled");
  });

  it("marks a dirty model in the title", async () => {
    const { wb, titles } = setup();
    await wb.start();
    await wb.applyEdit({ op: "delete", kind: "role", key: "viewer" });
    expect(titles.at(-1)).toBe("Gatehouse — Untitled (demo) •");
  });

  it("recomputes the findings after every command, as of the chosen date", async () => {
    const { wb, calls, state } = setup();
    await wb.start();
    expect(state().findings).toEqual([conflict]);
    await wb.applyEdit({ op: "delete", kind: "role", key: "viewer" });
    await wb.undo();
    expect(calls.filter((c) => c.startsWith("findings"))).toHaveLength(3);
    await wb.setFindingsAt("2027-01-01");
    expect(state().findingsAt).toBe("2027-01-01");
    expect(state().findings).toEqual([]);
    await wb.redo();
    expect(calls.at(-1)).toBe("findings:2027-01-01");
  });

  it("keeps working when the findings cannot be computed, and says why in the panel", async () => {
    const { wb, state } = setup({
      findings: async () => {
        throw "command findings not found";
      },
    });
    await wb.start();
    expect(state().summary).not.toBeNull();
    expect(state().error).toBeNull();
    expect(state().findings).toBeNull();
    expect(state().findingsError?.message).toBe("command findings not found");
  });

  it("tells the caller whether an edit was accepted", async () => {
    const refused = setup({
      applyEdit: async () => {
        throw err("invalid_edit");
      },
    });
    await refused.wb.start();
    expect(await refused.wb.applyEdit({ op: "delete", kind: "role", key: "viewer" })).toBe(false);
    expect(refused.state().error?.code).toBe("invalid_edit");
    const accepted = setup();
    await accepted.wb.start();
    expect(await accepted.wb.applyEdit({ op: "delete", kind: "role", key: "viewer" })).toBe(true);
  });

  it("after an edit takes only the lists that changed, and the whole model when the backend sends it", async () => {
    const people = [{ id: "ana", name: "Ana" }];
    const held = { ...model, people, roles: [{ id: "maker" }] } as unknown as Model;
    const roles = [{ id: "maker" }, { id: "checker" }];
    const answers = [
      { revision: 7, full: true, model: held },
      { revision: 8, full: false, model: { meta: model.meta, roles } },
      { revision: 9, full: true, model },
    ];
    const asked: (number | null)[] = [];
    const { wb, state } = setup({
      modelDelta: async (since) => (asked.push(since), answers.shift()! as Awaited<ReturnType<Backend["modelDelta"]>>),
    });
    await wb.start();
    expect(state().model).toBe(held);
    await wb.applyEdit({ op: "delete", kind: "role", key: "viewer" });
    expect(state().model?.roles).toBe(roles);
    expect(state().model?.people, "a list the edit did not touch is the one held").toBe(people);
    await wb.undo();
    expect(state().model).toBe(model);
    expect(asked).toEqual([null, 7, 8]);
  });

  it("takes the Summary of an applied import like an edit: model, findings and title reloaded", async () => {
    const { wb, calls, titles, state } = setup();
    await wb.start();
    calls.length = 0;
    await wb.imported(summary({ dirty: true, can_undo: true, undo_label: "import raci.xlsx" }));
    expect(calls).toEqual(["model_delta:101", "findings:today"]);
    expect(state().summary?.undo_label).toBe("import raci.xlsx");
    expect(state().busy).toBe(false);
    expect(titles.at(-1)).toBe("Gatehouse — Untitled (demo) •");
  });

  describe("autosave", () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it("saves once, delay_ms after the last of several edits, when the model has a file", async () => {
      const saved = summary({ path: "/m/acme.gatehouse", dirty: true, can_undo: true });
      const { wb, calls, titles } = setup({ undo: async () => saved, redo: async () => saved });
      await wb.start();
      await wb.undo();
      await vi.advanceTimersByTimeAsync(1000);
      await wb.redo();
      await vi.advanceTimersByTimeAsync(1000);
      expect(calls.filter((c) => c === "autosave")).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(600);
      expect(calls.filter((c) => c === "autosave")).toHaveLength(1);
      expect(titles.at(-1)).toBe("Gatehouse — acme.gatehouse");
    });

    it("autosaves after an applied import, like after an edit", async () => {
      const { wb, calls } = setup();
      await wb.start();
      await wb.imported(summary({ path: "/m/acme.gatehouse", dirty: true, can_undo: true }));
      await vi.advanceTimersByTimeAsync(1600);
      expect(calls).toContain("autosave");
    });

    it("does not autosave a model that has no file", async () => {
      const { wb, calls } = setup();
      await wb.start();
      await wb.applyEdit({ op: "delete", kind: "role", key: "viewer" });
      await vi.advanceTimersByTimeAsync(10_000);
      expect(calls).not.toContain("autosave");
    });
  });
});
