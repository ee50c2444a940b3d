import { afterAll, describe, expect, it } from "vitest";
import { greyPng, inline, patterns, prng, scoreAsync } from "../../../test/fixtures/vision/images.js";
import { createVisionRuntime } from "../../vision/runtime.js";
import { hammingDistance, lowFrequencyDct, perceptualHash } from "./phash.js";
import { imageSimilarity } from "./similarity.js";

// An independent SSIM (Wang et al. 2004): 11×11 Gaussian window σ 1.5 normalised to sum 1, only
// windows fully inside the image ('valid'), C1 = (0.01·255)², C2 = (0.03·255)², the mean of the map.
function referenceSsim(a: Uint8Array, b: Uint8Array, size: number): number {
  const r = 5;
  const w: number[] = [];
  let total = 0;
  for (let dy = -r; dy <= r; dy++)
    for (let dx = -r; dx <= r; dx++) {
      const g = Math.exp(-(dx * dx + dy * dy) / (2 * 1.5 * 1.5));
      w.push(g);
      total += g;
    }
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let sum = 0;
  let count = 0;
  for (let y = r; y < size - r; y++)
    for (let x = r; x < size - r; x++) {
      let ma = 0;
      let mb = 0;
      let saa = 0;
      let sbb = 0;
      let sab = 0;
      let k = 0;
      for (let dy = -r; dy <= r; dy++)
        for (let dx = -r; dx <= r; dx++) {
          const weight = w[k++]! / total;
          const va = a[(y + dy) * size + x + dx]!;
          const vb = b[(y + dy) * size + x + dx]!;
          ma += weight * va;
          mb += weight * vb;
          saa += weight * va * va;
          sbb += weight * vb * vb;
          sab += weight * va * vb;
        }
      const va = saa - ma * ma;
      const vb = sbb - mb * mb;
      const cov = sab - ma * mb;
      sum += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      count++;
    }
  return sum / count;
}

// The DCT-II straight from its definition (no separability, no tables).
function naiveHash(grey: Uint8Array): string {
  const coefficients: number[] = [];
  for (let v = 0; v < 8; v++)
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let y = 0; y < 32; y++)
        for (let x = 0; x < 32; x++)
          s +=
            grey[y * 32 + x]! *
            Math.cos((Math.PI * u * (2 * x + 1)) / 64) *
            Math.cos((Math.PI * v * (2 * y + 1)) / 64);
      coefficients.push(s);
    }
  const sorted = [...coefficients].sort((p, q) => p - q);
  const median = (sorted[31]! + sorted[32]!) / 2;
  const bits = coefficients.map((c) => (c > median ? "1" : "0")).join("");
  return BigInt(`0b${bits}`).toString(16).padStart(16, "0");
}

describe("perceptual hash (imagehash.phash)", () => {
  it("matches the DCT from its definition on random and structured images", () => {
    // Images without coefficients that are 0 by symmetry (there float noise decides the bit, in
    // imagehash too).
    const random = prng(3);
    const noise = () => Uint8Array.from({ length: 1024 }, () => Math.floor(random() * 256));
    const images = [noise(), noise(), noise(), patterns(32).rings, patterns(32).noise];
    for (const grey of images) expect(perceptualHash(grey)).toBe(naiveHash(grey));
  });
  it("a flat image has its energy in the DC term only", () => {
    const dct = lowFrequencyDct(new Uint8Array(1024).fill(1));
    expect(dct[0]).toBeCloseTo(1024, 9);
    for (let i = 1; i < 64; i++) expect(Math.abs(dct[i]!)).toBeLessThan(1e-9);
  });
  it("an inverted image flips every bit but the DC term's", () => {
    const { rings } = patterns(32);
    const inverted = rings.map((v) => 255 - v);
    // AC coefficients change sign; the median moves with them, so all 63 AC bits flip (none is 0 here).
    expect(hammingDistance(perceptualHash(rings), perceptualHash(inverted))).toBeGreaterThanOrEqual(62);
  });
  it("hamming distance counts differing bits", () => {
    expect(hammingDistance("0000000000000000", "ffffffffffffffff")).toBe(64);
    expect(hammingDistance("8000000000000001", "0000000000000000")).toBe(2);
  });
});

