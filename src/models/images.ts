/**
 * Sample images under the operator's policy: local paths are read only under allowed roots (the
 * check happens before any read, and again after symlinks are resolved), URLs are passed on only
 * when allowed (plaudit never downloads them), inline data must decode to a known image format.
 * @module
 */
import { readFile, realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import type { ImageRef } from "../core/sample.js";
import type { ImageOutcome } from "./client.js";

/** Where images may come from. */
export interface ImagePolicy {
  /** Directories under which local paths may be read (`--allow-path`). Empty: no path is read. */
  allowPaths?: readonly string[];
  /** Whether `{url}` images may be passed to the model server. Default false. */
  allowUrls?: boolean;
  /** Largest image accepted, in bytes. Default 32 MiB. */
  maxBytes?: number;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL = /^data:([^;,]*)(;base64)?,/;

/**
 * The MIME type of image bytes from their signature, or `undefined` for anything else.
 * @example
 * imageMime(Buffer.from([0x89, 0x50, 0x4e, 0x47])); // "image/png"
 */
export function imageMime(bytes: Uint8Array): string | undefined {
  const b = bytes;
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "image/png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return "image/gif";
  if (b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45)
    return "image/webp";
  if (b[0] === 0x42 && b[1] === 0x4d) return "image/bmp";
  return undefined;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

function fromBytes(bytes: Uint8Array, what: string): ImageOutcome {
  const mime = imageMime(bytes);
  if (!mime)
    return {
      ok: false,
      code: "image_unreadable",
      message: `${what} is not a PNG, JPEG, GIF, WebP or BMP image`,
    };
  const base64 = Buffer.from(bytes).toString("base64");
  return { ok: true, url: `data:${mime};base64,${base64}`, base64 };
}

/**
 * Resolves images under a policy.
 * @example
 * const load = imageLoader({ allowPaths: ["/data/rollouts"] });
 * await load({ path: "/etc/passwd" }); // { ok: false, code: "image_not_allowed", … } (nothing read)
 */
export function imageLoader(policy: ImagePolicy): (ref: ImageRef) => Promise<ImageOutcome> {
  const roots = (policy.allowPaths ?? []).map((p) => resolve(p));
  let realRoots: Promise<string[]> | undefined;
  const maxBytes = policy.maxBytes ?? 32 * 1024 * 1024;
  return async (ref) => {
    if ("url" in ref) {
      if (!/^https?:\/\//i.test(ref.url))
        return { ok: false, code: "image_not_allowed", message: "image URLs must be http:// or https://" };
      if (!policy.allowUrls)
        return {
          ok: false,
          code: "image_not_allowed",
          message: "image URLs are not allowed (the operator may allow them; plaudit never downloads them)",
        };
      return { ok: true, url: ref.url };
    }
    if ("data" in ref) {
      const match = DATA_URL.exec(ref.data);
      const payload = match ? ref.data.slice(match[0].length) : ref.data;
      if (match && !match[2])
        return { ok: false, code: "image_unreadable", message: "a data: URL image must be base64-encoded" };
      const clean = payload.replace(/\s+/g, "");
      if (!BASE64.test(clean) || clean.length % 4 === 1)
        return { ok: false, code: "image_unreadable", message: "image data is not valid base64" };
      if ((clean.length * 3) / 4 > maxBytes)
        return {
          ok: false,
          code: "image_unreadable",
          message: `image data is larger than ${maxBytes} bytes`,
        };
      return fromBytes(Buffer.from(clean, "base64"), "image data");
    }
    const path = resolve(ref.path);
    if (!roots.some((root) => isInside(root, path)))
      return {
        ok: false,
        code: "image_not_allowed",
        message: `image path ${ref.path} is outside the allowed roots (--allow-path); not read`,
      };
    try {
      realRoots ??= Promise.all(roots.map((r) => realpath(r).catch(() => r)));
      const [real, allowed] = await Promise.all([realpath(path), realRoots]);
      if (!allowed.some((root) => isInside(root, real)))
        return {
          ok: false,
          code: "image_not_allowed",
          message: `image path ${ref.path} leads outside the allowed roots through a link; not read`,
        };
      const bytes = await readFile(real);
      if (bytes.length > maxBytes)
        return {
          ok: false,
          code: "image_unreadable",
          message: `image ${ref.path} is larger than ${maxBytes} bytes`,
        };
      return fromBytes(bytes, `image ${ref.path}`);
    } catch (error) {
      const code = (error as { code?: string }).code ?? "read error";
      return { ok: false, code: "image_unreadable", message: `image ${ref.path} cannot be read (${code})` };
    }
  };
}
