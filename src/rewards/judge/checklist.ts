/**
 * `judge.checklist`: the sample's checklist items are judged in one call (a numbered list),
 * the reply is read item by item (yes / no), and the reward is the weighted fraction satisfied.
 * @module
 */
import { z } from "zod";
import {
  type ComponentValue,
  ConfigError,
  defineReward,
  type Sample,
  type ScoreContext,
} from "../../core/index.js";
import { renderTemplate } from "../../templates/index.js";
import {
  chatAsker,
  endpointField,
  gatedScore,
  ImageRolesSchema,
  imagesWithRoles,
  imageUrls,
  listFromMetaOrReference,
  modelClient,
  promptText,
  referenceText,
  replyStart,
  resolveTemplate,
  samplingFields,
  summarizeModelReward,
} from "./common.js";
import type { Parsed } from "./parse.js";

// "1. yes", "- 2: No", "**3.** yes", "Item 4 - no": one item per line, no backtracking across lines.
const DEFAULT_PATTERN = "^[ \\t*#>-]*(?:item[ \\t]*)?(\\d+)[ \\t]*[.):-]?[ \\t]*\\**[ \\t]*(yes|no)\\b";

const ChecklistParseSchema = z.strictObject({
  pattern: z
    .string()
    .min(1)
    .default(DEFAULT_PATTERN)
    .describe("Groups: the item number, the verdict word (every match counts; the last one per item wins)."),
  flags: z
    .string()
    .regex(/^[imsu]*$/, "only i, m, s and u")
    .default("im")
    .describe("Regular-expression flags (default `im`: case-insensitive, one item per line)."),
  yes: z.array(z.string().min(1)).min(1).default(["yes"]).describe("Verdict words meaning satisfied."),
  no: z.array(z.string().min(1)).min(1).default(["no"]).describe("Verdict words meaning not satisfied."),
});

const ChecklistConfig = z.strictObject({
  endpoint: endpointField,
  template: z
    .string()
    .min(1)
    .default("plaudit/checklist-yes-no")
    .describe(
      "A shipped checklist template or text with {{checklist}} (the numbered items), {{prompt}}, {{completion}} and {{reference}}.",
    ),
  parse: ChecklistParseSchema.default({
    pattern: DEFAULT_PATTERN,
    flags: "im",
    yes: ["yes"],
    no: ["no"],
  }).describe("How each item's verdict is read: { pattern (item number, verdict), flags, yes, no }."),
  images: ImageRolesSchema.default(["input", "output", "reference"]).describe(
    "Which of the sample's images are attached before the text, in this role order.",
  ),
  ...samplingFields,
});

/** One checklist item and its weight. */
export interface ChecklistItem {
  text: string;
  weight: number;
}

/**
 * Reads checklist items: a list of texts, or of `{item (or text), weight?}` with a positive
 * weight (default 1); a JSON string is parsed first.
 * @example
 * readChecklist(["a red car", { item: "two dogs", weight: 2 }]);
 * // { ok: true, items: [{ text: "a red car", weight: 1 }, { text: "two dogs", weight: 2 }] }
 */
export function readChecklist(
  value: unknown,
): { ok: true; items: ChecklistItem[] } | { ok: false; message: string } {
  let data = value;
  if (typeof value === "string") {
    try {
      data = JSON.parse(value);
    } catch {
      return { ok: false, message: "not a JSON list of checklist items" };
    }
  }
  if (!Array.isArray(data) || data.length === 0)
    return { ok: false, message: "expected a non-empty list of items (texts or {item, weight})" };
  const items: ChecklistItem[] = [];
  for (let i = 0; i < data.length; i++) {
    const entry = data[i] as unknown;
    if (typeof entry === "string" && entry.trim()) {
      items.push({ text: entry.trim(), weight: 1 });
      continue;
    }
    if (!entry || typeof entry !== "object" || Array.isArray(entry))
      return { ok: false, message: `item ${i + 1} is neither a text nor {item, weight}` };
    const { item, text, weight } = entry as Record<string, unknown>;
    const body = item ?? text;
    if (typeof body !== "string" || !body.trim()) return { ok: false, message: `item ${i + 1} has no text` };
    if (weight !== undefined && (typeof weight !== "number" || !Number.isFinite(weight) || weight <= 0))
      return { ok: false, message: `item ${i + 1}'s weight must be a positive number` };
    items.push({ text: body.trim(), weight: (weight as number | undefined) ?? 1 });
  }
  return { ok: true, items };
}

/**
 * Compiles a checklist reply parser: every match of the pattern gives an item number and a
 * verdict word (the last match per item wins); every item 1..n needs a `yes` or `no` word.
 * @example
 * const parse = checklistParser({ pattern: "^(\\d+)\\.\\s*(yes|no)", flags: "im", yes: ["yes"], no: ["no"] }, "parse");
 * parse("1. yes\n2. no", 2); // { ok: true, value: [true, false] }
 */
