/**
 * A counting semaphore: the per-endpoint concurrency limit shared by every reward using the
 * same url + model.
 * @module
 */

/**
 * At most `limit` holders at once; the rest wait in FIFO order.
 * @example
 * const limiter = new Limiter(2);
 * const release = await limiter.acquire();
 * try { await send(); } finally { release(); }
 */
export class Limiter {
  #limit: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The current limit. */
  get limit(): number {
    return this.#limit;
  }

  /** Holders right now. */
  get active(): number {
    return this.#active;
  }

  /** Lowers the limit (two rewards asked for different limits on one endpoint: the smaller wins). */
  lower(limit: number): void {
    if (limit < this.#limit) this.#limit = limit;
  }

  /** Waits for a slot; the returned function frees it (call it once). */
  async acquire(): Promise<() => void> {
    if (this.#active >= this.#limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays the same.
      if (next) next();
      else this.#active--;
    };
  }
}
