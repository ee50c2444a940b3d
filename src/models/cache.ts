/**
 * The in-memory reply cache: one entry per request content hash, bounded (least recently used
 * out first). It holds promises, so identical requests in flight at once share one call.
 * @module
 */
import * as crypto from "node:crypto";

/**
 * A content hash of a request: its URL and its serialised body (which holds the model, the
 * rendered prompt, the images and the sampling parameters).
 * @example
 * requestKey("http://127.0.0.1:8000/v1/chat/completions", JSON.stringify(body));
 */
export function requestKey(url: string, body: string): string {
  // One-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object: a third of the key's cost.
  if (oneShotHash) return oneShotHash("sha256", `${url}\n${body}`, "base64url");
  return crypto.createHash("sha256").update(url).update("\n").update(body).digest("base64url");
}

const oneShotHash: typeof crypto.hash | undefined = (crypto as { hash?: typeof crypto.hash }).hash;

/**
 * A bounded LRU map of promised outcomes. Failed outcomes are dropped once settled, so a later
 * batch may try again.
 * @example
 * const cache = new ReplyCache<number>(1000);
 * const value = await cache.get("k", () => call(), (v) => v.ok);
 */
export class ReplyCache<T> {
  readonly #entries = new Map<string, Promise<T>>();
  readonly #maxEntries: number;
  /** Calls made (cache misses) since creation. */
  misses = 0;
  /** Calls saved. */
  hits = 0;

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The cached promise for `key`, or the result of `compute()` stored under it. */
  get(key: string, compute: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
    const found = this.#entries.get(key);
    if (found) {
      this.hits++;
      // Re-insert to mark it most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, found);
      return found;
    }
    this.misses++;
    const promise = compute();
    this.#entries.set(key, promise);
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    promise.then((value) => {
      if (!keep(value) && this.#entries.get(key) === promise) this.#entries.delete(key);
    });
    return promise;
  }
}
