/**
 * The parser's LaTeX command handlers: fractions, binomials and roots, named functions with
 * their powers and bases (`\sin^{-1} x`, `\log_2 8`), constants and Greek letters, `\mathbb`,
 * decorations (`\boxed`, `\vec`, …), floor/ceiling, angle, bar and brace delimiters, sums and products.
 * @module
 */
import type { MathNode } from "./ast.js";
import { DECORATION_COMMANDS, FUNCTION_NAMES, GREEK_LETTERS } from "./latex-commands.js";
import { MathParseError } from "./lexer.js";
import { parseBraced, parseBracketGroup, parseScript, parseSymbol, startsAtom } from "./parser-atoms.js";
import type { Grammar } from "./parser-cursor.js";
import { elementsToSetOrTuple } from "./parser-shapes.js";
import { Rational } from "./rational.js";

/**
 * The atom a command (just consumed) starts; an unknown command is a named function when `(`
 * follows (`\operatorname{foo}(x)`) and a symbol otherwise.
 * @throws MathParseError on a command that cannot start an atom, or a malformed argument.
 * @example
 * parseLatex("\\binom{5}{2}", limits); // { kind: "call", name: "binom", args: [5, 2] }
 * parseLatex("\\mathbb{R}", limits); // the interval (-∞, ∞)
 */
export function parseCommand(grammar: Grammar, name: string): MathNode {
  if (name === "frac" || name === "dfrac" || name === "tfrac" || name === "cfrac") {
    const numerator = parseBraced(grammar);
    const denominator = parseBraced(grammar);
    return { kind: "divide", numerator, denominator };
  }
  if (name === "binom" || name === "dbinom" || name === "tbinom") {
    return { kind: "call", name: "binom", args: [parseBraced(grammar), parseBraced(grammar)] };
  }
  if (name === "sqrt") {
    if (grammar.isOp("[")) {
      grammar.next();
      const index = grammar.parseAdditive();
      grammar.expectOp("]");
      return { kind: "call", name: "root", args: [parseBraced(grammar), index] };
    }
    return { kind: "call", name: "sqrt", args: [parseBraced(grammar)] };
  }
  if (FUNCTION_NAMES.has(name)) return parseFunction(grammar, name);
  if (name === "pi") return { kind: "constant", name: "pi" };
  if (name === "infty" || name === "infinity") return { kind: "constant", name: "infinity" };
  if (name === "imath") return { kind: "constant", name: "i" };
  if (name === "emptyset" || name === "varnothing") return { kind: "set", items: [] };
  if (GREEK_LETTERS.has(name)) return parseSymbol(grammar, name.toLowerCase());
  if (name === "mathbb") {
    if (grammar.isOp("{")) grammar.next();
    const letter = grammar.next().text;
    if (grammar.isOp("}")) grammar.next();
    if (letter === "R") {
      const infinity: MathNode = { kind: "constant", name: "infinity" };
      return {
        kind: "interval",
        lower: { kind: "negate", argument: infinity },
        upper: infinity,
        lowerOpen: true,
        upperOpen: true,
      };
    }
    return { kind: "symbol", name: `mathbb_${letter.toLowerCase()}` };
  }
  if (DECORATION_COMMANDS.has(name)) {
    if (!grammar.isOp("{")) return grammar.parseAtom();
    grammar.next();
    const groups = grammar.parseElementGroups();
    grammar.expectOp("}");
    return elementsToSetOrTuple(groups);
  }
  if (name === "lfloor" || name === "lceil") {
    const inner = grammar.parseAdditive();
    const close = grammar.next();
    if (close.type !== "command" || (close.text !== "rfloor" && close.text !== "rceil"))
      throw new MathParseError("unclosed floor");
    return { kind: "call", name: name === "lfloor" ? "floor" : "ceil", args: [inner] };
  }
  if (name === "langle") {
    const items = grammar.parseElementGroups().flat();
    if (!grammar.isCommand("rangle")) throw new MathParseError("unclosed angle");
    grammar.next();
    return items.length === 1 ? items[0]! : { kind: "tuple", items };
  }
  if (name === "lvert" || name === "vert") {
    grammar.absDepth++;
    const inner = grammar.parseAdditive();
    grammar.absDepth--;
    const close = grammar.next();
    if (close.type !== "command" || (close.text !== "rvert" && close.text !== "vert"))
      throw new MathParseError("unclosed |");
    return { kind: "call", name: "abs", args: [inner] };
  }
  if (name === "lbrace") {
    const items = grammar.parseElementGroups().flat();
    if (!grammar.isCommand("rbrace")) throw new MathParseError("unclosed brace");
    grammar.next();
    return { kind: "set", items };
  }
  if (name === "lbrack") return parseBracketGroup(grammar, "[");
  if (name === "sum" || name === "prod") return parseSum(grammar, name === "prod");
  if (!startsAtom(grammar, { type: "command", text: name }, true))
    throw new MathParseError(`unexpected \\${name}`);
  // \operatorname{name}: a named function or symbol.
  if (grammar.isOp("(")) return parseFunction(grammar, name);
  return { kind: "symbol", name: name.toLowerCase() };
}

