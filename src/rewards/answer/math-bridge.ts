/**
 * The link from answer rewards to math equivalence (`src/rewards/math/`, built separately): a
 * synchronous `isMathEquivalent(gold, pred)` looked up at run time, so these rewards work
 * whether or not the math module exports it yet.
 * @module
 */
import type { Sample, ScoreContext } from "../../core/index.js";
import { pythonStrip } from "../../parse/python/index.js";
import * as mathModule from "../math/index.js";

/** A math verdict: equivalent or not, the gold answer could not be parsed, or undecided. */
export type MathVerdict = boolean | "unparseable" | null;

type MathCheck = (gold: string, prediction: string, options?: Record<string, unknown>) => unknown;

/** Extraction settings: math-verify's `parse` defaults, or TRL / open-r1 `accuracy_reward`'s. */
export type MathProfile = "math-verify" | "trl";

const PROFILE_OPTIONS: Record<MathProfile, Record<string, unknown>> = {
  "math-verify": {},
  trl: {
    gold: { mode: "first_match" },
    pred: { boxedPriority: 0, withoutAnchor: false, mode: "first_match" },
  },
};

function resolveMathCheck(): MathCheck | null {
  const exports = mathModule as unknown as Record<string, unknown>;
  // `checkMath` tells an unparseable gold answer apart; `isMathEquivalent` is the plain boolean.
  const candidate = exports.checkMath ?? exports.isMathEquivalent;
  return typeof candidate === "function" ? (candidate as MathCheck) : null;
}

function readVerdict(raw: unknown): MathVerdict {
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "number") return Number.isFinite(raw) ? raw > 0 : null;
  if (raw && typeof raw === "object") {
    const record = raw as Record<string, unknown>;
    if (
      record.goldParsed === false ||
      record.reason === "gold_unparseable" ||
      record.reason === "reference_unparseable" ||
      record.code === "reference_unparseable"
    ) {
      return "unparseable";
    }
    for (const key of ["equivalent", "verdict", "value", "correct"]) {
      const value = record[key];
      if (typeof value === "boolean") return value;
      if (value === null) return null;
    }
  }
  return null;
}

const MATH_DELIMITERS = /^\$+|\$+$/g;

/**
 * Whether `prediction` is mathematically equivalent to `gold`, via `checkMath` (else
 * `isMathEquivalent`) from the math module, with math-verify's default extraction or TRL /
 * open-r1's (`profile: "trl"`: first match, no boxed priority, no anchor-free extraction).
 * `"unparseable"` when the gold answer has no extractable answer; `null` when undecided (step
 * budget exhausted, or the check threw). Without the math module the fallback is string
 * equality after stripping whitespace and `$` delimiters.
 * @example
 * mathEquivalent("\\frac{1}{2}", "0.5"); // true with the math module
 */
export function mathEquivalent(
  gold: string,
  prediction: string,
  profile: MathProfile = "math-verify",
): MathVerdict {
  const check = resolveMathCheck();
  if (!check) {
    const clean = (s: string): string => pythonStrip(pythonStrip(s).replace(MATH_DELIMITERS, ""));
    return clean(gold) === clean(prediction);
  }
  try {
    return readVerdict(check(gold, prediction, PROFILE_OPTIONS[profile]));
  } catch {
    return null;
  }
}

/**
 * Math correctness of a sample's completion against its string reference, for rewards that
 * need correctness (cosine length): `null` with an issue when the reference is missing or the
 * check is undecided.
 * @example
 * sampleMathVerdict({ completion: "\\boxed{2}", reference: "2" }, ctx); // true
 */
export function sampleMathVerdict(
  sample: Sample,
  ctx: ScoreContext,
  profile: MathProfile = "trl",
): MathVerdict {
  if (typeof sample.reference !== "string") {
    ctx.report(
      sample.reference == null ? "reference_missing" : "reference_unparseable",
      "math correctness needs a string reference",
    );
    return null;
  }
  const verdict = mathEquivalent(sample.reference, sample.completion, profile);
  if (verdict === "unparseable")
    ctx.report("reference_unparseable", "the gold answer could not be parsed as math");
  else if (verdict === null) ctx.report("unparseable_answer", "math equivalence was undecided");
  return verdict;
}
