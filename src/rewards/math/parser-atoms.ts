/**
 * The parser's atoms and arguments: which tokens start a factor, numbers (`101_2` in a base),
 * `\text{…}` words, letters with subscripts (`a_{n-1}`, `f(x)`), delimited groups (`(…)`, `[…)`,
 * `\{…\}`, `{…}`, `|…|`) and the braced or single-token arguments of commands and scripts.
 * @module
 */
import { isCollection, type MathNode } from "./ast.js";
import { FUNCTION_NAMES, RELATION_COMMANDS } from "./latex-commands.js";
import { MathParseError, type Token } from "./lexer.js";
import type { Grammar, TokenCursor } from "./parser-cursor.js";
import { numberNode } from "./parser-shapes.js";

/** Letters that denote a function when followed by `(`: `f(x)`, `g(2)`, `P(A)`. */
const FUNCTION_LETTERS = new Set(["f", "g", "h", "F", "G", "H", "P", "Q", "W"]);

const NON_ATOM_COMMANDS = new Set([
  ...Object.keys(RELATION_COMMANDS),
  "cdot",
  "cdotp",
  "times",
  "ast",
  "div",
  "pm",
  "mp",
  "cup",
  "cap",
  "setminus",
  "rfloor",
  "rceil",
  "rangle",
  "rvert",
  "rbrace",
  "rbrack",
  "circ",
  "degree",
]);

/**
 * Whether `token` starts another juxtaposed factor (`2x`, `3\sqrt{2}`). Inside a function
 * argument (`allowFunctions` false) a function ends the argument: `\sin x \cos x`.
 * @example
 * startsAtom(cursor, { type: "letter", text: "x" }, true); // true
 * startsAtom(cursor, { type: "command", text: "cdot" }, true); // false
 */
export function startsAtom(cursor: TokenCursor, token: Token, allowFunctions: boolean): boolean {
  switch (token.type) {
    case "number":
    case "letter":
    case "text":
    case "begin":
      return true;
    case "command":
      if (NON_ATOM_COMMANDS.has(token.text)) return false;
      if (
        !allowFunctions &&
        (FUNCTION_NAMES.has(token.text) || token.text === "sum" || token.text === "prod")
      )
        return false;
      return true;
    case "op":
      return (
        token.text === "(" ||
        token.text === "{" ||
        token.text === "\\{" ||
        (token.text === "|" && cursor.absDepth === 0)
      );
    default:
      return false;
  }
}

/**
 * A number literal just consumed; `digits_{base}` reads the digits in that base (2 to 36).
 * @throws MathParseError when the digits are not a number in the base.
 * @example
 * parseLatex("101_2", limits); // { kind: "number", value: 5, decimal: false }
 */
export function parseNumberAtom(grammar: Grammar, text: string): MathNode {
  if (grammar.isOp("_")) {
    const base = Number(readSubscriptName(grammar));
    const value =
      Number.isInteger(base) && base >= 2 && base <= 36 ? Number.parseInt(text, base) : Number.NaN;
    if (!Number.isFinite(value) || value.toString(base) !== text.replace(/^0+(?=.)/, "")) {
      throw new MathParseError("bad base number");
    }
    return numberNode(String(value), false);
  }
  return numberNode(text);
}

/**
 * A `\text{…}` word as latex2sympy2_extended names its symbol: spaces and parentheses removed,
 * a leading backslash dropped, lowercased (so `\text{(C)}` is `c` and `\text{ 4 2 }` is `42`);
 * `\text{pi}` is the constant π.
 * @throws MathParseError when the text is empty.
 * @example
 * parseTextAtom(" (A) "); // { kind: "text", name: "a" }
 */
export function parseTextAtom(text: string): MathNode {
  const name = text.replace(/[ ()]/g, "").trim().replace(/^\\/, "").toLowerCase();
  if (!name) throw new MathParseError("empty text");
  // latex2sympy2_extended's `get_symbol` maps the name `pi` to sympy's pi.
  if (name === "pi") return { kind: "constant", name: "pi" };
  return { kind: "text", name };
}

/**
 * Subscript text as a name suffix (`_{n-k-1}` → `n-k-1`), read token by token.
 * @example
 * parseLatex("a_{n-1}", limits); // { kind: "symbol", name: "a_n-1" }
 */
export function readSubscriptName(grammar: Grammar): string {
  grammar.expectOp("_");
  if (!grammar.isOp("{")) return grammar.next().text;
  grammar.next();
  let depth = 1;
  let name = "";
  while (grammar.peek().type !== "eof") {
    const token = grammar.next();
    if (token.type === "op" && token.text === "{") depth++;
    if (token.type === "op" && token.text === "}" && --depth === 0) return name;
    name += token.text;
  }
  throw new MathParseError("unclosed subscript");
}

/**
 * A letter (or Greek name) just consumed, with its subscript; `f(x)` is an undefined function
 * and `e` the constant.
 * @example
 * parseLatex("f(x)", limits); // { kind: "call", name: "fn:f", args: [{ kind: "symbol", name: "x" }] }
 */
