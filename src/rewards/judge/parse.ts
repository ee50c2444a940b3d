/**
 * Reply parsers of chat judges, compiled once when the reward is built: numbers by pattern (with
 * a scale) and pairwise verdicts (the pattern matched last wins). A reply that does not parse is
 * an outcome, never a guessed number.
 * @module
 */
import { z } from "zod";
import { ConfigError } from "../../core/index.js";
import type { PairwiseParse, PointwiseParse } from "../../templates/index.js";

/** Schema of `parse` for pointwise judges. */
export const PointwiseParseSchema = z.strictObject({
  pattern: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  flags: z
    .string()
    .regex(/^[imsu]*$/, "only i, m, s and u")
    .optional(),
  scale: z
    .tuple([z.number().finite(), z.number().finite()])
    .refine(([min, max]) => max > min, "max must exceed min")
    .optional(),
});

const flagsField = z
  .string()
  .regex(/^[imsu]*$/, "only i, m, s and u")
  .optional();
const tagField = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/)
  .optional();

/**
 * Schema of `parse` for pairwise judges: verdict phrases `{a, b, tie?}`, or per-side score
 * patterns `{scoreA, scoreB}` (UnifiedReward 2.0 "Image 1: x / Image 2: y" per dimension).
 */
export const PairwiseParseSchema = z.union([
  z.strictObject({
    a: z.string().min(1),
    b: z.string().min(1),
    tie: z.string().min(1).optional(),
    flags: flagsField,
    tag: tagField,
  }),
  z.strictObject({ scoreA: z.string().min(1), scoreB: z.string().min(1), flags: flagsField, tag: tagField }),
]);

/**
 * Compiles a reply pattern of a recipe, or fails at load naming `path`: an invalid regular
 * expression, or fewer than `groups` capture groups (`needs` says what they hold).
 * @example
 * compilePattern("Score: (\\d+)", "i", "config.parse.pattern", 1, "a capture group holding the score");
 */
export function compilePattern(
  pattern: string,
  flags: string,
  path: string,
  groups = 0,
  needs = `${groups} capture group(s)`,
): RegExp {
  let re: RegExp;
  try {
    re = new RegExp(pattern, flags);
  } catch (error) {
    throw new ConfigError([
      { path, message: `invalid regular expression: ${(error as Error).message}`, value: pattern },
    ]);
  }
  if (groups > 0 && new RegExp(`${pattern}|`, flags).exec("")!.length < groups + 1) {
    throw new ConfigError([{ path, message: `the pattern needs ${needs}`, value: pattern }]);
  }
  return re;
}

const SCORE_GROUP = "a capture group holding the score";
const compile = (pattern: string, flags: string, path: string, needGroup: boolean) =>
  compilePattern(pattern, flags, path, needGroup ? 1 : 0, SCORE_GROUP);

/** A parse result: a value, or why the reply does not parse. */
export type Parsed<T> = { ok: true; value: T; raw?: number } | { ok: false; message: string };

/**
 * Compiles a pointwise parser: each pattern's first group must be a number; their mean, mapped
 * from `scale` to [0, 1] when given (a value outside the scale does not parse).
 * @example
 * const parse = pointwiseParser({ pattern: "Final Score:\\s*([0-9.]+)", scale: [1, 5] }, "parse");
 * parse("… Final Score: 4"); // { ok: true, value: 0.75, raw: 4 }
 */
export function pointwiseParser(config: PointwiseParse, path: string): (reply: string) => Parsed<number> {
  const patterns = (Array.isArray(config.pattern) ? config.pattern : [config.pattern]).map((p, i) =>
    compile(
      p,
      config.flags ?? "i",
      Array.isArray(config.pattern) ? `${path}.pattern[${i}]` : `${path}.pattern`,
      true,
    ),
  );
  const scale = config.scale;
  return (reply) => {
    let sum = 0;
    for (const re of patterns) {
      const match = re.exec(reply);
      const value = match ? Number(match[1]) : Number.NaN;
      if (!match || match[1] === undefined || !Number.isFinite(value))
        return { ok: false, message: `no match for /${re.source}/` };
      sum += value;
    }
    const raw = sum / patterns.length;
    if (!scale) return { ok: true, value: raw, raw };
    const [min, max] = scale;
    if (raw < min || raw > max)
      return { ok: false, message: `score ${raw} is outside the scale [${min}, ${max}]` };
    return { ok: true, value: (raw - min) / (max - min), raw };
  };
}

