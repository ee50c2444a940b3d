/**
 * "Did you mean": edit distance and the choice of a suggestion.
 * @module
 */
import { describe, expect, it } from "vitest";
import { editDistance, suggestChoice } from "./suggest.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "", 3],
    ["kitten", "sitting", 3],
    ["grpo", "gpro", 1], // one transposition
    ["sum", "gate", 4],
  ])("%s → %s = %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("suggestChoice", () => {
  const types = ["grounding.iou", "grounding.giou", "gui.click-hit", "format.think-answer"];
  it("the closest choice within one edit per three characters", () => {
    expect(suggestChoice("grounding.iuo", types)).toBe("grounding.iou");
    expect(suggestChoice("Grounding.IOU", types)).toBe("grounding.iou");
    expect(suggestChoice("format.think_answer", types)).toBe("format.think-answer");
  });
  it("a bare name that one family prefix completes", () => {
    expect(suggestChoice("click-hit", types)).toBe("gui.click-hit");
    expect(suggestChoice("detection", ["visual-rft/detection", "vlm-r1/ovd"])).toBe("visual-rft/detection");
  });
  it("nothing for distant, short or exact values", () => {
    expect(suggestChoice("banana", types)).toBeUndefined();
    expect(suggestChoice("io", types)).toBeUndefined();
    expect(suggestChoice("grounding.iou", types)).toBeUndefined();
  });
});
