/**
 * Precomputed judge verdicts, parsed exactly as each benchmark's script does.
 *
 * GenAI-Bench (`TIGER-AI-Lab/GenAI-Bench@f0b0334: inference.py` L147–174): the verdict is
 * `re.search(r"\[\[.*\]\]", response)`: the first line holding `[[` … `]]`, from its first `[[` to
 * its last `]]` (greedy, one line, Python's `.` matches everything but `\n`). No match is wrong;
 * there is no random fallback. Done with index scans, not a backtracking regex.
 *
 * Multimodal RewardBench (`facebookresearch/multimodal_rewardbench@b4b92cd:
 * scripts/2_get_accuracy.py`): `[[A]]` anywhere, else `[[B]]`, else a random guess from Python's
 * `random.random() < 0.5` after `random.seed(123)`, reproduced with {@link PythonRandom}.
 * @module
 */
import type { PairLabel } from "../types.js";

/**
 * GenAI-Bench's verdict: the greedy first `[[...]]` match of one line, or null.
 * @example
 * genaiBenchVerdict("Overall: [[A>B]]"); // "[[A>B]]"
 * genaiBenchVerdict("[[Model A is better: [[A>B]] ]]"); // "[[Model A is better: [[A>B]] ]]"
 * genaiBenchVerdict("no verdict"); // null
 */
export function genaiBenchVerdict(response: string): string | null {
  let start = 0;
  while (start <= response.length) {
    let end = response.indexOf("\n", start);
    if (end < 0) end = response.length;
    const open = response.indexOf("[[", start);
    if (open < 0) return null;
    if (open < end) {
      const close = response.lastIndexOf("]]", end - 2);
      if (close >= open + 2) return response.slice(open, close + 2);
    }
    start = end + 1;
  }
  return null;
}

const GENAI_ACCEPTED: Record<PairLabel, readonly string[]> = {
  A: ["[[A>B]]", "[[A>>B]]"],
  B: ["[[B>A]]", "[[B>>A]]"],
  tie: ["[[A=B]]", "[[A=B=Good]]"],
  bothbad: ["[[A=B]]", "[[A=B=Bad]]"],
};

/**
 * Whether a GenAI-Bench verdict matches the human vote (4-way: ties and both-bad are classes).
 * @example
 * genaiBenchCorrect("[[A=B]]", "bothbad"); // true
 * genaiBenchCorrect(null, "A"); // false
 */
export function genaiBenchCorrect(verdict: string | null, label: PairLabel): boolean {
  return verdict !== null && GENAI_ACCEPTED[label].includes(verdict);
}

/**
 * Python's `random` module (MT19937 seeded by `init_by_array`, `random()` with 53 bits), so a
 * script's seeded random fallback is reproduced draw for draw.
 * @example
 * new PythonRandom(123).random(); // 0.052363598850944326, as Python's random.seed(123); random.random()
 */
export class PythonRandom {
  readonly #state = new Uint32Array(624);
  #index = 624;

  constructor(seed: number) {
    const mt = this.#state;
    mt[0] = 19650218;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    // init_by_array with the 32-bit words of |seed| (one word for seeds below 2^32).
    const key = [Math.abs(seed) >>> 0];
    let i = 1;
    let j = 0;
    for (let k = Math.max(624, key.length); k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= 624) {
        mt[0] = mt[623]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = 623; k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= 624) {
        mt[0] = mt[623]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  #next(): number {
    const mt = this.#state;
    if (this.#index >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % 624]! & 0x7fffffff);
        mt[k] = (mt[(k + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0;
      }
      this.#index = 0;
    }
    let y = mt[this.#index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A float in [0, 1) exactly as Python's `random.random()`. */
  random(): number {
    const a = this.#next() >>> 5;
    const b = this.#next() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
}

/**
 * Multimodal RewardBench's judgement extraction: "A", "B", or a seeded random guess
 * (`guessed: true`) when neither `[[A]]` nor `[[B]]` occurs.
 * @example
 * const rng = new PythonRandom(123);
 * multimodalRewardBenchVerdict("... [[B]]", rng); // { verdict: "B", guessed: false }
 */
export function multimodalRewardBenchVerdict(
  output: string,
  random: PythonRandom,
): { verdict: "A" | "B"; guessed: boolean } {
  if (output.includes("[[A]]")) return { verdict: "A", guessed: false };
  if (output.includes("[[B]]")) return { verdict: "B", guessed: false };
  return { verdict: random.random() < 0.5 ? "A" : "B", guessed: true };
}
