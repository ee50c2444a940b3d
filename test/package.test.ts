/**
 * What users install: the packed tarball holds what the README tells them to use (the CLI, the
 * Python client, the trainer and preset docs, the LICENSE), runs on its own, and every README
 * link points inside the repository and into the package.
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, normalize, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  license: string;
  version: string;
};
const work = mkdtempSync(join(tmpdir(), "plaudit-pack-"));
let files: string[] = [];
let unpacked = "";

beforeAll(() => {
  // --ignore-scripts: the suite has built dist/ already (npm test runs the build first).
  const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(pack.status, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = info!.files.map((f) => f.path);
  const untar = spawnSync("tar", ["-xzf", join(work, info!.filename), "-C", work], { encoding: "utf8" });
  expect(untar.status, untar.stderr).toBe(0);
  unpacked = join(work, "package");
  // The package's dependencies, as an install would provide them (nothing is downloaded here).
  symlinkSync(join(root, "node_modules"), join(unpacked, "node_modules"), "dir");
}, 180_000);

/** Markdown link targets of the README, without anchors. */
function readmeLinks(): string[] {
  return [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

describe("the packed tarball", () => {
  it("holds the CLI, the library, the Python client, the docs, the examples and the LICENSE", () => {
    for (const path of [
      "dist/cli/main.js",
      "dist/index.js",
      "dist/index.d.ts",
      "clients/python/plaudit_client.py",
      "docs/trainers.md",
      "docs/presets/README.md",
      "docs/presets/vlm-r1-rec.md",
      "examples/grounding/recipe.yaml",
      "README.md",
      "LICENSE",
    ])
      expect(files, path).toContain(path);
  });
  it("leaves out sources, tests and test data", () => {
    expect(
      files.filter((f) => f.startsWith("src/") || f.startsWith("test/") || /\.test\.(js|ts)$/.test(f)),
    ).toEqual([]);
    expect(files).not.toContain("clients/python/test_plaudit_client.py");
  });
  it("runs on its own: presets show and score from the unpacked package", () => {
    const cli = join(unpacked, "dist/cli/main.js");
    const show = spawnSync(process.execPath, [cli, "presets", "show", "gui-g2"], {
      encoding: "utf8",
      cwd: work,
    });
    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout).toBe(readFileSync(join(unpacked, "docs/presets/gui-g2.md"), "utf8"));
    const score = spawnSync(
      process.execPath,
      [
        cli,
        "score",
        "--recipe",
        join(unpacked, "examples/grounding/recipe.yaml"),
        "--in",
        join(unpacked, "examples/grounding/rollouts.jsonl"),
        "-q",
      ],
      { encoding: "utf8", cwd: work },
    );
    expect(score.status, score.stderr).toBe(0);
    expect(score.stdout.trim().split("\n").length).toBeGreaterThan(40);
  });
});

describe("README links and LICENSE", () => {
  it("every link is relative, inside the repository, to a file that exists and is packed", () => {
    const links = readmeLinks();
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) {
      if (link.startsWith("#")) continue;
      expect(link, "no links outside the repository").not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
      const path = normalize(link.split("#")[0]!);
      expect(path.startsWith(".."), link).toBe(false);
      expect(existsSync(join(root, path)), `${link} exists`).toBe(true);
      expect(files, `${link} is in the package`).toContain(path);
    }
  });
  it("every in-page anchor names a heading", () => {
    const slugs = new Set(
      [...readme.matchAll(/^#+ (.+)$/gm)].map((m) =>
        m[1]!
          .toLowerCase()
          .replace(/[^\p{L}\p{N} -]/gu, "")
          .replace(/ /g, "-"),
      ),
    );
    for (const link of readmeLinks().filter((l) => l.startsWith("#")))
      expect(slugs, link).toContain(link.slice(1));
  });
  it("the LICENSE is the Apache-2.0 text package.json declares", () => {
    const license = readFileSync(join(root, "LICENSE"), "utf8");
    expect(pkg.license).toBe("Apache-2.0");
    expect(license).toContain("Apache License");
    expect(license).toContain("Version 2.0, January 2004");
    expect(license).toContain("END OF TERMS AND CONDITIONS");
  });
  it("the README's install commands name the tarball npm pack writes", () => {
    expect(readme).toContain(`plaudit-${pkg.version}.tgz`);
    expect(readme).toContain("npm install -g");
  });
});
