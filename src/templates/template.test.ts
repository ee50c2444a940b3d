import { describe, expect, it } from "vitest";
import { builtinTemplates } from "./index.js";
import { compileTemplate, renderTemplate } from "./template.js";

describe("compileTemplate", () => {
  it("renders exactly as renderTemplate, in one pass", () => {
    const cases: Array<[string, Record<string, string | undefined>]> = [
      ["Caption: [{{prompt}}]", { prompt: "a red cube" }],
      // Values holding placeholders or replacement patterns are inserted verbatim.
      ["{{ prompt }}{{completion}}x{{unknown}}", { prompt: "$&{{completion}}", completion: "$1" }],
      ["no placeholder", {}],
      ["{{a}}", {}],
      ["{{a}}{{ b }}{{a}}", { a: "1", b: "2" }],
      ["{{ a b}} {{_c}}", { _c: "z" }],
      ["", {}],
    ];
    for (const [text, values] of cases)
      expect(compileTemplate(text)(values)).toBe(renderTemplate(text, values));
    expect(
      compileTemplate("{{ prompt }}{{completion}}x")({ prompt: "{{completion}}", completion: "B" }),
    ).toBe("{{completion}}Bx");
  });

  it("renders every shipped template as renderTemplate does", () => {
    const values = { prompt: "P", completion: "C", reference: "R", completion_a: "A", completion_b: "B" };
    for (const template of builtinTemplates)
      expect(compileTemplate(template.text)(values)).toBe(renderTemplate(template.text, values));
  });
});
