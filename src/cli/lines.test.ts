import { closeSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { LineFileReader, readLineBatches } from "./lines.js";

async function linesOf(chunks: Array<Buffer | string>): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of readLineBatches(Readable.from(chunks))) out.push(...batch);
  return out;
}

describe("readLineBatches", () => {
  it("keeps every physical line, blank ones included, and a last line without newline", async () => {
    expect(await linesOf(["a\n\n  \nb"])).toEqual(["a", "", "  ", "b"]);
    expect(await linesOf(["a\n"])).toEqual(["a"]);
    expect(await linesOf([""])).toEqual([]);
  });

  it("strips CRLF even when \\r and \\n fall in different chunks", async () => {
    expect(await linesOf(["a\r", "\nb\r\n", "c\r"])).toEqual(["a", "b", "c"]);
  });

  it("strips a BOM split over chunks, and only at the start", async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(await linesOf([bom.subarray(0, 1), bom.subarray(1), Buffer.from('{"x":1}\n\uFEFFy')])).toEqual([
      '{"x":1}',
      "\uFEFFy",
    ]);
  });

  it("decodes UTF-8 characters split over chunks", async () => {
    const text = Buffer.from("é→😀\nz", "utf8");
    const chunks = Array.from(text, (byte) => Buffer.from([byte]));
    expect(await linesOf(chunks)).toEqual(["é→😀", "z"]);
  });
});

describe("LineFileReader", () => {
  it("reads lines through a buffer smaller than the lines", () => {
    const path = join(tmpdir(), `plaudit-lines-${process.pid}.txt`);
    const lines = ["short", "x".repeat(100), "", "ünïcödé😀".repeat(5), "last"];
    writeFileSync(path, `${lines.join("\n")}\n`);
    const fd = openSync(path, "r");
    const reader = new LineFileReader(fd, 7);
    const read: string[] = [];
    for (let line = reader.next(); line !== undefined; line = reader.next()) read.push(line);
    closeSync(fd);
    rmSync(path);
    expect(read).toEqual(lines);
    expect(reader.next()).toBeUndefined();
  });
});
