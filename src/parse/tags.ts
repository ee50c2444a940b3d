/**
 * Extraction of tagged spans such as `<think>…</think>` and `<answer>…</answer>`, with the exact
 * semantics of Python's `re.search` / `re.findall` on `<tag>(.*?)</tag>` with or without DOTALL,
 * implemented with `indexOf` scans so it stays linear on megabyte inputs.
 * @module
 */
import { z } from "zod";

/** One `<open>…<close>` span: offsets of the whole match and of the content between the tags. */
export interface TaggedSpan {
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
  content: string;
}

/**
 * Every non-overlapping match of `open(.*?)close`, left to right, as Python's `re.finditer` finds
 * them. Without `dotall` the content may not contain `\n` (Python's `.`), so an opening tag whose
 * nearest closing tag lies past a newline does not match and the scan moves on.
 * @example
 * findTagged("<a>1</a><a>2</a>", "<a>", "</a>").map((s) => s.content); // ["1", "2"]
 * findTagged("<a>1\n</a>", "<a>", "</a>", false); // []
 */
export function findTagged(
  text: string,
  open: string,
  close: string,
  dotall = true,
  limit = Number.POSITIVE_INFINITY,
): TaggedSpan[] {
  const spans: TaggedSpan[] = [];
  let position = 0;
  let nextClose = -2; // cached index of the first `close` at or after some point (-1: none left)
  let nextNewline = -2;
  while (position <= text.length && spans.length < limit) {
    const start = text.indexOf(open, position);
    if (start === -1) break;
    const contentStart = start + open.length;
    if (nextClose !== -1 && nextClose < contentStart) nextClose = text.indexOf(close, contentStart);
    if (nextClose === -1) break; // no closing tag after this or any later opening tag
    if (!dotall) {
      if (nextNewline !== -1 && nextNewline < contentStart) nextNewline = text.indexOf("\n", contentStart);
      if (nextNewline !== -1 && nextNewline < nextClose) {
        // Every opening tag before that newline fails the same way (tags hold no newline).
        position = nextNewline + 1;
        continue;
      }
    }
    const contentEnd = nextClose;
    spans.push({
      start,
      end: contentEnd + close.length,
      contentStart,
      contentEnd,
      content: text.slice(contentStart, contentEnd),
    });
    position = contentEnd + close.length;
  }
  return spans;
}

/** Options of {@link extractTag}. */
export interface ExtractTagOptions {
  /** Tag name without brackets; default `answer`. */
  tag?: string;
  /** Which match to take: the first (`re.search`) or the last of `re.findall`. Default `first`. */
  occurrence?: "first" | "last";
  /** Whether the content may span lines (Python DOTALL). Default `true`. */
  dotall?: boolean;
}

/**
 * The content of the first or last `<tag>…</tag>`, or `null` when there is none.
 * @example
 * extractTag("<think>x</think><answer> B </answer>"); // " B "
 * extractTag("<answer>1</answer><answer>2</answer>", { occurrence: "last" }); // "2"
 */
export function extractTag(text: string, options: ExtractTagOptions = {}): string | null {
  const tag = options.tag ?? "answer";
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  const dotall = options.dotall ?? true;
  if (options.occurrence === "last") {
    const spans = findTagged(text, open, close, dotall);
    return spans.length ? spans[spans.length - 1]!.content : null;
  }
  const spans = findTagged(text, open, close, dotall, 1);
  return spans.length ? spans[0]!.content : null;
}

/**
 * Counts non-overlapping occurrences of `needle` (as Python's `str.count`).
 * @example
 * countOccurrences("<think><think>", "<think>"); // 2
 */
export function countOccurrences(text: string, needle: string): number {
  if (!needle) return text.length + 1;
  let count = 0;
  let position = text.indexOf(needle);
  while (position !== -1) {
    count++;
    position = text.indexOf(needle, position + needle.length);
  }
  return count;
}

/**
 * The one rule for a missing answer tag, shared by every configurable reward that reads its answer
 * from a tag (grounding, GUI, answer, number and text rewards): with `requireTag: false` (the
 * default) a completion without the tag is read whole; with `requireTag: true` it scores 0 with
 * issue `no_answer_tag`. Rewards that reproduce a paper's released code follow that code and say
 * so in their docs (for example `grounding.vlm-r1-rec-iou` scores 0 without the tag, as VLM-R1
 * does); presets pick what their released code does.
 * @example
 * z.strictObject({ requireTag: RequireTagSchema }).parse({}); // { requireTag: false }
 */
export const RequireTagSchema = z
  .boolean()
  .default(false)
  .describe(
    "Without the answer tag: false (default) reads the whole completion; true scores 0 with issue `no_answer_tag`.",
  );
