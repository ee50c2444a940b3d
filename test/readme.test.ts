/**
 * The README is the front door: it must show the two commands and list every preset and every
 * reward, combine and advantage type, so it stays current with each capability added.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultAdvantages } from "../src/advantage/index.js";
import { defaultCombiners } from "../src/combine/index.js";
import { builtinPresets } from "../src/recipe/index.js";
import { defaultRegistry } from "../src/rewards/index.js";

const readme = readFileSync(resolve(import.meta.dirname, "../README.md"), "utf8");

describe("README", () => {
  it("shows the demo and test commands", () => {
    expect(readme).toContain("npm ci && npm run demo");
    expect(readme).toContain("npm ci && npm test");
  });

  it.each(builtinPresets.map((p) => p.name))("lists preset %s", (name) => {
    expect(readme).toContain(`\`${name}\``);
  });

  it.each(defaultRegistry().types())("lists reward type %s", (type) => {
    expect(readme).toContain(`\`${type}\``);
  });

  it.each([...defaultCombiners().types(), ...defaultAdvantages().types()])(
    "documents combine/advantage type %s",
    (type) => {
      expect(readme).toContain(`\`${type}\``);
    },
  );
});
