/**
 * Vite build of the inspector and annotation UI into dist/ui (served by `plaudit inspect`,
 * `plaudit annotate` and `plaudit serve --ui`; relative URLs so it works under any prefix).
 * @module
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("../dist/ui", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
});
