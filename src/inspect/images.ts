/**
 * Image files served by the inspector and the annotation service: only regular files under the
 * allowed roots (after resolving symlinks), only image types, nothing else on disk.
 * @module
 */
import { realpathSync, statSync } from "node:fs";
import { extname, isAbsolute, resolve, sep } from "node:path";

const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".bmp": "image/bmp",
};

/** A resolved image file, or why it is refused. */
export type ImageLookup =
  | { ok: true; file: string; contentType: string }
  | { ok: false; code: "image_not_allowed" | "image_unreadable"; message: string };

/**
 * Resolves an image path (relative paths against each root in turn) to a real file under one of
 * the allowed roots.
 * @example
 * resolveAllowedImage("cat.png", ["/data/images"]); // { ok: true, file: "/data/images/cat.png", contentType: "image/png" }
 * resolveAllowedImage("../etc/passwd", ["/data/images"]).ok; // false
 */
export function resolveAllowedImage(path: string, roots: readonly string[]): ImageLookup {
  const contentType = IMAGE_TYPES[extname(path).toLowerCase()];
  if (!contentType) return { ok: false, code: "image_not_allowed", message: "not an image file type" };
  const realRoots = roots.flatMap((root) => {
    try {
      return [realpathSync(root)];
    } catch {
      return [];
    }
  });
  if (!realRoots.length)
    return { ok: false, code: "image_not_allowed", message: "no image roots are allowed (--images)" };
  const candidates = isAbsolute(path) ? [path] : realRoots.map((root) => resolve(root, path));
  for (const candidate of candidates) {
    let real: string;
    try {
      real = realpathSync(candidate);
    } catch {
      continue;
    }
    if (!realRoots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep))) {
      return { ok: false, code: "image_not_allowed", message: "the image lies outside the allowed roots" };
    }
    if (!statSync(real).isFile()) continue;
    return { ok: true, file: real, contentType };
  }
  return { ok: false, code: "image_unreadable", message: "no such image under the allowed roots" };
}

/**
 * The image type of some bytes from their signature (PNG, JPEG, GIF, WebP), or null.
 * @example
 * sniffImageType(readFileSync("cat.png")); // "image/png"
 */
export function sniffImageType(bytes: Buffer): string | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  if (bytes.subarray(0, 3).toString("latin1") === "GIF") return "image/gif";
  if (bytes.subarray(8, 12).toString("latin1") === "WEBP") return "image/webp";
  return null;
}
