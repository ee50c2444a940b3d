/**
 * Regenerates the README's generated tables (presets; reward, combine and advantage types) from
 * the registries, between `<!-- name:start -->` and `<!-- name:end -->` markers.
 * Run: `npx tsx scripts/readme-tables.ts`.
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { defaultAdvantages } from "../src/advantage/index.js";
import { defaultCombiners } from "../src/combine/index.js";
import { ISSUE_CODES, ISSUE_KINDS } from "../src/core/index.js";
import { builtinPresets } from "../src/recipe/index.js";
import { defaultRegistry } from "../src/rewards/index.js";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function presetTable(): string {
  const rows = [...builtinPresets]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => `| \`${p.name}\` | ${(p.recipe.rewards ?? []).map((r) => `\`${r.name}\``).join(", ")} | ${cell(p.description)} | ${cell(p.source)} |`);
  return ["| preset | components | what it is | source |", "|---|---|---|---|", ...rows].join("\n");
}

function typeTable(rows: Array<{ type: string; description: string }>): string {
  return ["| type | what it computes |", "|---|---|", ...rows.map((r) => `| \`${r.type}\` | ${cell(r.description)} |`)].join("\n");
}

function issueTable(): string {
  const rows = Object.entries(ISSUE_CODES).map(
    ([code, meaning]) => `| \`${code}\` | ${ISSUE_KINDS[code as keyof typeof ISSUE_KINDS]} | ${cell(meaning)} |`,
  );
  return ["| code | kind | meaning |", "|---|---|---|", ...rows].join("\n");
}

const blocks: Record<string, string> = {
  "issue-codes": issueTable(),
  presets: presetTable(),
  "reward-types": typeTable(defaultRegistry().describe()),
  "combine-types": typeTable(defaultCombiners().describe()),
  "advantage-types": typeTable(defaultAdvantages().describe()),
};

const path = resolve(import.meta.dirname, "../README.md");
let readme = readFileSync(path, "utf8");
for (const [name, body] of Object.entries(blocks)) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a === -1 || b === -1) throw new Error(`README lacks the ${name} markers`);
  readme = `${readme.slice(0, a + start.length)}\n${body}\n${readme.slice(b)}`;
}
writeFileSync(path, readme);
console.log("README tables regenerated");
