/**
 * Makes the images of `examples/text-to-image/`: four "generated" posters for one prompt (the
 * text right, one letter off, a word missing, and the wrong text), rendered with sharp from SVG.
 * Run: `npx tsx scripts/make-vision-example.ts`.
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import sharp from "sharp";

const dir = resolve(import.meta.dirname, "../examples/text-to-image/images");
const posters = ["Fresh Coffee", "Fresh Cofee", "Coffee", "Night Market"];

mkdirSync(dir, { recursive: true });
for (const [i, text] of posters.entries()) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="384" height="192"><rect width="100%" height="100%" fill="#2f3b2f"/><rect x="12" y="12" width="360" height="168" fill="none" stroke="#d8cfa8" stroke-width="4"/><text x="50%" y="52%" font-family="DejaVu Sans" font-size="40" text-anchor="middle" dominant-baseline="middle" fill="#f2ecd0">${text}</text></svg>`;
  const png = await sharp(Buffer.from(svg)).png({ palette: true }).toBuffer();
  writeFileSync(join(dir, `poster-${i}.png`), png);
}
