/**
 * A Pratt-style recursive-descent parser from normalized LaTeX to a {@link MathNode} tree. It
 * follows the shapes latex2sympy2_extended (the parser behind math-verify) produces: a bare
 * comma list is a set, `(a, b)` is an open interval unless its ends are out of order (then a
 * tuple), `x = 1, 2` assigns a set, `a \pm b` is two values, `2\frac{1}{2}` is a mixed number.
 * Recursion depth and token count are bounded, so hostile input fails fast instead of hanging.
 *
 * This module holds the precedence levels (lists, relations, unions, sums, products, implicit
 * products, postfix operators, powers) and dispatches atoms to `parser-atoms.ts`,
 * `parser-commands.ts` and `parser-environments.ts`; the token cursor is in `parser-cursor.ts`.
 * @module
 */
import { isOnlySymbols, type MathNode, type RelationOperator } from "./ast.js";
import { RELATION_COMMANDS } from "./latex-commands.js";
import { MathParseError, tokenize } from "./lexer.js";
import {
  parseDelimitedGroup,
  parseNumberAtom,
  parseScript,
  parseSymbol,
  parseTextAtom,
  startsAtom,
} from "./parser-atoms.js";
import { parseCommand } from "./parser-commands.js";
import { type Grammar, type ParseLimits, TokenCursor } from "./parser-cursor.js";
import { parseEnvironment } from "./parser-environments.js";
import { expandElement, numberNode, topLevelShape } from "./parser-shapes.js";
import { Rational } from "./rational.js";

export type { ParseLimits } from "./parser-cursor.js";

const RELATION_OPS: Record<string, RelationOperator> = {
  "=": "=",
  "<": "<",
  ">": ">",
  "<=": "<=",
  ">=": ">=",
  "!=": "!=",
};

/** `1,000` and `12,345.5` are numbers, not sets (latex2sympy2_extended's rule). */
const COMMA_NUMBER_RE = /^\s*-?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*$/;

class Parser extends TokenCursor implements Grammar {
  parseTop(): MathNode {
    const groups = this.parseElementGroups();
    if (this.peek().type !== "eof") throw new MathParseError(`unexpected ${this.peek().text}`);
    return topLevelShape(groups);
  }

  /** Elements separated by `,` (within a group) and `;` (between groups). */
  parseElementGroups(): MathNode[][] {
    const groups: MathNode[][] = [[]];
    for (let afterSeparator = false; ; ) {
      if (this.#atGroupEnd()) {
        // latex2sympy2_extended rejects a trailing separator (`42,`, `(1,2,)`, `1;2;`).
        if (afterSeparator) throw new MathParseError("trailing separator");
        break;
      }
      expandElement(this.parseRelation(), groups[groups.length - 1]!);
      afterSeparator = true;
      if (this.isOp(",")) this.next();
      else if (this.isOp(";")) {
        this.next();
        groups.push([]);
      } else break;
    }
    return groups.filter((g, i) => g.length > 0 || i === 0);
  }

