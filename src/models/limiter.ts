/**
 * A counting semaphore: the per-endpoint concurrency limit shared by every reward using the
 * same url + model.
 * @module
 */

/**
 * At most `limit` holders at once; the rest wait in FIFO order.
 * @example
 * const limiter = new Limiter(2);
 * const release = await limiter.acquire(); // a slot at once when one is free
 * try { await send(); } finally { release(); }
 */
export class Limiter {
  #limit: number;
  #active = 0;
  // A FIFO as an array and a head index: `shift()` would move every waiter on each release.
  #waiting: Array<(() => void) | undefined> = [];
  #head = 0;

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

  /**
   * A slot: at once when one is free, else a promise of one. The returned function frees it
   * (call it once; later calls do nothing).
   */
  acquire(): (() => void) | Promise<() => void> {
    if (this.#active < this.#limit) {
      this.#active++;
      return this.#releaser();
    }
    return new Promise<() => void>((resolve) => this.#waiting.push(() => resolve(this.#releaser())));
  }

  #next(): (() => void) | undefined {
    if (this.#head === this.#waiting.length) return undefined;
    const next = this.#waiting[this.#head];
    // Drop the reference: a served waiter kept in the array would outlive its call.
    this.#waiting[this.#head++] = undefined;
    if (this.#head === this.#waiting.length) {
      this.#waiting = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#waiting.length) {
      this.#waiting = this.#waiting.slice(this.#head);
      this.#head = 0;
    }
    return next;
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#next();
      // The slot passes straight to the next waiter, so `active` stays the same.
      if (next) next();
      else this.#active--;
    };
  }
}
