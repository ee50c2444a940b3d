import { describe, expect, it } from "vitest";
import { expectLinearTime, repeatTo } from "../../test/support/linear-time.js";
import { boxCenter, findBoxes, findFirstBox, orderCorners, referenceBox } from "./boxes.js";
import { findPoint, referencePoint } from "./points.js";

describe("findBoxes reads every format the seed papers' models emit", () => {
  it.each([
    ["[12,40,88,120]", [12, 40, 88, 120]],
    ["<answer>[12.5, -40, 88.25, 1e2]</answer>", [12.5, -40, 88.25, 100]],
    ['```json\n[{"bbox_2d": [1, 2, 3, 4], "label": "cat"}]\n```', [1, 2, 3, 4]],
    ["[{'Position': [254, 300, 530, 610], 'Confidence': 0.9}]", [254, 300, 530, 610]],
    ['{"bbox_2d": [5, 6, 7, 8]}', [5, 6, 7, 8]],
    ["(10,20),(30,40)", [10, 20, 30, 40]],
    ["<|box_start|>(101,202),(303,404)<|box_end|>", [101, 202, 303, 404]],
    ["the target is at [ 1 , 2 , 3 , 4 ] I think", [1, 2, 3, 4]],
  ])("%j", (text, expected) => {
    expect(findFirstBox(text)).toEqual(expected);
  });

  it("keeps labels and confidences from JSON", () => {
    const found = findBoxes(
      "[{'Position': [1,2,3,4], 'Confidence': 0.8}, {'Position': [5,6,7,8], 'Confidence': 0.3}]",
    );
    expect(found).toEqual([
      { box: [1, 2, 3, 4], confidence: 0.8 },
      { box: [5, 6, 7, 8], confidence: 0.3 },
    ]);
    expect(findBoxes('```json\n[{"bbox_2d":[1,2,3,4],"label":"dog"}]\n```')[0]!.label).toBe("dog");
  });

  it("returns nothing for text without a box, wrong arity, or non-finite numbers", () => {
    expect(findBoxes("no box here")).toEqual([]);
    expect(findBoxes("[1,2,3]")).toEqual([]);
    expect(findBoxes("[1,2,3,4,5]")).toEqual([]);
    expect(findBoxes("[1e309, 2, 3, 4]")).toEqual([]);
    expect(findBoxes("[NaN, 2, 3, 4]")).toEqual([]);
  });

  it("restricts formats on request", () => {
    expect(findBoxes("(1,2),(3,4)", { formats: ["list"] })).toEqual([]);
  });

  it("stays linear on 1 MB adversarial inputs", () => {
    for (const build of [
      (n: number) => repeatTo("[1,", n),
      (n: number) => "9".repeat(n),
      (n: number) => `[${" ".repeat(n)}`,
      (n: number) => repeatTo("(1,", n),
    ]) {
      expectLinearTime(build, (text) => {
        findBoxes(text);
        findPoint(text);
      });
    }
    // JSON.parse builds a million nested arrays before it fails: linear, but the collector's work
    // grows with the live heap, which measures 20-40 here; quadratic parsing would be over 100.
    expectLinearTime(
      (n) => repeatTo("[[[[", n),
      (text) => {
        findBoxes(text);
        findPoint(text);
      },
      { maxRatio: 70 },
    );
  });
});

describe("references, points and helpers", () => {
  it("reads reference boxes from arrays, objects and strings", () => {
    expect(referenceBox([1, 2, 3, 4])).toEqual([1, 2, 3, 4]);
    expect(referenceBox({ bbox_2d: [1, 2, 3, 4] })).toEqual([1, 2, 3, 4]);
    expect(referenceBox("<answer> [10,20,30,40] </answer>")).toEqual([10, 20, 30, 40]);
    expect(referenceBox(null)).toBeNull();
    expect(referenceBox([1, 2])).toBeNull();
  });

  it("reads points", () => {
    expect(findPoint("click(120, 45)")).toEqual([120, 45]);
    expect(findPoint('{"point_2d": [3, 4]}')).toEqual([3, 4]);
    expect(findPoint("<|point_start|>(7,8)<|point_end|>")).toEqual([7, 8]);
    expect(findPoint("[5.5, 6]")).toEqual([5.5, 6]);
    expect(findPoint("nothing")).toBeNull();
    expect(referencePoint([1, 2])).toEqual([1, 2]);
  });

  it("orders corners and finds centres", () => {
    expect(orderCorners([30, 40, 10, 20])).toEqual([10, 20, 30, 40]);
    expect(boxCenter([0, 0, 10, 20])).toEqual([5, 10]);
  });
});
