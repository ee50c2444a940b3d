import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DiagnosticsBuilder, diagnosedRow, readPath } from "../src/eval/diagnose.js";
import { root } from "./eval-support.js";

const rollouts = [
  { group: "g1", completion: "x".repeat(100), reward: 1, gold: 2 },
  { group: "g1", completion: "x".repeat(100), reward: 1, gold: 1 },
  { group: "g1", completion: "x".repeat(100), reward: 1, gold: 0 },
  { group: "g2", completion: "", reward: 0, gold: 1 },
  { group: "g2", completion: "x".repeat(100), reward: 1, gold: 0 },
  { group: "g3", completion: "", reward: 0, gold: 0 },
  { group: "g3", completion: "x".repeat(50), reward: 0.5, gold: 1 },
  { group: "g3", completion: "x".repeat(100), reward: 1, gold: 2 },
  { group: "g4", completion: "lonely", reward: null, gold: 5 },
];

describe("plaudit diagnose", () => {
  it("collapsed groups, within-group variance, reward–length correlation, gold agreement (hand-computed)", () => {
    const builder = new DiagnosticsBuilder();
    for (const r of rollouts) {
      builder.add({
        reward: r.reward,
        group: r.group,
        length: r.completion.length,
        gold: r.gold,
        components: {
          a: r.reward === null ? null : r.reward / 2,
          b: r.reward === null ? null : r.reward / 2,
        },
        issues: r.reward === null ? [{ code: "no_answer_tag" }] : [],
      });
    }
    const d = builder.finish();
    expect(d.rows).toBe(9);
    expect(d.null_rewards).toBe(1);
    expect(d.groups!.count).toBe(3);
    expect(d.groups!.collapsed).toBe(1);
    expect(d.groups!.collapsed_share).toBeCloseTo(1 / 3, 12);
    expect(d.groups!.mean_variance).toBeCloseTo((0 + 0.25 + 1 / 6) / 3, 12);
    // length = 100 · reward exactly.
    expect(d.reward_length!.pearson).toBeCloseTo(1, 12);
    expect(d.reward_length!.spearman).toBeCloseTo(1, 12);
    // g2 disagrees (reward 0 < 1, gold 1 > 0); g3's three pairs agree; g1 has only reward ties.
    expect(d.gold!.group_pair_agreement).toBe(0.75);
    expect(d.gold!.n).toBe(8);
    expect(d.gold!.bins).toHaveLength(8);
    expect(d.components.a).toMatchObject({ null_share: 1 / 9 });
    expect(d.components.a!.corr_with_reward).toBeCloseTo(1, 12);
    expect(d.issues).toEqual({ no_answer_tag: 1 });
  });

  it("reads scored lines: tokens over characters, dotted gold path, numeric groups", () => {
    expect(
      diagnosedRow(
        { reward: 1, group: 3, completion: "abc", meta: { completion_tokens: 7, gold: 0.5 } },
        "meta.gold",
      ),
    ).toMatchObject({
      reward: 1,
      group: "3",
      length: 7,
      gold: 0.5,
    });
    expect(readPath({ a: { b: 1 } }, "a.c")).toBeUndefined();
  });

  it("CLI: joins `plaudit score` results to the rollouts line by line", () => {
    const dir = mkdtempSync(join(tmpdir(), "plaudit-diag-"));
    const samples = rollouts.map(({ group, completion, gold }) =>
      JSON.stringify({ group, completion, meta: { gold } }),
    );
    const results = rollouts.map(({ reward }) =>
      JSON.stringify({ reward, components: { r: reward }, issues: [] }),
    );
    writeFileSync(join(dir, "rollouts.jsonl"), `${samples.join("\n")}\n`);
    writeFileSync(join(dir, "scored.jsonl"), `${results.join("\n")}\n`);
    const out = spawnSync(
      process.execPath,
      [
        join(root, "dist/cli/main.js"),
        "diagnose",
        join(dir, "scored.jsonl"),
        "--samples",
        join(dir, "rollouts.jsonl"),
        "--gold",
        "meta.gold",
        "--out",
        join(dir, "d.json"),
        "--report",
        join(dir, "d.html"),
      ],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(out.status).toBe(0);
    const d = JSON.parse(readFileSync(join(dir, "d.json"), "utf8"));
    expect(d.groups.collapsed).toBe(1);
    expect(d.gold.group_pair_agreement).toBe(0.75);
    expect(readFileSync(join(dir, "d.html"), "utf8")).toContain('data-chart="gold-bins"');
  });
});