describe("image.similarity", () => {
  const vision = createVisionRuntime({ workers: 1 });
  afterAll(() => vision.close());
  const ssim64 = imageSimilarity({ metric: "ssim", size: 64 }, "config", { vision });
  const phash = imageSimilarity({ metric: "phash" }, "config", { vision });
  const p64 = patterns(64);
  const p32 = patterns(32);

  it("SSIM equals an independent computation on synthetic patterns (no resize at the configured size)", async () => {
    const pairs: Array<[keyof typeof p64, keyof typeof p64]> = [
      ["checker", "checker"],
      ["checker", "gradient"],
      ["rings", "noise"],
      ["gradient", "rings"],
    ];
    for (const [a, b] of pairs) {
      const sample = {
        completion: "",
        images: [
          inline(await greyPng(p64[a], 64, 64), "output"),
          inline(await greyPng(p64[b], 64, 64), "reference"),
        ],
      };
      const { value, codes } = await scoreAsync(ssim64, sample);
      expect(codes).toEqual([]);
      expect(value).toBeCloseTo(referenceSsim(p64[a], p64[b], 64), 6);
    }
  });

  it("SSIM of an image with itself is 1; a noisier copy scores lower", async () => {
    const random = prng(11);
    const noisy = p64.rings.map((v) => Math.max(0, Math.min(255, v + (random() - 0.5) * 80)));
    const self = await scoreAsync(ssim64, {
      completion: "",
      images: [
        inline(await greyPng(p64.rings, 64, 64)),
        inline(await greyPng(p64.rings, 64, 64), "reference"),
      ],
    });
    expect(self.value).toBeCloseTo(1, 9);
    const worse = await scoreAsync(ssim64, {
      completion: "",
      images: [inline(await greyPng(noisy, 64, 64)), inline(await greyPng(p64.rings, 64, 64), "reference")],
    });
    expect(worse.value).toBeCloseTo(referenceSsim(noisy, p64.rings, 64), 6);
    expect(worse.value as number).toBeLessThan(0.9);
  });

  it("pHash similarity is 1 − hamming/64 of the hashes of the 32×32 grey images", async () => {
    const sample = {
      completion: "",
      images: [
        inline(await greyPng(p32.rings, 32, 32)),
        inline(await greyPng(p32.noise, 32, 32), "reference"),
      ],
    };
    const { value } = await scoreAsync(phash, sample);
    const expected = 1 - hammingDistance(naiveHash(p32.rings), naiveHash(p32.noise)) / 64;
    expect(value).toBeCloseTo(expected, 12);
    const same = await scoreAsync(phash, {
      completion: "",
      images: [
        inline(await greyPng(p32.checker, 32, 32)),
        inline(await greyPng(p32.checker, 32, 32), "reference"),
      ],
    });
    expect(same.value).toBe(1);
  });

  it("frames: mean and min over several output images (video frames), first by default", async () => {
    const frames = [
      inline(await greyPng(p64.rings, 64, 64)),
      inline(await greyPng(p64.noise, 64, 64)),
      inline(await greyPng(p64.checker, 64, 64), "reference"),
    ];
    const each = [referenceSsim(p64.rings, p64.checker, 64), referenceSsim(p64.noise, p64.checker, 64)];
    const sample = { completion: "", images: frames };
    const mean = imageSimilarity({ metric: "ssim", size: 64, frames: "mean" }, "config", { vision });
    const min = imageSimilarity({ metric: "ssim", size: 64, frames: "min" }, "config", { vision });
    expect((await scoreAsync(mean, sample)).value).toBeCloseTo((each[0]! + each[1]!) / 2, 6);
    expect((await scoreAsync(min, sample)).value).toBeCloseTo(Math.min(...each), 6);
    expect((await scoreAsync(ssim64, sample)).value).toBeCloseTo(each[0]!, 6);
  });

  it("no reference image is null + reference_missing; no output image is null + no_image (data)", async () => {
    const png = await greyPng(p32.checker, 32, 32);
    expect(await scoreAsync(ssim64, { completion: "", images: [inline(png)] })).toMatchObject({
      value: null,
      codes: ["reference_missing"],
    });
    expect(await scoreAsync(ssim64, { completion: "", images: [inline(png, "reference")] })).toMatchObject({
      value: null,
      codes: ["no_image"],
    });
  });

  it("a broken image is null + image_unreadable, never 0", async () => {
    const png = await greyPng(p32.checker, 32, 32);
    const broken = { data: Buffer.from("not an image").toString("base64"), role: "output" as const };
    expect(
      await scoreAsync(ssim64, { completion: "", images: [broken, inline(png, "reference")] }),
    ).toMatchObject({
      value: null,
      codes: ["image_unreadable"],
    });
  });
});
