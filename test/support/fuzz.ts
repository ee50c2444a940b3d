/**
 * Deterministic generators of random and malformed completions for fuzz tests: random bytes,
 * unbalanced and duplicated tags, megabyte strings, NaN/Infinity/1e308 inside boxes, broken JSON.
 * @module
 */

import { seededRandom } from "../../src/core/random.js";

export { seededRandom };

const WEIRD_NUMBERS = [
  "NaN",
  "Infinity",
  "-Infinity",
  "1e308",
  "1e309",
  "-1e308",
  "1e-320",
  "0",
  "-0",
  "00012",
  "1.",
  ".5",
  "-",
  "1e",
  "9".repeat(400),
];
const FRAGMENTS = [
  "<think>",
  "</think>",
  "<answer>",
  "</answer>",
  "[",
  "]",
  "{",
  "}",
  "(",
  ")",
  ",",
  "```json\n",
  "\n```",
  "```",
  '"bbox_2d":',
  "'Position':",
  '"label": "cat"',
  "'Confidence': 0.9",
  "<|box_start|>",
  "<|box_end|>",
  "<|point_start|>",
  "<|point_end|>",
  "\\boxed{",
  "\\frac{1}{2}",
  "$",
  "A",
  "B, C",
  "yes",
  "no",
  " ",
  "\n",
  "assistant\n",
  "null",
  "true",
  "\u0000",
  "\uffff",
  "\ud800",
  "é",
  "数",
  "😀",
];

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

function num(rnd: () => number): string {
  const r = rnd();
  if (r < 0.3) return pick(rnd, WEIRD_NUMBERS);
  if (r < 0.6) return String(Math.floor(rnd() * 2000) - 500);
  return (rnd() * 2000 - 500).toFixed(Math.floor(rnd() * 4));
}

/**
 * The units whose ~1 MB repetitions {@link malformedCompletions} mixes in (the adversarial
 * inputs of the linear-time checks).
 * @example
 * HUGE_UNITS.map((unit) => unit.repeat(1000));
 */
export const HUGE_UNITS: readonly string[] = [
  "<answer>",
  "[1,",
  "(",
  "{",
  "9",
  " ",
  "<think>a",
  "\\frac{",
  "A,",
  "</answer>",
];

function box(rnd: () => number): string {
  const sep = pick(rnd, [",", ", ", " ,", ",\n"]);
  const n = rnd() < 0.85 ? 4 : Math.floor(rnd() * 7);
  return `[${Array.from({ length: n }, () => num(rnd)).join(sep)}]`;
}

function randomBytes(rnd: () => number, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += String.fromCharCode(Math.floor(rnd() * 0x3000));
  return s;
}

/**
 * `count` completions mixing well-formed-looking and malformed outputs. Every 1000th one is a
 * ~1 MB string (configurable with `hugeEvery`; 0 disables).
 * @example
 * for (const c of malformedCompletions(10_000, 42)) reward.score({ completion: c, reference }, ctx);
 */
export function malformedCompletions(count: number, seed = 1, hugeEvery = 1000): string[] {
  const rnd = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (hugeEvery && i % hugeEvery === hugeEvery - 1) {
      const unit = pick(rnd, HUGE_UNITS);
      out.push(unit.repeat(Math.ceil(1_000_000 / unit.length)));
      continue;
    }
    const kind = rnd();
    if (kind < 0.15) out.push(randomBytes(rnd, Math.floor(rnd() * 200)));
    else if (kind < 0.45) {
      let s = "";
      const parts = 1 + Math.floor(rnd() * 12);
      for (let p = 0; p < parts; p++) s += rnd() < 0.3 ? box(rnd) : pick(rnd, FRAGMENTS);
      out.push(s);
    } else if (kind < 0.7) {
      out.push(`<think>${randomBytes(rnd, 20)}</think><answer>${box(rnd)}</answer>`);
    } else if (kind < 0.85) {
      const items = Array.from(
        { length: Math.floor(rnd() * 4) },
        () => `{'Position': ${box(rnd)}, 'Confidence': ${num(rnd)}}`,
      );
      const body = `[${items.join(", ")}`;
      out.push(`<answer>${rnd() < 0.5 ? `${body}]` : body}</answer>`);
    } else {
      out.push(`\`\`\`json\n[{"bbox_2d": ${box(rnd)}, "label": "${pick(rnd, FRAGMENTS)}"}]\n\`\`\``);
    }
  }
  return out;
}

/** References of assorted shapes (valid and broken) for fuzzing the reference side. */
export function malformedReferences(count: number, seed = 2): unknown[] {
  const rnd = seededRandom(seed);
  const shapes: Array<() => unknown> = [
    () => [10, 20, 110, 220],
    () => [0, 0, 0, 0],
    () => "<answer> [10,20,110,220] </answer>",
    () => "<answer>[{'Position': [10, 20, 110, 220], 'Confidence': 1}]</answer>",
    () => null,
    () => undefined,
    () => 42,
    () => ({ bbox_2d: [1, 2] }),
    () => randomBytes(rnd, 30),
    () => "A,C",
    () => [Number.NaN, 1, 2, 3],
  ];
  return Array.from({ length: count }, () => pick(rnd, shapes)());
}
