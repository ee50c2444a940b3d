/**
 * A Pratt-style recursive-descent parser from normalized LaTeX to a {@link MathNode} tree. It
 * follows the shapes latex2sympy2_extended (the parser behind math-verify) produces: a bare
 * comma list is a set, `(a, b)` is an open interval unless its ends are out of order (then a
 * tuple), `x = 1, 2` assigns a set, `a \pm b` is two values, `2\frac{1}{2}` is a mixed number.
 * Recursion depth and token count are bounded, so hostile input fails fast instead of hanging.
 * @module
 */
import { isCollection, isOnlySymbols, type MathNode, type RelationOperator } from "./ast.js";
import type { StepBudget } from "./budget.js";
import { MathParseError, type Token, tokenize } from "./lexer.js";
import { Rational } from "./rational.js";

/** Limits of one parse. */
export interface ParseLimits {
  budget: StepBudget;
  /** Maximum nesting of groups; deeper input is unparseable. Default 48. */
  maxDepth?: number;
  /** Maximum token count. Default 2,000. */
  maxTokens?: number;
  /** Decides whether `lower > upper` for the interval/tuple ambiguity; `null` when unknown. */
  compareEnds?: (lower: MathNode, upper: MathNode) => number | null;
}

const FUNCTION_NAMES = new Set([
  "sin",
  "cos",
  "tan",
  "cot",
  "sec",
  "csc",
  "arcsin",
  "arccos",
  "arctan",
  "arccot",
  "sinh",
  "cosh",
  "tanh",
  "coth",
  "log",
  "ln",
  "lg",
  "exp",
  "max",
  "min",
  "gcd",
  "lcm",
]);

const GREEK = new Set([
  "alpha",
  "beta",
  "gamma",
  "delta",
  "epsilon",
  "varepsilon",
  "zeta",
  "eta",
  "theta",
  "vartheta",
  "iota",
  "kappa",
  "lambda",
  "mu",
  "nu",
  "xi",
  "rho",
  "sigma",
  "tau",
  "upsilon",
  "phi",
  "varphi",
  "chi",
  "psi",
  "omega",
  "Gamma",
  "Delta",
  "Theta",
  "Lambda",
  "Xi",
  "Pi",
  "Sigma",
  "Upsilon",
  "Phi",
  "Psi",
  "Omega",
]);

const DECORATIONS = new Set([
  "boxed",
  "fbox",
  "mathbf",
  "boldsymbol",
  "bm",
  "vec",
  "overline",
  "overrightarrow",
  "hat",
  "bar",
  "tilde",
  "widehat",
  "underline",
  "mathrm",
  "mathit",
  "textbf",
]);

const RELATION_COMMANDS: Record<string, RelationOperator | "approx"> = {
  le: "<=",
  leq: "<=",
  leqslant: "<=",
  ge: ">=",
  geq: ">=",
  geqslant: ">=",
  lt: "<",
  gt: ">",
  ne: "!=",
  neq: "!=",
  in: "in",
  approx: "approx",
};

const RELATION_OPS: Record<string, RelationOperator> = {
  "=": "=",
  "<": "<",
  ">": ">",
  "<=": "<=",
  ">=": ">=",
  "!=": "!=",
};

/** Letters that denote a function when followed by `(`: `f(x)`, `g(2)`, `P(A)`. */
const FUNCTION_LETTERS = new Set(["f", "g", "h", "F", "G", "H", "P", "Q", "W"]);

const MATRIX_ENVIRONMENTS = new Set([
  "pmatrix",
  "bmatrix",
  "Bmatrix",
  "vmatrix",
  "Vmatrix",
  "matrix",
  "smallmatrix",
  "array",
]);

/** `1,000` and `12,345.5` are numbers, not sets (latex2sympy2_extended's rule). */
const COMMA_NUMBER_RE = /^\s*-?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*$/;

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

function numberNode(text: string, decimal = text.includes(".")): MathNode {
  const value = Rational.parse(text);
  if (!value) throw new MathParseError(`bad number ${text}`);
  return { kind: "number", value, decimal };
}

/** Flattens `a \pm b` into its two values, as list elements do. */
function expandElement(node: MathNode, into: MathNode[]): void {
  if (node.kind === "plusMinus") into.push(...node.options);
  else into.push(node);
}

