import { beforeEach, describe, expect, it, vi } from "vitest";
import { COMMANDS } from "./commands";

// The Tauri API records the command each call names, instead of crossing to a backend.
const invoked: string[] = [];
vi.mock("@tauri-apps/api/core", () => ({
  invoke: (command: string) => {
    invoked.push(command);
    return Promise.resolve(null);
  },
  Channel: class {
    onmessage: (() => void) | null = null;
  },
}));

const { tauriAudit, tauriBackend, tauriChanges, tauriDashboard, tauriDrift, tauriExceptions, tauriExport, tauriIdentity, tauriImport, tauriReviews, tauriShare, tauriSimulation, tauriVersions } = await import("./backend");

/** Calls every method of `commands` with placeholder arguments. */
async function callAll(commands: object) {
  for (const call of Object.values(commands) as ((...args: unknown[]) => Promise<unknown>)[]) {
    await call("x", () => {}, 0);
  }
}

// Every front-end source file but the tests, as text.
const sources = import.meta.glob<string>(["../**/*.ts", "../**/*.svelte", "!../**/*.test.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});

describe("the desktop commands", () => {
  beforeEach(() => {
    invoked.length = 0;
  });
  it("are each called by one of the front end's backends, and no other is", async () => {
    await callAll(tauriBackend);
    await callAll(tauriIdentity);
    await callAll(tauriImport);
    await callAll(tauriShare);
    await callAll(tauriSimulation);
    await callAll(tauriExceptions);
    await callAll(tauriChanges);
    await callAll(tauriReviews);
    await callAll(tauriAudit);
    await callAll(tauriVersions);
    await callAll(tauriExport);
    await callAll(tauriDrift);
    await callAll(tauriDashboard);
    // A command the backend handles but nothing calls is dead, or a call is missing.
    expect([...new Set(invoked)].sort()).toEqual([...COMMANDS].sort());
  });
  it("are called only from backend.ts, where the compiler checks their names", () => {
    expect(Object.keys(sources)).toEqual(expect.arrayContaining(["./backend.ts", "../App.svelte", "../components/ImportPage.svelte"]));
    const callers = Object.entries(sources)
      .filter(([, text]) => text.includes("@tauri-apps/api/core"))
      .map(([path]) => path);
    expect(callers).toEqual(["./backend.ts"]);
  });
});
