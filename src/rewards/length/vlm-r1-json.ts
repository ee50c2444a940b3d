/**
 * The detection-JSON lookup of VLM-R1's `repetition_reward`, with `re.search` semantics
 * reproduced by `indexOf` scans.
 * @module
 */
import { pythonStrip, skipPythonSpace } from "../../parse/python/index.js";

function fenced(text: string, open: string): string | null {
  const start = text.indexOf(open);
  if (start === -1) return null;
  const end = text.indexOf("```", start + open.length);
  return end === -1 ? null : text.slice(start + open.length, end);
}

/**
 * `re.search(r'\[\s*{.*?"bbox_2d".*?"label".*?}\s*\]', text, re.DOTALL)`: the first `[` that is
 * followed by whitespace and `{` fixes the start (a later start can only fail more), then the
 * first `"bbox_2d"`, the first `"label"` after it, and the first `}` after that followed by
 * whitespace and `]`.
 */
function bareDetectionList(text: string): string | null {
  let open = text.indexOf("[");
  while (open !== -1) {
    const brace = skipPythonSpace(text, open + 1);
    if (text[brace] === "{") {
      const bbox = text.indexOf('"bbox_2d"', brace + 1);
      if (bbox === -1) return null;
      const label = text.indexOf('"label"', bbox + 9);
      if (label === -1) return null;
      let close = text.indexOf("}", label + 7);
      while (close !== -1) {
        const bracket = skipPythonSpace(text, close + 1);
        if (text[bracket] === "]") return text.slice(open, bracket + 1);
        close = text.indexOf("}", close + 1);
      }
      return null;
    }
    open = text.indexOf("[", open + 1);
  }
  return null;
}

/**
 * The `bbox_2d`+`label` items of the detection list VLM-R1's repetition reward looks for
 * (```` ```json ```` block, else any ```` ``` ```` block, else a bare `[{…"bbox_2d"…"label"…}]`),
 * as strings, or `null` when no such JSON list parses (the word branch applies then).
 * An empty array means a list was found but held no such item (the reward is then 0).
 * @example
 * findVlmR1DetectionJson('```json\n[{"bbox_2d":[1,2,3,4],"label":"cat"}]\n```'); // ['[1,2,3,4]_cat']
 */
export function findVlmR1DetectionJson(text: string): string[] | null {
  let body = fenced(text, "```json");
  if (body !== null) body = pythonStrip(body);
  else {
    const plain = fenced(text, "```");
    body = plain === null ? "" : pythonStrip(plain);
    if (!body) body = bareDetectionList(text);
  }
  if (!body) return null;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return null;
  }
  if (!Array.isArray(data) || data.length === 0) return null;
  const items: string[] = [];
  for (const item of data) {
    if (item && typeof item === "object" && !Array.isArray(item) && "bbox_2d" in item && "label" in item) {
      const record = item as Record<string, unknown>;
      items.push(`${JSON.stringify(record.bbox_2d)}_${String(record.label)}`);
    }
  }
  return items;
}