/**
 * A function application after its name: optional `^power` and `_base`, then `(args)`, `{arg}`
 * or juxtaposed factors up to the next function (`\sin 2x`). `\sin^{-1}` is `arcsin`.
 * @throws MathParseError when the function has no argument.
 * @example
 * parseLatex("\\log_2 8", limits); // { kind: "call", name: "log", args: [8, 2] }
 * parseLatex("\\sin^{-1} x", limits); // { kind: "call", name: "arcsin", args: [x] }
 */
export function parseFunction(grammar: Grammar, name: string): MathNode {
  let power: MathNode | undefined;
  let base: MathNode | undefined;
  for (;;) {
    if (grammar.isOp("^")) {
      grammar.next();
      power = parseScript(grammar);
    } else if (grammar.isOp("_")) {
      grammar.next();
      base = parseScript(grammar);
    } else break;
  }
  let args: MathNode[];
  if (grammar.isOp("(")) {
    grammar.next();
    args = grammar.parseElementGroups().flat();
    grammar.expectOp(")");
  } else if (grammar.isOp("{")) {
    args = [parseBraced(grammar)];
  } else {
    if (!startsAtom(grammar, grammar.peek(), false)) throw new MathParseError(`\\${name} without argument`);
    args = [grammar.parseImplicit(true)];
  }
  if (args.length === 0) throw new MathParseError(`\\${name} without argument`);
  let node: MathNode = {
    kind: "call",
    name: name === "lg" ? "log10" : name,
    args: base ? [...args, base] : args,
  };
  if (power) {
    const inverse =
      power.kind === "negate" &&
      power.argument.kind === "number" &&
      power.argument.value.equals(Rational.int(1));
    node =
      inverse && ["sin", "cos", "tan"].includes(name)
        ? { kind: "call", name: `arc${name}`, args }
        : { kind: "power", base: node, exponent: power };
  }
  return node;
}

/**
 * `\sum_{k=a}^{b} body` (or `\prod`) after the command.
 * @throws MathParseError when the index is not `{letter=…}`.
 * @example
 * parseLatex("\\sum_{k=1}^{3} k", limits); // { kind: "sum", variable: "k", lower: 1, upper: 3, body: k, product: false }
 */
export function parseSum(grammar: Grammar, product: boolean): MathNode {
  grammar.expectOp("_");
  grammar.expectOp("{");
  const variable = grammar.next();
  if (variable.type !== "letter") throw new MathParseError("sum without index");
  grammar.expectOp("=");
  const lower = grammar.parseAdditive();
  grammar.expectOp("}");
  grammar.expectOp("^");
  const upper = parseScript(grammar);
  const body = grammar.parseTerm();
  return { kind: "sum", variable: variable.text.toLowerCase(), lower, upper, body, product };
}
