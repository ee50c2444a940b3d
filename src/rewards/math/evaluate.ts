/**
 * Evaluation of a {@link MathNode}: exactly over rationals where the tree allows it, otherwise
 * numerically over complex doubles (`complex.ts`) with the free symbols bound to given values.
 * Both spend a step budget, and powers are bounded so `10^{10^{10}}` becomes a non-finite value,
 * not a hang.
 * @module
 */
import type { MathNode } from "./ast.js";
import type { StepBudget } from "./budget.js";
import { type Complex, callNumeric, cdiv, cmul, cpow, NAN, real } from "./complex.js";
import { Rational } from "./rational.js";

/**
 * Exact value of a tree made of numbers, `+ - * /`, integer powers, `|x|`, perfect-square roots,
 * small factorials and binomials; `null` when the tree is anything else or too large.
 * @example
 * evaluateExact(parseLatex("\\frac{1}{2} + \\sqrt{\\frac{9}{4}}", limits), budget)?.toString(); // "2"
 * evaluateExact(parseLatex("\\sqrt{2}", limits), budget); // null
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

/**
 * Values of free symbols for one numeric evaluation.
 * @example
 * const values: SymbolValues = new Map([["x", 0.5]]);
 */
export type SymbolValues = ReadonlyMap<string, number>;

/**
 * Numeric value of a tree with `values` for its free symbols. Sets, relations, text and
 * anything undefined evaluate to NaN; overflow becomes ±Infinity.
 * @example
 * evaluateNumeric(parseLatex("x^2 + 1", limits), new Map([["x", 2]]), budget); // { re: 5, im: 0 }
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
