/**
 * Tests of the grounding rewards: visual-rft-tasks.
 * @module
 */
import { describe, expect, it } from "vitest";
import { scoreOne } from "../../../test/support/score-one.js";
import { lisaGiouPlusOne, thousandths, visualRftClassification, visualRftLisa } from "./visual-rft-tasks.js";

describe("Visual-RFT classification accuracy", () => {
  const score = (completion: string, reference: unknown, legacy = false) =>
    scoreOne(visualRftClassification({ legacy }), { completion, reference });
  it("normalised equality: spaces and _ removed, lowercased", () => {
    expect(score("<think>x</think><answer>Boeing 737</answer>", "<answer>boeing_737</answer>").value).toBe(1);
    expect(score("<answer>Boeing 737-800</answer>", "<answer>boeing_737</answer>").value).toBe(0);
  });
  it("fix: a one-letter answer no longer matches by substring; legacy restores it", () => {
    expect(score("<answer>a</answer>", "<answer>cat</answer>").value).toBe(0);
    expect(score("<answer>a</answer>", "<answer>cat</answer>", true).value).toBe(1);
    expect(score("<answer>the cat</answer>", "<answer>cat</answer>", true).value).toBe(1);
  });
  it("fix: an empty answer scores 0 with empty_answer; legacy scores 1", () => {
    const r = score("<answer></answer>", "<answer>cat</answer>");
    expect(r.value).toBe(0);
    expect(r.codes).toEqual(["empty_answer"]);
    expect(score("<answer>  </answer>", "<answer>cat</answer>", true).value).toBe(1);
  });
  it("without DOTALL a multi-line answer is not extracted: the whole completion is compared", () => {
    expect(score("<answer>\ncat</answer>", "<answer>cat</answer>").value).toBe(0);
    expect(score("<answer>\ncat</answer>", "<answer>cat</answer>", true).value).toBe(1);
    expect(score("cat", "<answer>cat</answer>").value).toBe(1);
  });
  it("references: missing → null, non-string → null (legacy 0)", () => {
    expect(score("cat", null).value).toBeNull();
    expect(score("cat", 3).codes).toEqual(["reference_unparseable"]);
    expect(score("cat", 3, true).value).toBe(0);
  });
});

describe("Visual-RFT LISA accuracy", () => {
  const score = (completion: string, reference: unknown, legacy = false) =>
    scoreOne(visualRftLisa({ legacy }), { completion, reference });
  it("worked example §1c: GIoU([0,0,10,10],[5,5,15,15]) + 1 = 0.920635", () => {
    expect(
      score("<think>a</think><answer>(0,0),(10,10)</answer>", "<answer>(5,5),(15,15)</answer>").value,
    ).toBe(0.9206349206349206);
    expect(
      lisaGiouPlusOne(
        [
          [0, 0],
          [10, 10],
        ],
        [
          [5, 5],
          [15, 15],
        ],
      ),
    ).toBeCloseTo(0.920635, 6);
  });
  it("fix: with several boxes the first box is used (2.0); legacy pairs the top-left corners (1.4444444444444442)", () => {
    const c = "<answer>(100,100),(400,400) and (300,300),(500,500)</answer>";
    expect(score(c, "<answer>(100,100),(400,400)</answer>").value).toBe(2);
    expect(score(c, "<answer>(100,100),(400,400)</answer>", true).value).toBe(1.4444444444444442);
  });
  it("the completion's answer is read with DOTALL and an exact string match scores 2.0", () => {
    expect(
      score("<answer>\n(100, 100), (400,400)\n</answer>", "<answer>(100,100),(400,400)</answer>").value,
    ).toBe(2);
    expect(score("<answer>(0,0),(1000,1000)</answer>", "<answer>(100,100),(400,400)</answer>").value).toBe(
      1.09,
    );
  });
  it("an inverted box is scored as released (the product of two negative sides is a positive area)", () => {
    expect(score("<answer>(400,400),(100,100)</answer>", "<answer>(100,100),(400,400)</answer>").value).toBe(
      2,
    );
  });
  it("no box → 0 with no_box_found; float coordinates do not match the integer regex", () => {
    const r = score("<answer>nothing</answer>", "<answer>(100,100),(400,400)</answer>");
    expect(r.value).toBe(0);
    expect(r.codes).toEqual(["no_box_found"]);
    expect(score("<answer>(1.5,2),(3,4)</answer>", "<answer>(100,100),(400,400)</answer>").value).toBe(0);
  });
  it("Python \\d and \\s: Arabic-Indic digits and NBSP are accepted", () => {
    expect(thousandths("٣")).toBe(0.003);
    expect(
      score("<answer>(\u00a0100,100),(400,400)</answer>", "<answer>(100,100),(400,400)</answer>").value,
    ).toBe(2);
  });
  it("a huge number overflows like Python's int / 1000 (raise → 0)", () => {
    expect(thousandths("9".repeat(400))).toBeNull();
    expect(thousandths("9".repeat(4301))).toBeNull();
    expect(
      score(`<answer>(0,0),(${"9".repeat(400)},10)</answer>`, "<answer>(0,0),(10,10)</answer>").value,
    ).toBe(0);
  });
  it("a non-string reference is null (legacy: 0 with legacy_error)", () => {
    expect(score("(0,0),(1,1)", [0, 0, 1, 1]).value).toBeNull();
    expect(score("(0,0),(1,1)", [0, 0, 1, 1], true).codes).toEqual(["legacy_error"]);
  });
});
