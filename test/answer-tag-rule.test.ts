/**
 * One rule for a missing `<answer>` tag: every configurable reward that reads its answer from a
 * tag has `requireTag` (default false: read the whole completion; true: 0 with `no_answer_tag`),
 * and rewards reproducing released code keep that code's behaviour, as their presets do.
 * @module
 */
import { describe, expect, it } from "vitest";
import type { RewardFactory, Sample } from "../src/core/index.js";
import { buildScorer } from "../src/recipe/index.js";
import { defaultRegistry } from "../src/rewards/index.js";
import { scoreOne } from "./support/score-one.js";

const registry = defaultRegistry();
const box = [10, 20, 110, 220];
const image = { width: 1000, height: 720 };

/** Per reward type: the answer text and the rest of a sample it scores as fully right. */
const CASES: Record<string, { answer: string; sample: Omit<Sample, "completion"> }> = {
  "answer.exact": { answer: "Paris", sample: { reference: "Paris" } },
  "number.match": { answer: "42", sample: { reference: 42 } },
  "number.relaxed": { answer: "42", sample: { reference: "42" } },
  "text.similarity": { answer: "the cat sat", sample: { reference: "the cat sat" } },
  "grounding.iou": { answer: JSON.stringify(box), sample: { reference: box } },
  "grounding.giou": { answer: JSON.stringify(box), sample: { reference: box } },
  "grounding.box-size": { answer: JSON.stringify(box), sample: { reference: box, image } },
  "grounding.dip-r1-precision-recall": { answer: JSON.stringify(box), sample: { reference: [box] } },
  "grounding.grip-salience-iou": {
    answer: JSON.stringify(box),
    sample: { reference: [{ bbox_2d: box, salience: 1 }] },
  },
  "gui.click-hit": { answer: "(60, 120)", sample: { reference: box } },
  "gui.sweet-spot": { answer: "(60, 120)", sample: { reference: box } },
};

const withRequireTag = registry
  .types()
  .filter(
    (type) =>
      "requireTag" in ((registry.get(type) as RewardFactory).schema as unknown as { shape: object }).shape,
  );

describe("requireTag", () => {
  it("every reward type with the option has a case here", () => {
    expect(withRequireTag.sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(Object.entries(CASES))(
    "%s: whole completion by default, 0 with no_answer_tag when required",
    (type, c) => {
      const factory = registry.get(type) as RewardFactory;
      const tagged = scoreOne(factory({}), { ...c.sample, completion: `<answer>${c.answer}</answer>` });
      expect(tagged.value).toBe(1);
      const bare = { ...c.sample, completion: c.answer };
      expect(scoreOne(factory({}), bare).value).toBe(1);
      const required = scoreOne(factory({ requireTag: true }), bare);
      expect(required.value).toBe(0);
      expect(required.issues.map((i) => i.code)).toContain("no_answer_tag");
      // With the tag present, requiring it changes nothing.
      expect(
        scoreOne(factory({ requireTag: true }), { ...c.sample, completion: `<answer>${c.answer}</answer>` })
          .value,
      ).toBe(1);
    },
  );
});

describe("the IoU rewards agree once configured alike", () => {
  const sample = {
    completion: "<think>x</think> [100, 50, 300, 250]",
    reference: [100, 50, 300, 250],
    image: { width: 1000, height: 720 },
    input_image: { width: 1000, height: 720 },
  };
  it("grounding.iou reads the whole text by default, and scores 0 like VLM-R1 with requireTag", () => {
    expect(scoreOne(registry.create("grounding.iou", {}), sample).value).toBe(1);
    const strict = scoreOne(registry.create("grounding.iou", { requireTag: true }), sample);
    const vlmR1 = scoreOne(registry.create("grounding.vlm-r1-rec-iou", {}), sample);
    expect(strict.value).toBe(0);
    expect(vlmR1.value).toBe(0);
    expect(strict.issues.map((i) => i.code)).toEqual(["no_answer_tag"]);
    expect(vlmR1.issues.map((i) => i.code)).toEqual(["no_answer_tag"]);
  });
  it("presets keep their released behaviour: vlm-r1/rec scores a tagless answer 0", () => {
    const { results } = buildScorer("vlm-r1/rec").scoreSync([sample]);
    expect(results[0]!.components.accuracy_iou).toBe(0);
  });
});
