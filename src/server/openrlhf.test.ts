import { describe, expect, it } from "vitest";
import {
  DEFAULT_OPENRLHF_OPTIONS as defaults,
  openrlhfResponse,
  openrlhfSample,
  responseText,
} from "./openrlhf.js";

const qwenPrompt =
  "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nFind the mug.<|im_end|>\n<|im_start|>assistant\n";

describe("responseText", () => {
  it("removes the prompt prefix and end/pad tokens", () => {
    expect(
      responseText(
        `${qwenPrompt}<answer>[1,2,3,4]</answer><|im_end|><|endoftext|><|endoftext|>`,
        qwenPrompt,
        defaults,
      ),
    ).toBe("<answer>[1,2,3,4]</answer>");
  });

  it("falls back to the last assistant opener when the prompt is not a prefix", () => {
    const query = `${qwenPrompt}ok<|im_end|>`;
    expect(responseText(query, "a re-tokenised prompt that differs", defaults)).toBe("ok");
    expect(responseText(query, undefined, defaults)).toBe("ok");
    const llama =
      "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHello<|eot_id|>";
    expect(responseText(llama, "", defaults)).toBe("Hello");
  });

  it("keeps the whole query when nothing marks the response, and honours the options", () => {
    expect(responseText("plain text</s>", "other", defaults)).toBe("plain text");
    expect(
      responseText(`${qwenPrompt}ok<|im_end|>`, qwenPrompt, { ...defaults, stripPrompt: false }),
    ).toContain("<|im_start|>system");
    expect(responseText("x<|im_end|>", "", { ...defaults, specialTokens: [] })).toBe("x<|im_end|>");
  });
});

describe("openrlhfSample", () => {
  it("turns a label into the reference, or spreads a label object with sample fields", () => {
    expect(openrlhfSample("P: a", "P: ", "a", defaults)).toEqual({
      completion: "a",
      prompt: "P: ",
      reference: "a",
    });
    expect(openrlhfSample("a", "", "", defaults)).toEqual({ completion: "a", prompt: "" });
    expect(openrlhfSample("a", undefined, { box: [1, 2, 3, 4] }, defaults)).toEqual({
      completion: "a",
      reference: { box: [1, 2, 3, 4] },
    });
    const spread = openrlhfSample(
      "a",
      undefined,
      '{"reference": [1, 2, 3, 4], "image": {"width": 10, "height": 20}, "extra": 1}',
      defaults,
    );
    expect(spread).toEqual({ completion: "a", reference: [1, 2, 3, 4], image: { width: 10, height: 20 } });
    expect(openrlhfSample(5, undefined, "x", defaults)).toEqual({ completion: 5 });
  });
});

describe("openrlhfResponse", () => {
  it("sends nulls as the configured number and counts them", () => {
    const { body, nullsSent } = openrlhfResponse(
      [
        { reward: 1, components: { a: 1, b: null }, issues: [] },
        { reward: null, components: { a: null, b: null }, issues: [] },
      ],
      ["a", "b"],
      -1,
    );
    expect(body).toEqual({
      rewards: [1, -1],
      scores: [1, -1],
      extra_logs: { a: [1, -1], b: [-1, -1], data_errors: [0, 0] },
    });
    expect(nullsSent).toBe(1);
    expect(openrlhfResponse([], ["a"], 0).body).toEqual({ rewards: [], scores: [], extra_logs: {} });
    const broken = openrlhfResponse(
      [
        {
          reward: null,
          components: { a: null },
          issues: [{ reward: "a", code: "missing_image_size", message: "" }],
        },
        { reward: 0, components: { a: 0 }, issues: [{ reward: "a", code: "no_box_found", message: "" }] },
      ],
      ["a"],
      0,
    );
    expect(broken.body.extra_logs.data_errors).toEqual([1, 0]);
  });
});
