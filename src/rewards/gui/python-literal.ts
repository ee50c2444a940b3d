/**
 * Python's `ast.literal_eval` on a string, for rewards whose released code parses model output
 * with it (GUI-G1). It accepts exactly Python's literal syntax, not JSON: single-quoted strings,
 * tuples, sets, `True`/`False`/`None`, trailing commas, comments, `1_000`, `0x1f`, `1e5j`,
 * adjacent string concatenation, `-1` and `1+2j`; it rejects `true`/`null`, `0123`, an indented
 * second line, a NUL byte or a lone surrogate, exactly where Python raises.
 *
 * Values: numbers (int and float alike), booleans, `null` (None), strings, arrays (lists),
 * {@link PyTuple}, {@link PyDict} and {@link PyOpaque} for values the rewards never compute with
 * (bytes, complex, sets, Ellipsis, ints beyond the float range, strings with `\N{…}` escapes).
 * Known simplifications: ints are doubles (exact below 2^53); `\N{name}` escapes are not
 * resolved, so such a string never equals a key. Linear-time scan; nesting is capped at 200
 * levels like CPython's tokenizer.
 * @module
 */

/** A tuple (`(1, 2)` or a bare `1, 2`). */
export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}

/** A dict; keys are canonical strings (see {@link pyKey}) so `0`, `0.0` and `False` collide as in Python. */
export class PyDict {
  constructor(readonly entries: Map<string, PyValue>) {}
}

/** A value the GUI rewards never compute with. */
export class PyOpaque {
  constructor(
    readonly kind: "bytes" | "complex" | "set" | "ellipsis" | "big-int" | "named-escape-str",
    readonly key: string,
  ) {}
}

/** A Python literal value. */
export type PyValue = number | boolean | null | string | PyValue[] | PyTuple | PyDict | PyOpaque;

/** Thrown internally where Python raises; never escapes {@link pythonLiteralEval}. */
class LiteralError extends Error {}
const FAIL = new LiteralError("not a Python literal");

const MAX_NESTING = 200;
let opaqueCounter = 0;

/**
 * The dict key of a value, canonical so that keys Python considers equal collide: `n:1` for
 * `1`, `1.0` and `True`. Unhashable values (lists, dicts, sets) raise TypeError in Python.
 */
export function pyKey(value: PyValue): string {
  if (typeof value === "number") return Number.isNaN(value) ? `nan:${opaqueCounter++}` : `n:${value}`;
  if (typeof value === "boolean") return value ? "n:1" : "n:0";
  if (value === null) return "None";
  if (typeof value === "string") return `s:${value}`;
  if (value instanceof PyTuple) return `t(${value.items.map(pyKey).join(",")})`;
  if (value instanceof PyOpaque && value.kind !== "set") return value.key;
  throw FAIL;
}

// Parser state (synchronous, so module state is safe).
let src = "";
let pos = 0;
let depth = 0;

function isNewline(c: number): boolean {
  return c === 0x0a || c === 0x0d;
}

function skipNewline(): void {
  if (src.charCodeAt(pos) === 0x0d && src.charCodeAt(pos + 1) === 0x0a) pos += 2;
  else pos++;
}

/**
 * Skips what may separate tokens. Inside brackets newlines and comments are free; at top level a
 * newline ends the expression, so it stops there.
 */
function skipGap(): void {
  for (;;) {
    const c = src.charCodeAt(pos);
    if (c === 0x20 || c === 0x09 || c === 0x0c) pos++;
    else if (c === 0x5c && isNewline(src.charCodeAt(pos + 1))) {
      pos++;
      skipNewline();
      // A continuation that leads only to the end of input is an "unexpected EOF".
      let k = pos;
      while (src.charCodeAt(k) === 0x20 || src.charCodeAt(k) === 0x09 || src.charCodeAt(k) === 0x0c) k++;
      if (k >= src.length) throw FAIL;
    } else if (depth > 0 && isNewline(c)) skipNewline();
    else if (c === 0x23) {
      while (pos < src.length && !isNewline(src.charCodeAt(pos))) pos++;
    } else return;
  }
}

function isIdentifierChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c >= 0x80
  );
}

/** Reads `[0-9](_?[0-9])*` (or the given digit test); returns the digits without `_`, or "" when none. */
function readDigitPart(isDigit: (c: number) => boolean): string {
  if (!isDigit(src.charCodeAt(pos))) return "";
  const start = pos;
  let underscores = false;
  for (;;) {
    pos++;
    const c = src.charCodeAt(pos);
    if (isDigit(c)) continue;
    if (c === 0x5f && isDigit(src.charCodeAt(pos + 1))) {
      underscores = true;
      continue;
    }
    const digits = src.slice(start, pos);
    return underscores ? digits.replaceAll("_", "") : digits;
  }
}

const isDecimal = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDecimal(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const isOctal = (c: number): boolean => c >= 0x30 && c <= 0x37;
const isBinary = (c: number): boolean => c === 0x30 || c === 0x31;

/** A number token; `imaginary` tells whether it ended in `j`. */
interface NumberToken {
  value: PyValue;
  imaginary: boolean;
  real: number;
}

function intValue(digits: string, radix: number): PyValue {
  const magnitude =
    radix === 10 ? Number(digits) : Number(BigInt(`0${"xob"[[16, 8, 2].indexOf(radix)]}${digits}`));
  if (Number.isFinite(magnitude)) return magnitude;
  return new PyOpaque("big-int", `big:${radix}:${digits}`);
}

function readNumber(): NumberToken {
  const c0 = src.charCodeAt(pos);
  if (c0 === 0x30) {
    const c1 = src.charCodeAt(pos + 1) | 0x20;
    const radix = c1 === 0x78 ? 16 : c1 === 0x6f ? 8 : c1 === 0x62 ? 2 : 0;
    if (radix) {
      pos += 2;
      if (src.charCodeAt(pos) === 0x5f) pos++;
      const digits = readDigitPart(radix === 16 ? isHex : radix === 8 ? isOctal : isBinary);
      if (!digits || isIdentifierChar(src.charCodeAt(pos))) throw FAIL;
      return { value: intValue(digits, radix), imaginary: false, real: 0 };
    }
  }
  const intPart = readDigitPart(isDecimal);
  let text = intPart;
  let isFloat = false;
  if (src.charCodeAt(pos) === 0x2e) {
    pos++;
    const fraction = readDigitPart(isDecimal);
    if (!intPart && !fraction) throw FAIL;
    text += `.${fraction}`;
    isFloat = true;
  }
  const e = src.charCodeAt(pos) | 0x20;
  if (e === 0x65) {
    const save = pos;
    pos++;
    let sign = "";
    if (src[pos] === "+" || src[pos] === "-") sign = src[pos++]!;
    const exponent = readDigitPart(isDecimal);
    if (exponent) {
      text += `e${sign}${exponent}`;
      isFloat = true;
    } else pos = save;
  }
  if ((src.charCodeAt(pos) | 0x20) === 0x6a) {
    pos++;
    if (isIdentifierChar(src.charCodeAt(pos))) throw FAIL;
    const imag = Number(text);
    return { value: new PyOpaque("complex", imag === 0 ? "n:0" : `c:0,${imag}`), imaginary: true, real: 0 };
  }
  if (isIdentifierChar(src.charCodeAt(pos))) throw FAIL;
  if (isFloat) return { value: Number(text), imaginary: false, real: 0 };
  // Decimal ints: no leading zeros except an all-zero literal; CPython caps them at 4300 digits.
  if (text.length > 1 && text[0] === "0" && /[1-9]/.test(text)) throw FAIL;
  if (text.length > 4300) throw FAIL;
  return { value: intValue(text, 10), imaginary: false, real: 0 };
}

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
    const c = src.charCodeAt(pos);
    if (!isHex(c)) throw FAIL;
    v = v * 16 + Number.parseInt(src[pos]!, 16);
    pos++;
  }
  return v;
}

