/**
 * A pool of worker threads that run local vision models off the main thread, micro-batched.
 *
 * Each model (runner + options) is pinned to one worker, so it is loaded once per process and
 * shared by every reward that uses it; a pool of several workers runs different models in
 * parallel. Requests to one model wait in the main thread: when its worker is idle they are sent
 * after a short window (`batchWindowMs`) as one batch of at most `maxBatch`; while it is busy they
 * gather, and go as one batch when it is free (the dynamic batching of reward servers). Each batch
 * has a deadline: a worker that misses it is terminated and replaced, and a worker that crashes
 * is replaced; the samples of that batch get `model_timeout` / `model_error`, never a score.
 * @module
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { RunnerItem, RunnerResult, VisionModelStats } from "./types.js";
import type { BatchMessage, BatchReply } from "./worker.js";

/** What a queued request resolves to. */
export type ItemOutcome =
  | { ok: true; result: RunnerResult }
  | { ok: false; code: "model_error" | "model_timeout"; message: string };

/** A model's identity and where its runner module is. */
export interface PoolModel {
  key: string;
  module: string;
  options: Record<string, unknown>;
}

/** Pool settings. */
export interface PoolOptions {
  /** Number of worker threads. */
  size: number;
  /** Largest batch sent to a model at once. */
  maxBatch: number;
  /** How long an idle worker waits for more requests before running a batch, in ms. */
  batchWindowMs: number;
  /** Deadline of one batch (including a model's first load), in ms. */
  deadlineMs: number;
}

interface Pending {
  item: RunnerItem;
  transfer: ArrayBuffer[];
  resolve(outcome: ItemOutcome): void;
}

interface ModelQueue {
  model: PoolModel;
  pending: Pending[];
  stats: VisionModelStats;
}

interface Inflight {
  id: number;
  queue: ModelQueue;
  items: Pending[];
  timer: NodeJS.Timeout;
}

const FROM_SOURCE = import.meta.url.endsWith(".ts");

