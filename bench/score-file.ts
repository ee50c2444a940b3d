/**
 * `plaudit score` on a big file with advantages: generates `gui-g2` rollouts (groups of 8) in the
 * OS temporary directory — never committed — and runs the built CLI under `/usr/bin/time -v` in
 * each memory mode, reporting wall time, throughput and peak RSS, and checking that the outputs
 * are byte-identical (sha256):
 * - `spill` on a file whose groups are interleaved (each group's 8 lines spread over 512 lines);
 * - `contiguous` (`--groups contiguous`) on the same rollouts written group by group;
 * - `memory` (`--spill never`, the whole file held) on the interleaved file, as the reference,
 *   skipped above 2 M rollouts unless `PLAUDIT_BENCH_WHOLE=1` (it needs ~400 B of heap per line).
 *
 * `npm run bench -- score-file` (1 M rollouts, ~170 MB); `PLAUDIT_BENCH_ROLLOUTS=12400000` for the
 * ~2 GB file of issue 10. `npx tsx bench/score-file.ts generate FILE N [contiguous]` only writes a file.
 * @module
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { seededRandom } from "../src/core/random.js";
import type { BenchRow } from "./harness.js";

const GROUP = 8;
/** Groups whose lines are dealt round-robin in the interleaved layout. */
const WINDOW = 64;

function rolloutLine(rnd: () => number, group: number, k: number, ref: number[]): string {
  const jitter = () => Math.round((rnd() - 0.5) * 60);
  const completion =
    rnd() < 0.1
      ? "I would click the settings icon."
      : `[${ref.map((v) => Math.max(0, v + jitter())).join(",")}]`;
  return `${JSON.stringify({
    id: `r${group * GROUP + k}`,
    group: `p${group}`,
    prompt: "Click the Save button.",
    completion,
    reference: ref,
    image: { width: 1920, height: 1080 },
  })}\n`;
}

/**
 * Writes `count` gui-g2 rollouts to `path`: groups contiguous, or dealt round-robin over windows
 * of 64 groups. The same seed gives the same rollouts in both layouts.
 * @example
 * await generateRollouts("/tmp/rollouts.jsonl", 1_000_000, "interleaved");
 */
export async function generateRollouts(
  path: string,
  count: number,
  layout: "interleaved" | "contiguous",
): Promise<void> {
  const out = createWriteStream(path);
  const groups = Math.ceil(count / GROUP);
  let chunk = "";
  const emit = async (line: string) => {
    chunk += line;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  };
  for (let first = 0; first < groups; first += WINDOW) {
    const window: Array<{ group: number; lines: string[] }> = [];
    for (let group = first; group < Math.min(groups, first + WINDOW); group++) {
      // One generator per group, so both layouts hold identical rollouts.
      const rnd = seededRandom(group + 1);
      const x = Math.round(rnd() * 1700);
      const y = Math.round(rnd() * 950);
      const ref = [x, y, x + 20 + Math.round(rnd() * 200), y + 10 + Math.round(rnd() * 120)];
      const size = Math.min(GROUP, count - group * GROUP);
      window.push({ group, lines: Array.from({ length: size }, (_, k) => rolloutLine(rnd, group, k, ref)) });
    }
    if (layout === "contiguous") for (const g of window) for (const line of g.lines) await emit(line);
    else for (let k = 0; k < GROUP; k++) for (const g of window) if (g.lines[k]) await emit(g.lines[k]!);
  }
  out.end(chunk);
  await once(out, "finish");
}

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

interface Measured {
  seconds: number;
  peakRssMb: number;
}

function measure(args: string[], out: string, nodeFlags: string[] = []): Measured {
  const cli = resolve(import.meta.dirname, "../dist/cli/main.js");
  const run = spawnSync(
    "/usr/bin/time",
    ["-v", process.execPath, ...nodeFlags, cli, "score", "-q", ...args, "-o", out],
    {
      encoding: "utf8",
    },
  );
  if (run.status !== 0)
    throw new Error(`plaudit score ${args.join(" ")} failed (${run.status}): ${run.stderr}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(run.stderr);
  if (!rss || !wall) throw new Error(`no /usr/bin/time figures in: ${run.stderr}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { seconds, peakRssMb: Number(rss[1]) / 1024 };
}

/** The bench module: see the module comment. */
export async function benchScoreFile(): Promise<BenchRow[]> {
  if (!existsSync("/usr/bin/time")) return [];
  const count = Number(process.env.PLAUDIT_BENCH_ROLLOUTS ?? 1_000_000);
  const whole = process.env.PLAUDIT_BENCH_WHOLE === "1" || count <= 2_000_000;
  const dir = mkdtempSync(join(process.env.PLAUDIT_BENCH_DIR ?? tmpdir(), "plaudit-bench-score-"));
  try {
    const interleaved = join(dir, "interleaved.jsonl");
    const contiguous = join(dir, "contiguous.jsonl");
    await generateRollouts(interleaved, count, "interleaved");
    await generateRollouts(contiguous, count, "contiguous");
    const mb = statSync(interleaved).size / 2 ** 20;
    const runs: Array<[string, string[], string, string[]]> = [
      ["spill (interleaved groups)", ["-r", "gui-g2", "-i", interleaved], "spill", []],
      ["--groups contiguous", ["-r", "gui-g2", "-i", contiguous, "--groups", "contiguous"], "contiguous", []],
    ];
    if (whole)
      runs.push([
        "whole file in memory (--spill never)",
        ["-r", "gui-g2", "-i", interleaved, "--spill", "never"],
        "memory",
        ["--max-old-space-size=16384"],
      ]);
    const rows: BenchRow[] = [];
    const shas = new Map<string, string>();
    for (const [name, args, key, flags] of runs) {
      const out = join(dir, `${key}.out.jsonl`);
      const m = measure(args, out, flags);
      shas.set(key, await sha256(out));
      if (key === "contiguous") {
        // Same rollouts, other order: compare against a spilled run of the contiguous file.
        const check = join(dir, "contiguous-spill.out.jsonl");
        measure(["-r", "gui-g2", "-i", contiguous, "--spill", "always"], check);
        shas.set("contiguous-spill", await sha256(check));
        rmSync(check);
      }
      rmSync(out);
      rows.push({
        name: `score ${count} gui-g2 rollouts (${mb.toFixed(0)} MB): ${name}`,
        samples: count,
        samplesPerSec: count / m.seconds,
        note: `${m.seconds.toFixed(1)} s, peak RSS ${m.peakRssMb.toFixed(0)} MB`,
      });
    }
    const same = (a: string, b: string) =>
      shas.has(a) && shas.has(b) ? String(shas.get(a) === shas.get(b)) : "n/a";
    rows.push({
      name: "outputs identical: spill = whole; contiguous = spill of the contiguous file",
      samples: count,
      samplesPerSec: 0,
      note: `${same("spill", "memory")}; ${same("contiguous", "contiguous-spill")}`,
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (
  process.argv[1] &&
  resolve(process.argv[1]) === resolve(import.meta.filename) &&
  process.argv[2] === "generate"
) {
  const [, , , path, n, layout] = process.argv;
  await generateRollouts(path!, Number(n), layout === "contiguous" ? "contiguous" : "interleaved");
}