/** latex2sympy2_extended's `convert_elements_to_set_or_tuple`. */
function elementsToSetOrTuple(groups: MathNode[][]): MathNode {
  if (groups.length === 1) {
    const only = groups[0]!;
    return only.length === 1 ? only[0]! : { kind: "set", items: only };
  }
  if (groups.every((g) => g.length === 1)) return { kind: "set", items: groups.map((g) => g[0]!) };
  return { kind: "set", items: groups.map((g) => (g.length === 1 ? g[0]! : { kind: "tuple", items: g })) };
}

class Parser {
  readonly #tokens: Token[];
  readonly #limits: Required<Omit<ParseLimits, "compareEnds">> & Pick<ParseLimits, "compareEnds">;
  #pos = 0;
  #depth = 0;
  #absDepth = 0;

  constructor(tokens: Token[], limits: ParseLimits) {
    this.#tokens = tokens;
    this.#limits = { maxDepth: 48, maxTokens: 2000, ...limits };
  }

  peek(offset = 0): Token {
    return this.#tokens[Math.min(this.#pos + offset, this.#tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (this.#pos < this.#tokens.length - 1) this.#pos++;
    return token;
  }

  isOp(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === "op" && token.text === text;
  }

  isCommand(text: string): boolean {
    const token = this.peek();
    return token.type === "command" && token.text === text;
  }

  expectOp(text: string): void {
    if (!this.isOp(text)) throw new MathParseError(`expected ${text}, got ${this.peek().text || "end"}`);
    this.next();
  }

