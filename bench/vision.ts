/**
 * `npm run bench -- vision`: local vision rewards on this machine. For each reward, images per
 * second at 512 px and 1024 px, run as one micro-batch (all requests arriving together) and one
 * at a time; the process's resident memory after the models loaded; and, for OCR, the accuracy
 * of PP-OCR (ONNX) and tesseract.js on rendered text, clean and degraded.
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import sharp from "sharp";
import { createContext, type Reward } from "../src/core/index.js";
import type { ImageRef, Sample } from "../src/core/sample.js";
import {
  clipScore,
  faceIdentity,
  imageSafety,
  imageSimilarity,
  ocrText,
} from "../src/rewards/image/index.js";
import { createVisionRuntime } from "../src/vision/runtime.js";
import type { BenchRow } from "./harness.js";

const require = createRequire(import.meta.url);
const demo = join(dirname(require.resolve("@vladmandic/face-api/package.json")), "demo");
const tinyClip = resolve(import.meta.dirname, "../test/fixtures/vision/tiny-clip");

const inline = (bytes: Buffer, role: ImageRef["role"] = "output"): ImageRef => ({
  data: bytes.toString("base64"),
  role,
});
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function textSvg(
  text: string,
  width: number,
  fontSize: number,
  fill = "#1e1e1e",
  background = "#f4efe6",
): Buffer {
  const height = Math.round(width / 2);
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${background}"/><text x="50%" y="50%" font-family="DejaVu Sans" font-size="${fontSize}" text-anchor="middle" dominant-baseline="middle" fill="${fill}">${text}</text></svg>`,
  );
}

async function photo(n: number, edge: number): Promise<Buffer> {
  return sharp(readFileSync(join(demo, `sample${n}.jpg`)))
    .resize(edge, edge, { fit: "inside" })
    .jpeg({ quality: 90 })
    .toBuffer();
}

async function noise(edge: number, seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(edge * edge * 3);
  let a = seed;
  for (let i = 0; i < pixels.length; i++) {
    a = (a * 1103515245 + 12345) >>> 0;
    pixels[i] = (a >>> 16) & 255;
  }
  return sharp(pixels, { raw: { width: edge, height: edge, channels: 3 } })
    .blur(2)
    .png()
    .toBuffer();
}

async function scoreAll(reward: Reward, samples: Sample[], together: boolean): Promise<number> {
  const started = performance.now();
  if (together) {
    await Promise.all(samples.map((s) => reward.score!(s, createContext().ctx)));
  } else {
    for (const s of samples) await reward.score!(s, createContext().ctx);
  }
  return (performance.now() - started) / 1000;
}

const WORDS = [
  "Fresh Coffee",
  "OPEN 24 HOURS",
  "Night Market",
  "Quantum Leap",
  "Hello World",
  "Sale 50% Off",
  "Welcome Home",
  "Bakery",
  "GRPO 2025",
  "Exit Only",
  "Main Street",
  "Vintage Books",
];

async function ocrAccuracy(vision: ReturnType<typeof createVisionRuntime>): Promise<BenchRow[]> {
  const variants: Array<[string, (t: string) => Promise<Buffer>]> = [
    [
      "clean 512",
      (t) =>
        sharp(textSvg(t, 512, 48))
          .png()
          .toBuffer(),
    ],
    [
      "small 18px",
      (t) =>
        sharp(textSvg(t, 512, 18))
          .png()
          .toBuffer(),
    ],
    [
      "blur σ2",
      async (t) =>
        sharp(
          await sharp(textSvg(t, 512, 40))
            .png()
            .toBuffer(),
        )
          .blur(2)
          .png()
          .toBuffer(),
    ],
    [
      "low contrast",
      (t) =>
        sharp(textSvg(t, 512, 40, "#9a9a9a", "#bdbdbd"))
          .png()
          .toBuffer(),
    ],
    [
      "rotated 8°",
      async (t) =>
        sharp(
          await sharp(textSvg(t, 512, 40))
            .png()
            .toBuffer(),
        )
          .rotate(8, { background: "#f4efe6" })
          .png()
          .toBuffer(),
    ],
  ];
  const rows: BenchRow[] = [];
  for (const engine of ["ppocr", "tesseract"] as const) {
    const reward = ocrText({ engine }, "config", { vision });
    const notes: string[] = [];
    let total = 0;
    let count = 0;
    let seconds = 0;
    for (const [name, make] of variants) {
      const samples = await Promise.all(
        WORDS.map(async (w) => ({
          prompt: `a sign that says "${w}"`,
          completion: "",
          images: [inline(await make(w))],
        })),
      );
      const started = performance.now();
      const values = (await Promise.all(
        samples.map((s) => reward.score!(s, createContext().ctx)),
      )) as number[];
      seconds += (performance.now() - started) / 1000;
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const exact = values.filter((v) => v === 1).length;
      notes.push(`${name} ${mean.toFixed(3)} (${exact}/${values.length} exact)`);
      total += mean * values.length;
      count += values.length;
    }
    rows.push({
      name: `ocr accuracy ${engine}`,
      samples: count,
      samplesPerSec: count / seconds,
      note: `mean reward ${(total / count).toFixed(3)}; ${notes.join("; ")}`,
    });
  }
  return rows;
}

/** The vision benchmark rows. */
export async function benchVision(): Promise<BenchRow[]> {
  const vision = createVisionRuntime({ workers: 1, maxBatch: 16 });
  const rows: BenchRow[] = [];
  const baseline = process.memoryUsage().rss;
  const cases: Array<{
    name: string;
    reward: Reward;
    count: number;
    make: (edge: number, i: number) => Promise<Sample>;
  }> = [
    {
      name: "image.face-identity",
      reward: faceIdentity({}, "config", { vision }),
      count: 6,
      make: async (edge, i) => ({
        completion: "",
        images: [inline(await photo((i % 6) + 1, edge)), inline(await photo(1, 640), "reference")],
      }),
    },
    {
      name: "image.ocr-text ppocr",
      reward: ocrText({ engine: "ppocr" }, "config", { vision }),
      count: 8,
      make: async (edge, i) => ({
        prompt: `say "${WORDS[i % WORDS.length]}"`,
        completion: "",
        images: [
          inline(
            await sharp(textSvg(WORDS[i % WORDS.length]!, edge, edge / 10))
              .png()
              .toBuffer(),
          ),
        ],
      }),
    },
    {
      name: "image.ocr-text tesseract",
      reward: ocrText({ engine: "tesseract" }, "config", { vision }),
      count: 8,
      make: async (edge, i) => ({
        prompt: `say "${WORDS[i % WORDS.length]}"`,
        completion: "",
        images: [
          inline(
            await sharp(textSvg(WORDS[i % WORDS.length]!, edge, edge / 10))
              .png()
              .toBuffer(),
          ),
        ],
      }),
    },
    {
      name: "image.similarity ssim@256",
      reward: imageSimilarity({ metric: "ssim" }, "config", { vision }),
      count: 16,
      make: async (edge, i) => ({
        completion: "",
        images: [inline(await noise(edge, i)), inline(await noise(edge, 99), "reference")],
      }),
    },
    {
      name: "image.similarity phash",
      reward: imageSimilarity({ metric: "phash" }, "config", { vision }),
      count: 16,
      make: async (edge, i) => ({
        completion: "",
        images: [inline(await noise(edge, i)), inline(await noise(edge, 99), "reference")],
      }),
    },
    {
      name: "image.clip-score (tiny ONNX: pipeline cost)",
      reward: clipScore({ model: tinyClip }, "config", { vision }),
      count: 16,
      make: async (edge, i) => ({
        prompt: "a red cat",
        completion: "",
        images: [inline(await noise(edge, i))],
      }),
    },
    {
      name: "image.safety",
      reward: imageSafety({}, "config", { vision }),
      count: 6,
      make: async (edge, i) => ({ completion: "", images: [inline(await photo((i % 6) + 1, edge))] }),
    },
  ];
  for (const c of cases) {
    const loadStarted = performance.now();
    await c.reward.score!(await c.make(512, 0), createContext().ctx); // loads the model
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    for (const edge of [512, 1024]) {
      const samples = await Promise.all(Array.from({ length: c.count }, (_, i) => c.make(edge, i)));
      const batched = await scoreAll(c.reward, samples, true);
      const single = await scoreAll(c.reward, samples, false);
      rows.push({
        name: `${c.name} ${edge}px`,
        samples: c.count,
        samplesPerSec: c.count / batched,
        note: `one at a time ${(c.count / single).toFixed(2)}/s; first call (load) ${loadSeconds.toFixed(1)} s; rss ${mib(process.memoryUsage().rss)}`,
      });
    }
  }
  rows.push(...(await ocrAccuracy(vision)));
  rows.push({
    name: "memory",
    samples: 0,
    samplesPerSec: 0,
    note: `rss before models ${mib(baseline)}, after all models ${mib(process.memoryUsage().rss)} (one worker holds them all)`,
  });
  await vision.close();
  return rows;
}
