/**
 * Regenerates `docs/presets/NAME.md` for every built-in preset (slashes in names become dashes)
 * and the index `docs/presets/README.md`, from the same data `plaudit presets show` prints.
 * Run: `npx tsx scripts/preset-docs.ts`. `test/preset-docs.test.ts` keeps the files current.
 * @module
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { presetDocPages } from "./preset-doc-pages.js";

const dir = resolve(import.meta.dirname, "../docs/presets");
mkdirSync(dir, { recursive: true });
const pages = presetDocPages();
for (const file of readdirSync(dir)) if (file.endsWith(".md") && !(file in pages)) rmSync(join(dir, file));
for (const [file, text] of Object.entries(pages)) writeFileSync(join(dir, file), text);
console.log(`docs/presets: ${Object.keys(pages).length} files written`);
