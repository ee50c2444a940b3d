/**
 * The built CLI's recipe doors: `presets show`, error messages a user can act on (the YAML line,
 * "did you mean", override paths as written), and `extends` kept under the recipe's directory.
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const cli = join(root, "dist/cli/main.js");

function run(args: string[], input = "") {
  const out = spawnSync(process.execPath, [cli, ...args], {
    input,
    encoding: "utf8",
    cwd: root,
    timeout: 60_000,
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

const dir = mkdtempSync(join(tmpdir(), "plaudit-cli-recipe-"));
const project = join(dir, "project");
mkdirSync(project);
writeFileSync(join(dir, "secret.yaml"), 'token: "SECRET-VALUE-123"\n');
writeFileSync(join(project, "escape.yaml"), "extends: ../secret.yaml\n");
writeFileSync(join(project, "broken.yaml"), "name: x\nrewards:\n  - { name: iou, type: grounding.iou\n");
writeFileSync(join(project, "typo.yaml"), "rewards:\n  - { name: iou, type: grounding.iuo }\n");
writeFileSync(
  join(project, "override.yaml"),
  "extends: vlm-r1/rec\noverride:\n  accuracy_iou: { legasy: true }\n",
);
const sample = `${JSON.stringify({ completion: "<answer>[0,0,10,10]</answer>", reference: [0, 0, 10, 10] })}\n`;

describe("plaudit presets show", () => {
  it("prints the preset's page, the text of docs/presets/NAME.md", () => {
    const { code, stdout } = run(["presets", "show", "vlm-r1/rec"]);
    expect(code).toBe(0);
    expect(stdout).toBe(readFileSync(join(root, "docs/presets/vlm-r1-rec.md"), "utf8"));
    expect(stdout).toContain("**Reads:** `completion`, `reference`, `image`, `input_image`");
  });
  it("--json gives the structured data", () => {
    const { code, stdout } = run(["presets", "show", "gui-g2", "--json"]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { components: Array<{ name: string; formula: string }> };
    expect(doc.components.map((c) => c.name)).toEqual(["gaussian_point", "gaussian_plane", "format"]);
  });
  it("an unknown name exits 2 with a suggestion", () => {
    const { code, stderr } = run(["presets", "show", "gui-g22"]);
    expect(code).toBe(2);
    expect(stderr).toContain('did you mean "gui-g2"?');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
  it("presets --json carries config field descriptions and reward docs", () => {
    const { stdout } = run(["presets", "--json"]);
    const data = JSON.parse(stdout) as {
      rewards: Array<{
        type: string;
        configSchema: { properties?: Record<string, { description?: string }> };
        docs?: unknown;
      }>;
    };
    const iou = data.rewards.find((r) => r.type === "grounding.iou")!;
    expect(iou.configSchema.properties?.threshold?.description).toMatch(/IoU ≥ threshold/);
    expect(iou.docs).toMatchObject({ formula: expect.stringContaining("IoU") });
  });
});

describe("plaudit serve: a busy port", () => {
  it("is one line, not a stack", async () => {
    const { createServer } = await import("node:net");
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, "127.0.0.1", done));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stderr } = run(["serve", "--recipe", "gui-g2", "--port", String(port)]);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `plaudit: cannot listen on 127.0.0.1:${port}: it is already in use (pick another --port, or stop the other server)\n`,
      );
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  });
});

describe("plaudit score: recipe errors", () => {
  it("a YAML syntax error shows the parser's message with the line", () => {
    const { code, stderr } = run(["score", "--recipe", join(project, "broken.yaml")], sample);
    expect(code).toBe(2);
    expect(stderr).toMatch(/not valid JSON or YAML: .* at line \d+, column \d+/);
    expect(stderr).toContain("- { name: iou, type: grounding.iou");
  });
  it("a misspelled reward type gets did-you-mean", () => {
    const { code, stderr } = run(["score", "--recipe", join(project, "typo.yaml")], sample);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'rewards[0].type: unknown reward type (got "grounding.iuo"); did you mean "grounding.iou"?',
    );
  });
  it("an error inside override names the path the user wrote", () => {
    const { code, stderr } = run(["score", "--recipe", join(project, "override.yaml")], sample);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'override.accuracy_iou.legasy: unknown field (got true); did you mean "legacy"?',
    );
  });
  it("extends outside the recipe's directory is refused without printing the file, unless allowed", () => {
    const refused = run(["score", "--recipe", join(project, "escape.yaml")], sample);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("outside the recipe's directory");
    expect(refused.stderr).not.toContain("SECRET-VALUE-123");
    const allowed = run(["score", "--recipe", join(project, "escape.yaml"), "--allow-extends", dir], sample);
    // Allowed, the file is read: it is not a recipe, so it fails as one (exit 2), naming its field.
    expect(allowed.code).toBe(2);
    expect(allowed.stderr).toContain("extends(../secret.yaml).token: unknown field");
  });
});
