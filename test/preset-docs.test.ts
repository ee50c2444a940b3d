/**
 * `docs/presets/` stays current: every preset has its page, generated from the data `plaudit
 * presets show` prints, and no page is left over from a removed preset.
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { presetDocPages } from "../scripts/preset-doc-pages.js";
import { builtinPresets, describePreset, presetDocFile } from "../src/recipe/index.js";

const dir = resolve(import.meta.dirname, "../docs/presets");
const pages = presetDocPages();

describe("docs/presets", () => {
  it("holds exactly the generated pages (run `npx tsx scripts/preset-docs.ts` after a change)", () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(pages).sort());
  });
  it.each(Object.keys(pages))("%s is current", (file) => {
    expect(readFileSync(resolve(dir, file), "utf8")).toBe(pages[file]);
  });
});

describe("describePreset", () => {
  it.each(builtinPresets.map((p) => p.name))("%s: every component documented", (name) => {
    const doc = describePreset(name);
    expect(presetDocFile(name)).not.toContain("/");
    expect(doc.source.length).toBeGreaterThan(10);
    for (const c of doc.components) {
      expect(c.formula, c.name).toBeTruthy();
      expect(c.reads?.fields.length, c.name).toBeGreaterThan(0);
    }
  });
  it("reads follow the preset's config (frames decide which sizes are needed)", () => {
    const rec = describePreset("vlm-r1/rec").components.find((c) => c.name === "accuracy_iou")!;
    expect(rec.reads).toEqual({ fields: ["completion", "reference", "image", "input_image"] });
    const vision = describePreset("vision-r1").components[0]!;
    expect(vision.reads?.meta).toEqual(expect.arrayContaining(["step", "num_instances"]));
    const g2 = describePreset("gui-g2").components.map((c) => c.reads?.fields);
    expect(g2).toEqual([["completion", "reference"], ["completion", "reference"], ["completion"]]);
  });
  it("shows defaults apart from what the preset sets, and what legacy restores", () => {
    const rec = describePreset("vlm-r1/rec").components[0]!;
    expect(rec.presetConfig).toEqual({ pred: { frame: "input-pixel" }, ref: { frame: "pixel" } });
    expect(rec.config).toEqual({ pred: { frame: "input-pixel" }, ref: { frame: "pixel" }, legacy: false });
    expect(rec.legacy).toMatch(/legacy_error/);
    expect(describePreset("gui-g2").advantage).toEqual({
      type: "grpo",
      description: expect.any(String),
      config: { flavor: "trl", std: "unbiased", eps: 1e-4, scale: "group" },
    });
  });
});
