import { describe, expect, it } from "vitest";
import { isPythonSpace, PYTHON_SPACE_CLASS, pythonStrip, skipPythonSpace } from "./whitespace.js";

// CPython 3.11: [c for c in range(0x3001) if chr(c).isspace()].
const PYTHON_SPACES = [
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002,
  0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
];

describe("Python whitespace", () => {
  it("isPythonSpace and PYTHON_SPACE_CLASS hold exactly str.isspace()'s set", () => {
    const cls = new RegExp(`^[${PYTHON_SPACE_CLASS}]$`);
    for (let c = 0; c <= 0x3000; c++) {
      const expected = PYTHON_SPACES.includes(c);
      expect(isPythonSpace(c), `U+${c.toString(16)}`).toBe(expected);
      expect(cls.test(String.fromCharCode(c)), `class U+${c.toString(16)}`).toBe(expected);
    }
    expect(isPythonSpace(0xfeff)).toBe(false);
  });

  it("strips and skips like Python", () => {
    expect(pythonStrip("\u0085 a b \x1c")).toBe("a b");
    expect(pythonStrip("\ufeffa")).toBe("\ufeffa");
    expect(pythonStrip(" \t ")).toBe("");
    expect(pythonStrip("x")).toBe("x");
    expect(skipPythonSpace(" \u3000x", 0)).toBe(2);
    expect(skipPythonSpace("ab", 2)).toBe(2);
  });
});