// From source (tests, tsx) the worker is TypeScript too: a small bootstrap registers tsx first.
function newWorker(): Worker {
  if (!FROM_SOURCE) return new Worker(new URL("./worker.js", import.meta.url));
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve("tsx/esm/api")
      .replace(/\.cjs$/, ".mjs"),
  ).href;
  const worker = new URL("./worker.ts", import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); });`;
  return new Worker(boot, { eval: true });
}

class Slot {
  readonly queues = new Map<string, ModelQueue>();
  #worker: Worker | undefined;
  #ready = false;
  #inflight: Inflight | undefined;
  #window: NodeJS.Timeout | undefined;
  #nextId = 0;
  #turn = 0;
  #closed = false;

  constructor(
    readonly options: PoolOptions,
    readonly counters: { crashes: number; timeouts: number; spawned: number },
  ) {}

  enqueue(queue: ModelQueue, pending: Pending): void {
    queue.pending.push(pending);
    queue.stats.requests++;
    if (this.#closed) {
      this.#failAll("model_error", "the vision runtime is closed");
      return;
    }
    if (this.#inflight) return;
    if (queue.pending.length >= this.options.maxBatch) this.#pump();
    else this.#window ??= setTimeout(() => this.#pump(), this.options.batchWindowMs);
  }

  #pump(): void {
    if (this.#window) clearTimeout(this.#window);
    this.#window = undefined;
    if (this.#inflight || this.#closed) return;
    const queues = [...this.queues.values()].filter((q) => q.pending.length > 0);
    if (queues.length === 0) {
      this.#worker?.unref();
      return;
    }
    const worker = this.#spawn();
    if (!this.#ready) return;
    const queue = queues[this.#turn++ % queues.length]!;
    const items = queue.pending.splice(0, this.options.maxBatch);
    const id = this.#nextId++;
    queue.stats.batches++;
    queue.stats.largestBatch = Math.max(queue.stats.largestBatch, items.length);
    const timer = setTimeout(() => this.#expire(id), this.options.deadlineMs);
    this.#inflight = { id, queue, items, timer };
    const message: BatchMessage = {
      id,
      key: queue.model.key,
      module: queue.model.module,
      options: queue.model.options,
      items: items.map((p) => p.item),
    };
    worker.ref();
    worker.postMessage(
      message,
      items.flatMap((p) => p.transfer),
    );
  }

  #spawn(): Worker {
    if (this.#worker) return this.#worker;
    const worker = newWorker();
    this.counters.spawned++;
    this.#worker = worker;
    this.#ready = false;
    worker.on("message", (message: BatchReply | { ready: true }) => {
      if (worker !== this.#worker) return;
      if ("ready" in message) {
        this.#ready = true;
        this.#pump();
        return;
      }
      this.#settle(message);
    });
    worker.on("error", (error) => this.#lost(worker, `the vision worker crashed: ${error.message}`));
    worker.on("exit", (code) => this.#lost(worker, `the vision worker exited with code ${code}`));
    return worker;
  }

  #settle(reply: BatchReply): void {
    const inflight = this.#inflight;
    if (!inflight || inflight.id !== reply.id) return;
    clearTimeout(inflight.timer);
    this.#inflight = undefined;
    if (reply.ok) {
      for (const [i, p] of inflight.items.entries()) p.resolve({ ok: true, result: reply.results[i]! });
    } else {
      inflight.queue.stats.failedBatches++;
      for (const p of inflight.items) p.resolve({ ok: false, code: "model_error", message: reply.message });
    }
    this.#pump();
  }

  #expire(id: number): void {
    const inflight = this.#inflight;
    if (!inflight || inflight.id !== id) return;
    this.counters.timeouts++;
    const worker = this.#worker;
    this.#worker = undefined;
    this.#failInflight(
      "model_timeout",
      `the batch of ${inflight.items.length} missed its ${this.options.deadlineMs} ms deadline; the worker was replaced`,
    );
    void worker?.terminate();
    this.#pump();
  }

  #lost(worker: Worker, reason: string): void {
    if (worker !== this.#worker) return;
    this.#worker = undefined;
    const wasReady = this.#ready;
    this.#ready = false;
    if (this.#closed) return;
    this.counters.crashes++;
    if (this.#inflight) this.#failInflight("model_error", `${reason}; the worker was replaced`);
    else if (!wasReady) {
      // It died before it could take work: fail what waits rather than respawn in a loop.
      this.#failAll("model_error", reason);
      return;
    }
    this.#pump();
  }

  #failInflight(code: "model_error" | "model_timeout", message: string): void {
    const inflight = this.#inflight!;
    clearTimeout(inflight.timer);
    this.#inflight = undefined;
    inflight.queue.stats.failedBatches++;
    for (const p of inflight.items) p.resolve({ ok: false, code, message });
  }

  #failAll(code: "model_error", message: string): void {
    for (const queue of this.queues.values()) {
      for (const p of queue.pending.splice(0)) p.resolve({ ok: false, code, message });
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#window) clearTimeout(this.#window);
    if (this.#inflight) this.#failInflight("model_error", "the vision runtime was closed");
    this.#failAll("model_error", "the vision runtime was closed");
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }
}

/**
 * The worker pool; see the module comment.
 * @example
 * const pool = new WorkerPool({ size: 1, maxBatch: 16, batchWindowMs: 2, deadlineMs: 60_000 });
 * const outcome = await pool.submit({ key: "echo", module: echoUrl, options: {} }, { images: [] });
 */
export class WorkerPool {
  readonly counters = { crashes: 0, timeouts: 0, spawned: 0 };
  readonly #slots: Slot[];
  readonly #affinity = new Map<string, Slot>();

  constructor(readonly options: PoolOptions) {
    this.#slots = Array.from({ length: Math.max(1, options.size) }, () => new Slot(options, this.counters));
  }

  /** Queues one item for a model; resolves with its result or the batch's failure. */
  submit(model: PoolModel, item: RunnerItem): Promise<ItemOutcome> {
    let slot = this.#affinity.get(model.key);
    if (!slot) {
      slot = this.#slots[this.#affinity.size % this.#slots.length]!;
      this.#affinity.set(model.key, slot);
    }
    let queue = slot.queues.get(model.key);
    if (!queue) {
      queue = {
        model,
        pending: [],
        stats: { model: model.key, requests: 0, batches: 0, largestBatch: 0, failedBatches: 0 },
      };
      slot.queues.set(model.key, queue);
    }
    const transfer = item.images.map((bytes) => bytes.buffer as ArrayBuffer);
    const target = queue;
    const chosen = slot;
    return new Promise((resolve) => chosen.enqueue(target, { item, transfer, resolve }));
  }

  /** Counters per model. */
  stats(): VisionModelStats[] {
    return this.#slots.flatMap((slot) => [...slot.queues.values()].map((q) => ({ ...q.stats })));
  }

  /** Terminates every worker; queued requests resolve as `model_error`. */
  async close(): Promise<void> {
    await Promise.all(this.#slots.map((slot) => slot.close()));
  }
}
