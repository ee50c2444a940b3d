/**
 * Judge prompt templates: text with `{{placeholders}}` plus the parser of the reply, shipped as
 * data with their citations. Rendering is one pass, so a completion that contains `{{prompt}}`
 * is never expanded again.
 * @module
 */

/** How a pointwise reply becomes a number: every pattern's first group, averaged, then scaled. */
export interface PointwiseParse {
  /** One regular expression, or several whose values are averaged (UnifiedReward's three axes). */
  pattern: string | string[];
  /** Regular-expression flags (default `i`). */
  flags?: string;
  /** `[min, max]`: the value is mapped to [0, 1]; a value outside is unparseable, never clipped. */
  scale?: [number, number];
}

/**
 * How a pairwise reply becomes the first-shown side's score: verdict phrases (the pattern
 * matched last wins: 1, 0 or ½), or per-side score patterns (A's share of the summed scores).
 */
export type PairwiseParse = (
  | { a: string; b: string; tie?: string }
  | {
      /** A pattern whose first group is A's score on one dimension (matched as often as it occurs). */
      scoreA: string;
      scoreB: string;
    }
) & {
  flags?: string;
  /** Read only inside `<tag>…</tag>` (UnifiedReward-Think's `<answer>`); no tag → unparseable. */
  tag?: string;
};

/**
 * How a rank-all reply becomes one value per response: a `ranking` pattern whose first group
 * lists the response numbers best first (the last match counts), or a `score` pattern with two
 * groups (response number, score) matched once per response, mapped from `scale` when given.
 */
export type RankParse = ({ ranking: string } | { score: string; scale?: [number, number] }) & {
  flags?: string;
};

/** A shipped template. */
export interface JudgeTemplate {
  name: string;
  kind: "pointwise" | "pairwise" | "logprob" | "critique" | "caption-qa" | "rank" | "checklist";
  description: string;
  /** Paper, arXiv id and the released file the wording and output contract come from. */
  source: string;
  text: string;
  parse?: PointwiseParse | PairwiseParse | RankParse;
  /** For `logprob` templates: label → value. */
  labels?: Record<string, number>;
  /** Sampling defaults of the released code. */
  maxTokens?: number;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

/**
 * The placeholders a template uses.
 * @example
 * templatePlaceholders("Q: {{prompt}} A: {{ completion }}"); // ["prompt", "completion"]
 */
export function templatePlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Fills placeholders in one pass; a placeholder without a value becomes the empty string
 * (templates are checked against the allowed placeholders when the reward is built).
 * @example
 * renderTemplate("Caption: [{{prompt}}]", { prompt: "a red cube" }); // "Caption: [a red cube]"
 */
export function renderTemplate(text: string, values: Readonly<Record<string, string | undefined>>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => values[name] ?? "");
}

/**
 * A template split once into its text and placeholders, for rendering many times: the same
 * output as {@link renderTemplate} (one pass, a missing value is the empty string) without a
 * regular-expression scan per call.
 * @example
 * const render = compileTemplate("Caption: [{{prompt}}]");
 * render({ prompt: "a red cube" }); // "Caption: [a red cube]"
 */
export function compileTemplate(
  text: string,
): (values: Readonly<Record<string, string | undefined>>) => string {
  // split() with a capture group alternates literal text and placeholder names.
  const parts = text.split(new RegExp(PLACEHOLDER.source));
  const literals = parts.filter((_, i) => i % 2 === 0);
  const names = parts.filter((_, i) => i % 2 === 1);
  if (names.length === 0) return () => text;
  return (values) => {
    let out = literals[0]!;
    for (let i = 0; i < names.length; i++) out += (values[names[i]!] ?? "") + literals[i + 1]!;
    return out;
  };
}
