/**
 * Loading recipe files: `extends:` stays under the recipe's directory unless allowed, and an
 * error never shows a foreign file's contents.
 * @module
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../core/index.js";
import { loadRecipe } from "./node.js";

const root = mkdtempSync(join(tmpdir(), "plaudit-recipes-"));
const project = join(root, "project");
const shared = join(root, "shared");
mkdirSync(join(project, "sub"), { recursive: true });
mkdirSync(shared, { recursive: true });
const SECRET = "TOPSECRET-CONTENT";
writeFileSync(join(root, "secret.yaml"), `secret: "${SECRET}"\n`);
writeFileSync(join(shared, "base.yaml"), "extends: gui-g2\nname: shared-base\n");
writeFileSync(join(project, "sub", "base.yaml"), "extends: gui-g2\nname: sub-base\n");
writeFileSync(join(project, "local.yaml"), "extends: ./sub/base.yaml\n");
writeFileSync(join(project, "preset.yaml"), "extends: gui-g2\noverride: { format: { legacy: true } }\n");
writeFileSync(join(project, "escape.yaml"), "extends: ../secret.yaml\n");
writeFileSync(join(project, "absolute.yaml"), `extends: ${join(root, "secret.yaml")}\n`);
writeFileSync(join(project, "shared.yaml"), "extends: ../shared/base.yaml\n");
writeFileSync(join(project, "missing.yaml"), "extends: ./nope.yaml\n");
symlinkSync(join(root, "secret.yaml"), join(project, "link.yaml"));
writeFileSync(join(project, "via-link.yaml"), "extends: ./link.yaml\n");
// A file under the directory that itself escapes it.
writeFileSync(join(project, "sub", "hop.yaml"), "extends: ../../secret.yaml\n");
writeFileSync(join(project, "hop.yaml"), "extends: ./sub/hop.yaml\n");

function problemOf(run: () => unknown): { path: string; text: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    return { path: e.problems[0]!.path, text: `${e.message}\n${JSON.stringify(e.problems)}` };
  }
  throw new Error("expected a ConfigError");
}

afterEach(() => {
  delete process.env.PLAUDIT_ALLOW_EXTENDS;
});

describe("loadRecipe: extends", () => {
  it("accepts presets and files under the recipe's directory", () => {
    expect(loadRecipe(join(project, "preset.yaml")).rewards.find((r) => r.name === "format")?.config).toEqual(
      {
        legacy: true,
      },
    );
    expect(loadRecipe(join(project, "local.yaml")).name).toBe("sub-base");
  });

  it.each([
    ["a relative path leaving the directory", "escape.yaml", "../secret.yaml"],
    ["an absolute path", "absolute.yaml", join(root, "secret.yaml")],
    ["a symlink pointing outside", "via-link.yaml", "./link.yaml"],
    ["a file inside that escapes in turn", "hop.yaml", "../../secret.yaml"],
  ])("refuses %s, without printing the file", (_, file, written) => {
    const { path, text } = problemOf(() => loadRecipe(join(project, file)));
    expect(path).toMatch(/extends$/);
    expect(text).toContain("outside the recipe's directory");
    expect(text).toContain("--allow-extends");
    expect(text).toContain(JSON.stringify(written));
    expect(text).not.toContain(SECRET);
  });

  it("accepts a directory allowed explicitly, by option or environment", () => {
    expect(problemOf(() => loadRecipe(join(project, "shared.yaml"))).text).toContain("outside");
    expect(loadRecipe(join(project, "shared.yaml"), { allowExtends: [shared] }).name).toBe("shared-base");
    process.env.PLAUDIT_ALLOW_EXTENDS = shared;
    expect(loadRecipe(join(project, "shared.yaml")).name).toBe("shared-base");
  });

  it("allowing one directory does not allow another", () => {
    const { text } = problemOf(() => loadRecipe(join(project, "escape.yaml"), { allowExtends: [shared] }));
    expect(text).not.toContain(SECRET);
  });

  it("a missing file under the directory is named, with the presets as choices", () => {
    const { path, text } = problemOf(() => loadRecipe(join(project, "missing.yaml")));
    expect(path).toBe("extends");
    expect(text).toContain('"./nope.yaml"');
  });
});
