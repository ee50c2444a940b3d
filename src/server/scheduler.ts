/**
 * The scoring queue: how scoring work shares the one event loop.
 *
 * - **Admission in samples.** A request enters the queue before its body is read, holding the
 *   samples its size suggests, then its exact count once parsed; when the samples already queued
 *   plus its own would pass `maxQueuedSamples`, it is shed at once with 429 + `Retry-After`
 *   instead of waiting behind work it cannot overtake.
 * - **Slices that yield.** Rule-based scoring is synchronous; a request scores (and serialises
 *   its response) in slices, and once a slice budget of CPU time is used it yields the event loop
 *   (`setImmediate`), so `/healthz`, `/metrics`, body uploads and timers run between slices.
 *   On 2 cores this measured faster than a `worker_threads` pool (`npm run bench -- server`).
 * - **Oldest first.** When several requests are ready, the oldest gets the next slice, so a burst
 *   is answered in arrival order and overload shows up as 429s at the door, not as every request
 *   slowing down together.
 * - **Deadlines between slices.** Every turn checks the request's scope, so `--timeout` bounds
 *   synchronous scoring too.
 * @module
 */

import type { ScoredBatch, Scorer } from "../recipe/index.js";
import { RequestAborted, type RequestScope } from "./env.js";
import { HttpError } from "./errors.js";
import type { ServerMetrics } from "./metrics.js";

/** Samples scored between two checks of the slice budget. */
const SLICE_SAMPLES = 256;
/** Results serialised between two checks of the slice budget. */
const SLICE_RESULTS = 1024;

/** A request's place in the queue, from {@link ScoringQueue.enter} or {@link ScoringQueue.admit}. */
export interface QueueTicket {
  /** Arrival order: lower goes first. */
  readonly seq: number;
  /** Samples this request holds in the queue (set by {@link ScoringQueue.reserve}). */
  samples: number;
}

interface Waiter {
  seq: number;
  resume: () => void;
}

/** Limits of a {@link ScoringQueue}. */
export interface ScoringQueueLimits {
  /** Samples admitted and not yet answered, across requests; beyond it, 429. */
  maxQueuedSamples: number;
  /** Milliseconds of scoring between two yields of the event loop. */
  sliceBudgetMs: number;
  /** Seconds sent in `Retry-After` when the queue is full. */
  retryAfterSeconds: number;
}

/**
 * The server's one scoring queue.
 * @example
 * const queue = new ScoringQueue({ maxQueuedSamples: 65_536, sliceBudgetMs: 5, retryAfterSeconds: 1 }, metrics);
 * const ticket = queue.admit(samples.length);
 * try {
 *   const scored = await queue.score(scorer, samples, ticket, scope);
 * } finally {
 *   queue.leave(ticket);
 * }
 */
export class ScoringQueue {
  readonly limits: ScoringQueueLimits;
  readonly #metrics: ServerMetrics;
  readonly #waiting: Waiter[] = [];
  #queued = 0;
  #seq = 0;
  readonly #bytesPerSample = new Map<string, number>();
  #windowStarted = Number.NEGATIVE_INFINITY;
  #windowOpen = false;
  #resumeScheduled = false;

  constructor(limits: ScoringQueueLimits, metrics: ServerMetrics) {
    this.limits = limits;
    this.#metrics = metrics;
  }

  /** Samples admitted and not yet answered. */
  get queuedSamples(): number {
    return this.#queued;
  }

