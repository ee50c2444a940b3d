/**
 * `npm run bench -- inspect`: the inspector on a generated million-row scored file: indexing,
 * and in headless Chromium the time to first paint of the table, to a scroll jump, to a filter
 * and to a sort (each until the new rows are in the DOM).
 * @module
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startInspector } from "../src/inspect/index.js";
import { hasChromium, launchChromium } from "../test/support/chromium.js";
import { type BenchRow, quantile } from "./harness.js";

const ROWS = Number(process.env.INSPECT_BENCH_ROWS ?? 1_000_000);
const CODES = ["no_box_found", "no_answer_tag", "invalid_box", "missing_image_size"];

async function writeScored(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < rows; i++) {
    const iou = Math.round(random() * 1000) / 1000;
    const format = random() < 0.9 ? 1 : 0;
    const issues = format ? [] : [{ reward: "iou", code: CODES[i % CODES.length], message: "generated" }];
    const line = JSON.stringify({
      id: `s-${i}`,
      group: `p-${Math.floor(i / 8)}`,
      reward: format + iou,
      components: { format, iou },
      advantage: Math.round((random() * 2 - 1) * 1e4) / 1e4,
      issues,
    });
    if (!out.write(`${line}\n`)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
}

export async function benchInspect(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), "plaudit-bench-inspect-"));
  const file = join(dir, "scored.jsonl");
  const rows: BenchRow[] = [];
  try {
    await writeScored(file, ROWS);
    const t0 = performance.now();
    const inspector = await startInspector({ file });
    const indexMs = performance.now() - t0;
    rows.push({
      name: `inspect index ${ROWS} rows (${(statSync(file).size / 1e6).toFixed(0)} MB)`,
      samples: ROWS,
      samplesPerSec: ROWS / (indexMs / 1000),
      p50Ms: indexMs,
      note: `heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`,
    });
    if (!hasChromium) return rows;
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const paints: number[] = [];
      for (let k = 0; k < 3; k++) {
        const t = performance.now();
        await page.goto(inspector.url);
        await page.waitForSelector(".tr[data-row='0']", { timeout: 120_000 });
        paints.push(performance.now() - t);
      }
      rows.push({
        name: "inspect first paint (load → rows shown)",
        samples: 3,
        samplesPerSec: 0,
        p50Ms: quantile(paints, 0.5),
        p99Ms: Math.max(...paints),
      });

      const scrolls: number[] = [];
      for (let k = 1; k <= 20; k++) {
        const target = Math.floor((k * 0.0487 * ROWS) % ROWS);
        const t = performance.now();
        await page.evaluate(`document.querySelector(".tbody").scrollTop = ${target * 24}`);
        await page.waitForSelector(`.tr[data-row='${target}']`, { timeout: 60_000 });
        scrolls.push(performance.now() - t);
      }
      rows.push({
        name: "inspect scroll jump (→ rows shown)",
        samples: 20,
        samplesPerSec: 0,
        p50Ms: quantile(scrolls, 0.5),
        p99Ms: quantile(scrolls, 0.99),
      });

      const filters: number[] = [];
      for (const min of ["0.5", "0.9", "0.25", "0.75", ""]) {
        const t = performance.now();
        await page.fill("input[name='min.components.iou']", min);
        await page.locator("input[name='min.components.iou']").dispatchEvent("change");
        // The first row's iou (7th cell) meets the bound once the new rows are shown.
        await page.waitForFunction(
          `(() => {
            const first = document.querySelector(".tr[data-row] .num:nth-of-type(7)");
            const out = document.querySelector("output[name='matching']")?.textContent ?? "";
            return out.endsWith("matching") && first !== null && (${JSON.stringify(min)} === "" || Number(first.textContent) >= Number(${JSON.stringify(min)}));
          })()`,
          undefined,
          { timeout: 120_000 },
        );
        filters.push(performance.now() - t);
      }
      rows.push({
        name: "inspect filter iou ≥ x (→ stats + rows)",
        samples: 5,
        samplesPerSec: 0,
        p50Ms: quantile(filters, 0.5),
        p99Ms: Math.max(...filters),
      });

      const sorts: number[] = [];
      for (let k = 0; k < 3; k++) {
        const t = performance.now();
        await page.click(".thead button:has-text('reward')");
        await page.waitForFunction(`/reward [▲▼]/.test(document.querySelector(".thead")?.textContent ?? "")`);
        await page.waitForSelector(".tr[data-row]");
        sorts.push(performance.now() - t);
      }
      rows.push({
        name: "inspect sort by reward (first: builds the order)",
        samples: 3,
        samplesPerSec: 0,
        p50Ms: quantile(sorts, 0.5),
        p99Ms: Math.max(...sorts),
        note: `first ${sorts[0]!.toFixed(0)} ms`,
      });
    } finally {
      await browser.close();
      await inspector.close();
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
