/**
 * Evaluation of a {@link MathNode}: exactly over rationals where the tree allows it, otherwise
 * numerically over complex doubles with the free symbols bound to given values. Both spend a
 * step budget, and powers are bounded so `10^{10^{10}}` becomes a non-finite value, not a hang.
 * @module
 */
import type { MathNode } from "./ast.js";
import type { StepBudget } from "./budget.js";
import { Rational } from "./rational.js";

/** A complex number; real values have `im === 0`. NaN marks "undefined here". */
export interface Complex {
  re: number;
  im: number;
}

const NAN: Complex = { re: Number.NaN, im: 0 };
const real = (re: number): Complex => ({ re, im: 0 });

/**
 * Exact value of a tree made of numbers, `+ - * /`, integer powers, `|x|`, perfect-square roots,
 * small factorials and binomials; `null` when the tree is anything else or too large.
 */
export function evaluateExact(node: MathNode, budget: StepBudget): Rational | null {
  budget.spend();
  switch (node.kind) {
    case "number":
      return node.value;
    case "negate": {
      const value = evaluateExact(node.argument, budget);
      return value ? value.neg() : null;
    }
    case "add": {
      let sum: Rational | null = Rational.int(0);
      for (const term of node.terms) {
        const value = evaluateExact(term, budget);
        if (!value || !sum) return null;
        sum = sum.add(value);
      }
      return sum;
    }
    case "multiply": {
      let product: Rational | null = Rational.int(1);
      for (const factor of node.factors) {
        const value = evaluateExact(factor, budget);
        if (!value || !product) return null;
        product = product.mul(value);
      }
      return product;
    }
    case "divide": {
      const numerator = evaluateExact(node.numerator, budget);
      const denominator = numerator && evaluateExact(node.denominator, budget);
      return numerator && denominator ? numerator.div(denominator) : null;
    }
    case "power": {
      const base = evaluateExact(node.base, budget);
      const exponent = base && evaluateExact(node.exponent, budget);
      if (!base || !exponent?.isInteger) return null;
      if (base.isZero && exponent.sign() < 0) return null;
      return base.pow(exponent.num);
    }
    case "call":
      return exactCall(node.name, node.args, budget);
    default:
      return null;
  }
}

function integerSqrt(value: bigint): bigint | null {
  if (value < 0n) return null;
  if (value < 2n) return value;
  let x = BigInt(Math.floor(Math.sqrt(Number(value))));
  while (x * x > value) x--;
  while ((x + 1n) * (x + 1n) <= value) x++;
  return x * x === value ? x : null;
}

function exactCall(name: string, args: MathNode[], budget: StepBudget): Rational | null {
  if (args.length !== (name === "binom" ? 2 : 1)) return null;
  const value = evaluateExact(args[0]!, budget);
  if (!value) return null;
  switch (name) {
    case "abs":
      return value.sign() < 0 ? value.neg() : value;
    case "sqrt": {
      const num = integerSqrt(value.num);
      const den = integerSqrt(value.den);
      return num !== null && den !== null ? Rational.of(num, den) : null;
    }
    case "factorial": {
      if (!value.isInteger || value.num < 0n || value.num > 300n) return null;
      let product = 1n;
      for (let k = 2n; k <= value.num; k++) product *= k;
      return Rational.of(product);
    }
    case "binom": {
      const k = evaluateExact(args[1]!, budget);
      if (!k || !value.isInteger || !k.isInteger || k.num < 0n || k.num > 300n || value.num < 0n) return null;
      let result = 1n;
      for (let j = 0n; j < k.num; j++) result = (result * (value.num - j)) / (j + 1n);
      return Rational.of(result);
    }
    default:
      return null;
  }
}

/** Values of free symbols for one numeric evaluation. */
export type SymbolValues = ReadonlyMap<string, number>;

