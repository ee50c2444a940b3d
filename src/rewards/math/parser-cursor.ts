/**
 * The token cursor the LaTeX parser's rules share: lookahead, consumption, and the nesting and
 * step limits of one parse; and {@link Grammar}, the rules that the command, atom and environment
 * handlers (in their own modules) recurse back into.
 * @module
 */
import type { MathNode } from "./ast.js";
import type { StepBudget } from "./budget.js";
import { MathParseError, type Token } from "./lexer.js";

/**
 * Limits of one parse.
 * @example
 * const limits: ParseLimits = { budget: new StepBudget(10_000), maxDepth: 16 };
 */
export interface ParseLimits {
  budget: StepBudget;
  /** Maximum nesting of groups; deeper input is unparseable. Default 48. */
  maxDepth?: number;
  /** Maximum token count. Default 2,000. */
  maxTokens?: number;
  /** Decides whether `lower > upper` for the interval/tuple ambiguity; `null` when unknown. */
  compareEnds?: (lower: MathNode, upper: MathNode) => number | null;
}

/**
 * A position in a token list (ending in `eof`) with the limits of the parse reading it.
 * @example
 * const cursor = new TokenCursor(tokenize("x+1", 100), { budget: new StepBudget(100) });
 * cursor.isOp("+", 1); // true
 * cursor.next().text; // "x"
 */
export class TokenCursor {
  readonly #tokens: Token[];
  readonly #limits: Required<Omit<ParseLimits, "compareEnds">> & Pick<ParseLimits, "compareEnds">;
  #pos = 0;
  #depth = 0;
  /** Open `|…|` groups; inside one, a bare `|` closes the group instead of starting a factor. */
  absDepth = 0;

  constructor(tokens: Token[], limits: ParseLimits) {
    this.#tokens = tokens;
    this.#limits = { maxDepth: 48, maxTokens: 2000, ...limits };
  }

  /** The interval/tuple tie-breaker of {@link ParseLimits.compareEnds}, if any. */
  get compareEnds(): ParseLimits["compareEnds"] {
    return this.#limits.compareEnds;
  }

  /** The token `offset` ahead; past the end, the final `eof`. */
  peek(offset = 0): Token {
    return this.#tokens[Math.min(this.#pos + offset, this.#tokens.length - 1)]!;
  }

  /** Consumes and returns the current token (`eof` is never consumed). */
  next(): Token {
    const token = this.peek();
    if (this.#pos < this.#tokens.length - 1) this.#pos++;
    return token;
  }

  /** Skips `count` tokens the caller has already looked at with {@link peek}. */
  skip(count: number): void {
    this.#pos += count;
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

  /** Spends one step of the budget. */
  spend(): void {
    this.#limits.budget.spend();
  }

  /** Enters one level of nesting (spending a step); pair with {@link leave}. */
  enter(): void {
    this.#limits.budget.spend();
    if (++this.#depth > this.#limits.maxDepth) throw new MathParseError("nesting too deep");
  }

  leave(): void {
    this.#depth--;
  }
}

/**
 * The recursive rules of the parser's core, which the handlers of atoms, commands and
 * environments call back into for their arguments.
 * @example
 * function parseFraction(grammar: Grammar): MathNode {
 *   return { kind: "divide", numerator: grammar.parseAtom(), denominator: grammar.parseAtom() };
 * }
 */
export interface Grammar extends TokenCursor {
  /** Elements separated by `,` (within a group) and `;` (between groups). */
  parseElementGroups(): MathNode[][];
  /** A chain `a op b op c`, or a single set expression. */
  parseRelation(): MathNode;
  /** A sum or difference of terms, `\pm` included. */
  parseAdditive(): MathNode;
  /** A product or quotient of factors. */
  parseTerm(): MathNode;
  /** Juxtaposed factors; inside a function argument (`\sin 2x`) functions do not start a factor. */
  parseImplicit(insideFunctionArgument: boolean): MathNode;
  /** One atom: a number, a letter, a group, a command or an environment. */
  parseAtom(): MathNode;
}