export function checklistParser(
  config: z.infer<typeof ChecklistParseSchema>,
  path: string,
): (reply: string, n: number) => Parsed<boolean[]> {
  let re: RegExp;
  try {
    re = new RegExp(config.pattern, `${config.flags}g`);
  } catch (error) {
    throw new ConfigError([
      { path: `${path}.pattern`, message: `invalid regular expression: ${(error as Error).message}` },
    ]);
  }
  if (new RegExp(`${config.pattern}|`, config.flags).exec("")!.length < 3)
    throw new ConfigError([
      { path: `${path}.pattern`, message: "the pattern needs 2 capture groups (item number, verdict)" },
    ]);
  const yes = new Set(config.yes.map((w) => w.toLowerCase()));
  const no = new Set(config.no.map((w) => w.toLowerCase()));
  return (reply, n) => {
    const verdicts = new Array<boolean | undefined>(n).fill(undefined);
    re.lastIndex = 0;
    for (let m = re.exec(reply); m; m = re.exec(reply)) {
      if (m[0].length === 0) re.lastIndex++;
      const k = Number(m[1]);
      const word = (m[2] ?? "").toLowerCase();
      if (!Number.isInteger(k) || k < 1 || k > n)
        return { ok: false, message: `item ${m[1]} does not exist` };
      if (yes.has(word)) verdicts[k - 1] = true;
      else if (no.has(word)) verdicts[k - 1] = false;
      else return { ok: false, message: `item ${k}'s verdict "${m[2]}" is neither yes nor no` };
    }
    const missing = verdicts.indexOf(undefined);
    if (missing >= 0) return { ok: false, message: `no verdict for item ${missing + 1} of ${n}` };
    return { ok: true, value: verdicts as boolean[] };
  };
}

/**
 * `judge.checklist` (per-item yes/no judging, after PromptEnhancer, Wang et al., arXiv 2509.04545,
 * whose AlignEvaluator reward model scores 24 fine-grained key points; here a chat judge answers
 * the sample's own items): the items of `meta.checklist` or `reference` go into one
 * prompt as a numbered list; the reply must give every item `yes` or `no`; reward = Σ w·[yes] /
 * Σ w. Missing or invalid items are broken data; a failed call is `null` +
 * `judge_error`/`judge_timeout`; a reply missing an item's verdict is `null` + `judge_unparseable`.
 * @example
 * judgeChecklist({ endpoint: { model: "judge", protocol: "openai-chat" } }, "config", { models });
 */
export const judgeChecklist = defineReward({
  type: "judge.checklist",
  description:
    "The sample's checklist items judged yes/no in one call, read item by item; reward = weighted fraction satisfied.",
  config: ChecklistConfig,
  docs: {
    formula:
      "reward = Σ_i w_i · [item i judged yes] / Σ_i w_i over the sample's checklist (weights default 1)",
    reads: {
      fields: ["prompt", "completion", "reference", "images", "meta"],
      meta: ["checklist"],
    },
    deviations: [
      "PromptEnhancer's AlignEvaluator is a trained reward model over a fixed taxonomy of 24 key points; plaudit asks a chat judge about the sample's own items, with plaudit's documented template and reply format (`k. yes|no` per line)",
    ],
  },
  create(config, env, path) {
    const main = resolveTemplate(
      config.template,
      ["checklist"],
      ["prompt", "completion", "reference", "checklist"],
      `${path}.template`,
    );
    const parse = checklistParser(config.parse, `${path}.parse`);
    const client = modelClient(env, config.endpoint, `${path}.endpoint`, ["openai-chat"]);
    const maxTokens = config.maxTokens ?? main.shipped?.maxTokens ?? 512;

    const itemsOf = (sample: Sample, ctx: ScoreContext) =>
      listFromMetaOrReference(
        sample,
        ctx,
        "checklist",
        (value) => {
          const read = readChecklist(value);
          return read.ok ? { ok: true, value: read.items } : read;
        },
        "the checklist is missing: give meta.checklist or reference as a list of items",
      );
    const ask = chatAsker(client, config);
    const scoreNow = async (sample: Sample, ctx: ScoreContext): Promise<ComponentValue> => {
      const items = itemsOf(sample, ctx);
      if (!items) return null;
      const images = await imageUrls(env, imagesWithRoles(sample, config.images), ctx);
      if (!images) return null;
      const fromMeta = sample.meta?.checklist !== undefined;
      const text = renderTemplate(main.text, {
        prompt: promptText(sample),
        completion: sample.completion,
        reference: fromMeta ? referenceText(sample) : "",
        checklist: items.map((item, k) => `${k + 1}. ${item.text}`).join("\n"),
      });
      const reply = await ask(
        text,
        images.map((i) => i.url),
        maxTokens,
        ctx,
      );
      if (!reply.ok) return null;
      const parsed = parse(reply.value.text, items.length);
      if (!parsed.ok) {
        ctx.report("judge_unparseable", `${parsed.message}; reply starts: ${replyStart(reply.value.text)}`);
        ctx.tally?.("unparseable");
        return null;
      }
      let total = 0;
      let satisfied = 0;
      const missed: number[] = [];
      parsed.value.forEach((yes, k) => {
        total += items[k]!.weight;
        if (yes) satisfied += items[k]!.weight;
        else missed.push(k + 1);
      });
      ctx.detail?.("missed", missed);
      ctx.tally?.("items", items.length);
      return satisfied / total;
    };
    return {
      score: gatedScore(config.endpoint, scoreNow),
      summarize: (values, tallies) => ({
        ...summarizeModelReward(client.label, values, tallies),
        items: tallies.items ?? 0,
        unparseable: tallies.unparseable ?? 0,
      }),
    };
  },
});
