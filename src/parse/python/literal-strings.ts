/**
 * String literals for {@link pythonLiteralEval}: prefixes (`r`, `u`, `b`, `br`, `rb`), single,
 * double and triple quotes, escapes (`\x41`, `\u0042`, `\U00000043`, octal, `\N{…}`), line
 * continuations, and adjacent literals concatenated (`'a' 'b'`).
 * @module
 */
import {
  isHex,
  isIdentifierChar,
  isNewline,
  isOctal,
  scan,
  skipGap,
  skipNewline,
} from "./literal-scanner.js";
import { FAIL, nextOpaqueId, PyOpaque, type PyValue } from "./literal-values.js";

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

function readHex(count: number): number {
  let v = 0;
  for (let k = 0; k < count; k++) {
    const c = scan.src.charCodeAt(scan.pos);
    if (!isHex(c)) throw FAIL;
    v = v * 16 + Number.parseInt(scan.src[scan.pos]!, 16);
    scan.pos++;
  }
  return v;
}

/** One string literal after its prefix; returns its value, or undefined for a `\N{…}` string. */
function readStringBody(raw: boolean, bytes: boolean): string | undefined {
  const quote = scan.src[scan.pos]!;
  const triple = scan.src.startsWith(quote.repeat(3), scan.pos);
  scan.pos += triple ? 3 : 1;
  let out = "";
  let named = false;
  for (;;) {
    if (scan.pos >= scan.src.length) throw FAIL;
    const ch = scan.src[scan.pos]!;
    const c = scan.src.charCodeAt(scan.pos);
    if (ch === quote && (!triple || scan.src.startsWith(quote.repeat(3), scan.pos))) {
      scan.pos += triple ? 3 : 1;
      return named ? undefined : out;
    }
    if (bytes && c >= 0x80) throw FAIL;
    if (isNewline(c)) {
      if (!triple) throw FAIL;
      skipNewline();
      out += "\n";
      continue;
    }
    if (ch !== "\\") {
      out += ch;
      scan.pos++;
      continue;
    }
    scan.pos++;
    if (scan.pos >= scan.src.length) throw FAIL;
    const next = scan.src[scan.pos]!;
    if (raw) {
      // A raw string keeps the backslash; it only stops the next character from ending the string.
      if (isNewline(scan.src.charCodeAt(scan.pos))) {
        out += "\\";
        skipNewline();
        out += "\n";
      } else {
        out += `\\${next}`;
        scan.pos++;
      }
      continue;
    }
    if (isNewline(scan.src.charCodeAt(scan.pos))) {
      skipNewline();
      continue;
    }
    scan.pos++;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) out += simple;
    else if (isOctal(next.charCodeAt(0))) {
      let v = next.charCodeAt(0) - 0x30;
      for (let k = 0; k < 2 && isOctal(scan.src.charCodeAt(scan.pos)); k++)
        v = v * 8 + (scan.src.charCodeAt(scan.pos++) - 0x30);
      out += String.fromCodePoint(v);
    } else if (next === "x") out += String.fromCharCode(readHex(2));
    else if (!bytes && next === "u") out += String.fromCharCode(readHex(4));
    else if (!bytes && next === "U") {
      const v = readHex(8);
      if (v > 0x10ffff) throw FAIL;
      out += String.fromCodePoint(v);
    } else if (!bytes && next === "N") {
      if (scan.src[scan.pos] !== "{") throw FAIL;
      const close = scan.src.indexOf("}", scan.pos);
      if (close === -1 || close === scan.pos + 1 || isNewline(scan.src.charCodeAt(scan.pos + 1))) throw FAIL;
      scan.pos = close + 1;
      named = true;
    } else out += `\\${next}`;
  }
}

/**
 * Adjacent string literals (with prefixes), concatenated; the scan moves to `prefixStart`, the
 * first prefix or quote. Bytes are opaque, as is a string with a `\N{…}` escape.
 * @throws LiteralError on a bad prefix, an unterminated string, a bad escape, or str mixed with bytes.
 * @example
 * scan.src = "r'\\d' 'x'";
 * readStrings(0); // "\\dx"
 */
export function readStrings(prefixStart: number): PyValue {
  let value = "";
  let kind: "str" | "bytes" | undefined;
  let named = false;
  scan.pos = prefixStart;
  for (;;) {
    const start = scan.pos;
    while (isIdentifierChar(scan.src.charCodeAt(scan.pos)) && scan.src.charCodeAt(scan.pos) < 0x80)
      scan.pos++;
    const prefix = scan.src.slice(start, scan.pos).toLowerCase();
    const q = scan.src[scan.pos];
    if (q !== "'" && q !== '"') {
      scan.pos = start;
      break;
    }
    if (!["", "r", "u", "b", "br", "rb"].includes(prefix)) throw FAIL;
    const bytes = prefix.includes("b");
    const thisKind = bytes ? "bytes" : "str";
    if (kind && kind !== thisKind) throw FAIL;
    kind = thisKind;
    const body = readStringBody(prefix.includes("r"), bytes);
    if (body === undefined) named = true;
    else value += body;
    skipGap();
  }
  if (kind === "bytes") return new PyOpaque("bytes", `y:${value}`);
  if (named) return new PyOpaque("named-escape-str", `N:${nextOpaqueId()}`);
  return value;
}
