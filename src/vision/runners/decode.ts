/**
 * Image decoding for the runners (inside a worker): bytes → raw pixels with sharp, downscaled so
 * the longer edge is at most `maxEdge` (never upscaled), EXIF orientation applied.
 * @module
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
type Sharp = typeof import("sharp").default;
let sharpModule: Sharp | undefined;

/** The sharp module, loaded once. */
export function sharp(): Sharp {
  sharpModule ??= require("sharp") as Sharp;
  return sharpModule;
}

/** Raw pixels of a decoded image. */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  /** The decoded image's size before any resizing. */
  originalWidth: number;
  originalHeight: number;
}

/**
 * Decodes image bytes to raw RGB (or RGBA / grey) pixels, the longer edge at most `maxEdge`.
 * @example
 * const { data, width, height } = await decodeImage(bytes, { maxEdge: 640 });
 */
export async function decodeImage(
  bytes: Uint8Array,
  options: { maxEdge?: number; channels?: 1 | 3 | 4 } = {},
): Promise<RawImage> {
  const image = sharp()(bytes).rotate();
  const meta = await image.metadata();
  const portrait = (meta.orientation ?? 1) >= 5;
  const originalWidth = (portrait ? meta.height : meta.width) ?? 0;
  const originalHeight = (portrait ? meta.width : meta.height) ?? 0;
  if (options.maxEdge && Math.max(originalWidth, originalHeight) > options.maxEdge) {
    image.resize(options.maxEdge, options.maxEdge, { fit: "inside" });
  }
  const channels = options.channels ?? 3;
  if (channels === 1) image.greyscale();
  else if (channels === 3) image.removeAlpha();
  else image.ensureAlpha();
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    channels: info.channels as 1 | 3 | 4,
    originalWidth,
    originalHeight,
  };
}

/**
 * Resizes image bytes to exactly `width`×`height` (aspect ratio not kept: `fit: fill`, Lanczos 3),
 * skipping the resize when the image already has that size.
 * @example
 * const grey = await resizeExactly(bytes, 32, 32, 1);
 */
export async function resizeExactly(
  bytes: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 4,
): Promise<RawImage> {
  const image = sharp()(bytes).rotate();
  const meta = await image.metadata();
  const portrait = (meta.orientation ?? 1) >= 5;
  const w = (portrait ? meta.height : meta.width) ?? 0;
  const h = (portrait ? meta.width : meta.height) ?? 0;
  if (w !== width || h !== height) image.resize(width, height, { fit: "fill" });
  // A grey PNG stays exact: b-w → sRGB copies the channel, sRGB grey → b-w keeps it.
  if (channels === 1) image.toColourspace("b-w");
  else image.toColourspace("srgb").ensureAlpha();
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    width: info.width,
    height: info.height,
    channels: info.channels as 1 | 4,
    originalWidth: w,
    originalHeight: h,
  };
}

/**
 * Runs `work` on each item, `concurrency` at a time (decoding with sharp runs on libuv's threads,
 * so a batch of decodes overlaps), turning a thrown error into that item's failure.
 * @example
 * return eachItem(items, async (item) => decodeImage(item.images[0]!));
 */
export async function eachItem<T>(
  items: readonly T[],
  work: (item: T) => Promise<unknown>,
  concurrency = 1,
): Promise<Array<{ ok: true; value: unknown } | { ok: false; message: string }>> {
  const results = new Array<{ ok: true; value: unknown } | { ok: false; message: string }>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await work(items[index]!) };
      } catch (error) {
        results[index] = { ok: false, message: error instanceof Error ? error.message : String(error) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  return results;
}
