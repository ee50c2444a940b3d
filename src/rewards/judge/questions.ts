/**
 * Multiple-choice questions of caption-QA rewards (CapRL): reading them from sample data,
 * drawing and shuffling them (seeded), rendering the question block the way CapRL's reward
 * server lays it out, and reading the letter of a reply. Pure.
 * @module
 */
import { seededRandom } from "../../core/index.js";

/** One question with its options; `answer` indexes `options`, or is -1 for "cannot answer". */
export interface ChoiceQuestion {
  question: string;
  options: string[];
  answer: number;
}

/** CapRL's extra option, added after the (shuffled) options. */
export const CANNOT_ANSWER = "Can not answer based on the caption";

const LETTERS = "ABCDEFGHI";
/** At most 8 options, so that with the extra option every label is one of A–I. */
const MAX_OPTIONS = 8;
// CapRL's option line, "   - B) text" (the line is trimmed first).
const OPTION_LINE = /^-\s*([A-H])\)\s*(\S.*)$/;
const LETTER_ANSWER = /^\(?([A-I])\)?\.?$/i;
// A choice that carries its own label, "B) text" (CapRL++ keeps such labels).
const LABELLED_CHOICE = /^[A-H]\)\s*/i;

const isCannot = (text: string) =>
  text.trim().replace(LABELLED_CHOICE, "").toLowerCase() === CANNOT_ANSWER.toLowerCase();

function resolveAnswer(
  answer: unknown,
  labels: readonly string[],
  options: readonly string[],
  cannotLabel: string | undefined,
): number | string {
  if (typeof answer === "number") {
    if (Number.isInteger(answer) && answer >= 0 && answer < options.length) return answer;
    return `answer index ${answer} is not one of the ${options.length} options`;
  }
  if (typeof answer !== "string" || !answer.trim()) return "answer must be an option letter, index or text";
  const letter = LETTER_ANSWER.exec(answer.trim())?.[1]?.toUpperCase();
  if (letter !== undefined) {
    if (letter === cannotLabel) return -1;
    const at = labels.indexOf(letter);
    return at >= 0 ? at : `answer ${letter} is not an option letter (${labels.join(", ")})`;
  }
  if (isCannot(answer)) return -1;
  const at = options.findIndex((o) => o.trim() === answer.trim());
  return at >= 0 ? at : `answer "${answer.slice(0, 40)}" is neither an option letter nor an option's text`;
}

function readOne(item: unknown, i: number): ChoiceQuestion | string {
  if (Array.isArray(item)) {
    // CapRL's reward-server pairs: [question text with its option lines, answer letter].
    if (item.length !== 2) return `questions[${i}] is a list but not a [question, answer] pair`;
    return readOne({ question: item[0], answer: item[1] }, i);
  }
  if (!item || typeof item !== "object") return `questions[${i}] is not an object`;
  const fields = item as Record<string, unknown>;
  const { question, answer } = fields;
  const options = fields.options ?? fields.choices;
  if (typeof question !== "string" || !question.trim()) return `questions[${i}].question must be text`;
  let text = question.trim();
  let opts: string[];
  let labels: string[];
  let cannotLabel: string | undefined;
  if (options === undefined) {
    // CapRL's own format: the question line, then "- A) …" lines (its "cannot answer" line is dropped).
    const lines = text.split("\n").filter((l) => l.trim().length > 0);
    text = lines[0]!.trim();
    opts = [];
    labels = [];
    for (const line of lines.slice(1)) {
      const m = OPTION_LINE.exec(line.trim());
      if (!m)
        return `questions[${i}].question: "${line.trim().slice(0, 40)}" is not an option line "- X) text"`;
      if (isCannot(m[2]!)) {
        cannotLabel = m[1]!;
        continue;
      }
      labels.push(m[1]!);
      opts.push(m[2]!.trim());
    }
  } else {
    if (!Array.isArray(options) || options.some((o) => typeof o !== "string" || !o.trim()))
      return `questions[${i}].options (or choices) must be a list of texts`;
    const list = options as string[];
    const cannotAt = list.findIndex(isCannot);
    if (cannotAt >= 0) cannotLabel = LETTERS[cannotAt];
    labels = [];
    opts = [];
    list.forEach((o, k) => {
      if (k === cannotAt) return;
      labels.push(LETTERS[k]!);
      opts.push(o.trim().replace(LABELLED_CHOICE, ""));
    });
    if (typeof answer === "number" && cannotAt >= 0 && Number.isInteger(answer) && answer >= cannotAt) {
      // An index counts in the list as given, "cannot answer" included.
      if (opts.length < 2 || opts.length > MAX_OPTIONS)
        return `questions[${i}] has ${opts.length} options (2 to ${MAX_OPTIONS} besides "${CANNOT_ANSWER}")`;
      if (answer === cannotAt) return { question: text, options: opts, answer: -1 };
      if (answer - 1 < opts.length) return { question: text, options: opts, answer: answer - 1 };
    }
  }
  if (opts.length < 2 || opts.length > MAX_OPTIONS)
    return `questions[${i}] has ${opts.length} options (2 to ${MAX_OPTIONS} besides "${CANNOT_ANSWER}")`;
  const resolved = resolveAnswer(answer, labels, opts, cannotLabel);
  if (typeof resolved === "string") return `questions[${i}]: ${resolved}`;
  return { question: text, options: opts, answer: resolved };
}

