/**
 * Parity with the published GenAI-Bench v1 leaderboard from the real released judge outputs
 * (`shared/published/genai-bench`, copied from TIGER-AI-Lab/GenAI-Bench@f0b0334). The folder sits
 * beside the clone (CI has a read-only copy of shared/ there; without it the file is skipped); it is
 * never copied into the repo.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DataVerdicts } from "../src/eval/predictions.js";
import { runEval } from "../src/eval/run.js";
import { root } from "./eval-support.js";

const folder = [
  resolve(root, "../shared/published/genai-bench"),
  resolve(root, "../../shared/published/genai-bench"),
].find((path) => existsSync(path));
// Not shipped with the project: a clone without shared/ beside it (a temporary directory) skips
// this file, and says so.
if (!folder) console.warn("eval-genai-bench: skipped, shared/published/genai-bench is not beside the clone");

const TASKS = ["image_generation", "image_edition", "video_generation"] as const;
/** README "Current Leaderboard (v1 split)": Image Gen, Image Edit, Video Gen, Average. */
const PUBLISHED: Record<string, [number, number, number, number]> = {
  gpt4o: [45.59, 53.54, 48.46, 49.2],
  "gemini-1.5-pro": [44.67, 55.93, 46.21, 48.94],
  llava: [37.0, 26.12, 30.4, 31.17],
  random: [25.36, 25.9, 25.16, 25.47],
};

/** Python's round(x, 2) for these values (no exact .xx5 ties occur among k/n·100). */
const round2 = (x: number) => Number(x.toFixed(2));

describe.skipIf(!folder)("GenAI-Bench published leaderboard parity", () => {
  for (const [model, expected] of Object.entries(PUBLISHED)) {
    it(`${model}: ${expected.join(" / ")}`, async () => {
      const scores: number[] = [];
      for (const task of TASKS) {
        const { metrics } = await runEval({
          data: join(folder!, task, model, "pairwise.jsonl"),
          sources: [new DataVerdicts()],
          bootstrap: { resamples: 100 },
        });
        expect(metrics.format).toBe("genai-bench");
        expect(metrics.skipped.count).toBe(0);
        scores.push(round2(100 * metrics.accuracy!));
      }
      expect([...scores, round2((scores[0]! + scores[1]! + scores[2]!) / 3)]).toEqual(expected);
    });
  }

  it("unparsed verdicts count as wrong, and greedy non-standard matches stay wrong (gemini 775/1735)", async () => {
    const gpt = await runEval({
      data: join(folder!, "image_generation/gpt4o/pairwise.jsonl"),
      sources: [new DataVerdicts()],
      bootstrap: { resamples: 100 },
    });
    expect(gpt.metrics.unparsed_verdicts).toBe(11);
    const gemini = await runEval({
      data: join(folder!, "image_generation/gemini-1.5-pro/pairwise.jsonl"),
      sources: [new DataVerdicts()],
      bootstrap: { resamples: 100 },
    });
    expect(gemini.metrics.unparsed_verdicts).toBe(48);
    expect(gemini.metrics.accuracy! * 1735).toBeCloseTo(775, 9);
  });
});