/** One string literal after its prefix; returns its value, or undefined for a `\N{…}` string. */
function readStringBody(raw: boolean, bytes: boolean): string | undefined {
  const quote = src[pos]!;
  const triple = src.startsWith(quote.repeat(3), pos);
  pos += triple ? 3 : 1;
  let out = "";
  let named = false;
  for (;;) {
    if (pos >= src.length) throw FAIL;
    const ch = src[pos]!;
    const c = src.charCodeAt(pos);
    if (ch === quote && (!triple || src.startsWith(quote.repeat(3), pos))) {
      pos += triple ? 3 : 1;
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
      pos++;
      continue;
    }
    pos++;
    if (pos >= src.length) throw FAIL;
    const next = src[pos]!;
    if (raw) {
      // A raw string keeps the backslash; it only stops the next character from ending the string.
      if (isNewline(src.charCodeAt(pos))) {
        out += "\\";
        skipNewline();
        out += "\n";
      } else {
        out += `\\${next}`;
        pos++;
      }
      continue;
    }
    if (isNewline(src.charCodeAt(pos))) {
      skipNewline();
      continue;
    }
    pos++;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) out += simple;
    else if (isOctal(next.charCodeAt(0))) {
      let v = next.charCodeAt(0) - 0x30;
      for (let k = 0; k < 2 && isOctal(src.charCodeAt(pos)); k++) v = v * 8 + (src.charCodeAt(pos++) - 0x30);
      out += String.fromCodePoint(v);
    } else if (next === "x") out += String.fromCharCode(readHex(2));
    else if (!bytes && next === "u") out += String.fromCharCode(readHex(4));
    else if (!bytes && next === "U") {
      const v = readHex(8);
      if (v > 0x10ffff) throw FAIL;
      out += String.fromCodePoint(v);
    } else if (!bytes && next === "N") {
      if (src[pos] !== "{") throw FAIL;
      const close = src.indexOf("}", pos);
      if (close === -1 || close === pos + 1 || isNewline(src.charCodeAt(pos + 1))) throw FAIL;
      pos = close + 1;
      named = true;
    } else out += `\\${next}`;
  }
}

