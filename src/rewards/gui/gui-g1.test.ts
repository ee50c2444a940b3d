import { describe, expect, it } from "vitest";
import { createContext } from "../../core/context.js";
import type { Reward } from "../../core/index.js";
import { pythonLiteralEval } from "../../parse/python/index.js";
import { guiG1BoxReward, guiG1HitReward, guiG1IouReward } from "./gui-g1.js";
import { parseGuiG1Box } from "./gui-g1-parse.js";

const GT = [1207.68, 1024.92, 1351.68, 1080];
const IMAGE = { width: 1920, height: 1080 };
const fenced = (box: string) => `\`\`\`json\n[{"bbox_2d": ${box}, "label": "ok"}]\n\`\`\``;

function run(reward: Reward<unknown>, completion: string, extra: object = {}) {
  const { ctx, issues } = createContext();
  const value = reward.score!({ completion, reference: GT, image: IMAGE, ...extra }, ctx);
  return { value, codes: issues.map((i) => i.code) };
}

describe("GUI-G1 worked example (reward-formulas.md §3)", () => {
  it("GT [1207.68,1024.92,1351.68,1080], pred [1200,1020,1340,1085], 1920×1080 → iou 0.187004, hit 1, box 0.124398", () => {
    const completion = fenced("[1200, 1020, 1340, 1085]");
    expect(run(guiG1IouReward(), completion).value).toBeCloseTo(0.187004, 6);
    expect(run(guiG1HitReward(), completion).value).toBe(1);
    expect(run(guiG1BoxReward(), completion).value).toBeCloseTo(0.124398, 6);
    // Verified with the numpy oracle (fixtures/oracle.py): 0.18700439964371912 and 0.12439778418630985.
    expect(run(guiG1IouReward(), completion).value).toBe(0.18700439964371912);
    expect(run(guiG1BoxReward(), completion).value).toBe(0.12439778418630985);
  });
});

describe("GUI-G1 parsing as released", () => {
  it.each([
    ["no fence: the whole completion is evaluated", "[{'bbox_2d': [1200, 1020, 1340, 1085]}]", true],
    ["a tuple of dicts", "{'bbox_2d': [1200, 1020, 1340, 1085]}, {'bbox_2d': [0, 0, 1, 1]}", true],
    [
      "JSON null is not a Python literal",
      '```json\n[{"bbox_2d": [1200, 1020, 1340, 1085], "label": null}]\n```',
      false,
    ],
    ["a bare dict has no [0]", '```json\n{"bbox_2d": [1200, 1020, 1340, 1085]}\n```', false],
    [
      "fence line with a trailing space is not the fence",
      "```json \n[{'bbox_2d': [1200, 1020, 1340, 1085]}]\n```",
      false,
    ],
    ["truncated JSON", '```json\n[{"bbox_2d": [1200, 1020, 1340, 1085]', false],
    [
      "an indented closing fence leaves an indented blank last line",
      "```json\n[{'bbox_2d': [1200, 1020, 1340, 1085]}]\n  ```",
      false,
    ],
    ["extra coordinates are ignored", "```json\n[{'bbox_2d': [1200, 1020, 1340, 1085, 7]}]\n```", true],
    ["three coordinates", "```json\n[{'bbox_2d': [1200, 1020, 1340]}]\n```", false],
  ])("%s", (_name, completion, parses) => {
    expect(typeof parseGuiG1Box(completion) !== "string").toBe(parses);
    const { value, codes } = run(guiG1HitReward(), completion);
    expect(value).toBe(parses ? 1 : 0);
    expect(codes.length).toBe(parses ? 0 : 1);
  });

  it("reports why a parse failed", () => {
    expect(run(guiG1IouReward(), "no json").codes).toEqual(["no_box_found"]);
    expect(run(guiG1IouReward(), "[{'bbox_2d': [1,2,3,4]").codes).toEqual(["unparseable_answer"]);
    expect(run(guiG1IouReward(), "[{'box': [1,2,3,4]}]").codes).toEqual(["no_box_found"]);
    expect(run(guiG1IouReward(), "[{'bbox_2d': 'abcd'}]").codes).toEqual(["invalid_box"]);
    expect(run(guiG1IouReward(), fenced("[1,2,3,4]"), { reference: null })).toEqual({
      value: null,
      codes: ["reference_missing"],
    });
    expect(run(guiG1IouReward(), fenced("[1,2,3,4]"), { reference: "[1,2,3,4]" })).toEqual({
      value: 0,
      codes: ["reference_unparseable"],
    });
  });

  it("evaluates Python literal syntax exactly", () => {
    expect(
      pythonLiteralEval("[1_000, 0x10, 1e3, -(1), True, None, 'a' 'b', (1,), {1,}, set(), ...]"),
    ).toBeDefined();
    for (const bad of [
      "0123",
      "-(-1)",
      "1+-2j",
      "[1]\n  ",
      "1,\n2",
      "[,]",
      "(,)",
      "{[1]: 2}",
      "true",
      "\0[1]",
      "[1]\\\n",
    ]) {
      expect(pythonLiteralEval(bad), bad).toBeUndefined();
    }
    expect(pythonLiteralEval("[".repeat(200) + "]".repeat(200))).toBeDefined();
    expect(pythonLiteralEval("[".repeat(1_000_000))).toBeUndefined();
  });
});

describe("GUI-G1 box reward", () => {
  const far = fenced("[0, 0, 1919, 1079]");
  it("clamps closeness terms to [0, 1] by default, scores far boxes 0", () => {
    const farther = fenced("[-5000, 1020, 1340, 1085]");
    expect(run(guiG1BoxReward(), farther)).toEqual({ value: 0, codes: ["invalid_box"] });
    expect(run(guiG1BoxReward(), far).value).toBeGreaterThan(0);
    expect(run(guiG1BoxReward(), far).value).toBeLessThanOrEqual(0.125);
  });

  it("legacy: true keeps the released unbounded terms", () => {
    const value = run(guiG1BoxReward({ legacy: true }), fenced("[-5000, 1020, 1340, 1085]")).value!;
    expect(value).toBeCloseTo(
      0.5 / (1 / (1 - 6207.68 / 1920) + 1 / (1 - 11.68 / 1920) + 1 / (1 - 4.92 / 1080) + 1 / (1 - 5 / 1080)),
      12,
    );
    expect(run(guiG1BoxReward({ legacy: true }), fenced("[-712.32, 1020, 1340, 1085]"))).toEqual({
      value: 0,
      codes: ["legacy_error"],
    });
  });

  it("needs the image size", () => {
    expect(run(guiG1BoxReward(), far, { image: undefined })).toEqual({
      value: null,
      codes: ["missing_image_size"],
    });
  });

  it("rejects a bad config at factory time", () => {
    expect(() => guiG1BoxReward({ legacy: "yes" as never })).toThrow();
  });
});