export function parseSymbol(grammar: Grammar, letter: string): MathNode {
  let name = letter.length > 1 ? letter : letter.toLowerCase();
  if (grammar.isOp("_")) name += `_${readSubscriptName(grammar).toLowerCase()}`;
  if (FUNCTION_LETTERS.has(letter) && grammar.isOp("(")) {
    grammar.next();
    const args = grammar.parseElementGroups().flat();
    grammar.expectOp(")");
    return { kind: "call", name: `fn:${name}`, args };
  }
  if (name === "e") return { kind: "constant", name: "e" };
  return { kind: "symbol", name };
}

/**
 * A group opened by the operator just consumed: brackets, `\{…\}` and `{…}` sets, `|…|`.
 * @throws MathParseError on any other operator, or an unclosed group.
 * @example
 * parseLatex("|x|", limits); // { kind: "call", name: "abs", args: [{ kind: "symbol", name: "x" }] }
 */
export function parseDelimitedGroup(grammar: Grammar, open: string): MathNode {
  switch (open) {
    case "(":
    case "[":
      return parseBracketGroup(grammar, open);
    case "\\{": {
      const items = grammar.parseElementGroups().flat();
      grammar.expectOp("\\}");
      return { kind: "set", items };
    }
    case "{": {
      if (grammar.isOp("}")) {
        grammar.next();
        return { kind: "set", items: [] };
      }
      const groups = grammar.parseElementGroups();
      grammar.expectOp("}");
      const flat = groups.flat();
      return flat.length === 1 ? flat[0]! : { kind: "set", items: flat };
    }
    case "|":
    case "\\|": {
      grammar.absDepth++;
      const inner = grammar.parseAdditive();
      grammar.absDepth--;
      grammar.expectOp(open);
      return { kind: "call", name: "abs", args: [inner] };
    }
    default:
      throw new MathParseError(`unexpected ${open}`);
  }
}

/**
 * The rest of a bracket group whose `(` or `[` was just consumed: one element is itself, two
 * are an interval (or a tuple when the ends are out of order, per `compareEnds`), more a tuple.
 * @throws MathParseError on an unclosed, mismatched or empty group.
 * @example
 * parseLatex("[1, 2)", limits); // { kind: "interval", lower: 1, upper: 2, lowerOpen: false, upperOpen: true }
 */
export function parseBracketGroup(grammar: Grammar, open: string): MathNode {
  const groups = grammar.parseElementGroups();
  const close = grammar.next();
  if (close.type !== "op" || (close.text !== ")" && close.text !== "]"))
    throw new MathParseError("unclosed bracket");
  const matched = (open === "(" && close.text === ")") || (open === "[" && close.text === "]");
  const flat = groups.flat();
  if (flat.length === 1 && groups.length === 1) {
    if (!matched) throw new MathParseError("mismatched brackets");
    return flat[0]!;
  }
  if (flat.length === 0) throw new MathParseError("empty brackets");
  const plain = flat.every((e) => e.kind !== "relation" && !isCollection(e) && e.kind !== "matrix");
  if (groups.length === 1 && flat.length === 2 && plain) {
    const lowerOpen = open === "(";
    const upperOpen = close.text === ")";
    const order = grammar.compareEnds?.(flat[0]!, flat[1]!) ?? null;
    const empty =
      order !== null && ((lowerOpen && upperOpen && order >= 0) || (!lowerOpen && !upperOpen && order > 0));
    if (!empty) return { kind: "interval", lower: flat[0]!, upper: flat[1]!, lowerOpen, upperOpen };
    return { kind: "tuple", items: flat };
  }
  if (!matched) throw new MathParseError("mismatched brackets");
  return { kind: "tuple", items: flat };
}

/**
 * A command argument: `{…}` (not empty) or a single atom, as in `\frac12`.
 * @throws MathParseError on an empty or unclosed group.
 * @example
 * parseLatex("\\sqrt{x}", limits); // the argument `{x}` is read here
 */
export function parseBraced(grammar: Grammar): MathNode {
  if (grammar.isOp("{")) {
    grammar.next();
    if (grammar.isOp("}")) throw new MathParseError("empty group");
    const inner = grammar.parseRelation();
    grammar.expectOp("}");
    return inner;
  }
  return grammar.parseAtom();
}

/**
 * A superscript or subscript argument: `{…}`, one token, or `-` followed by one.
 * @example
 * parseLatex("x^-2", limits); // { kind: "power", base: x, exponent: { kind: "negate", argument: 2 } }
 */
export function parseScript(grammar: Grammar): MathNode {
  if (grammar.isOp("{")) {
    grammar.next();
    grammar.enter();
    const inner = grammar.parseRelation();
    grammar.leave();
    grammar.expectOp("}");
    return inner;
  }
  if (grammar.isOp("-")) {
    grammar.next();
    return { kind: "negate", argument: parseScript(grammar) };
  }
  return grammar.parseAtom();
}