  enter(): void {
    this.#limits.budget.spend();
    if (++this.#depth > this.#limits.maxDepth) throw new MathParseError("nesting too deep");
  }

  leave(): void {
    this.#depth--;
  }

  parseTop(): MathNode {
    const groups = this.parseElementGroups();
    if (this.peek().type !== "eof") throw new MathParseError(`unexpected ${this.peek().text}`);
    const flat = groups.flat();
    if (flat.length === 0) throw new MathParseError("empty");
    const first = groups[0]![0]!;
    if (
      flat.length > 1 &&
      first.kind === "relation" &&
      first.operators.length === 1 &&
      (first.operators[0] === "=" || first.operators[0] === "in") &&
      isOnlySymbols(first.items[0]!) &&
      flat.slice(1).every((e) => e.kind !== "relation")
    ) {
      const rest = groups.map((g) => [...g]);
      rest[0]![0] = first.items[1]!;
      return {
        kind: "relation",
        operators: [first.operators[0]],
        items: [first.items[0]!, elementsToSetOrTuple(rest)],
      };
    }
    return elementsToSetOrTuple(groups);
  }

  /** Elements separated by `,` (within a group) and `;` (between groups). */
  parseElementGroups(): MathNode[][] {
    const groups: MathNode[][] = [[]];
    for (;;) {
      const token = this.peek();
      if (token.type === "eof" || (token.type === "op" && [")", "]", "}", "\\}"].includes(token.text))) break;
      if (token.type === "command" && (token.text === "rangle" || token.text === "rbrace")) break;
      expandElement(this.parseRelation(), groups[groups.length - 1]!);
      if (this.isOp(",")) this.next();
      else if (this.isOp(";")) {
        this.next();
        groups.push([]);
      } else break;
    }
    return groups.filter((g, i) => g.length > 0 || i === 0);
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

  startsAtom(token: Token, allowFunctions: boolean): boolean {
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
          (token.text === "|" && this.#absDepth === 0)
        );
      default:
        return false;
    }
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
    while (this.startsAtom(this.peek(), !insideFunctionArgument)) {
      this.#limits.budget.spend();
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

  /** A superscript or subscript argument: `{…}`, one token, or `-` followed by one. */
  parseScript(): MathNode {
    if (this.isOp("{")) {
      this.next();
      this.enter();
      const inner = this.parseRelation();
      this.leave();
      this.expectOp("}");
      return inner;
    }
    if (this.isOp("-")) {
      this.next();
      return { kind: "negate", argument: this.parseScript() };
    }
    return this.parseAtom();
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
        if (this.isOp("{")) this.#pos += 3;
        else this.next();
        continue;
      }
      this.enter();
      const exponent = this.parseScript();
      this.leave();
      base = { kind: "power", base, exponent };
    }
    return base;
  }

  /** Subscript text as a name suffix (`{n-k-1}` → `n-k-1`). */
  readSubscriptName(): string {
    this.expectOp("_");
    if (!this.isOp("{")) return this.next().text;
    this.next();
    let depth = 1;
    let name = "";
    while (this.peek().type !== "eof") {
      const token = this.next();
      if (token.type === "op" && token.text === "{") depth++;
      if (token.type === "op" && token.text === "}" && --depth === 0) return name;
      name += token.text;
    }
    throw new MathParseError("unclosed subscript");
  }

  parseSymbol(letter: string): MathNode {
    let name = letter.length > 1 ? letter : letter.toLowerCase();
    if (this.isOp("_")) name += `_${this.readSubscriptName().toLowerCase()}`;
    if (FUNCTION_LETTERS.has(letter) && this.isOp("(")) {
      this.next();
      const args = this.parseElementGroups().flat();
      this.expectOp(")");
      return { kind: "call", name: `fn:${name}`, args };
    }
    if (name === "e") return { kind: "constant", name: "e" };
    return { kind: "symbol", name };
  }

  parseAtom(): MathNode {
    this.enter();
    try {
      return this.parseAtomInner();
    } finally {
      this.leave();
    }
  }

  parseAtomInner(): MathNode {
    const token = this.next();
    switch (token.type) {
      case "number": {
        if (this.isOp("_")) {
          const base = Number(this.readSubscriptName());
          const value =
            Number.isInteger(base) && base >= 2 && base <= 36
              ? Number.parseInt(token.text, base)
              : Number.NaN;
          if (!Number.isFinite(value) || value.toString(base) !== token.text.replace(/^0+(?=.)/, "")) {
            throw new MathParseError("bad base number");
          }
          return numberNode(String(value), false);
        }
        return numberNode(token.text);
      }
      case "letter":
        return this.parseSymbol(token.text);
      case "text": {
        const name = token.text
          .trim()
          .replace(/^\((.*)\)$/, "$1")
          .trim()
          .toLowerCase();
        if (!name) throw new MathParseError("empty text");
        return { kind: "text", name };
      }
      case "begin":
        return this.parseEnvironment(token.text);
      case "command":
        return this.parseCommand(token.text);
      case "op":
        return this.parseOpAtom(token.text);
      default:
        throw new MathParseError(`unexpected ${token.text || "end"}`);
    }
  }

  parseOpAtom(text: string): MathNode {
    switch (text) {
      case "(":
      case "[":
        return this.parseBracketGroup(text);
      case "\\{": {
        const items = this.parseElementGroups().flat();
        this.expectOp("\\}");
        return { kind: "set", items };
      }
      case "{": {
        if (this.isOp("}")) {
          this.next();
          return { kind: "set", items: [] };
        }
        const groups = this.parseElementGroups();
        this.expectOp("}");
        const flat = groups.flat();
        return flat.length === 1 ? flat[0]! : { kind: "set", items: flat };
      }
      case "|":
      case "\\|": {
        this.#absDepth++;
        const inner = this.parseAdditive();
        this.#absDepth--;
        this.expectOp(text);
        return { kind: "call", name: "abs", args: [inner] };
      }
      default:
        throw new MathParseError(`unexpected ${text}`);
    }
  }

  parseBracketGroup(open: string): MathNode {
    const groups = this.parseElementGroups();
    const close = this.next();
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
      const order = this.#limits.compareEnds?.(flat[0]!, flat[1]!) ?? null;
      const empty =
        order !== null && ((lowerOpen && upperOpen && order >= 0) || (!lowerOpen && !upperOpen && order > 0));
      if (!empty) return { kind: "interval", lower: flat[0]!, upper: flat[1]!, lowerOpen, upperOpen };
      return { kind: "tuple", items: flat };
    }
    if (!matched) throw new MathParseError("mismatched brackets");
    return { kind: "tuple", items: flat };
  }

  parseBraced(): MathNode {
    if (this.isOp("{")) {
      this.next();
      if (this.isOp("}")) throw new MathParseError("empty group");
      const inner = this.parseRelation();
      this.expectOp("}");
      return inner;
    }
    return this.parseAtom();
  }