/**
 * Reads a list of `{question, options?, answer}`: `options` (or CapRL++'s `choices`) a list of
 * texts, labelled A, B, … in order (a leading `B) ` label is dropped), and `answer` a letter (any
 * case), a 0-based index or an option's text; without `options`, the question text holds CapRL's
 * option lines (`- A) …`), also as CapRL's `[question, answer]` pairs. A "Can not answer based on
 * the caption" option is taken out (the reward adds its own). A JSON string is parsed first.
 * @example
 * readQuestions([{ question: "Color?", options: ["red", "blue"], answer: "B" }]);
 * // { ok: true, questions: [{ question: "Color?", options: ["red", "blue"], answer: 1 }] }
 */
export function readQuestions(
  value: unknown,
): { ok: true; questions: ChoiceQuestion[] } | { ok: false; message: string } {
  let data = value;
  if (typeof value === "string") {
    try {
      data = JSON.parse(value);
    } catch {
      return { ok: false, message: "not a JSON list of questions" };
    }
  }
  if (!Array.isArray(data) || data.length === 0)
    return { ok: false, message: "expected a non-empty list of {question, options, answer}" };
  const questions: ChoiceQuestion[] = [];
  for (let i = 0; i < data.length; i++) {
    const q = readOne(data[i], i);
    if (typeof q === "string") return { ok: false, message: q };
    questions.push(q);
  }
  return { ok: true, questions };
}

/** One question to ask: which question, and the order its options are shown in. */
export interface Draw {
  question: number;
  order: number[];
}

/**
 * 32-bit FNV-1a of a string (a seed from content).
 * @example
 * fnv1a("a"); // 3826002220
 */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The questions to ask: `draws` picks with replacement (CapRL's `random.choice`, `qa_num`
 * times), or `"all"` asks each once; with `shuffle` each draw gets its own option order.
 * Seeded, so the same questions and seed give the same plan.
 * @example
 * drawQuestions([{ question: "q", options: ["a", "b"], answer: 0 }], "all", false, 1);
 * // [{ question: 0, order: [0, 1] }]
 */
export function drawQuestions(
  questions: readonly ChoiceQuestion[],
  draws: number | "all",
  shuffle: boolean,
  seed: number,
): Draw[] {
  const rnd = seededRandom(seed);
  const picks =
    draws === "all"
      ? questions.map((_, i) => i)
      : Array.from({ length: draws }, () => Math.floor(rnd() * questions.length));
  return picks.map((question) => {
    const order = questions[question]!.options.map((_, k) => k);
    if (shuffle) {
      for (let k = order.length - 1; k > 0; k--) {
        const j = Math.floor(rnd() * (k + 1));
        [order[k], order[j]] = [order[j]!, order[k]!];
      }
    }
    return { question, order };
  });
}

/**
 * The question block as CapRL lays it out: the question line, `   - A) …` per option in the
 * drawn order, then (with `cannotAnswer`) the "Can not answer based on the caption" option,
 * labelled F as in CapRL's code (or the next letter after more than five options); and the
 * letter of the right answer.
 * @example
 * renderQuestion({ question: "Color?", options: ["red", "blue"], answer: 1 }, [1, 0], true);
 * // { text: "Color?\n   - A) blue\n   - B) red\n   - F) Can not answer based on the caption", answer: "A" }
 */
export function renderQuestion(
  q: ChoiceQuestion,
  order: readonly number[],
  cannotAnswer: boolean,
): { text: string; answer: string | undefined } {
  const lines = [q.question, ...order.map((k, i) => `   - ${LETTERS[i]}) ${q.options[k]}`)];
  const cannotLetter = q.options.length <= 5 ? "F" : LETTERS[q.options.length]!;
  if (cannotAnswer) lines.push(`   - ${cannotLetter}) ${CANNOT_ANSWER}`);
  const answer =
    q.answer === -1 ? (cannotAnswer ? cannotLetter : undefined) : LETTERS[order.indexOf(q.answer)];
  return { text: lines.join("\n"), answer };
}

const FIRST_LETTER = /[A-I]/;
const ANSWER_IS = /answer is\s*:?\s*\(?([A-I])\b/i;

/**
 * The letter a reply chose: `first-letter` is CapRL's rule (the first capital A–I anywhere in the
 * reply); `answer-is` needs "The answer is X". `undefined` when there is none.
 * @example
 * replyLetter(" C.", "first-letter"); // "C"
 * replyLetter("I think B", "answer-is"); // undefined
 */
export function replyLetter(reply: string, mode: "first-letter" | "answer-is"): string | undefined {
  if (mode === "first-letter") return FIRST_LETTER.exec(reply)?.[0];
  return ANSWER_IS.exec(reply)?.[1]?.toUpperCase();
}
