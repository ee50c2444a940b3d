/**
 * HTML assembly of the report: one self-contained page (inline CSS, inline SVG charts, images
 * inlined as data URIs from local files). Nothing at view time touches the network: URLs are
 * shown as text, never loaded.
 * @module
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname } from "node:path";
import type { MediaRef } from "../types.js";

const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
};

/** Largest local image inlined as a thumbnail. */
const MAX_INLINE_BYTES = 4 * 1024 * 1024;

/**
 * Escapes text for HTML.
 * @example
 * escapeHtml("<b>&"); // "&lt;b&gt;&amp;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * A thumbnail for a media reference: local images and inline bytes become `<img>` with a data
 * URI; videos, URLs and missing files are named, never fetched.
 * @example
 * thumbnail({ url: "https://x.org/a.png" }); // '<span class="media">https://x.org/a.png (not fetched)</span>'
 */
export function thumbnail(ref: MediaRef): string {
  if ("data" in ref) {
    return ref.data.startsWith("data:image/")
      ? `<img class="thumb" alt="image" src="${escapeHtml(ref.data)}">`
      : "";
  }
  if ("url" in ref) return `<span class="media">${escapeHtml(ref.url)} (not fetched)</span>`;
  const mime = IMAGE_TYPES[extname(ref.path).toLowerCase()];
  if (mime && existsSync(ref.path) && statSync(ref.path).size <= MAX_INLINE_BYTES) {
    const data = readFileSync(ref.path).toString("base64");
    return `<img class="thumb" alt="${escapeHtml(ref.path)}" src="data:${mime};base64,${data}">`;
  }
  return `<span class="media">${escapeHtml(ref.path)}${mime && !existsSync(ref.path) ? " (missing)" : ""}</span>`;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .5rem 0; } td, th { padding: .25rem .6rem; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
th { background: #f6f6f6; } .num { font-variant-numeric: tabular-nums; text-align: right; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; } figure { margin: 0; border: 1px solid #eee; padding: .5rem; }
.thumb { max-width: 160px; max-height: 160px; image-rendering: pixelated; border: 1px solid #ccc; margin: 2px; }
.cand { white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: 12px; max-width: 420px; }
.media { color: #666; font-size: 12px; display: block; } .bad { color: #b00; } .good { color: #070; }
`;

/**
 * A page with a title and sections (already HTML).
 * @example
 * page("plaudit eval: pairs", ["<section>…</section>"]); // "<!doctype html>…"
 */
export function page(title: string, sections: readonly string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${sections.join("\n")}
</body></html>
`;
}

/**
 * Formats a number for the tables.
 * @example
 * num(0.123456); // "0.1235"
 */
export function num(x: number | null | undefined, digits = 4): string {
  return typeof x === "number" && Number.isFinite(x) ? x.toFixed(digits) : "–";
}

/**
 * A two-or-more-column table.
 * @example
 * table(["metric", "value"], [["accuracy", "0.8"]]);
 */
export function table(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  className = "",
): string {
  const head = header.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<table class="${className}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * A chart figure; `name` is the `data-chart` attribute tests and readers look for.
 * @example
 * figure("by-category", svg); // '<figure data-chart="by-category"><svg…'
 */
export function figure(name: string, svg: string): string {
  return `<figure data-chart="${escapeHtml(name)}">${svg}</figure>`;
}