  /**
   * Takes a place in the queue before the body is read (turns come in arrival order), holding
   * `estimate` samples (from the body's declared size, see {@link estimateSamples}) so that
   * bodies still being read or parsed count as queued work. Throws 429 `queue_full` at once,
   * without reading the body, when the estimate does not fit.
   */
  enter(estimate = 0): QueueTicket {
    if (this.#queued >= this.limits.maxQueuedSamples) throw this.#full(this.#queued, estimate);
    const ticket: QueueTicket = { seq: this.#seq, samples: 0 };
    this.reserve(ticket, estimate);
    this.#seq++;
    return ticket;
  }

  /**
   * Sets the samples the ticket holds (the exact count once the body is parsed), or throws 429
   * `queue_full` (with `Retry-After`) when the increase would pass the bound. A ticket alone in
   * the queue always fits, so one request of any allowed size can proceed.
   */
  reserve(ticket: QueueTicket, samples: number): void {
    const others = this.#queued - ticket.samples;
    if (samples > ticket.samples && others > 0 && others + samples > this.limits.maxQueuedSamples)
      throw this.#full(others, samples);
    this.#queued = others + samples;
    ticket.samples = samples;
    this.#metrics.setQueuedSamples(this.#queued);
  }

  /** {@link enter} and {@link reserve} in one step. */
  admit(samples: number): QueueTicket {
    const ticket = this.enter();
    this.reserve(ticket, samples);
    return ticket;
  }

  /**
   * Estimates a body's samples from its size, by the bytes per sample of recent bodies on the
   * same route (1 KiB per sample until one is seen: low for short completions, so early bodies are
   * not shed on a guess). The estimate never exceeds `cap` (larger batches are refused as 413).
   * @example
   * queue.estimateSamples("/v1/score", 1_700_000, 65_536); // ≈ 8,192 after a few gui-g2 bodies
   */
  estimateSamples(route: string, bytes: number, cap: number): number {
    if (!(bytes > 0)) return 0;
    return Math.min(cap, Math.floor(bytes / (this.#bytesPerSample.get(route) ?? 1024)));
  }

  /** Records a parsed body's size and sample count for {@link estimateSamples}. */
  learn(route: string, bytes: number, samples: number): void {
    if (!(bytes > 0) || samples <= 0) return;
    const seen = bytes / samples;
    const previous = this.#bytesPerSample.get(route);
    // A moving average, so one odd batch does not swing admission.
    this.#bytesPerSample.set(route, previous === undefined ? seen : previous * 0.8 + seen * 0.2);
  }

  #full(queued: number, samples: number): HttpError {
    const { maxQueuedSamples, retryAfterSeconds } = this.limits;
    this.#metrics.observeRejection("queue_full");
    const more = ` and ${samples} more would pass`;
    return new HttpError(
      429,
      "queue_full",
      `${queued} samples are already queued${more} the limit of ${maxQueuedSamples} (--max-queue); retry later`,
      {
        details: {
          retry_after_seconds: retryAfterSeconds,
          queued_samples: queued,
          max_queue: maxQueuedSamples,
        },
        headers: { "Retry-After": String(retryAfterSeconds) },
      },
    );
  }

  /** Gives the ticket's samples back (call once, when the request is answered or fails). */
  leave(ticket: QueueTicket): void {
    this.#queued -= ticket.samples;
    ticket.samples = 0;
    this.#metrics.setQueuedSamples(this.#queued);
    // A finished request hands the rest of its window to the oldest waiting one.
    if (this.#waiting.length && this.#windowOpen && this.#windowLeft()) this.#resumeNext();
  }

  /**
   * Waits for this request's next slice: at once while the current slice budget lasts and no
   * older request is waiting, else after yielding the event loop. Throws {@link RequestAborted}
   * once the request's scope is aborted (deadline, client gone).
   */
  async turn(ticket: QueueTicket, scope: RequestScope): Promise<void> {
    scope.throwIfAborted();
    this.#openWindow();
    const olderWaiting = this.#waiting.length > 0 && this.#waiting[0]!.seq < ticket.seq;
    if (!olderWaiting && this.#windowLeft()) return;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = this.#waiting.indexOf(waiter);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(new RequestAborted(scope.reason ?? "deadline"));
      };
      const waiter: Waiter = {
        seq: ticket.seq,
        resume: () => {
          scope.signal.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      let at = this.#waiting.length;
      while (at > 0 && this.#waiting[at - 1]!.seq > ticket.seq) at--;
      this.#waiting.splice(at, 0, waiter);
      scope.signal.addEventListener("abort", onAbort, { once: true });
      this.#scheduleResume();
    });
    scope.throwIfAborted();
  }

  /**
   * The slice budget is counted per turn of the event loop: the first turn taken after the loop
   * has run its other work (I/O, timers) opens a window; the window closes at the loop's next
   * check phase. Requests arriving together share the window instead of each yielding once.
   */
  #openWindow(): void {
    if (this.#windowOpen) return;
    this.#windowOpen = true;
    this.#windowStarted = performance.now();
    setImmediate(() => {
      this.#windowOpen = false;
    });
  }

  #windowLeft(): boolean {
    return performance.now() - this.#windowStarted < this.limits.sliceBudgetMs;
  }

  #scheduleResume(): void {
    if (this.#resumeScheduled) return;
    this.#resumeScheduled = true;
    setImmediate(() => {
      this.#resumeScheduled = false;
      this.#windowOpen = false;
      this.#openWindow();
      this.#resumeNext();
    });
  }

  #resumeNext(): void {
    const next = this.#waiting.shift();
    if (!next) return;
    next.resume();
    if (this.#waiting.length) this.#scheduleResume();
  }

  /**
   * Scores `samples` with `scorer` in slices, yielding between them (see the module notes).
   * Results are identical to `scorer.score(samples)`.
   */
  async score(
    scorer: Scorer,
    samples: readonly unknown[],
    ticket: QueueTicket,
    scope: RequestScope,
  ): Promise<ScoredBatch> {
    // The request's scope aborts on its deadline or when its client leaves: model calls of this
    // batch still waiting for a slot are then not sent.
    const batch = scorer.accumulate({ signal: scope.signal });
    for (let at = 0; at < samples.length; at += SLICE_SAMPLES) {
      await this.turn(ticket, scope);
      const end = Math.min(samples.length, at + SLICE_SAMPLES);
      await batch.add(at === 0 && end === samples.length ? samples : samples.slice(at, end));
    }
    await this.turn(ticket, scope);
    return batch.finish();
  }

  /**
   * `JSON.stringify(items)`, in slices that yield like scoring does.
   * @example
   * const text = await queue.stringifyList(results, ticket, scope); // "[{...},{...}]"
   */
  async stringifyList(items: readonly unknown[], ticket: QueueTicket, scope: RequestScope): Promise<string> {
    if (items.length <= SLICE_RESULTS) {
      await this.turn(ticket, scope);
      return JSON.stringify(items);
    }
    const parts: string[] = [];
    for (let at = 0; at < items.length; at += SLICE_RESULTS) {
      await this.turn(ticket, scope);
      const text = JSON.stringify(items.slice(at, at + SLICE_RESULTS));
      parts.push(text.slice(1, -1));
    }
    return `[${parts.join(",")}]`;
  }
}
