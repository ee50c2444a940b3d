/**
 * Model rewards against malformed completions and malformed judge replies, through an in-memory
 * client (no network): random reply texts, random and −9999 logprobs, short and empty score rows,
 * failures. Every value is a finite number or null, nothing throws, and a null always carries an issue.
 */
import { describe, expect, it } from "vitest";
import { malformedCompletions, seededRandom } from "../../../test/support/fuzz.js";
import type { ChatReply, ModelClient, ModelOutcome, ModelProvider, ScoreRows } from "../../models/client.js";
import { buildScorer } from "../../recipe/index.js";

const rnd = seededRandom(2024);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const TEXTS = [
  "",
  "Final Score: 4",
  "Final Score: 99",
  "Final Score: 1e308",
  "Final Score: -3",
  "Score: 7",
  "Rating: NaN",
  "<answer>Image 1 is better</answer>",
  "<answer></answer>",
  "Image 2 is better. Both images are equally good.",
  "Alignment Score (1-5): 3\nCoherence Score (1-5): 9\nStyle Score (1-5): 2",
  "\u0000\uffff",
  "x".repeat(100_000),
  "The answer is C.",
  "Ranking: 2 > 1 > 3 > 5 > 4",
  "Ranking: 1 > 1",
  "Score 1: 3\nScore 2: 12",
  "1. yes\n2. no\n3. yes",
  "1. maybe",
];
const TOKENS = ["Yes", " yes", "No", " no", "YES", "maybe", "", "\n"];

function chatReply(): ModelOutcome<ChatReply> {
  const roll = rnd();
  if (roll < 0.1) return { ok: false, code: "judge_error", message: "HTTP 500" };
  if (roll < 0.15) return { ok: false, code: "judge_timeout", message: "no reply" };
  const reply: ChatReply = { text: pick(TEXTS) };
  if (rnd() < 0.8) {
    const n = Math.floor(rnd() * 4);
    reply.logprobs = Array.from({ length: n }, () => ({
      token: pick(TOKENS),
      logprob: rnd() < 0.2 ? -9999 : rnd() < 0.1 ? Number.NEGATIVE_INFINITY : -rnd() * 30,
      top: Array.from({ length: Math.floor(rnd() * 5) }, () => ({
        token: pick(TOKENS),
        logprob: rnd() < 0.2 ? Number.NEGATIVE_INFINITY : -rnd() * 800,
      })),
    }));
  }
  return { ok: true, value: reply };
}

function scoreRows(): ModelOutcome<ScoreRows> {
  if (rnd() < 0.1) return { ok: false, code: "judge_error", message: "HTTP 503" };
  const rows = Array.from({ length: Math.floor(rnd() * 4) }, () =>
    Array.from({ length: Math.floor(rnd() * 3) }, () => (rnd() - 0.5) * 1e6),
  );
  return { ok: true, value: rows };
}

const client: ModelClient = {
  label: "fuzz",
  chat: async () => chatReply(),
  score: async () => scoreRows(),
};
const models: ModelProvider = {
  client: () => client,
  image: async () => ({ ok: true, url: "data:image/png;base64,iVBORw0KGgo=", base64: "iVBORw0KGgo=" }),
};

const chat = { model: "m", protocol: "openai-chat", url: "http://127.0.0.1:1" };
const CASES: Array<[string, Record<string, unknown>]> = [
  ["judge.pointwise", { endpoint: chat, template: "unified-reward/image-generation-acs" }],
  [
    "judge.pointwise",
    { endpoint: chat, template: "mm-rlhf/score-from-critique", critique: { template: "mm-rlhf/critique" } },
  ],
  ["judge.logprob", { endpoint: chat, template: "plaudit/answer-correct-yes" }],
  [
    "judge.logprob",
    { endpoint: chat, template: "plaudit/answer-correct-yes", position: "verdict", normalize: false },
  ],
  ["judge.pairwise", { endpoint: chat, template: "unified-reward/image-generation-pairwise", opponents: 2 }],
  ["judge.caption-qa", { endpoint: chat, draws: 3 }],
  ["judge.caption-qa", { endpoint: chat, draws: "all", shuffle: false, unparseable: "null" }],
  ["judge.rank", { endpoint: chat }],
  [
    "judge.rank",
    {
      endpoint: chat,
      template: "{{responses}}",
      parse: { score: "Score (\\d+):\\s*([0-9.]+)", scale: [0, 10] },
      shuffle: true,
    },
  ],
  ["judge.checklist", { endpoint: chat }],
  ["rm.scalar", { endpoint: { ...chat, protocol: "vllm-classify" }, extract: "last-token", index: 1 }],
  ["rm.process", { endpoint: { ...chat, protocol: "vllm-pooling" }, aggregate: "product" }],
];

describe("fuzz: model rewards with malformed replies", () => {
  const completions = malformedCompletions(2000, 77, 2000);
  it.each(CASES.map(([type, config], i) => [`${type} #${i}`, type, config] as const))(
    "%s: finite or null, never throws, every null explained",
    async (_, type, config) => {
      const scorer = buildScorer({ rewards: [{ name: "m", type, config }] }, { env: { models } });
      const samples = completions.map((completion, i) => ({
        completion,
        group: `g${i % 5}`,
        prompt: i % 3 ? "p" : [{ role: "user", content: [{ type: "text", text: "q" }] }],
        reference: i % 2 ? "r" : { x: 1 },
        images: i % 4 ? [] : [{ data: "iVBORw0KGgo=", role: "output" as const }],
        meta:
          i % 3
            ? {
                questions: [{ question: "q?", options: ["a", "b", "c"], answer: i % 3 }],
                checklist: ["a", { item: "b", weight: 2 }, "c"],
              }
            : { questions: "nonsense", checklist: [] },
      }));
      const { results } = await scorer.score(samples);
      expect(results).toHaveLength(samples.length);
      for (const r of results) {
        expect(r.reward === null || Number.isFinite(r.reward)).toBe(true);
        if (r.components.m === null) expect(r.issues.length).toBeGreaterThan(0);
        expect(r.issues.some((i) => i.code === "reward_error" || i.code === "non_finite")).toBe(false);
      }
    },
  );
});
