import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Built into ui/dist, which Tauri embeds (src-tauri/tauri.conf.json: frontendDist).
// Everything is bundled: the CSP allows only 'self' scripts, no eval, no remote content.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    // One JS and one CSS file; no inline module preload polyfill script.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    // app.css is read as text by the contrast test (`?raw`), which needs CSS handled.
    css: true,
  },
});
