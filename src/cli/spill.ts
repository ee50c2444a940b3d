/**
 * Temporary files of a spilled run: a private directory, per-bucket append-only files written
 * through small buffers, and a growable byte column (the bucket of every input line).
 * The directory is removed when the run ends, fails or is interrupted (see `cleanup.ts`).
 * @module
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onCleanup } from "./cleanup.js";

/** Bytes a bucket buffers before writing; memory is at most this × buckets. */
const BUFFER_CHARS = 1 << 17;

/**
 * A private temporary directory removed on exit, failure or signal.
 * @example
 * const dir = new SpillDir();
 * const path = dir.path("bucket-0");
 * dir.remove();
 */
export class SpillDir {
  readonly root: string;
  readonly #forget: () => void;

  constructor(parent: string = tmpdir()) {
    this.root = mkdtempSync(join(parent, "plaudit-spill-"));
    const root = this.root;
    this.#forget = onCleanup(() => rmSync(root, { recursive: true, force: true }));
  }

  /** A file path inside the directory. */
  path(name: string): string {
    return join(this.root, name);
  }

  /** Deletes the directory and everything in it. */
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
    this.#forget();
  }
}

/**
 * Append-only text files, one per bucket, each buffered in memory up to 128 K characters.
 * @example
 * const files = new BucketFiles((b) => dir.path(`in-${b}`), 64);
 * files.append(3, "12\t{...}\n");
 * files.close();
 */
export class BucketFiles {
  readonly #fds: number[];
  readonly #buffers: string[];
  /** Lines appended per bucket. */
  readonly counts: number[];

  constructor(pathOf: (bucket: number) => string, buckets: number) {
    this.#fds = Array.from({ length: buckets }, (_, b) => openSync(pathOf(b), "w"));
    this.#buffers = new Array<string>(buckets).fill("");
    this.counts = new Array<number>(buckets).fill(0);
  }

  /** Appends one line (with its `\n`) to a bucket. */
  append(bucket: number, line: string): void {
    this.counts[bucket]!++;
    const buffer = this.#buffers[bucket]! + line;
    if (buffer.length >= BUFFER_CHARS) {
      writeSync(this.#fds[bucket]!, buffer);
      this.#buffers[bucket] = "";
    } else this.#buffers[bucket] = buffer;
  }

  /** Writes what is buffered and closes every file. */
  close(): void {
    this.#fds.forEach((fd, b) => {
      if (this.#buffers[b]) writeSync(fd, this.#buffers[b]!);
      this.#buffers[b] = "";
      closeSync(fd);
    });
  }
}

/**
 * A growable column of small integers (one byte per input line: its bucket).
 * @example
 * const column = new ByteColumn();
 * column.push(7);
 * column.at(0); // 7
 */
export class ByteColumn {
  #bytes = new Uint8Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.#bytes.length) {
      const grown = new Uint8Array(this.#bytes.length * 2);
      grown.set(this.#bytes);
      this.#bytes = grown;
    }
    this.#bytes[this.length++] = value;
  }

  at(index: number): number {
    return this.#bytes[index]!;
  }
}

/**
 * The bucket of a group key: FNV-1a over its UTF-16 code units, modulo the bucket count. Every
 * sample of a group lands in the same bucket, so a bucket holds whole groups.
 * @example
 * bucketOf("prompt-17", 64); // a number in 0..63, the same for every call
 */
export function bucketOf(key: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % buckets;
}
