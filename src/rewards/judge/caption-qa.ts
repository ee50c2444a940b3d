/**
 * `judge.caption-qa`: the completion is a caption; a text-only LLM answers the sample's
 * multiple-choice questions from the caption alone; the reward is the fraction answered right
 * (CapRL).
 * @module
 */
import { z } from "zod";
import { type ComponentValue, defineReward, type Sample, type ScoreContext } from "../../core/index.js";
import { renderTemplate } from "../../templates/index.js";
import {
  chatMessages,
  endpointField,
  gatedScore,
  listFromMetaOrReference,
  modelClient,
  promptText,
  replyStart,
  resolveTemplate,
  samplingOf,
  summarizeModelReward,
} from "./common.js";
import { drawQuestions, fnv1a, readQuestions, renderQuestion, replyLetter } from "./questions.js";

const CaptionQaConfig = z.strictObject({
  endpoint: endpointField,
  template: z
    .string()
    .min(1)
    .default("caprl/caption-qa")
    .describe(
      "A shipped caption-qa template or text with {{completion}} (the caption), {{question}} (question and option lines) and {{prompt}}.",
    ),
  draws: z
    .union([z.literal("all"), z.number().int().min(1).max(64)])
    .default(8)
    .describe(
      "Questions asked per caption: k draws with replacement from the sample's questions (CapRL's qa_num, 8), or `all`: each question once.",
    ),
  shuffle: z
    .boolean()
    .default(true)
    .describe("Shuffle the options of every draw (CapRL's shuffle_qa), so a letter prior cannot score."),
  cannotAnswer: z
    .boolean()
    .default(true)
    .describe('Add the option "Can not answer based on the caption" after the options (CapRL: always).'),
  extract: z
    .enum(["first-letter", "answer-is"])
    .default("first-letter")
    .describe(
      "How the reply's letter is read: CapRL's first capital A–I anywhere, or only `The answer is X`.",
    ),
  unparseable: z
    .enum(["wrong", "null"])
    .default("wrong")
    .describe(
      "A reply without a letter: `wrong` counts it as a wrong answer (CapRL's rule; counted in stats and details), `null` makes the sample null + judge_unparseable.",
    ),
  seed: z
    .number()
    .int()
    .default(0)
    .describe(
      "Seed of the draws and shuffles, mixed with the question set: every caption of the same questions is asked the same draws.",
    ),
  requestSeeds: z
    .boolean()
    .default(true)
    .describe(
      "Send `seed: seed + k` with draw k, so repeated draws are independent samples and a run is repeatable (and the reply cache does not merge them).",
    ),
  maxTokens: z.number().int().min(1).optional().describe("`max_tokens` of each answer (CapRL: 10)."),
  temperature: z.number().min(0).max(2).default(0.6).describe("Sampling temperature (CapRL: 0.6)."),
  topP: z.number().gt(0).max(1).default(1).describe("`top_p` (CapRL: 1.0)."),
  system: z.string().optional().describe("A system message sent before the user turn."),
});

type Outcome =
  | { ok: true; letter: string | undefined; text: string }
  | { ok: false; code: "judge_error" | "judge_timeout"; message: string };

/**
 * `judge.caption-qa` (CapRL: "CapRL: Stimulating Dense Image Caption Capabilities via
 * Reinforcement Learning", arXiv 2509.22647; InternLM/CapRL@6be7f28:
 * CapRL++/train/verl/recipe/video_captionrl/serve_rm.py): questions come from `meta.questions`
 * or the `reference` (`[{question, options, answer}]`); `draws` questions are drawn with
 * replacement, their options shuffled and "F) Can not answer based on the caption" added; a
 * text-only judge answers each from the caption; reward = correct / asked. Missing or invalid
 * questions are broken data (null + a data issue); a failed call makes the sample null +
 * `judge_error`/`judge_timeout`, never 0.
 * @example
 * judgeCaptionQa({ endpoint: { name: "qa", model: "Qwen2.5-3B-Instruct", protocol: "openai-chat" } }, "config", { models });
 */