const VERDICT_SCORE = { a: 1, b: 0, tie: 0.5 } as const;

function lastIndex(re: RegExp, text: string): number {
  let last = -1;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    last = m.index;
    if (m[0].length === 0) re.lastIndex++;
  }
  return last;
}

function allNumbers(re: RegExp, text: string): number[] | undefined {
  const values: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const value = Number(m[1]);
    if (m[1] === undefined || !Number.isFinite(value) || value < 0) return undefined;
    values.push(value);
    if (m[0].length === 0) re.lastIndex++;
  }
  return values;
}

/**
 * Compiles a pairwise parser into the score of the side shown first: with verdict phrases, the
 * pattern (a, b or tie) matched last in the reply wins (1, 0 or ½); with score patterns, every
 * match of `scoreA` and `scoreB` is collected (one per dimension, equal counts) and A's share is
 * ΣA / (ΣA + ΣB). Inside `<tag>` only, when configured.
 * @example
 * const parse = pairwiseParser({ a: "Image 1 is better", b: "Image 2 is better" }, "parse");
 * parse("Image 1 is sharper, but overall Image 2 is better."); // { ok: true, value: 0 }
 * const scores = pairwiseParser({ scoreA: "Image 1:\\s*([0-9.]+)", scoreB: "Image 2:\\s*([0-9.]+)" }, "parse");
 * scores("Alignment: Image 1: 0.7 / Image 2: 0.3\nStyle: Image 1: 0.5 / Image 2: 0.5"); // { ok: true, value: 0.6 }
 */
export function pairwiseParser(config: PairwiseParse, path: string): (reply: string) => Parsed<number> {
  const flags = `${config.flags ?? "i"}g`;
  const tag = config.tag ? new RegExp(`<${config.tag}>([\\s\\S]*?)</${config.tag}>`) : undefined;
  const inside = (reply: string): string | undefined => (tag ? tag.exec(reply)?.[1] : reply);
  const noTag = { ok: false as const, message: `no <${config.tag}>…</${config.tag}>` };
  if ("scoreA" in config) {
    const a = compile(config.scoreA, flags, `${path}.scoreA`, true);
    const b = compile(config.scoreB, flags, `${path}.scoreB`, true);
    return (reply) => {
      const text = inside(reply);
      if (text === undefined) return noTag;
      const sa = allNumbers(a, text);
      const sb = allNumbers(b, text);
      if (!sa || !sb || sa.length === 0 || sa.length !== sb.length)
        return {
          ok: false,
          message: `expected as many scores for A as for B (got ${sa?.length ?? "a bad one"} and ${sb?.length ?? "a bad one"})`,
        };
      const totalA = sa.reduce((x, y) => x + y, 0);
      const total = totalA + sb.reduce((x, y) => x + y, 0);
      if (!(total > 0) || !Number.isFinite(total)) return { ok: false, message: "the scores sum to 0" };
      return { ok: true, value: totalA / total };
    };
  }
  const choices: Array<[keyof typeof VERDICT_SCORE, RegExp]> = [
    ["a", compile(config.a, flags, `${path}.a`, false)],
    ["b", compile(config.b, flags, `${path}.b`, false)],
  ];
  if (config.tie) choices.push(["tie", compile(config.tie, flags, `${path}.tie`, false)]);
  return (reply) => {
    const text = inside(reply);
    if (text === undefined) return noTag;
    let best: keyof typeof VERDICT_SCORE | undefined;
    let bestAt = -1;
    for (const [verdict, re] of choices) {
      const at = lastIndex(re, text);
      if (at > bestAt) {
        bestAt = at;
        best = verdict;
      }
    }
    return best ? { ok: true, value: VERDICT_SCORE[best] } : { ok: false, message: "no verdict phrase" };
  };
}