function cmul(a: Complex, b: Complex): Complex {
  if (a.im === 0 && b.im === 0) return real(a.re * b.re);
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

function cdiv(a: Complex, b: Complex): Complex {
  if (a.im === 0 && b.im === 0) return b.re === 0 ? NAN : real(a.re / b.re);
  const d = b.re * b.re + b.im * b.im;
  if (d === 0) return NAN;
  return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
}

function clog(a: Complex): Complex {
  return { re: Math.log(Math.hypot(a.re, a.im)), im: Math.atan2(a.im, a.re) };
}

function cexp(a: Complex): Complex {
  const m = Math.exp(a.re);
  return a.im === 0 ? real(m) : { re: m * Math.cos(a.im), im: m * Math.sin(a.im) };
}

function cpow(base: Complex, exponent: Complex): Complex {
  if (base.im === 0 && exponent.im === 0) {
    if (base.re >= 0 || Number.isInteger(exponent.re)) {
      const value = base.re ** exponent.re;
      // Overflow is "unknown", never a silent infinity that would make 1/x look like 0.
      return Number.isFinite(value) || !Number.isFinite(base.re) ? real(value) : NAN;
    }
  }
  if (base.re === 0 && base.im === 0) return exponent.re > 0 ? real(0) : NAN;
  return cexp(cmul(exponent, clog(base)));
}

/** A deterministic stand-in value for an undefined function such as `f(x)`. */
function undefinedFunction(name: string, args: Complex[]): Complex {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) % 1000;
  let phase = hash / 97;
  args.forEach((arg, index) => {
    phase += (index + 1.37) * arg.re + 0.71 * arg.im;
  });
  return real(Math.sin(phase) * 2 + Math.cos(1.3 * phase));
}

function realFunction(name: string, x: number): number {
  switch (name) {
    case "sin":
      return Math.sin(x);
    case "cos":
      return Math.cos(x);
    case "tan":
      return Math.tan(x);
    case "cot":
      return 1 / Math.tan(x);
    case "sec":
      return 1 / Math.cos(x);
    case "csc":
      return 1 / Math.sin(x);
    case "arcsin":
      return Math.asin(x);
    case "arccos":
      return Math.acos(x);
    case "arctan":
      return Math.atan(x);
    case "arccot":
      return Math.atan(1 / x);
    case "sinh":
      return Math.sinh(x);
    case "cosh":
      return Math.cosh(x);
    case "tanh":
      return Math.tanh(x);
    case "coth":
      return 1 / Math.tanh(x);
    case "floor":
      return Math.floor(x);
    case "ceil":
      return Math.ceil(x);
    case "log10":
      return Math.log10(x);
    default:
      return Number.NaN;
  }
}

function gamma(x: number): number {
  if (Number.isInteger(x) && x <= 0) return Number.NaN;
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  if (x > 171) return Number.NaN;
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const y = x - 1;
  let a = c[0]!;
  const t = y + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i]! / (y + i);
  return Math.sqrt(2 * Math.PI) * t ** (y + 0.5) * Math.exp(-t) * a;
}

function callNumeric(name: string, args: Complex[]): Complex {
  const x = args[0]!;
  if (name.startsWith("fn:")) return undefinedFunction(name, args);
  switch (name) {
    case "sqrt":
      return cpow(x, real(0.5));
    case "root": {
      const n = args[1]!;
      if (x.im === 0 && n.im === 0 && x.re < 0 && Number.isInteger(n.re) && n.re % 2 !== 0)
        return real(-((-x.re) ** (1 / n.re)));
      return cpow(x, cdiv(real(1), n));
    }
    case "abs":
      return real(Math.hypot(x.re, x.im));
    case "exp":
      return cexp(x);
    case "ln":
      return clog(x);
    case "log":
      return args.length === 2 ? cdiv(clog(x), clog(args[1]!)) : clog(x);
    case "factorial":
      return x.im === 0 ? real(gamma(x.re + 1)) : NAN;
    case "binom": {
      const k = args[1]!;
      if (x.im !== 0 || k.im !== 0) return NAN;
      return real(gamma(x.re + 1) / (gamma(k.re + 1) * gamma(x.re - k.re + 1)));
    }
    case "max":
    case "min":
    case "gcd":
    case "lcm": {
      if (args.some((a) => a.im !== 0)) return NAN;
      const values = args.map((a) => a.re);
      if (name === "max") return real(Math.max(...values));
      if (name === "min") return real(Math.min(...values));
      const g = (a: number, b: number): number => (b === 0 ? Math.abs(a) : g(b, a % b));
      if (!values.every(Number.isInteger)) return NAN;
      if (name === "gcd") return real(values.reduce(g));
      return real(values.reduce((a, b) => Math.abs(a * b) / g(a, b)));
    }
    default:
      if (args.length !== 1 || x.im !== 0) return NAN;
      return real(realFunction(name, x.re));
  }
}