/** Adjacent string literals (with prefixes), concatenated; `pos` is at the first prefix or quote. */
function readStrings(prefixStart: number): PyValue {
  let value = "";
  let kind: "str" | "bytes" | undefined;
  let named = false;
  pos = prefixStart;
  for (;;) {
    const start = pos;
    while (isIdentifierChar(src.charCodeAt(pos)) && src.charCodeAt(pos) < 0x80) pos++;
    const prefix = src.slice(start, pos).toLowerCase();
    const q = src[pos];
    if (q !== "'" && q !== '"') {
      pos = start;
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
  if (named) return new PyOpaque("named-escape-str", `N:${opaqueCounter++}`);
  return value;
}

/**
 * What the last parsed expression is in Python's AST, as `literal_eval` distinguishes them:
 * a bare numeric constant (grouping parentheses vanish), an imaginary constant, a signed number
 * (`-1`), or anything else (including `True`, which is a constant but not a number there).
 */
type ExpressionKind = "number" | "imaginary" | "signed" | "other";
let lastKind: ExpressionKind = "other";

function parseAtom(): PyValue {
  skipGap();
  lastKind = "other";
  const c = src.charCodeAt(pos);
  if (c === 0x5b || c === 0x28 || c === 0x7b) {
    if (depth >= MAX_NESTING) throw FAIL;
    depth++;
    pos++;
    const value = c === 0x5b ? parseList() : c === 0x28 ? parseParen() : parseBrace();
    if (c !== 0x28) lastKind = "other";
    depth--;
    return value;
  }
  if (isDecimal(c) || (c === 0x2e && isDecimal(src.charCodeAt(pos + 1)))) {
    const token = readNumber();
    lastKind = token.imaginary ? "imaginary" : "number";
    return token.value;
  }
  if (c === 0x2e && src.startsWith("...", pos)) {
    pos += 3;
    return new PyOpaque("ellipsis", "...");
  }
  if (c === 0x27 || c === 0x22) return readStrings(pos);
  if (isIdentifierChar(c) && c < 0x80) {
    const start = pos;
    while (isIdentifierChar(src.charCodeAt(pos))) pos++;
    const q = src[pos];
    if (q === "'" || q === '"') return readStrings(start);
    const name = src.slice(start, pos);
    if (name === "True") return true;
    if (name === "False") return false;
    if (name === "None") return null;
    if (name === "set") {
      skipGap();
      if (src[pos] !== "(" || depth >= MAX_NESTING) throw FAIL;
      depth++;
      pos++;
      skipGap();
      if (src[pos] !== ")") throw FAIL;
      pos++;
      depth--;
      return new PyOpaque("set", "set");
    }
  }
  throw FAIL;
}

/** An element: an atom, `±number`, or `±real ± imaginary`; sets {@link lastKind}. */
function parseExpression(): PyValue {
  skipGap();
  let sign = 0;
  if (src[pos] === "-" || src[pos] === "+") {
    sign = src[pos] === "-" ? -1 : 1;
    pos++;
  }
  let value = parseAtom();
  if (sign) {
    // UnaryOp(±) applies only to a bare int/float/complex constant, not to `True` or `-1`.
    if (lastKind !== "number" && lastKind !== "imaginary") throw FAIL;
    if (typeof value === "number" && sign < 0) value = -value;
    lastKind = lastKind === "number" ? "signed" : "other";
  }
  skipGap();
  const op = src[pos];
  if (op === "+" || op === "-") {
    // BinOp: a (signed) real constant on the left, a bare imaginary constant on the right.
    if (lastKind !== "number" && lastKind !== "signed") throw FAIL;
    pos++;
    parseAtom();
    if ((lastKind as ExpressionKind) !== "imaginary") throw FAIL;
    value = new PyOpaque("complex", `c:${String(value)}`);
    lastKind = "other";
    skipGap();
  }
  return value;
}

/** Comma-separated expressions up to `close`; `sawComma` reports whether any comma was seen. */
let sawComma = false;
let innerKind: ExpressionKind = "other";
function parseSequence(close: string): PyValue[] {
  const items: PyValue[] = [];
  let comma = false;
  for (;;) {
    skipGap();
    if (src[pos] === close) {
      pos++;
      sawComma = comma;
      return items;
    }
    if (items.length && !comma) throw FAIL;
    items.push(parseExpression());
    innerKind = lastKind;
    skipGap();
    comma = src[pos] === ",";
    if (comma) pos++;
    else if (src[pos] !== close) throw FAIL;
  }
}

function parseList(): PyValue[] {
  return parseSequence("]");
}

function parseParen(): PyValue {
  const items = parseSequence(")");
  if (items.length === 1 && !sawComma) {
    // Grouping parentheses vanish from the AST: `-(1)` negates a bare constant. The kind of the
    // inner expression stands (parseSequence leaves it untouched after the last element).
    lastKind = innerKind;
    return items[0]!;
  }
  lastKind = "other";
  return new PyTuple(items);
}

function parseBrace(): PyValue {
  skipGap();
  if (src[pos] === "}") {
    pos++;
    return new PyDict(new Map());
  }
  const first = parseExpression();
  skipGap();
  if (src[pos] !== ":") {
    const items = [first];
    if (src[pos] === ",") {
      pos++;
      items.push(...parseSequence("}"));
    } else if (src[pos] === "}") pos++;
    else throw FAIL;
    // Set elements must be hashable (TypeError otherwise).
    for (const item of items) pyKey(item);
    lastKind = "other";
    return new PyOpaque("set", `set:${opaqueCounter++}`);
  }
  const entries = new Map<string, PyValue>();
  let key = first;
  for (;;) {
    pos++; // ':'
    const value = parseExpression();
    entries.set(pyKey(key), value);
    skipGap();
    if (src[pos] === "}") {
      pos++;
      return new PyDict(entries);
    }
    if (src[pos] !== ",") throw FAIL;
    pos++;
    skipGap();
    if (src[pos] === "}") {
      pos++;
      return new PyDict(entries);
    }
    key = parseExpression();
    skipGap();
    if (src[pos] !== ":") throw FAIL;
  }
}

/** Blank lines, comment lines and the end of input after a top-level newline; false on anything else. */
function onlyBlankLinesRemain(): boolean {
  while (pos < src.length) {
    let indented = false;
    for (;;) {
      const c = src.charCodeAt(pos);
      if (c === 0x20 || c === 0x09) indented = true;
      else if (c === 0x0c) indented = false;
      else break;
      pos++;
    }
    if (pos >= src.length) return !indented;
    const c = src.charCodeAt(pos);
    if (c === 0x23) while (pos < src.length && !isNewline(src.charCodeAt(pos))) pos++;
    if (pos >= src.length) return true;
    if (!isNewline(src.charCodeAt(pos))) return false;
    skipNewline();
  }
  return true;
}

// A NUL or a lone surrogate makes compile() raise before parsing.
const UNENCODABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * `ast.literal_eval(text)`, or `undefined` where Python raises (SyntaxError, ValueError,
 * TypeError, MemoryError, RecursionError).
 * @example
 * pythonLiteralEval("[{'bbox_2d': [1, 2, 3, 4], 'label': None}]"); // [PyDict { bbox_2d → [1,2,3,4], label → null }]
 * pythonLiteralEval('[{"bbox_2d": [1, 2, 3, 4], "label": null}]'); // undefined (null is a name)
 */
export function pythonLiteralEval(text: string): PyValue | undefined {
  if (UNENCODABLE.test(text)) return undefined;
  // literal_eval strips leading spaces and tabs (only) before parsing.
  let start = 0;
  while (text.charCodeAt(start) === 0x20 || text.charCodeAt(start) === 0x09) start++;
  src = text;
  pos = start;
  depth = 0;
  try {
    // Leading blank lines are allowed; an indented first content line after them is not.
    for (;;) {
      let indented = false;
      for (let c = src.charCodeAt(pos); c === 0x20 || c === 0x09 || c === 0x0c; c = src.charCodeAt(++pos)) {
        indented = c !== 0x0c; // a form feed resets the indentation count
      }
      const c = src.charCodeAt(pos);
      if (c === 0x23) while (pos < src.length && !isNewline(src.charCodeAt(pos))) pos++;
      if (pos < src.length && isNewline(src.charCodeAt(pos))) {
        skipNewline();
        continue;
      }
      if (pos >= src.length) return undefined;
      if (indented) return undefined;
      break;
    }
    const first = parseExpression();
    skipGap();
    let value: PyValue = first;
    if (src[pos] === ",") {
      const items = [first];
      pos++;
      for (;;) {
        skipGap();
        if (pos >= src.length || isNewline(src.charCodeAt(pos)) || src[pos] === "#") break;
        items.push(parseExpression());
        skipGap();
        if (src[pos] !== ",") break;
        pos++;
      }
      value = new PyTuple(items);
    }
    skipGap();
    if (pos < src.length) {
      if (!isNewline(src.charCodeAt(pos))) return undefined;
      skipNewline();
      if (!onlyBlankLinesRemain()) return undefined;
    }
    return value;
  } catch (error) {
    if (error instanceof LiteralError || error instanceof RangeError) return undefined;
    throw error;
  } finally {
    src = "";
  }
}
