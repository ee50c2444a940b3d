/**
 * GUI-G1's parsing of a completion, as released (`Yuqi-Zhou/GUI-G1@e581fe9:
 * src/open-r1-multimodal/src/open_r1/grpo_rec.py:87`): find the first line exactly equal to
 * ```` ```json ```` (lines as Python's `str.splitlines` cuts them), join the following lines with
 * `\n`, cut at the next ```` ``` ````, evaluate the text as a Python literal, and read
 * `value[0]['bbox_2d']`. Without such a line the whole completion is evaluated. Any failure
 * means reward 0 for every GUI-G1 function.
 * @module
 */
import { PyDict, PyOpaque, PyTuple, type PyValue, pythonLiteralEval } from "../../parse/python/index.js";

/** Every line boundary of Python's `str.splitlines`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: Python's splitlines splits on \x1c–\x1e.
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above.
const ANY_LINE_BREAK = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

function isLineBreak(code: number): boolean {
  return (
    code === 0x0a ||
    code === 0x0d ||
    code === 0x0b ||
    code === 0x0c ||
    (code >= 0x1c && code <= 0x1e) ||
    code === 0x85 ||
    code === 0x2028 ||
    code === 0x2029
  );
}

const FENCE = "```json";

/**
 * The text GUI-G1's `parse_json` hands to `ast.literal_eval`.
 * @example
 * guiG1JsonText('```json\n[{"bbox_2d": [1, 2, 3, 4]}]\n```'); // '[{"bbox_2d": [1, 2, 3, 4]}]'
 * guiG1JsonText("[1, 2]"); // "[1, 2]" (no fence line: the whole completion)
 */
export function guiG1JsonText(completion: string): string {
  let at = completion.indexOf(FENCE);
  while (at !== -1) {
    const end = at + FENCE.length;
    const startsLine = at === 0 || isLineBreak(completion.charCodeAt(at - 1));
    const endsLine = end === completion.length || isLineBreak(completion.charCodeAt(end));
    if (startsLine && endsLine) {
      let rest = end;
      if (rest < completion.length) rest += completion.startsWith("\r\n", rest) ? 2 : 1;
      let piece: string;
      const close = completion.indexOf("```", rest);
      if (close !== -1) piece = completion.slice(rest, close);
      else {
        piece = completion.slice(rest);
        // splitlines drops the boundary after the last line.
        if (piece.endsWith("\r\n")) piece = piece.slice(0, -2);
        else if (piece.length && isLineBreak(piece.charCodeAt(piece.length - 1))) piece = piece.slice(0, -1);
      }
      return ANY_LINE_BREAK.test(piece) ? piece.replace(LINE_BREAK, "\n") : piece;
    }
    at = completion.indexOf(FENCE, at + 1);
  }
  return completion;
}

/** Why GUI-G1 found no usable box. */
export type GuiG1Failure = "unparseable_answer" | "no_box_found" | "invalid_box";

/** The first element's `bbox_2d` as four numbers, or why the released code would score 0. */
export type GuiG1Box = readonly [number, number, number, number] | GuiG1Failure;

function index(value: PyValue, i: number): PyValue | undefined {
  if (Array.isArray(value)) return value[i];
  if (value instanceof PyTuple) return value.items[i];
  if (value instanceof PyDict) return value.entries.get(`n:${i}`);
  return undefined;
}

function coordinate(value: PyValue | undefined): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  return undefined;
}

/**
 * GUI-G1's predicted box: `ast.literal_eval(parse_json(completion))[0]['bbox_2d'][0:4]`.
 * Integers beyond the float range and complex numbers count as unusable (Python's arithmetic on
 * them raises in `iou` and `hit`; `box` would take |Δ| of a complex, see the reward docs).
 * @example
 * parseGuiG1Box("```json\n[{'bbox_2d': [1, 2, 3, 4], 'label': None}]\n```"); // [1, 2, 3, 4]
 * parseGuiG1Box('[{"bbox_2d": [1, 2, 3, 4], "label": null}]'); // "unparseable_answer"
 */
export function parseGuiG1Box(completion: string): GuiG1Box {
  const text = guiG1JsonText(completion);
  // The key 'bbox_2d' must be spelled out, or written with escapes (which need a backslash):
  // without either the reward is 0 whatever the literal holds, so skip evaluating it.
  if (!text.includes("bbox_2d") && !text.includes("\\")) return "no_box_found";
  const value = pythonLiteralEval(text);
  if (value === undefined) return "unparseable_answer";
  const first = index(value, 0);
  if (!(first instanceof PyDict)) return "no_box_found";
  const bbox = first.entries.get("s:bbox_2d");
  if (bbox === undefined) return "no_box_found";
  if (bbox instanceof PyOpaque || typeof bbox !== "object" || bbox === null) return "invalid_box";
  const a = coordinate(index(bbox, 0));
  const b = coordinate(index(bbox, 1));
  const c = coordinate(index(bbox, 2));
  const d = coordinate(index(bbox, 3));
  if (a === undefined || b === undefined || c === undefined || d === undefined) return "invalid_box";
  return [a, b, c, d];
}
