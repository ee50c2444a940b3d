/**
 * Complex double arithmetic for numeric evaluation: the operations, `x^y` with overflow as
 * "unknown", and the built-in functions (trigonometric, logarithms, roots, factorial and
 * binomial through the gamma function, `max`/`min`/`gcd`/`lcm`), plus a deterministic stand-in
 * value for undefined functions such as `f(x)`.
 * @module
 */

/**
 * A complex number; real values have `im === 0`. NaN marks "undefined here".
 * @example
 * const i: Complex = { re: 0, im: 1 };
 */
export interface Complex {
  re: number;
  im: number;
}

/**
 * The "undefined here" value.
 * @example
 * Number.isNaN(cdiv(real(1), real(0)).re); // true: cdiv returns NAN
 */
export const NAN: Complex = { re: Number.NaN, im: 0 };

/**
 * A real value as a complex number.
 * @example
 * real(2); // { re: 2, im: 0 }
 */
export const real = (re: number): Complex => ({ re, im: 0 });

/**
 * Complex product (plain multiplication when both are real).
 * @example
 * cmul({ re: 0, im: 1 }, { re: 0, im: 1 }); // { re: -1, im: 0 }
 */
export function cmul(a: Complex, b: Complex): Complex {
  if (a.im === 0 && b.im === 0) return real(a.re * b.re);
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

/**
 * Complex quotient; division by zero is {@link NAN}.
 * @example
 * cdiv(real(1), real(4)); // { re: 0.25, im: 0 }
 */
export function cdiv(a: Complex, b: Complex): Complex {
  if (a.im === 0 && b.im === 0) return b.re === 0 ? NAN : real(a.re / b.re);
  const d = b.re * b.re + b.im * b.im;
  if (d === 0) return NAN;
  return { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
}

/** Principal natural logarithm. */
function clog(a: Complex): Complex {
  return { re: Math.log(Math.hypot(a.re, a.im)), im: Math.atan2(a.im, a.re) };
}

/** Complex exponential. */
function cexp(a: Complex): Complex {
  const m = Math.exp(a.re);
  return a.im === 0 ? real(m) : { re: m * Math.cos(a.im), im: m * Math.sin(a.im) };
}

/**
 * `base ^ exponent` (principal value); a real overflow is {@link NAN}, not a silent infinity.
 * @example
 * cpow(real(2), real(10)); // { re: 1024, im: 0 }
 * cpow(real(10), real(400)); // NAN (overflow)
 */
export function cpow(base: Complex, exponent: Complex): Complex {
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

/**
 * The value of a built-in function (or an undefined `fn:` function) at complex arguments;
 * {@link NAN} where it is undefined or not supported for complex input.
 * @example
 * callNumeric("sqrt", [real(-4)]); // { re: 0, im: 2 } (up to rounding)
 * callNumeric("root", [real(-8), real(3)]); // { re: -2, im: 0 }
 */
export function callNumeric(name: string, args: Complex[]): Complex {
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
