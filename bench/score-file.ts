/**
 * `plaudit score` on a big file with advantages: generates `gui-g2` rollouts (groups of 8) in the
 * OS temporary directory — never committed — and runs the built CLI under `/usr/bin/time -v` in
 * each memory mode, reporting wall time, throughput and peak RSS, and checking that the outputs
 * are byte-identical (sha256):
 * - `spill` on a file whose groups are interleaved (each group's 8 lines spread over 512 lines);
 * - `contiguous` (`--groups contiguous`) on the same rollouts written group by group (its output
 *   holds the same lines in another order: compared by an order-independent digest);
 * - `memory` (`--spill never`, the whole file held) on the interleaved file, as the reference
 *   (byte-identical to `spill`), skipped above 2 M rollouts unless `PLAUDIT_BENCH_WHOLE=1`
 *   (it needs several hundred bytes of heap per line).
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
import { readLineBatches } from "../src/cli/lines.js";
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

/**
 * An order-independent digest of a file's lines (sums of per-line SHA-1 words): equal for two
 * outputs holding the same result lines in different orders.
 */
async function lineMultisetDigest(path: string): Promise<string> {
  const sums = new Uint32Array(5);
  let lines = 0;
  for await (const batch of readLineBatches(createReadStream(path))) {
    for (const line of batch) {
      const digest = createHash("sha1").update(line).digest();
      for (let w = 0; w < 5; w++) sums[w] = (sums[w]! + digest.readUInt32BE(w * 4)) >>> 0;
      lines++;
    }
  }
  return `${lines}:${Array.from(sums, (v) => v.toString(16)).join("")}`;
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
      ["spill (interleaved groups)", ["-r", "gui-g2", "-i", interleaved, "--spill", "always"], "spill", []],
      [
        "--groups contiguous (same rollouts, grouped)",
        ["-r", "gui-g2", "-i", contiguous, "--groups", "contiguous"],
        "contiguous",
        [],
      ],
    ];
    if (whole)
      runs.push([
        "whole file in memory (--spill never)",
        ["-r", "gui-g2", "-i", interleaved, "--spill", "never"],
        "memory",
        ["--max-old-space-size=16384"],
      ]);
    const rows: BenchRow[] = [];
    const digests = new Map<string, { sha: string; lines: string }>();
    for (const [name, args, key, flags] of runs) {
      const out = join(dir, `${key}.out.jsonl`);
      const m = measure(args, out, flags);
      digests.set(key, { sha: await sha256(out), lines: await lineMultisetDigest(out) });
      rmSync(out);
      rows.push({
        name: `score ${count} gui-g2 rollouts (${mb.toFixed(0)} MB): ${name}`,
        samples: count,
        samplesPerSec: count / m.seconds,
        note: `${m.seconds.toFixed(1)} s, peak RSS ${m.peakRssMb.toFixed(0)} MB`,
      });
    }
    const spill = digests.get("spill")!;
    const memory = digests.get("memory");
    rows.push({
      name: "outputs: spill = whole file (bytes); contiguous = spill (same lines, other order)",
      samples: count,
      samplesPerSec: 0,
      note: `${memory ? String(memory.sha === spill.sha) : "whole not run"}; ${String(digests.get("contiguous")!.lines === spill.lines)}`,
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
