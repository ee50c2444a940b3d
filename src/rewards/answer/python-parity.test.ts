/**
 * Parity with CPython 3.11: verdicts of the released regexes and of VLM-R1's `extract_choice` /
 * `clean_text` (re-typed from the reference into a standalone harness), recorded on random
 * fragment strings. A one-off run over 20,000 such strings agreed on every row; 500 are kept here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createContext } from "../../core/index.js";
import { extractChoice } from "../choice/extract-choice.js";
import { thinkAnswerFormat } from "../format/think-answer.js";
import {
  matchesOpenR1Format,
  matchesThinkAnswer,
  matchesTrlThinkFormat,
} from "../format/think-answer-match.js";
import { cleanText } from "./clean-text.js";

interface Row {
  s: string;
  full: boolean;
  tw: boolean;
  or1: boolean;
  trl: boolean;
  choice: string | null;
  clean: string;
}
const { rows } = JSON.parse(
  readFileSync(new URL("./python-verdicts.fixture.json", import.meta.url), "utf8"),
) as { rows: Row[] };
const twFormat = thinkAnswerFormat({
  mode: "search",
  trailing: "whitespace-bang",
  strip: true,
  uniqueTags: true,
});

describe("parity with CPython re on recorded inputs", () => {
  it("has the recorded rows", () => expect(rows.length).toBe(500));
  it.each([
    ["re.fullmatch R1 format", (r: Row) => matchesThinkAnswer(r.s, "fullmatch", "none") === r.full],
    [
      "TW-GRPO format",
      (r: Row) => (twFormat.score!({ completion: r.s }, createContext().ctx) === 1) === r.tw,
    ],
    ["open-r1 format", (r: Row) => matchesOpenR1Format(r.s) === r.or1],
    ["TRL think format", (r: Row) => matchesTrlThinkFormat(r.s) === r.trl],
    ["VLM-R1 extract_choice", (r: Row) => extractChoice(r.s) === r.choice],
    ["VLM-R1 clean_text", (r: Row) => cleanText(r.s) === r.clean],
  ] as const)("%s", (_, agrees) => {
    const disagreements = rows.filter((r) => !agrees(r)).map((r) => r.s);
    expect(disagreements).toEqual([]);
  });
});
