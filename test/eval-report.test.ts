/**
 * The HTML report: self-contained, and rendered by a real headless Chromium (Debian's
 * `chromium`, driven by playwright-core): a screenshot is taken and the DOM checked for the charts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DiagnosticsBuilder } from "../src/eval/diagnose.js";
import { reportHtml, writeDiagnosticsReport, writeReport } from "../src/eval/report/index.js";
import { runEval } from "../src/eval/run.js";
import { ListPredictions, writeVlRewardBenchParquet } from "./eval-support.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI)
  throw new Error(`${CHROMIUM} is missing (.ci/run installs Debian's chromium)`);

async function vlRun() {
  const dir = mkdtempSync(join(tmpdir(), "plaudit-report-"));
  const run = await runEval({
    data: writeVlRewardBenchParquet(dir),
    sources: [
      new ListPredictions([
        [0.9, 0.2],
        [0.3, 0.6],
        [0.8, 0.1],
        [0.4, 0.7],
        [0.35, 0.6],
        [0.5, 0.52],
        [0.7, 0.2],
      ]),
    ],
    bootstrap: { resamples: 200 },
  });
  return { dir, run };
}

describe("eval report", () => {
  it("is one self-contained file: inline SVG charts, inlined images, no network references", async () => {
    const { run } = await vlRun();
    const html = await reportHtml(run);
    for (const chart of [
      "headline",
      "by-category",
      "margins",
      "margin-toward-preferred",
      "calibration",
      "length-bias",
    ]) {
      expect(html).toMatch(new RegExp(`<figure data-chart="${chart}"><svg`));
    }
    expect(html).toContain('src="data:image/png;base64,');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).not.toMatch(/<script/);
    expect(html).toContain("wildvision_2");
  });

  it.skipIf(!hasChromium)(
    "renders in headless Chromium: screenshot taken, charts and thumbnails in the DOM, no request leaves the page",
    async () => {
      const { dir, run } = await vlRun();
      const reportPath = join(dir, "report.html");
      await writeReport(reportPath, run);
      const profile = mkdtempSync(join(tmpdir(), "plaudit-chromium-"));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        timeout: 60_000,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
        ],
      });
      try {
        const page = await context.newPage();
        const requests: string[] = [];
        page.on("request", (request) => requests.push(request.url()));
        await page.goto(`file://${reportPath}`, { timeout: 30_000 });
        const screenshot = join(dir, "report.png");
        await page.screenshot({ path: screenshot, fullPage: true, timeout: 30_000 });
        expect(statSync(screenshot).size).toBeGreaterThan(10_000);
        expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe("PNG");
        const charts = await page.$$eval("figure[data-chart]", (figures) =>
          figures.map((f) => ({
            name: f.getAttribute("data-chart"),
            width: f.querySelector("svg")?.getBoundingClientRect().width ?? 0,
            marks: f.querySelectorAll(
              "svg .mark-rect path, svg .mark-rect rect, svg .mark-line path, svg .mark-symbol path",
            ).length,
          })),
        );
        expect(charts.map((c) => c.name)).toEqual([
          "headline",
          "by-category",
          "margins",
          "margin-toward-preferred",
          "calibration",
          "length-bias",
        ]);
        for (const chart of charts) {
          expect(chart.width).toBeGreaterThan(100);
          expect(chart.marks).toBeGreaterThan(0);
        }
        // Three categories → three bars.
        expect(charts.find((c) => c.name === "by-category")!.marks).toBe(3);
        const thumbs = await page.$$eval("img.thumb", (imgs) =>
          imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth),
        );
        expect(thumbs).toContain(2);
        expect(await page.locator("#worst tbody tr").count()).toBe(7);
        expect(requests.filter((url) => !url.startsWith("file://") && !url.startsWith("data:"))).toEqual([]);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    },
    90_000,
  );

  it("diagnostics report has the group-variance and gold-bin charts", async () => {
    const builder = new DiagnosticsBuilder();
    for (let g = 0; g < 5; g++) {
      for (let k = 0; k < 4; k++)
        builder.add({ reward: g === 0 ? 1 : k / 4, group: `g${g}`, length: 10 * k, gold: k });
    }
    const path = join(mkdtempSync(join(tmpdir(), "plaudit-report-")), "diag.html");
    await writeDiagnosticsReport(path, builder.finish());
    const html = readFileSync(path, "utf8");
    expect(html).toMatch(/<figure data-chart="group-variance"><svg/);
    expect(html).toMatch(/<figure data-chart="gold-bins"><svg/);
  });
});
