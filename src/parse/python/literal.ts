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
 *
 * This module is the syntactic layer (expressions, sequences, dicts, sets, the top level); the
 * lexical layer is `python-literal-scanner.ts` and `python-literal-strings.ts`, the values
 * `python-literal-values.ts`.
 * @module
 */
import {
  isDecimal,
  isIdentifierChar,
  isNewline,
  onlyBlankLinesRemain,
  readNumber,
  scan,
  skipGap,
  skipNewline,
} from "./literal-scanner.js";
import { readStrings } from "./literal-strings.js";
import {
  FAIL,
  LiteralError,
  nextOpaqueId,
  PyDict,
  PyOpaque,
  PyTuple,
  type PyValue,
  pyKey,
} from "./literal-values.js";

const MAX_NESTING = 200;

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
  const c = scan.src.charCodeAt(scan.pos);
  if (c === 0x5b || c === 0x28 || c === 0x7b) {
    if (scan.depth >= MAX_NESTING) throw FAIL;
    scan.depth++;
    scan.pos++;
    const value = c === 0x5b ? parseList() : c === 0x28 ? parseParen() : parseBrace();
    if (c !== 0x28) lastKind = "other";
    scan.depth--;
    return value;
  }
  if (isDecimal(c) || (c === 0x2e && isDecimal(scan.src.charCodeAt(scan.pos + 1)))) {
    const token = readNumber();
    lastKind = token.imaginary ? "imaginary" : "number";
    return token.value;
  }
  if (c === 0x2e && scan.src.startsWith("...", scan.pos)) {
    scan.pos += 3;
    return new PyOpaque("ellipsis", "...");
  }
  if (c === 0x27 || c === 0x22) return readStrings(scan.pos);
  if (isIdentifierChar(c) && c < 0x80) {
    const start = scan.pos;
    while (isIdentifierChar(scan.src.charCodeAt(scan.pos))) scan.pos++;
    const q = scan.src[scan.pos];
    if (q === "'" || q === '"') return readStrings(start);
    const name = scan.src.slice(start, scan.pos);
    if (name === "True") return true;
    if (name === "False") return false;
    if (name === "None") return null;
    if (name === "set") {
      skipGap();
      if (scan.src[scan.pos] !== "(" || scan.depth >= MAX_NESTING) throw FAIL;
      scan.depth++;
      scan.pos++;
      skipGap();
      if (scan.src[scan.pos] !== ")") throw FAIL;
      scan.pos++;
      scan.depth--;
      return new PyOpaque("set", "set");
    }
  }
  throw FAIL;
}

/** An element: an atom, `±number`, or `±real ± imaginary`; sets {@link lastKind}. */
function parseExpression(): PyValue {
  skipGap();
  let sign = 0;
  if (scan.src[scan.pos] === "-" || scan.src[scan.pos] === "+") {
    sign = scan.src[scan.pos] === "-" ? -1 : 1;
    scan.pos++;
  }
  let value = parseAtom();
  if (sign) {
    // UnaryOp(±) applies only to a bare int/float/complex constant, not to `True` or `-1`.
    if (lastKind !== "number" && lastKind !== "imaginary") throw FAIL;
    if (typeof value === "number" && sign < 0) value = -value;
    lastKind = lastKind === "number" ? "signed" : "other";
  }
  skipGap();
  const op = scan.src[scan.pos];
  if (op === "+" || op === "-") {
    // BinOp: a (signed) real constant on the left, a bare imaginary constant on the right.
    if (lastKind !== "number" && lastKind !== "signed") throw FAIL;
    scan.pos++;
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
    if (scan.src[scan.pos] === close) {
      scan.pos++;
      sawComma = comma;
      return items;
    }
    if (items.length && !comma) throw FAIL;
    items.push(parseExpression());
    innerKind = lastKind;
    skipGap();
    comma = scan.src[scan.pos] === ",";
    if (comma) scan.pos++;
    else if (scan.src[scan.pos] !== close) throw FAIL;
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
  if (scan.src[scan.pos] === "}") {
    scan.pos++;
    return new PyDict(new Map());
  }
  const first = parseExpression();
  skipGap();
  if (scan.src[scan.pos] !== ":") {
    const items = [first];
    if (scan.src[scan.pos] === ",") {
      scan.pos++;
      items.push(...parseSequence("}"));
    } else if (scan.src[scan.pos] === "}") scan.pos++;
    else throw FAIL;
    // Set elements must be hashable (TypeError otherwise).
    for (const item of items) pyKey(item);
    lastKind = "other";
    return new PyOpaque("set", `set:${nextOpaqueId()}`);
  }
  const entries = new Map<string, PyValue>();
  let key = first;
  for (;;) {
    scan.pos++; // ':'
    const value = parseExpression();
    entries.set(pyKey(key), value);
    skipGap();
    if (scan.src[scan.pos] === "}") {
      scan.pos++;
      return new PyDict(entries);
    }
    if (scan.src[scan.pos] !== ",") throw FAIL;
    scan.pos++;
    skipGap();
    if (scan.src[scan.pos] === "}") {
      scan.pos++;
      return new PyDict(entries);
    }
    key = parseExpression();
    skipGap();
    if (scan.src[scan.pos] !== ":") throw FAIL;
  }
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
  scan.src = text;
  scan.pos = start;
  scan.depth = 0;
  try {
    // Leading blank lines are allowed; an indented first content line after them is not.
    for (;;) {
      let indented = false;
      for (
        let c = scan.src.charCodeAt(scan.pos);
        c === 0x20 || c === 0x09 || c === 0x0c;
        c = scan.src.charCodeAt(++scan.pos)
      ) {
        indented = c !== 0x0c; // a form feed resets the indentation count
      }
      const c = scan.src.charCodeAt(scan.pos);
      if (c === 0x23)
        while (scan.pos < scan.src.length && !isNewline(scan.src.charCodeAt(scan.pos))) scan.pos++;
      if (scan.pos < scan.src.length && isNewline(scan.src.charCodeAt(scan.pos))) {
        skipNewline();
        continue;
      }
      if (scan.pos >= scan.src.length) return undefined;
      if (indented) return undefined;
      break;
    }
    const first = parseExpression();
    skipGap();
    let value: PyValue = first;
    if (scan.src[scan.pos] === ",") {
      const items = [first];
      scan.pos++;
      for (;;) {
        skipGap();
        if (
          scan.pos >= scan.src.length ||
          isNewline(scan.src.charCodeAt(scan.pos)) ||
          scan.src[scan.pos] === "#"
        )
          break;
        items.push(parseExpression());
        skipGap();
        if (scan.src[scan.pos] !== ",") break;
        scan.pos++;
      }
      value = new PyTuple(items);
    }
    skipGap();
    if (scan.pos < scan.src.length) {
      if (!isNewline(scan.src.charCodeAt(scan.pos))) return undefined;
      skipNewline();
      if (!onlyBlankLinesRemain()) return undefined;
    }
    return value;
  } catch (error) {
    if (error instanceof LiteralError || error instanceof RangeError) return undefined;
    throw error;
  } finally {
    scan.src = "";
  }
}
