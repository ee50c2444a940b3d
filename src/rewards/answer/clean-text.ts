/**
 * VLM-R1's `clean_text`, the normalisation behind its `all_match`, `math`, numeric and fuzzy rules.
 * @module
 */
import { extractTag } from "../../parse/index.js";
import { isPythonSpace, pythonStrip } from "../../parse/python/index.js";

/** `re.sub(r'(?<=\s)' + c, '', t)` then `re.sub(r'(?<!\s)' + c, ' ', t)`, each pass on its own input. */
function replaceLineBreak(text: string, breakChar: string): string {
  if (!text.includes(breakChar)) return text;
  let afterDrop = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === breakChar && i > 0 && isPythonSpace(text.charCodeAt(i - 1))) continue;
    afterDrop += ch;
  }
  let out = "";
  for (let i = 0; i < afterDrop.length; i++) {
    const ch = afterDrop[i]!;
    out += ch === breakChar && !(i > 0 && isPythonSpace(afterDrop.charCodeAt(i - 1))) ? " " : ch;
  }
  return out;
}

/**
 * VLM-R1's `clean_text` (`om-ai-lab/VLM-R1@90052f4: src/open-r1-multimodal/src/open_r1/grpo_jsonl.py:745-780`):
 * the last `<answer>…</answer>` (DOTALL) if any; a `\n` or `\r` preceded by whitespace is dropped,
 * any other becomes a space; strip, drop trailing `.`, lowercase.
 * @example
 * cleanText("<answer> The Cat.\n</answer>"); // "the cat"
 */
export function cleanText(text: string): string {
  let body = extractTag(text, { occurrence: "last" }) ?? text;
  body = replaceLineBreak(body, "\n");
  body = replaceLineBreak(body, "\r");
  let stripped = pythonStrip(body);
  let end = stripped.length;
  while (end > 0 && stripped[end - 1] === ".") end--;
  stripped = stripped.slice(0, end);
  return stripped.toLowerCase();
}
