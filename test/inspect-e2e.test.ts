/**
 * The inspector end to end in Debian's headless Chromium: the table, a filter, the detail view
 * with escaped untrusted text, and a pixel check that the boxes are drawn where the reward saw them.
 * The screenshot is kept as docs/inspect.png for the README.
 */
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningInspector, startInspector } from "../src/inspect/index.js";
import { hasChromium, launchChromium } from "./support/chromium.js";
import { writeGroundingFixture } from "./support/inspect-fixtures.js";
import { decodePng } from "./support/png.js";

const uiBuilt = existsSync("dist/ui/index.html");
if (process.env.CI && !hasChromium) throw new Error("/usr/bin/chromium is missing (.ci/run installs it)");

describe.skipIf(!hasChromium || !uiBuilt)("plaudit inspect in Chromium", () => {
  let fixture: Awaited<ReturnType<typeof writeGroundingFixture>>;
  let inspector: RunningInspector;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    fixture = await writeGroundingFixture();
    inspector = await startInspector({
      file: fixture.scoredPath,
      samples: fixture.samplesPath,
      recipe: "examples/grounding/recipe.yaml",
      images: [fixture.images],
    });
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await inspector?.close();
  });

  it("shows the table, filters by a component range, and draws the boxes where the reward saw them", async () => {
    const page = await browser.context.newPage();
    const foreign: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(inspector.url) && !r.url().startsWith("data:")) foreign.push(r.url());
    });
    await page.goto(inspector.url, { timeout: 30_000 });
    await page.waitForSelector(".tr[data-row='4']", { timeout: 30_000 });
    expect(await page.locator(".tr[data-row]").count()).toBe(5);
    expect(await page.locator(".stat[data-column='components.iou'] figcaption").textContent()).toContain(
      "1 null",
    );

    await page.fill("input[name='min.components.iou']", "0.5");
    await page.locator("input[name='min.components.iou']").dispatchEvent("change");
    await page.locator("output[name='matching']", { hasText: /^2 matching$/ }).waitFor();
    await page.locator(".tr[data-row='2']").waitFor({ state: "detached" });
    expect(await page.locator(".tr[data-row]").count()).toBe(2);
    await page.click("button:has-text('reset')");
    await page.locator(".tr[data-row='4']").waitFor();

    // Row "half": predicted [20,10,40,40] in input pixels = [40,20,80,80] in the 400×200 image;
    // the reference [40,20,120,80] is in pixels. Displayed 640 px wide: ×1.6.
    await page.click(".tr[data-row='1']");
    await page.waitForSelector(".overlay-svg rect[data-role='pred']");
    await expect
      .poll(() =>
        page.locator(".overlay img").evaluate((img) => (img as unknown as { complete: boolean }).complete),
      )
      .toBe(true);
    const img = await page.locator(".overlay img").boundingBox();
    expect(img).not.toBeNull();
    expect(img!.width).toBe(640);
    const shot = decodePng(await page.screenshot({ timeout: 30_000 }));
    const at = (x: number, y: number) =>
      shot.pixel(Math.round(img!.x + x * 1.6), Math.round(img!.y + y * 1.6));
    if (process.env.INSPECT_DEBUG) {
      for (const [x, y] of [
        [80, 50],
        [60, 80],
        [120, 50],
        [100, 50],
        [200, 150],
      ] as const)
        console.log(x, y, at(x, y), img);
    }
    const isRed = ([r, g, b]: number[]) => r! > 200 && g! < 90 && b! < 90;
    const isGreen = ([r, g, b]: number[]) => g! > 150 && r! < 90 && b! < 90;
    const isWhite = (p: number[]) => p.every((c) => c > 240);
    expect(isRed(at(80, 50))).toBe(true); // the prediction's right edge
    expect(isRed(at(60, 80))).toBe(true); // its bottom edge
    expect(isGreen(at(120, 50))).toBe(true); // the reference's right edge
    expect(isWhite(at(100, 50))).toBe(true); // inside the reference, outside the prediction
    expect(isWhite(at(200, 150))).toBe(true); // far from both

    const completion = await page.locator("pre.completion").textContent();
    expect(completion).toContain("[20,10,40,40]");
    expect(await page.locator("pre.completion mark.answer").textContent()).toBe("[20,10,40,40]");
    expect(await page.locator(".group tr").count()).toBe(4); // header + hit, half, none
    await page.screenshot({ path: join(fixture.dir, "inspect.png"), timeout: 30_000 });
    copyFileSync(join(fixture.dir, "inspect.png"), "docs/inspect.png");
    expect(readFileSync("docs/inspect.png").subarray(1, 4).toString()).toBe("PNG");
    expect(foreign).toEqual([]);
  });

  it("escapes untrusted completions and shows a missing image size as a data error", async () => {
    const page = await browser.context.newPage();
    await page.goto(inspector.url, { timeout: 30_000 });
    await page.click(".tr[data-row='3']", { timeout: 30_000 });
    await page.waitForSelector("pre.completion");
    expect(await page.locator("pre.completion").textContent()).toContain(
      '<img src=x onerror="window.__pwned=1">',
    );
    expect(await page.locator("pre.completion img").count()).toBe(0);
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");

    await page.click(".tr[data-row='4']");
    await page.waitForSelector(".detail .badge.data");
    expect(await page.locator(".detail").textContent()).toContain("missing_image_size");
  });
});
