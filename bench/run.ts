/**
 * `npm run bench`: runs every benchmark module and prints one table (also written to
 * `bench-results/latest.json`). Not part of `npm test`.
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { type BenchRow, formatTable } from "./harness.js";

// [module file, exported function]: each returns BenchRow[] (or a promise of them).
const MODULES: Array<[string, string]> = [
  ["core.ts", "benchCore"],
  ["gui.ts", "benchGui"],
  ["grounding.ts", "benchGrounding"],
  ["answers.ts", "benchAnswers"],
  ["math.ts", "benchMath"],
  ["advantage.ts", "benchAdvantage"],
  ["fuzz.ts", "benchFuzz"],
  ["server.ts", "benchServer"],
  ["judges.ts", "benchJudges"],
  ["score-file.ts", "benchScoreFile"],
  ["vision.ts", "benchVision"],
  ["eval.ts", "benchEval"],
  ["inspect.ts", "benchInspect"],
];

const only = process.argv.slice(2);
const all: BenchRow[] = [];
console.log(`plaudit bench: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"})\n`);
for (const [file, fn] of MODULES) {
  if (only.length && !only.some((o) => file.startsWith(o))) continue;
  const path = resolve(import.meta.dirname, file);
  if (!existsSync(path)) continue;
  const mod = (await import(path)) as Record<string, () => BenchRow[] | Promise<BenchRow[]>>;
  const run = mod[fn];
  if (!run) continue;
  const started = performance.now();
  const rows = await run();
  all.push(...rows);
  console.log(`## ${file} (${((performance.now() - started) / 1000).toFixed(1)} s)\n${formatTable(rows)}\n`);
}
mkdirSync("bench-results", { recursive: true });
writeFileSync(
  "bench-results/latest.json",
  `${JSON.stringify({ node: process.version, date: new Date().toISOString(), rows: all }, null, 2)}\n`,
);
console.log("written: bench-results/latest.json");
