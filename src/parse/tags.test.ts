import { describe, expect, it } from "vitest";
import { expectLinearTime, repeatTo } from "../../test/support/linear-time.js";
import { countOccurrences, extractTag, findTagged } from "./tags.js";

// [text, re.search no DOTALL, re.search DOTALL, findall[-1] no DOTALL, findall[-1] DOTALL],
// computed with CPython 3.11's `re` on the pattern <answer>(.*?)</answer>.
const PYTHON_CASES: Array<[string, string | null, string | null, string | null, string | null]> = [
  ["<answer>A</answer>", "A", "A", "A", "A"],
  ["<think>x</think><answer> B </answer>", " B ", " B ", " B ", " B "],
  ["<answer>1\n2</answer>", null, "1\n2", null, "1\n2"],
  ["<answer>1\n</answer><answer>2</answer>", "2", "1\n", "2", "2"],
  ["<answer>a<answer>b</answer>", "a<answer>b", "a<answer>b", "a<answer>b", "a<answer>b"],
  ["<answer>a</answer><answer>b</answer><answer>c", "a", "a", "b", "b"],
  ["no tags", null, null, null, null],
  ["<answer></answer>", "", "", "", ""],
  ["</answer><answer>x</answer>", "x", "x", "x", "x"],
  ["<answer>x\n<answer>y</answer>", "y", "x\n<answer>y", "y", "x\n<answer>y"],
  ["<answer>\n</answer>", null, "\n", null, "\n"],
  ["<answer>p</answer>\n<answer>q\nr</answer>", "p", "p", "p", "q\nr"],
];

describe("extractTag matches Python re.search / re.findall", () => {
  it.each(PYTHON_CASES)("%j", (text, first, firstDotall, last, lastDotall) => {
    expect(extractTag(text, { dotall: false })).toBe(first);
    expect(extractTag(text)).toBe(firstDotall);
    expect(extractTag(text, { occurrence: "last", dotall: false })).toBe(last);
    expect(extractTag(text, { occurrence: "last" })).toBe(lastDotall);
  });

  it("reads other tags", () => {
    expect(extractTag("<think>why</think><answer>B</answer>", { tag: "think" })).toBe("why");
  });

  it("agrees with an equivalent JS regex on random tag soup", () => {
    const parts = ["<answer>", "</answer>", "a", "\n", " "];
    let seed = 3;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 0; n < 2000; n++) {
      let text = "";
      for (let i = 0; i < 8; i++) text += parts[Math.floor(rnd() * parts.length)];
      // JS `.` excludes \r, \u2028, \u2029 too, but none occur here, so it behaves as Python's.
      const noDot = [...text.matchAll(/<answer>(.*?)<\/answer>/g)].map((m) => m[1]);
      const dot = [...text.matchAll(/<answer>([\s\S]*?)<\/answer>/g)].map((m) => m[1]);
      expect(findTagged(text, "<answer>", "</answer>", false).map((s) => s.content)).toEqual(noDot);
      expect(findTagged(text, "<answer>", "</answer>", true).map((s) => s.content)).toEqual(dot);
    }
  });

  it("stays linear on 1 MB adversarial inputs", () => {
    const inputs: Array<(size: number) => string> = [
      (n) => repeatTo("<answer>", n),
      (n) => `${repeatTo("<answer>a\n", n)}</answer>`,
      (n) => `${repeatTo("<answer>", n / 3)}${"\n".repeat(Math.ceil(n / 5))}</answer>`,
      (n) => repeatTo("</answer>", n),
    ];
    for (const build of inputs) {
      expectLinearTime(build, (text) => {
        extractTag(text, { dotall: false });
        extractTag(text, { occurrence: "last", dotall: false });
        extractTag(text, { occurrence: "last" });
      });
    }
  });
});

describe("countOccurrences", () => {
  it("counts non-overlapping occurrences like str.count", () => {
    expect(countOccurrences("<think><think>x", "<think>")).toBe(2);
    expect(countOccurrences("aaaa", "aa")).toBe(2);
    expect(countOccurrences("", "a")).toBe(0);
  });
});
