/**
 * The parser's LaTeX environments: the matrix family (`pmatrix`, `bmatrix`, `array`, …), read as
 * rows of cells split by `&` and `\\`. Any other environment is unparseable.
 * @module
 */
import type { MathNode } from "./ast.js";
import { MathParseError } from "./lexer.js";
import type { Grammar } from "./parser-cursor.js";

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

/**
 * The body of `\begin{environment}` (just consumed) up to its `\end`; an `array`'s column spec
 * is skipped. Every row must have the same number of cells.
 * @throws MathParseError on an unknown environment, an unclosed one, or ragged rows.
 * @example
 * parseLatex("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", limits); // { kind: "matrix", rows: [[1, 2], [3, 4]] }
 */
export function parseEnvironment(grammar: Grammar, environment: string): MathNode {
  if (!MATRIX_ENVIRONMENTS.has(environment)) throw new MathParseError(`environment ${environment}`);
  if (environment === "array" && grammar.isOp("{")) {
    while (!grammar.isOp("}") && grammar.peek().type !== "eof") grammar.next();
    grammar.next();
  }
  const rows: MathNode[][] = [[]];
  for (;;) {
    const token = grammar.peek();
    if (token.type === "end") {
      grammar.next();
      break;
    }
    if (token.type === "eof") throw new MathParseError("unclosed environment");
    if (grammar.isOp("&")) {
      grammar.next();
      continue;
    }
    if (grammar.isOp("\\\\")) {
      grammar.next();
      rows.push([]);
      continue;
    }
    rows[rows.length - 1]!.push(grammar.parseRelation());
  }
  const filled = rows.filter((r) => r.length > 0);
  if (filled.length === 0 || filled.some((r) => r.length !== filled[0]!.length))
    throw new MathParseError("ragged matrix");
  return { kind: "matrix", rows: filled };
}
