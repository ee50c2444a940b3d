/**
 * The LaTeX command vocabulary the lexer and the parser share: commands that only affect layout,
 * named functions, Greek letters, relation commands, and every command the lexer knows (which it
 * uses to split run-together names such as `\quadx` → `\quad x`).
 * @module
 */
import type { RelationOperator } from "./ast.js";

/**
 * Commands that only affect spacing or sizing; the lexer drops them.
 * @example
 * IGNORED_COMMANDS.has("displaystyle"); // true
 */
export const IGNORED_COMMANDS: ReadonlySet<string> = new Set([
  "quad",
  "qquad",
  "displaystyle",
  "textstyle",
  "left",
  "right",
  "middle",
  "big",
  "Big",
  "bigg",
  "Bigg",
  "bigl",
  "bigr",
  "Bigl",
  "Bigr",
  "biggl",
  "biggr",
  "Biggl",
  "Biggr",
  "limits",
  "nolimits",
  "mathstrut",
  "hfill",
  "space",
  "enspace",
  "thinspace",
  "negthinspace",
  "prime",
  "hline",
  "nonumber",
  "notag",
]);

/**
 * Named functions (`\sin x`, `\log_2 8`, `\gcd(a, b)`) the parser applies to an argument.
 * @example
 * FUNCTION_NAMES.has("arctan"); // true
 */
export const FUNCTION_NAMES: ReadonlySet<string> = new Set([
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

/**
 * Greek letter commands; the parser reads each as a symbol named by the lowercased command.
 * @example
 * GREEK_LETTERS.has("Omega"); // true
 */
export const GREEK_LETTERS: ReadonlySet<string> = new Set([
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

/**
 * Relation commands and the operator each stands for; `\approx` is not a relation but an
 * assignment (latex2sympy2_extended keeps the value).
 * @example
 * RELATION_COMMANDS.geqslant; // ">="
 */
export const RELATION_COMMANDS: Readonly<Record<string, RelationOperator | "approx">> = {
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

/**
 * Commands that wrap their argument without changing its value (`\\boxed{x}` is `x`).
 * @example
 * DECORATION_COMMANDS.has("mathbf"); // true
 */
export const DECORATION_COMMANDS: ReadonlySet<string> = new Set([
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

/**
 * Every command the lexer accepts; an unknown name is split into a known command and letters.
 * @example
 * KNOWN_COMMANDS.has("frac"); // true
 * KNOWN_COMMANDS.has("quadx"); // false (the lexer reads it as `\quad x`)
 */
export const KNOWN_COMMANDS = new Set([
  ...IGNORED_COMMANDS,
  "frac",
  "dfrac",
  "tfrac",
  "cfrac",
  "binom",
  "dbinom",
  "tbinom",
  "sqrt",
  "cdot",
  "times",
  "ast",
  "div",
  "pm",
  "mp",
  "le",
  "leq",
  "leqslant",
  "ge",
  "geq",
  "geqslant",
  "lt",
  "gt",
  "ne",
  "neq",
  "approx",
  "in",
  "cup",
  "cap",
  "setminus",
  "infty",
  "infinity",
  "emptyset",
  "varnothing",
  "mathbb",
  "operatorname",
  "circ",
  "degree",
  "lfloor",
  "rfloor",
  "lceil",
  "rceil",
  "langle",
  "rangle",
  "lvert",
  "rvert",
  "vert",
  "lbrace",
  "rbrace",
  "lbrack",
  "rbrack",
  "sum",
  "prod",
  "text",
  "mbox",
  "begin",
  "end",
  "pi",
  "imath",
  "cdotp",
  ...DECORATION_COMMANDS,
  ...FUNCTION_NAMES,
  ...GREEK_LETTERS,
]);