  #atGroupEnd(): boolean {
    const token = this.peek();
    if (token.type === "eof" || (token.type === "op" && [")", "]", "}", "\\}"].includes(token.text)))
      return true;
    return token.type === "command" && (token.text === "rangle" || token.text === "rbrace");
  }

  relationOperator(): RelationOperator | "approx" | null {
    const token = this.peek();
    if (token.type === "op") return RELATION_OPS[token.text] ?? null;
    if (token.type === "command") return RELATION_COMMANDS[token.text] ?? null;
    return null;
  }

  parseRelation(): MathNode {
    let items = [this.parseSetExpression()];
    const operators: RelationOperator[] = [];
    for (let op = this.relationOperator(); op; op = this.relationOperator()) {
      this.next();
      const right = this.parseSetExpression();
      if (op === "approx") {
        // latex2sympy: `x \approx v` assigns v; `expr \approx v` keeps expr.
        if (operators.length === 0 && isOnlySymbols(items[0]!)) items = [right];
        continue;
      }
      operators.push(op);
      items.push(right);
    }
    return operators.length ? { kind: "relation", operators, items } : items[0]!;
  }

  parseSetExpression(): MathNode {
    const first = this.parseAdditive();
    if (!this.isCommand("cup")) {
      if (this.isCommand("cap") || this.isCommand("setminus")) throw new MathParseError("set operation");
      return first;
    }
    const parts = [first];
    while (this.isCommand("cup")) {
      this.next();
      parts.push(this.parseAdditive());
    }
    return {
      kind: "union",
      parts: parts.map((p) => (p.kind === "tuple" ? { kind: "set", items: p.items } : p)),
    };
  }

  parseAdditive(): MathNode {
    this.enter();
    const terms: MathNode[] = [];
    if (this.isCommand("pm") || this.isCommand("mp")) {
      this.next();
      const value = this.parseAdditive();
      this.leave();
      return { kind: "plusMinus", options: [{ kind: "negate", argument: value }, value] };
    }
    if (this.isOp("-")) {
      this.next();
      terms.push({ kind: "negate", argument: this.parseTerm() });
    } else {
      if (this.isOp("+")) this.next();
      terms.push(this.parseTerm());
    }
    for (;;) {
      if (this.isOp("+")) {
        this.next();
        terms.push(this.parseTerm());
      } else if (this.isOp("-")) {
        this.next();
        terms.push({ kind: "negate", argument: this.parseTerm() });
      } else if (this.isCommand("pm") || this.isCommand("mp")) {
        this.next();
        const left: MathNode = terms.length === 1 ? terms[0]! : { kind: "add", terms };
        const right = this.parseAdditive();
        this.leave();
        return {
          kind: "plusMinus",
          options: [
            { kind: "add", terms: [left, right] },
            { kind: "add", terms: [left, { kind: "negate", argument: right }] },
          ],
        };
      } else break;
    }
    this.leave();
    return terms.length === 1 ? terms[0]! : { kind: "add", terms };
  }

  parseTerm(): MathNode {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      if (
        (token.type === "op" && token.text === "*") ||
        (token.type === "command" &&
          (token.text === "cdot" || token.text === "times" || token.text === "ast" || token.text === "cdotp"))
      ) {
        this.next();
        left = { kind: "multiply", factors: [left, this.parseUnary()] };
      } else if (
        (token.type === "op" && (token.text === "/" || token.text === ":")) ||
        (token.type === "command" && token.text === "div")
      ) {
        this.next();
        left = { kind: "divide", numerator: left, denominator: this.parseUnary() };
      } else return left;
    }
  }

  parseUnary(): MathNode {
    if (this.isOp("-")) {
      this.next();
      this.enter();
      const argument = this.parseUnary();
      this.leave();
      return { kind: "negate", argument };
    }
    if (this.isOp("+")) {
      this.next();
      return this.parseUnary();
    }
    return this.parseImplicit(false);
  }

  /** Juxtaposed factors (`2x`, `3\sqrt{2}`, `(a+1)(b+2)`); `2\frac{1}{2}` is a mixed number. */
  parseImplicit(insideFunctionArgument: boolean): MathNode {
    const factors = [this.parsePostfix()];
    const first = factors[0]!;
    if (first.kind === "number" && !first.decimal && first.value.isInteger && this.isCommand("frac")) {
      const fraction = this.parsePostfix();
      if (
        fraction.kind === "divide" &&
        fraction.numerator.kind === "number" &&
        fraction.denominator.kind === "number" &&
        fraction.numerator.value.isInteger &&
        fraction.denominator.value.isInteger
      ) {
        factors[0] = { kind: "add", terms: [first, fraction] };
      } else factors.push(fraction);
    }
    while (startsAtom(this, this.peek(), !insideFunctionArgument)) {
      this.spend();
      factors.push(this.parsePostfix());
    }
    return factors.length === 1 ? factors[0]! : { kind: "multiply", factors };
  }

  parsePostfix(): MathNode {
    let node = this.parsePower();
    for (;;) {
      if (this.isOp("!")) {
        this.next();
        node = { kind: "call", name: "factorial", args: [node] };
      } else if (this.isOp("%")) {
        this.next();
        node =
          node.kind === "number"
            ? { kind: "number", value: node.value.div(Rational.int(100))!, decimal: node.decimal }
            : { kind: "divide", numerator: node, denominator: numberNode("100") };
      } else if (this.isOp("'") || this.isCommand("circ") || this.isCommand("degree")) this.next();
      else return node;
    }
  }

  isDegree(): boolean {
    if (this.isCommand("circ") || this.isCommand("degree")) return true;
    const a = this.peek(1);
    return (
      this.isOp("{") &&
      a.type === "command" &&
      (a.text === "circ" || a.text === "degree") &&
      this.isOp("}", 2)
    );
  }

  parsePower(): MathNode {
    let base = this.parseAtom();
    while (this.isOp("^")) {
      this.next();
      if (this.isDegree()) {
        if (this.isOp("{")) this.skip(3);
        else this.next();
        continue;
      }
      this.enter();
      const exponent = parseScript(this);
      this.leave();
      base = { kind: "power", base, exponent };
    }
    return base;
  }

  parseAtom(): MathNode {
    this.enter();
    try {
      return this.#parseAtomToken();
    } finally {
      this.leave();
    }
  }

  #parseAtomToken(): MathNode {
    const token = this.next();
    switch (token.type) {
      case "number":
        return parseNumberAtom(this, token.text);
      case "letter":
        return parseSymbol(this, token.text);
      case "text":
        return parseTextAtom(token.text);
      case "begin":
        return parseEnvironment(this, token.text);
      case "command":
        return parseCommand(this, token.text);
      case "op":
        return parseDelimitedGroup(this, token.text);
      default:
        throw new MathParseError(`unexpected ${token.text || "end"}`);
    }
  }
}

/**
 * Parses normalized LaTeX (or a plain expression such as `(1/2)*(4/3)`) into a tree.
 * @throws MathParseError when the input is not an expression this parser understands.
 * @throws BudgetExceededError when the step budget runs out.
 * @example
 * parseLatex("\\frac{1}{2}", { budget: new StepBudget(10_000) }); // { kind: "divide", … }
 */
export function parseLatex(source: string, limits: ParseLimits): MathNode {
  if (COMMA_NUMBER_RE.test(source)) return numberNode(source.trim().replace(/,/g, ""));
  const tokens = tokenize(source, limits.maxTokens ?? 2000);
  limits.budget.spend(tokens.length);
  return new Parser(tokens, limits).parseTop();
}
