/**
 * The link from answer rewards to math equivalence (`src/rewards/math/`, built separately): a
 * synchronous `isMathEquivalent(gold, pred)` looked up at run time, so these rewards work
 * whether or not the math module exports it yet.
 * @module
 */
import type { Sample, ScoreContext } from "../../core/index.js";
import * as mathModule from "../math/index.js";
import { pythonStrip } from "../text/python-text.js";

/** A math verdict: equivalent or not, the gold answer could not be parsed, or undecided. */
export type MathVerdict = boolean | "unparseable" | null;

type MathCheck = (gold: string, prediction: string) => unknown;

function resolveMathCheck(): MathCheck | null {
  const candidate = (mathModule as unknown as Record<string, unknown>).isMathEquivalent;
  return typeof candidate === "function" ? (candidate as MathCheck) : null;
}

function readVerdict(raw: unknown): MathVerdict {
  if (typeof raw === "boolean") return raw;
  if (typeof raw === "number") return Number.isFinite(raw) ? raw > 0 : null;
  if (raw && typeof raw === "object") {
    const record = raw as Record<string, unknown>;
    if (
      record.goldParsed === false ||
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
 * Whether `prediction` is mathematically equivalent to `gold`, via `isMathEquivalent` from the
 * math module. Until that module exports it, the fallback is string equality after stripping
 * whitespace and `$` delimiters. A thrown error is `null` (undecided).
 * @example
 * mathEquivalent("\\frac{1}{2}", "0.5"); // true with the math module
 */
export function mathEquivalent(gold: string, prediction: string): MathVerdict {
  const check = resolveMathCheck();
  if (!check) {
    const clean = (s: string): string => pythonStrip(pythonStrip(s).replace(MATH_DELIMITERS, ""));
    return clean(gold) === clean(prediction);
  }
  try {
    return readVerdict(check(gold, prediction));
  } catch {
    return null;
  }
}

/**
 * Math correctness of a sample's completion against its string reference, for rewards that
 * need correctness (cosine length): `null` with an issue when the reference is missing or the
 * check is undecided.
 * @example
 * checkMath({ completion: "\\boxed{2}", reference: "2" }, ctx); // true
 */
export function checkMath(sample: Sample, ctx: ScoreContext): MathVerdict {
  if (typeof sample.reference !== "string") {
    ctx.report(
      sample.reference == null ? "reference_missing" : "reference_unparseable",
      "math correctness needs a string reference",
    );
    return null;
  }
  const verdict = mathEquivalent(sample.reference, sample.completion);
  if (verdict === "unparseable")
    ctx.report("reference_unparseable", "the gold answer could not be parsed as math");
  else if (verdict === null) ctx.report("unparseable_answer", "math equivalence was undecided");
  return verdict;
}
