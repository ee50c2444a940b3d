/**
 * Tests of the grounding rewards: differential.
 * @module
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createContext, type Reward } from "../../core/index.js";
import { visionR1FormatValue, visionR1Precision, visionR1Recall } from "./vision-r1.js";
import { extractVisionR1 } from "./vision-r1-parse.js";
import { visualRftConfidence, visualRftIou } from "./visual-rft-detection.js";
import { visualRftClassification, visualRftLisa } from "./visual-rft-tasks.js";
import { vlmR1Ovd } from "./vlm-r1-ovd.js";
import { hasRecFormat, vlmR1RecIou } from "./vlm-r1-rec.js";

/**
 * Replays 1,250 fuzzed and near-valid completions whose values were computed by running the
 * released Python functions (see `fixtures/differential.json`), against fixed references.
 */
interface Case {
  completion: string;
  expected: Record<string, unknown>;
}
const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/differential.json", import.meta.url), "utf8"),
) as {
  cases: Case[];
};

const VRFT_GT =
  "<answer>[{'Position': [100, 100, 200, 200], 'Confidence': 1}, {'Position': [300, 300, 400, 400], 'Confidence': 1}]</answer>";
const OVD_GT =
  '```json\n[{"bbox_2d": [100,100,200,200], "label": "cat"}, {"bbox_2d": [300,300,400,400], "label": "dog"}]\n```';
const sizes = { image: { width: 1000, height: 720 }, input_image: { width: 700, height: 504 } };

function run(reward: Reward, sample: object): { value: unknown; codes: string[] } {
  const { ctx, issues } = createContext();
  const value = reward.score!({ completion: "", ...sample }, ctx);
  return { value, codes: issues.map((i) => i.code) };
}

/** plaudit's value in the fixture's encoding: a NaN the released code returns is 0 with `non_finite`. */
function encoded(result: { value: unknown; codes: string[] }, expected: unknown): unknown {
  if (expected === "nan" && result.value === 0 && result.codes.includes("non_finite")) return "nan";
  if (expected === "raise" && result.value === 0 && result.codes.includes("legacy_error")) return "raise";
  return result.value;
}

describe("differential: the released Python code, value for value (1,250 cases)", () => {
  const rewards = {
    vrft_iou: [visualRftIou(), VRFT_GT],
    vrft_conf: [visualRftConfidence(), VRFT_GT],
    cls: [visualRftClassification({ legacy: true }), "<answer>cat</answer>"],
    lisa: [visualRftLisa({ legacy: true }), "<answer>(100,100),(400,400)</answer>"],
    ovd: [vlmR1Ovd({ legacy: true }), OVD_GT],
  } as const;
  for (const [name, [reward, reference]] of Object.entries(rewards)) {
    it(`${name}${name === "cls" || name === "lisa" || name === "ovd" ? " (legacy: true)" : " (math_verify stubbed)"}`, () => {
      for (const c of fixture.cases) {
        const got = encoded(run(reward, { completion: c.completion, reference }), c.expected[name]);
        expect(got, c.completion.slice(0, 120)).toBe(c.expected[name]);
      }
    });
  }
  it("ovd default mode equals the released code wherever the released code does not crash", () => {
    const reward = vlmR1Ovd();
    for (const c of fixture.cases) {
      if (c.expected.ovd === "raise") continue;
      expect(run(reward, { completion: c.completion, reference: OVD_GT }).value).toBe(c.expected.ovd);
    }
  });
  it("rec IoU (input 700×504 → image 1000×720) and rec format", () => {
    const reward = vlmR1RecIou();
    for (const c of fixture.cases) {
      const got = run(reward, {
        completion: c.completion,
        reference: "<answer> [100,100,300,300] </answer>",
        ...sizes,
      });
      expect(got.value).toBe(c.expected.rec);
      expect(hasRecFormat(c.completion) ? 1 : 0).toBe(c.expected.rec_format);
    }
  });
  it("vision-r1 dual format and extract", () => {
    for (const c of fixture.cases) {
      const format = visionR1FormatValue(c.completion);
      expect(format === null ? "raise" : format).toBe(c.expected.dual);
      const extracted = extractVisionR1(c.completion);
      if (extracted === null) continue; // a huge int the released code keeps, then torch overflows
      expect(extracted.map((e) => ({ bbox: e.box, category_name: e.label }))).toEqual(c.expected.vr1_extract);
    }
  });
});

describe("differential: Vision-R1 precision and recall against a float32 numpy/scipy port (500 cases)", () => {
  interface VisionCase {
    completion: string;
    solution: string;
    step: number | null;
    map: string;
    num: number;
    expected: { p: number; r: number };
  }
  const vision = JSON.parse(
    readFileSync(new URL("./fixtures/vision-r1-differential.json", import.meta.url), "utf8"),
  ) as { cases: VisionCase[] };
  it("equal value for value, adaptive and non-adaptive", () => {
    const precision = visionR1Precision();
    const recall = visionR1Recall();
    for (const c of vision.cases) {
      const sample = {
        completion: c.completion,
        reference: c.solution,
        ...sizes,
        meta: { target_id_maps: c.map, num_instances: c.num, ...(c.step === null ? {} : { step: c.step }) },
      };
      const { ctx } = createContext();
      expect(precision.score!(sample, ctx)).toBe(c.expected.p);
      expect(recall.score!(sample, ctx)).toBe(c.expected.r);
    }
  });
});
