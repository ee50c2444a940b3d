import { describe, expect, it } from "vitest";
import { malformedCompletions, seededRandom } from "../../../test/support/fuzz.js";
import { expectLinearTime, repeatTo } from "../../../test/support/linear-time.js";
import { isGuiG2IntegerBox, parseGuiG2Box } from "./gui-g2-parse.js";

// The released Python patterns translated to JavaScript with Python's character classes:
// \d → \p{Nd}; \s → the str.isspace() set. Used only here, on short inputs, as the oracle.
const S = String.raw`[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]`;
const D = String.raw`\p{Nd}`;
const GROUP = String.raw`(${S}*-?${D}*\.?${D}+${S}*)`;
const BOX_REGEX = new RegExp(String.raw`\[${GROUP},${S}*${GROUP},${S}*${GROUP},${S}*${GROUP}\]`, "u");
const FORMAT_REGEX = new RegExp(
  String.raw`^\[${S}*${D}+${S}*,${S}*${D}+${S}*,${S}*${D}+${S}*,${S}*${D}+${S}*\]$`,
  "u",
);

function regexBox(text: string): string {
  const answer = text.split("assistant\n").at(-1)!;
  const m = BOX_REGEX.exec(answer);
  if (!m) return "no_box";
  // float() rejects \x1c–\x1f inside a group.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters float() rejects.
  if (m.slice(1).some((g) => /[\x1c-\x1f]/.test(g))) return "unconvertible_box";
  const toAscii = (g: string) =>
    g.trim().replace(/\p{Nd}/gu, (d) => String(Number.parseInt(d.normalize("NFKD"), 10) || digitValue(d)));
  return JSON.stringify(m.slice(1).map((g) => Number(toAscii(g))));
}

function digitValue(d: string): number {
  let cp = d.codePointAt(0)!;
  let v = 0;
  while (/\p{Nd}/u.test(String.fromCodePoint(cp - 1)) && v < 60) {
    cp--;
    v++;
  }
  return v % 10;
}

function scannerBox(text: string): string {
  const r = parseGuiG2Box(text);
  return typeof r === "string" ? r : JSON.stringify(r);
}

function boxLike(rnd: () => number): string {
  const pieces = [
    "[",
    "]",
    ",",
    " ",
    "-",
    ".",
    "1",
    "23",
    "4.5",
    ".7",
    "\x1c",
    "\u3000",
    "\n",
    "١",
    "a",
    "assistant\n",
    "𝟏",
  ];
  let s = "";
  const n = 1 + Math.floor(rnd() * 20);
  for (let i = 0; i < n; i++) s += pieces[Math.floor(rnd() * pieces.length)];
  return s;
}

describe("GUI-G² scanners equal the released regexes", () => {
  it("parseGuiG2Box agrees with re.search on 30,000 fuzz and box-like inputs", () => {
    const rnd = seededRandom(5);
    const inputs = [
      ...malformedCompletions(10_000, 3, 0),
      ...Array.from({ length: 20_000 }, () => boxLike(rnd)),
    ];
    let disagreements = 0;
    for (const text of inputs) if (scannerBox(text) !== regexBox(text)) disagreements++;
    expect(disagreements).toBe(0);
  });

  it("isGuiG2IntegerBox agrees with re.fullmatch on the same inputs", () => {
    const rnd = seededRandom(6);
    const inputs = [
      ...malformedCompletions(10_000, 4, 0),
      ...Array.from({ length: 20_000 }, () => boxLike(rnd)),
    ];
    for (const text of inputs) {
      expect(isGuiG2IntegerBox(text)).toBe(FORMAT_REGEX.test(text.split("assistant\n").at(-1)!));
    }
  });

  it("parses the documented shapes", () => {
    expect(parseGuiG2Box("[1130,20,1210,50]")).toEqual([1130, 20, 1210, 50]);
    expect(parseGuiG2Box("[ -1.5, .5, 3 ,4 ]")).toEqual([-1.5, 0.5, 3, 4]);
    expect(parseGuiG2Box("[1.,2,3,4] then [5,6,7,8]")).toEqual([5, 6, 7, 8]);
    expect(parseGuiG2Box("[1e3,2,3,4]")).toBe("no_box");
    expect(parseGuiG2Box("[12345678901234567890.5,2,3,4]")).toEqual([
      Number("12345678901234567890.5"),
      2,
      3,
      4,
    ]);
  });

  it("stays linear on 1 MB inputs", () => {
    for (const unit of ["[", "[1,", "[1,2,3,", "9", " ", "[ 1 , ", "assistant\n"]) {
      expectLinearTime(
        (n) => repeatTo(unit, n),
        (text) => {
          parseGuiG2Box(text);
          isGuiG2IntegerBox(text);
        },
        { label: JSON.stringify(unit) },
      );
    }
  });
});