export const judgeCaptionQa = defineReward({
  type: "judge.caption-qa",
  description:
    "A text-only LLM answers the sample's multiple-choice questions from the caption alone; reward = fraction right (CapRL).",
  config: CaptionQaConfig,
  docs: {
    formula:
      "reward = (1/k) Σ_draws [letter of the judge's answer = the right option's letter], k draws of (question, option order) with replacement (or every question once)",
    reads: { fields: ["prompt", "completion", "reference", "meta"], meta: ["questions"] },
    deviations: [
      "a failed judge call makes the sample null + judge_error/judge_timeout (CapRL's client turns an HTTP failure into an empty reply, scored 0)",
      "the draws and shuffles are seeded from the question set (every caption of the same image gets the same questions in the same orders, common random numbers) instead of an unseeded random.choice per caption; each draw sends its own `seed`",
      "a reply without a letter counts as wrong as in CapRL, but is counted (stats `unparseable`, details `unparsed`); if no reply of a sample has a letter the sample is null + judge_unparseable",
      "sent through the chat API with the chat-form prompt (reward_fn.py); CapRL's server prompt instead ends with a raw Qwen template and the assistant prefix `The answer is`",
    ],
  },
  create(config, env, path) {
    const main = resolveTemplate(
      config.template,
      ["caption-qa"],
      ["completion", "question", "prompt"],
      `${path}.template`,
    );
    const client = modelClient(env, config.endpoint, `${path}.endpoint`, ["openai-chat"]);
    const sampling = samplingOf(config);
    const maxTokens = config.maxTokens ?? main.shipped?.maxTokens ?? 10;
    const usesPrompt = main.text.includes("{{prompt}}");

    async function ask(text: string, k: number): Promise<Outcome> {
      const reply = await client.chat({
        messages: chatMessages(text, [], config.system),
        maxTokens,
        ...sampling,
        ...(config.requestSeeds ? { extra: { seed: config.seed + k } } : {}),
      });
      if (!reply.ok) return reply;
      return { ok: true, letter: replyLetter(reply.value.text, config.extract), text: reply.value.text };
    }

    const questionsOf = (sample: Sample, ctx: ScoreContext) =>
      listFromMetaOrReference(
        sample,
        ctx,
        "questions",
        (value) => {
          const read = readQuestions(value);
          return read.ok ? { ok: true, value: read.questions } : read;
        },
        "the caption's questions are missing: give meta.questions or reference as [{question, options, answer}]",
      );
    const scoreNow = async (sample: Sample, ctx: ScoreContext): Promise<ComponentValue> => {
      const questions = questionsOf(sample, ctx);
      if (!questions) return null;
      const plan = drawQuestions(
        questions,
        config.draws,
        config.shuffle,
        fnv1a(`${config.seed}\u0000${JSON.stringify(questions)}`),
      );
      const asked = plan.map((draw) =>
        renderQuestion(questions[draw.question]!, draw.order, config.cannotAnswer),
      );
      const unanswerable = asked.findIndex((a) => a.answer === undefined);
      if (unanswerable >= 0) {
        ctx.report(
          "reference_unparseable",
          `question ${plan[unanswerable]!.question}'s answer is "can not answer", but cannotAnswer is off`,
        );
        return null;
      }
      const prompt = usesPrompt ? promptText(sample) : "";
      const outcomes = await Promise.all(
        asked.map((a, k) =>
          ask(renderTemplate(main.text, { completion: sample.completion, question: a.text, prompt }), k),
        ),
      );
      const failures = outcomes.filter((o) => !o.ok);
      if (failures.length) {
        const first = failures[0] as Extract<Outcome, { ok: false }>;
        ctx.report(first.code, `${failures.length} of ${outcomes.length} answers failed; ${first.message}`);
        ctx.tally?.("failed");
        return null;
      }
      let correct = 0;
      let unparsed = 0;
      let firstUnparsed = "";
      outcomes.forEach((o, k) => {
        if (!o.ok) return;
        if (o.letter === undefined) {
          if (!unparsed) firstUnparsed = o.text;
          unparsed++;
        } else if (o.letter === asked[k]!.answer) correct++;
      });
      if (unparsed && (config.unparseable === "null" || unparsed === outcomes.length)) {
        ctx.report(
          "judge_unparseable",
          `${unparsed} of ${outcomes.length} answers have no option letter; reply starts: ${replyStart(firstUnparsed)}`,
        );
        ctx.tally?.("unparseable_samples");
        return null;
      }
      ctx.detail?.("asked", outcomes.length);
      ctx.detail?.("correct", correct);
      if (unparsed) {
        ctx.detail?.("unparsed", unparsed);
        ctx.tally?.("unparseable", unparsed);
      }
      ctx.tally?.("answers", outcomes.length);
      return correct / outcomes.length;
    };
    return {
      score: gatedScore(config.endpoint, scoreNow),
      summarize: (values, tallies) => ({
        ...summarizeModelReward(client.label, values, tallies),
        answers: tallies.answers ?? 0,
        unparseable: tallies.unparseable ?? 0,
        unparseableSamples: tallies.unparseable_samples ?? 0,
      }),
    };
  },
});
