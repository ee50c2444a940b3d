/**
 * Tokenizer for normalized LaTeX answers. It runs in one linear pass and never backtracks. The
 * command names it knows live in `latex-commands.ts`.
 * @module
 */
import { IGNORED_COMMANDS, KNOWN_COMMANDS } from "./latex-commands.js";

/**
 * A token: a number literal, a single letter, a command (`\frac` → `frac`), raw text or an operator.
 * @example
 * const token: Token = { type: "command", text: "frac" };
 */
export type Token =
  | { type: "number"; text: string }
  | { type: "letter"; text: string }
  | { type: "command"; text: string }
  | { type: "text"; text: string }
  | { type: "begin"; text: string }
  | { type: "end"; text: string }
  | { type: "op"; text: string }
  | { type: "eof"; text: "" };

/**
 * Thrown when an answer cannot be parsed; carries a short reason.
 * @example
 * try {
 *   tokenize("\\foo", 100);
 * } catch (error) {
 *   error instanceof MathParseError; // true; error.message is "unknown command \\foo"
 * }
 */
export class MathParseError extends Error {
  override readonly name = "MathParseError";
}

const UNICODE_TOKENS: Record<string, Token> = {
  π: { type: "command", text: "pi" },
  "∞": { type: "command", text: "infty" },
  "≤": { type: "command", text: "le" },
  "≥": { type: "command", text: "ge" },
  "≠": { type: "command", text: "ne" },
  "≈": { type: "command", text: "approx" },
  "−": { type: "op", text: "-" },
  "–": { type: "op", text: "-" },
  "·": { type: "command", text: "cdot" },
  "×": { type: "command", text: "times" },
  "÷": { type: "command", text: "div" },
  "√": { type: "command", text: "sqrt" },
  "°": { type: "command", text: "circ" },
  "∪": { type: "command", text: "cup" },
  "∩": { type: "command", text: "cap" },
  "±": { type: "command", text: "pm" },
  "∈": { type: "command", text: "in" },
  "∅": { type: "command", text: "emptyset" },
  "²": { type: "op", text: "^2" },
  "³": { type: "op", text: "^3" },
};

const SINGLE_OPS = new Set([
  "+",
  "-",
  "*",
  "/",
  "^",
  "_",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ";",
  "=",
  "<",
  ">",
  "!",
  "|",
  "&",
  ":",
  "'",
  "%",
]);

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Splits an unknown command name into a known command and trailing letters (`quadx` → `quad`, `x`). */
function splitCommand(name: string): [string, string] | null {
  for (let cut = name.length - 1; cut >= 2; cut--) {
    const head = name.slice(0, cut);
    if (KNOWN_COMMANDS.has(head)) return [head, name.slice(cut)];
  }
  return null;
}

/**
 * Reads a balanced `{…}` starting at `open`; returns the inner text and the index after `}`.
 * @example
 * readBraced("\\text{a{b}c} d", 5); // { inner: "a{b}c", end: 12 }
 * readBraced("x{", 1); // null (unbalanced)
 */
export function readBraced(source: string, open: number): { inner: string; end: number } | null {
  if (source[open] !== "{") return null;
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch === "{") depth++;
    else if (ch === "}") {
      depth--;
      if (depth === 0) return { inner: source.slice(open + 1, i), end: i + 1 };
    }
  }
  return null;
}

/**
 * Tokenizes normalized LaTeX; the last token is always `eof`.
 * @throws MathParseError on characters the parser does not know, or more than `maxTokens` tokens.
 * @example
 * tokenize("\\frac{1}{x}", 100).map((t) => t.text);
 * // ["frac", "{", "1", "}", "{", "x", "}", ""]
 */
export function tokenize(source: string, maxTokens: number): Token[] {
  const tokens: Token[] = [];
  const push = (token: Token): void => {
    if (tokens.length >= maxTokens) throw new MathParseError("too many tokens");
    tokens.push(token);
  };
  let i = 0;
  const n = source.length;
  while (i < n) {
    const code = source.charCodeAt(i);
    const ch = source[i]!;
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "~") {
      i++;
      continue;
    }
    if (isDigit(code) || (ch === "." && isDigit(source.charCodeAt(i + 1)))) {
      let j = i;
      while (j < n && isDigit(source.charCodeAt(j))) j++;
      if (source[j] === "." && isDigit(source.charCodeAt(j + 1))) {
        j++;
        while (j < n && isDigit(source.charCodeAt(j))) j++;
      } else if (source[j] === "." && isDigit(source.charCodeAt(i)) && !isLetter(source.charCodeAt(j + 1))) {
        // "3." is the float 3.0, as Python and sympy read it.
        j++;
      }
      push({ type: "number", text: source.slice(i, j) });
      i = j;
      continue;
    }
    if (isLetter(code)) {
      push({ type: "letter", text: ch });
      i++;
      continue;
    }
    if (ch === "\\") {
      const next = source[i + 1];
      if (next === undefined) throw new MathParseError("dangling backslash");
      if (!isLetter(source.charCodeAt(i + 1))) {
        i += 2;
        if (next === "," || next === ";" || next === ":" || next === "!" || next === " " || next === ">")
          continue;
        if (next === "{" || next === "}" || next === "|") push({ type: "op", text: `\\${next}` });
        else if (next === "(" || next === ")" || next === "[" || next === "]")
          push({ type: "op", text: next });
        else if (next === "\\") push({ type: "op", text: "\\\\" });
        else if (next === "%") push({ type: "op", text: "%" });
        else if (next === "$" || next === "#" || next === "&" || next === "_") continue;
        else throw new MathParseError(`unknown escape \\${next}`);
        continue;
      }
      let j = i + 1;
      while (j < n && isLetter(source.charCodeAt(j))) j++;
      let name = source.slice(i + 1, j);
      i = j;
      if (!KNOWN_COMMANDS.has(name)) {
        const split = splitCommand(name);
        if (!split) throw new MathParseError(`unknown command \\${name}`);
        name = split[0];
        i -= split[1].length;
      }
      if (IGNORED_COMMANDS.has(name)) continue;
      if (name === "text" || name === "mbox" || name === "operatorname") {
        let k = i;
        while (source[k] === " ") k++;
        const braced = readBraced(source, k);
        if (!braced) throw new MathParseError(`\\${name} without braces`);
        push({ type: name === "operatorname" ? "command" : "text", text: braced.inner });
        i = braced.end;
        continue;
      }
      if (name === "begin" || name === "end") {
        const braced = readBraced(source, i);
        if (!braced) throw new MathParseError(`\\${name} without environment`);
        push({ type: name, text: braced.inner.trim() });
        i = braced.end;
        continue;
      }
      push({ type: "command", text: name });
      continue;
    }
    const unicode = UNICODE_TOKENS[ch];
    if (unicode) {
      if (unicode.type === "op" && unicode.text.startsWith("^")) {
        push({ type: "op", text: "^" });
        push({ type: "number", text: unicode.text.slice(1) });
      } else push(unicode);
      i++;
      continue;
    }
    const pair = source.slice(i, i + 2);
    if (pair === "<=" || pair === ">=" || pair === "!=" || pair === "**") {
      push({ type: "op", text: pair === "**" ? "^" : pair });
      i += 2;
      continue;
    }
    if (SINGLE_OPS.has(ch)) {
      push({ type: "op", text: ch });
      i++;
      continue;
    }
    throw new MathParseError(`unexpected character ${JSON.stringify(ch)}`);
  }
  tokens.push({ type: "eof", text: "" });
  return tokens;
}