/**
 * Numeric value of a tree with `values` for its free symbols. Sets, relations, text and
 * anything undefined evaluate to NaN; overflow becomes ±Infinity.
 */
export function evaluateNumeric(node: MathNode, values: SymbolValues, budget: StepBudget): Complex {
  budget.spend();
  switch (node.kind) {
    case "number":
      return real(node.value.toNumber());
    case "symbol": {
      const value = values.get(node.name);
      return value === undefined ? NAN : real(value);
    }
    case "constant":
      if (node.name === "pi") return real(Math.PI);
      if (node.name === "e") return real(Math.E);
      if (node.name === "i") return { re: 0, im: 1 };
      return real(Number.POSITIVE_INFINITY);
    case "negate": {
      const v = evaluateNumeric(node.argument, values, budget);
      return { re: -v.re, im: v.im === 0 ? 0 : -v.im };
    }
    case "add": {
      let re = 0;
      let im = 0;
      for (const term of node.terms) {
        const v = evaluateNumeric(term, values, budget);
        re += v.re;
        im += v.im;
      }
      return { re, im };
    }
    case "multiply": {
      let product = real(1);
      for (const factor of node.factors) product = cmul(product, evaluateNumeric(factor, values, budget));
      return product;
    }
    case "divide":
      return cdiv(
        evaluateNumeric(node.numerator, values, budget),
        evaluateNumeric(node.denominator, values, budget),
      );
    case "power":
      return cpow(evaluateNumeric(node.base, values, budget), evaluateNumeric(node.exponent, values, budget));
    case "call":
      return callNumeric(
        node.name,
        node.args.map((a) => evaluateNumeric(a, values, budget)),
      );
    case "sum":
      return evaluateSum(node, values, budget);
    default:
      return NAN;
  }
}

function evaluateSum(
  node: Extract<MathNode, { kind: "sum" }>,
  values: SymbolValues,
  budget: StepBudget,
): Complex {
  const lower = evaluateNumeric(node.lower, values, budget);
  const upper = evaluateNumeric(node.upper, values, budget);
  if (lower.im !== 0 || upper.im !== 0 || !Number.isFinite(lower.re) || !Number.isFinite(upper.re))
    return NAN;
  const from = Math.round(lower.re);
  const to = Math.round(upper.re);
  if (to - from > 2000) return NAN;
  const scope = new Map(values);
  let total = node.product ? real(1) : real(0);
  for (let k = from; k <= to; k++) {
    scope.set(node.variable, k);
    const term = evaluateNumeric(node.body, scope, budget);
    total = node.product ? cmul(total, term) : { re: total.re + term.re, im: total.im + term.im };
  }
  return total;
}

/** Collects the free symbol names of a tree (bound sum indices excluded). */
export function freeSymbols(
  node: MathNode,
  into = new Set<string>(),
  bound: ReadonlySet<string> = new Set(),
): Set<string> {
  switch (node.kind) {
    case "symbol":
      if (!bound.has(node.name)) into.add(node.name);
      break;
    case "sum": {
      freeSymbols(node.lower, into, bound);
      freeSymbols(node.upper, into, bound);
      freeSymbols(node.body, into, new Set([...bound, node.variable]));
      break;
    }
    default:
      for (const child of children(node)) freeSymbols(child, into, bound);
  }
  return into;
}

/** The direct children of a node. */
export function children(node: MathNode): MathNode[] {
  switch (node.kind) {
    case "add":
      return node.terms;
    case "multiply":
      return node.factors;
    case "divide":
      return [node.numerator, node.denominator];
    case "power":
      return [node.base, node.exponent];
    case "negate":
      return [node.argument];
    case "call":
      return node.args;
    case "sum":
      return [node.lower, node.upper, node.body];
    case "plusMinus":
      return node.options;
    case "relation":
    case "tuple":
    case "set":
      return node.items;
    case "interval":
      return [node.lower, node.upper];
    case "union":
      return node.parts;
    case "matrix":
      return node.rows.flat();
    default:
      return [];
  }
}
