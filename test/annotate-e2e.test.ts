/**
 * The annotation service end to end in headless Chromium: two annotators annotate pairs with the
 * keyboard at the same time, the server restarts, every annotation is still there, and the
 * built CLI exports them.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { presentedOrder, type RunningAnnotate, startAnnotate } from "../src/annotate/index.js";
import { hasChromium, launchChromium } from "./support/chromium.js";

const built = existsSync("dist/ui/index.html") && existsSync("dist/cli/main.js");
const TASKS = Array.from({ length: 4 }, (_, i) => ({
  id: `p${i + 1}`,
  prompt: `Which caption fits image ${i + 1}?`,
  candidates: [`caption one of ${i + 1}`, `caption two of ${i + 1}`],
}));

async function annotateAll(page: Page, name: string, key: "a" | "b", url: string): Promise<string[]> {
  await page.goto(`${url}#/annotate`, { timeout: 30_000 });
  await page.fill("input[name='identity']", name);
  await page.keyboard.press("Enter");
  const seen: string[] = [];
  for (;;) {
    const task = page.locator("section.task");
    const done = page.locator("p.done");
    await page.locator("section.task, p.done").first().waitFor({ timeout: 30_000 });
    if (await done.isVisible()) return seen;
    const id = (await task.getAttribute("data-task"))!;
    seen.push(id);
    await page.keyboard.press(key);
    await page.locator(`button.chosen[data-verdict='${key.toUpperCase()}']`).waitFor();
    if (seen.length === 1) {
      await page.keyboard.press("r");
      await page.keyboard.type(`${name} thinks so`);
      await page.keyboard.press("Escape");
    }
    await page.keyboard.press("Enter");
    await page
      .locator(`section.task:not([data-task='${id}']), p.done`)
      .waitFor({ timeout: 30_000 })
      .catch(async (error) => {
        throw new Error(`${name} stuck after ${id}: ${await page.locator("main").textContent()}\n${error}`);
      });
  }
}

describe.skipIf(!hasChromium || !built)("plaudit annotate in Chromium", () => {
  let dir: string;
  let service: RunningAnnotate | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "plaudit-annotate-e2e-"));
    writeFileSync(join(dir, "tasks.jsonl"), TASKS.map((t) => JSON.stringify(t)).join("\n"));
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it("two annotators at once with the keyboard; a restart loses nothing; export works", async () => {
    const db = join(dir, "prefs.sqlite");
    service = await startAnnotate({ db, tasks: join(dir, "tasks.jsonl"), k: 2 });
    const [alice, bob] = [await browser.context.newPage(), await browser.context.newPage()];
    const [aliceSeen, bobSeen] = await Promise.all([
      annotateAll(alice, "alice", "a", service.url),
      annotateAll(bob, "bob", "b", service.url),
    ]);
    expect([...aliceSeen].sort()).toEqual(["p1", "p2", "p3", "p4"]);
    expect([...bobSeen].sort()).toEqual(["p1", "p2", "p3", "p4"]);
    expect(await alice.locator("header").textContent()).toContain(
      "alice: 4 done, 0 to go · 4/4 tasks complete",
    );

    await alice.keyboard.press("g");
    await alice.locator("section.agreement").waitFor();
    expect(await alice.locator("section.agreement").textContent()).toMatch(
      /Cohen's κ alice \/ bob: .* \(4 items\)/,
    );

    await service.close();
    service = await startAnnotate({ db, tasks: join(dir, "tasks.jsonl"), k: 2 });
    expect(service.imported).toMatchObject({ added: 0, unchanged: 4 });
    const stored = service.store.annotations();
    expect(stored).toHaveLength(8);
    for (const a of stored) {
      const order = presentedOrder(a.annotator, a.taskId, 1, 2);
      expect(a.presented).toEqual(order);
      // alice always pressed A (the first shown), bob B (the second shown).
      expect(a.answer).toEqual({ kind: "pairwise", verdict: a.annotator === "alice" ? order[0] : order[1] });
    }
    expect(
      stored
        .filter((a) => a.reason)
        .map((a) => a.reason)
        .sort(),
    ).toEqual(["alice thinks so", "bob thinks so"]);
    // The restarted service (a new port: a new origin, so sign in again) has alice's queue empty.
    expect(await annotateAll(alice, "alice", "a", service.url)).toEqual([]);
    await service.close();
    service = undefined;

    const exported = execFileSync(
      process.execPath,
      ["dist/cli/main.js", "annotate", "--db", db, "--export", "annotations", "--annotator", "bob"],
      {
        encoding: "utf8",
      },
    );
    const lines = exported
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines.every((l) => l.annotator === "bob" && l.kind === "pairwise")).toBe(true);
    const dpo = execFileSync(
      process.execPath,
      ["dist/cli/main.js", "annotate", "--db", db, "--export", "dpo"],
      { encoding: "utf8" },
    );
    // Each pair: alice's and bob's verdicts agree only where their shown orders differ.
    const expected = TASKS.filter(
      (t) => presentedOrder("alice", t.id, 1, 2)[0] === presentedOrder("bob", t.id, 1, 2)[1],
    );
    expect(dpo.trim() ? dpo.trim().split("\n").length : 0).toBe(expected.length);
  }, 180_000);
});
