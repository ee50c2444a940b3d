/**
 * Splitting a byte stream into JSONL lines: `\n`-terminated, a trailing `\r` removed (CRLF files),
 * a UTF-8 byte-order mark at the start of the stream dropped, and a last line without `\n` kept.
 * Every physical line is yielded, blank ones included, so line n of the input is always line n of
 * the output. Lines come in arrays (one per read chunk) to keep the per-line cost low.
 * @module
 */
import { readSync } from "node:fs";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

const BOM = 0xfeff;
const CR = 13;

function pushLines(text: string, out: string[]): string {
  let start = 0;
  let newline = text.indexOf("\n", start);
  while (newline !== -1) {
    const end = newline > start && text.charCodeAt(newline - 1) === CR ? newline - 1 : newline;
    out.push(text.slice(start, end));
    start = newline + 1;
    newline = text.indexOf("\n", start);
  }
  return start === 0 ? text : text.slice(start);
}

/**
 * Reads `input` as UTF-8 lines, in batches.
 * @param onBytes called with the byte count of each chunk read (for progress)
 * @example
 * for await (const batch of readLineBatches(createReadStream("in.jsonl")))
 *   for (const line of batch) console.log(line);
 */
export async function* readLineBatches(
  input: Readable,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<string[]> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let atStart = true;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    onBytes?.(chunk.length);
    let text = rest + (typeof chunk === "string" ? chunk : decoder.write(chunk));
    if (atStart && text.length) {
      if (text.charCodeAt(0) === BOM) text = text.slice(1);
      atStart = false;
    }
    const lines: string[] = [];
    rest = pushLines(text, lines);
    if (lines.length) yield lines;
  }
  rest += decoder.end();
  if (atStart && rest.charCodeAt(0) === BOM) rest = rest.slice(1);
  if (rest.length) yield [rest.charCodeAt(rest.length - 1) === CR ? rest.slice(0, -1) : rest];
}

/**
 * Reads a file's lines synchronously through a fixed buffer: the merge step of a spilled run
 * keeps one per bucket open, so memory is `buffer size × buckets` whatever the file sizes.
 * @example
 * const reader = new LineFileReader(openSync("bucket-3.jsonl", "r"));
 * const first = reader.next(); // a line without its "\n", or undefined at the end
 */
export class LineFileReader {
  readonly #fd: number;
  readonly #buffer: Buffer;
  readonly #decoder = new StringDecoder("utf8");
  #lines: string[] = [];
  #index = 0;
  #rest = "";
  #done = false;

  constructor(fd: number, bufferBytes = 1 << 17) {
    this.#fd = fd;
    this.#buffer = Buffer.allocUnsafe(bufferBytes);
  }

  /** The next line, or `undefined` at the end of the file. */
  next(): string | undefined {
    while (this.#index >= this.#lines.length) {
      if (this.#done) return undefined;
      const bytes = readSync(this.#fd, this.#buffer, 0, this.#buffer.length, null);
      this.#lines = [];
      this.#index = 0;
      if (bytes === 0) {
        this.#done = true;
        const last = this.#rest + this.#decoder.end();
        this.#rest = "";
        if (last.length) this.#lines.push(last);
      } else {
        this.#rest = pushLines(
          this.#rest + this.#decoder.write(this.#buffer.subarray(0, bytes)),
          this.#lines,
        );
      }
    }
    return this.#lines[this.#index++];
  }
}
