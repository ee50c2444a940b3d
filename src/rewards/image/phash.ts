/**
 * The DCT perceptual hash of `imagehash.phash` (JohannesBuchner/imagehash, `imagehash/__init__.py`):
 * the image as 32×32 grey pixels, a 2-D DCT-II, the top-left 8×8 low frequencies, one bit per
 * coefficient: above their median (the DC term included, as there). Pure: the worker supplies the
 * grey pixels (sharp, Lanczos 3), and the hash is compared here.
 * @module
 */

const N = 32;
const HASH = 8;
// cos(π k (2n + 1) / 2N) for the 8 frequencies kept and the 32 positions, computed once.
const COS = (() => {
  const table = new Float64Array(HASH * N);
  for (let k = 0; k < HASH; k++)
    for (let n = 0; n < N; n++) table[k * N + n] = Math.cos((Math.PI * k * (2 * n + 1)) / (2 * N));
  return table;
})();

/**
 * The 8×8 low-frequency DCT-II coefficients of a 32×32 grey image (row-major, unnormalised like
 * `scipy.fftpack.dct`, whose constant factor does not change the bits).
 * @example
 * lowFrequencyDct(new Uint8Array(1024).fill(1))[0]; // 1024, the DC term (the others are 0 up to rounding)
 */
export function lowFrequencyDct(grey: ArrayLike<number>): Float64Array {
  if (grey.length !== N * N) throw new RangeError(`expected ${N * N} grey pixels, got ${grey.length}`);
  // Separable: first along rows (x), then along columns (y), keeping 8 frequencies each way.
  const rows = new Float64Array(N * HASH);
  for (let y = 0; y < N; y++)
    for (let u = 0; u < HASH; u++) {
      let sum = 0;
      for (let x = 0; x < N; x++) sum += grey[y * N + x]! * COS[u * N + x]!;
      rows[y * HASH + u] = sum;
    }
  const out = new Float64Array(HASH * HASH);
  for (let v = 0; v < HASH; v++)
    for (let u = 0; u < HASH; u++) {
      let sum = 0;
      for (let y = 0; y < N; y++) sum += rows[y * HASH + u]! * COS[v * N + y]!;
      out[v * HASH + u] = sum;
    }
  return out;
}

/**
 * The 64-bit perceptual hash of a 32×32 grey image as 16 hex digits (row-major bits, first bit
 * most significant).
 * @example
 * perceptualHash(greyPixels32x32); // "d785518505fa85fa"
 */
export function perceptualHash(grey: ArrayLike<number>): string {
  const dct = lowFrequencyDct(grey);
  const sorted = Array.from(dct).sort((a, b) => a - b);
  const median = (sorted[31]! + sorted[32]!) / 2;
  let hex = "";
  for (let nibble = 0; nibble < 16; nibble++) {
    let value = 0;
    for (let bit = 0; bit < 4; bit++) value = (value << 1) | (dct[nibble * 4 + bit]! > median ? 1 : 0);
    hex += value.toString(16);
  }
  return hex;
}

/**
 * Number of differing bits of two hashes of equal length (hex).
 * @example
 * hammingDistance("f0", "0f"); // 8
 */
export function hammingDistance(a: string, b: string): number {
  if (a.length !== b.length) throw new RangeError("hashes of different lengths");
  let bits = 0;
  for (let i = 0; i < a.length; i++) {
    let x = Number.parseInt(a[i]!, 16) ^ Number.parseInt(b[i]!, 16);
    while (x) {
      bits += x & 1;
      x >>= 1;
    }
  }
  return bits;
}
