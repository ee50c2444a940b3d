/**
 * Exact rational arithmetic over BigInt, used to decide equality of plain numbers, fractions and
 * their sums, products and small integer powers without rounding.
 * @module
 */

/**
 * Largest bit length a rational's numerator or denominator may reach before we give up on exactness.
 * @example
 * Rational.int(2).pow(5000n); // null (would exceed MAX_RATIONAL_BITS)
 */
export const MAX_RATIONAL_BITS = 4096;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

function bitLength(value: bigint): number {
  const abs = value < 0n ? -value : value;
  return abs === 0n ? 0 : abs.toString(16).length * 4;
}

/**
 * An exact fraction `num / den` in lowest terms with `den > 0`.
 * @example
 * Rational.parse("0.25")!.add(Rational.of(1n, 4n)).toString(); // "1/2"
 */
export class Rational {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  /** Builds `num / den` in lowest terms; `null` when `den` is 0. */
  static of(num: bigint, den = 1n): Rational | null {
    if (den === 0n) return null;
    const sign = den < 0n ? -1n : 1n;
    const g = gcd(num, den) || 1n;
    return new Rational((sign * num) / g, (sign * den) / g);
  }

  /** An integer. */
  static int(value: number | bigint): Rational {
    return new Rational(BigInt(value), 1n);
  }

  /** Parses a plain decimal literal (`12`, `-3.50`, `.5`, `1e-3`); `null` otherwise. */
  static parse(text: string): Rational | null {
    const match = DECIMAL_RE.exec(text);
    if (!match) return null;
    const [, sign, intPart = "", fracPart = "", expPart] = match;
    if (intPart === "" && fracPart === "") return null;
    const exponent = (expPart ? Number(expPart) : 0) - fracPart.length;
    if (Math.abs(exponent) > 400) return null;
    let num = BigInt((intPart || "0") + fracPart);
    let den = 1n;
    if (exponent >= 0) num *= 10n ** BigInt(exponent);
    else den = 10n ** BigInt(-exponent);
    if (sign === "-") num = -num;
    return Rational.of(num, den);
  }

  get isInteger(): boolean {
    return this.den === 1n;
  }

  get isZero(): boolean {
    return this.num === 0n;
  }

  private static checked(num: bigint, den: bigint): Rational | null {
    const r = Rational.of(num, den);
    if (r && (bitLength(r.num) > MAX_RATIONAL_BITS || bitLength(r.den) > MAX_RATIONAL_BITS)) return null;
    return r;
  }

  add(other: Rational): Rational | null {
    return Rational.checked(this.num * other.den + other.num * this.den, this.den * other.den);
  }

  sub(other: Rational): Rational | null {
    return Rational.checked(this.num * other.den - other.num * this.den, this.den * other.den);
  }

  mul(other: Rational): Rational | null {
    return Rational.checked(this.num * other.num, this.den * other.den);
  }

  div(other: Rational): Rational | null {
    if (other.num === 0n) return null;
    return Rational.checked(this.num * other.den, this.den * other.num);
  }

  neg(): Rational {
    return new Rational(-this.num, this.den);
  }

  /** `this ^ exponent` for an integer exponent, `null` when the result would be too large. */
  pow(exponent: bigint): Rational | null {
    if (exponent === 0n) return Rational.int(1);
    const abs = exponent < 0n ? -exponent : exponent;
    const bits = Math.max(bitLength(this.num), bitLength(this.den));
    if (bits > 1 && BigInt(bits) * abs > BigInt(MAX_RATIONAL_BITS)) return null;
    if (abs > 100_000n) return this.num === this.den || this.num === 0n ? this : null;
    const num = this.num ** abs;
    const den = this.den ** abs;
    return exponent < 0n ? Rational.checked(den, num) : Rational.checked(num, den);
  }

  equals(other: Rational): boolean {
    return this.num === other.num && this.den === other.den;
  }

  /** Sign: -1, 0 or 1. */
  sign(): number {
    return this.num === 0n ? 0 : this.num < 0n ? -1 : 1;
  }

  /** Nearest double (may be ±Infinity or 0 for extreme values). */
  toNumber(): number {
    if (this.den === 1n) return Number(this.num);
    const n = Number(this.num);
    const d = Number(this.den);
    if (Number.isFinite(n) && Number.isFinite(d)) return n / d;
    // Scale both down to keep the quotient finite.
    const shift = BigInt(Math.max(bitLength(this.num), bitLength(this.den)) - 1000);
    return Number(this.num >> shift) / Number(this.den >> shift);
  }

  /** Rounds to `digits` decimal places (half away from zero), as an exact rational. */
  round(digits: number): Rational {
    const scale = 10n ** BigInt(digits);
    const scaled = this.num * scale;
    const twice = (2n * (scaled < 0n ? -scaled : scaled) + this.den) / (2n * this.den);
    return Rational.of(scaled < 0n ? -twice : twice, scale)!;
  }

  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;