  parseCommand(name: string): MathNode {
    if (name === "frac" || name === "dfrac" || name === "tfrac" || name === "cfrac") {
      const numerator = this.parseBraced();
      const denominator = this.parseBraced();
      return { kind: "divide", numerator, denominator };
    }
    if (name === "binom" || name === "dbinom" || name === "tbinom") {
      return { kind: "call", name: "binom", args: [this.parseBraced(), this.parseBraced()] };
    }
    if (name === "sqrt") {
      if (this.isOp("[")) {
        this.next();
        const index = this.parseAdditive();
        this.expectOp("]");
        return { kind: "call", name: "root", args: [this.parseBraced(), index] };
      }
      return { kind: "call", name: "sqrt", args: [this.parseBraced()] };
    }
    if (FUNCTION_NAMES.has(name)) return this.parseFunction(name);
    if (name === "pi") return { kind: "constant", name: "pi" };
    if (name === "infty" || name === "infinity") return { kind: "constant", name: "infinity" };
    if (name === "imath") return { kind: "constant", name: "i" };
    if (name === "emptyset" || name === "varnothing") return { kind: "set", items: [] };
    if (GREEK.has(name)) return this.parseSymbol(name.toLowerCase());
    if (name === "mathbb") {
      if (this.isOp("{")) this.next();
      const letter = this.next().text;
      if (this.isOp("}")) this.next();
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
    if (DECORATIONS.has(name)) {
      if (!this.isOp("{")) return this.parseAtom();
      this.next();
      const groups = this.parseElementGroups();
      this.expectOp("}");
      return elementsToSetOrTuple(groups);
    }
    if (name === "lfloor" || name === "lceil") {
      const inner = this.parseAdditive();
      const close = this.next();
      if (close.type !== "command" || (close.text !== "rfloor" && close.text !== "rceil"))
        throw new MathParseError("unclosed floor");
      return { kind: "call", name: name === "lfloor" ? "floor" : "ceil", args: [inner] };
    }
    if (name === "langle") {
      const items = this.parseElementGroups().flat();
      if (!this.isCommand("rangle")) throw new MathParseError("unclosed angle");
      this.next();
      return items.length === 1 ? items[0]! : { kind: "tuple", items };
    }
    if (name === "lvert" || name === "vert") {
      this.#absDepth++;
      const inner = this.parseAdditive();
      this.#absDepth--;
      const close = this.next();
      if (close.type !== "command" || (close.text !== "rvert" && close.text !== "vert"))
        throw new MathParseError("unclosed |");
      return { kind: "call", name: "abs", args: [inner] };
    }
    if (name === "lbrace") {
      const items = this.parseElementGroups().flat();
      if (!this.isCommand("rbrace")) throw new MathParseError("unclosed brace");
      this.next();
      return { kind: "set", items };
    }
    if (name === "lbrack") return this.parseBracketGroup("[");
    if (name === "sum" || name === "prod") return this.parseSum(name === "prod");
    if (!this.startsAtom({ type: "command", text: name }, true))
      throw new MathParseError(`unexpected \\${name}`);
    // \operatorname{name}: a named function or symbol.
    if (this.isOp("(")) return this.parseFunction(name);
    return { kind: "symbol", name: name.toLowerCase() };
  }

  parseFunction(name: string): MathNode {
    let power: MathNode | undefined;
    let base: MathNode | undefined;
    for (;;) {
      if (this.isOp("^")) {
        this.next();
        power = this.parseScript();
      } else if (this.isOp("_")) {
        this.next();
        base = this.parseScript();
      } else break;
    }
    let args: MathNode[];
    if (this.isOp("(")) {
      this.next();
      args = this.parseElementGroups().flat();
      this.expectOp(")");
    } else if (this.isOp("{")) {
      args = [this.parseBraced()];
    } else {
      if (!this.startsAtom(this.peek(), false)) throw new MathParseError(`\\${name} without argument`);
      args = [this.parseImplicit(true)];
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

  parseSum(product: boolean): MathNode {
    this.expectOp("_");
    this.expectOp("{");
    const variable = this.next();
    if (variable.type !== "letter") throw new MathParseError("sum without index");
    this.expectOp("=");
    const lower = this.parseAdditive();
    this.expectOp("}");
    this.expectOp("^");
    const upper = this.parseScript();
    const body = this.parseTerm();
    return { kind: "sum", variable: variable.text.toLowerCase(), lower, upper, body, product };
  }

  parseEnvironment(environment: string): MathNode {
    if (!MATRIX_ENVIRONMENTS.has(environment)) throw new MathParseError(`environment ${environment}`);
    if (environment === "array" && this.isOp("{")) {
      while (!this.isOp("}") && this.peek().type !== "eof") this.next();
      this.next();
    }
    const rows: MathNode[][] = [[]];
    for (;;) {
      const token = this.peek();
      if (token.type === "end") {
        this.next();
        break;
      }
      if (token.type === "eof") throw new MathParseError("unclosed environment");
      if (this.isOp("&")) {
        this.next();
        continue;
      }
      if (this.isOp("\\\\")) {
        this.next();
        rows.push([]);
        continue;
      }
      rows[rows.length - 1]!.push(this.parseRelation());
    }
    const filled = rows.filter((r) => r.length > 0);
    if (filled.length === 0 || filled.some((r) => r.length !== filled[0]!.length))
      throw new MathParseError("ragged matrix");
    return { kind: "matrix", rows: filled };
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
