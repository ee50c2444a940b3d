/**
 * Media columns as benchmarks store them, turned into {@link MediaRef}s: the HF `Image` feature
 * (a struct `{bytes, path}`), a plain path (resolved under `--media-root`), a URL (kept as a URL,
 * never downloaded) or a `data:` URI. Pure.
 * @module
 */
import type { MediaRef } from "../types.js";

const URL_PATTERN = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The MIME type of image bytes from their magic number (PNG, JPEG, GIF, WebP), else undefined.
 * @example
 * sniffMime(Uint8Array.of(0xff, 0xd8, 0xff)); // "image/jpeg"
 */
export function sniffMime(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) return "image/gif";
  if (bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return "image/webp";
  return undefined;
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function joinRoot(root: string | undefined, path: string): string {
  if (!root || path.startsWith("/")) return path;
  return `${root.replace(/\/+$/, "")}/${path.replace(/^\.\//, "")}`;
}

/**
 * One media value as a reference, or undefined when the value holds none.
 * @param root directory relative paths are resolved under (`--media-root`)
 * @example
 * mediaRef("img/1.png", "/data"); // { path: "/data/img/1.png" }
 * mediaRef("https://x.org/a.mp4"); // { url: "https://x.org/a.mp4" } (never fetched)
 * mediaRef({ bytes: null, path: "a.jpg" }, "/data"); // { path: "/data/a.jpg" }
 */
export function mediaRef(value: unknown, root?: string): MediaRef | undefined {
  if (typeof value === "string") {
    if (!value) return undefined;
    if (value.startsWith("data:")) return { data: value };
    if (URL_PATTERN.test(value)) return { url: value };
    return { path: joinRoot(root, value) };
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const struct = value as { bytes?: unknown; path?: unknown; url?: unknown };
    if (struct.bytes instanceof Uint8Array && struct.bytes.length) {
      const mime = sniffMime(struct.bytes) ?? "application/octet-stream";
      return { data: `data:${mime};base64,${base64(struct.bytes)}`, mime };
    }
    if (typeof struct.bytes === "string" && struct.bytes) return { data: struct.bytes };
    if (typeof struct.url === "string") return mediaRef(struct.url, root);
    if (typeof struct.path === "string") return mediaRef(struct.path, root);
  }
  return undefined;
}

/**
 * A media column that may hold one value or a list of them.
 * @example
 * mediaRefs(["a.png", "b.png"], "/d"); // [{ path: "/d/a.png" }, { path: "/d/b.png" }]
 */
export function mediaRefs(value: unknown, root?: string): MediaRef[] {
  const list = Array.isArray(value) ? value : [value];
  const refs: MediaRef[] = [];
  for (const item of list) {
    const ref = mediaRef(item, root);
    if (ref) refs.push(ref);
  }
  return refs;
}
