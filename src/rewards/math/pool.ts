/**
 * A small `worker_threads` pool with a hard wall-clock limit per call. A call that overruns
 * resolves to `{ verdict: null, reason: "timeout" }`, its worker is terminated and a fresh one
 * takes its place, so a pathological input can never hang the caller. Workers start lazily and
 * are `unref`'d while idle, so an idle pool never keeps the process alive (a worker holds the
 * event loop only while a call is pending on it); {@link MathWorkerPool.close} stops them.
 * The worker entry is `worker.js` next to this file; when running from TypeScript sources
 * (vitest, tsx) it falls back to `worker.ts` loaded through `tsx`. Node-only.
 * @module
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { MathCheckOptions } from "./verify.js";
import type { WorkerReply, WorkerRequest } from "./worker.js";

/** The outcome of one pooled check. */
export interface PoolResult {
  verdict: boolean | null;
  /** Why there is no verdict: `timeout`, `budget_exceeded`, `gold_unparseable`, `worker_error`, `closed`. */
  reason?: string;
  message?: string;
  /** Whether the worker found any answer in the prediction. */
  predFound?: boolean;
}

/** Pool settings. */
export interface PoolOptions {
  /** Number of worker threads. Default 2. */
  size?: number;
  /** Wall-clock limit per call in milliseconds (from dispatch to a ready worker). Default 1000. */
  timeoutMs?: number;
}

interface Task {
  request: WorkerRequest;
  resolve: (result: PoolResult) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  started: Promise<void>;
  task: Task | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * How to start the worker: the compiled `worker.js` next to this file, or, when running from
 * TypeScript sources, a small bootstrap that loads `worker.ts` through tsx's `tsImport` (Node 20
 * does not apply `--import` loader hooks to a worker's entry module).
 * @example
 * workerEntry().compiled; // true from dist/, false from src/ (the tsx bootstrap)
 */
export function workerEntry(): { source: URL | string; eval: boolean; compiled: boolean } {
  const compiled = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { source: compiled, eval: false, compiled: true };
  const tsx = createRequire(import.meta.url)
    .resolve("tsx/package.json")
    .replace(/package\.json$/, "dist/esm/api/index.mjs");
  const entry = new URL("./worker.ts", import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((api) => api.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
  return { source: bootstrap, eval: true, compiled: false };
}

/**
 * A pool of math-check workers.
 * @example
 * const pool = new MathWorkerPool({ size: 2, timeoutMs: 1000 });
 * await pool.check("1/2", "\\boxed{0.5}", {}); // { verdict: true }
 * await pool.close();
 */
export class MathWorkerPool {
  readonly size: number;
  readonly timeoutMs: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  #nextId = 1;
  #closed = false;
  /** Workers terminated after a timeout (exposed for tests and metrics). */
  replaced = 0;

  constructor(options: PoolOptions = {}) {
    this.size = options.size ?? 2;
    this.timeoutMs = options.timeoutMs ?? 1000;
  }

  /** Runs one check in a worker; never rejects. */
  check(gold: string, pred: string, options: MathCheckOptions): Promise<PoolResult> {
    if (this.#closed)
      return Promise.resolve({ verdict: null, reason: "closed", message: "the pool is closed" });
    return new Promise((resolve) => {
      this.#queue.push({ request: { id: this.#nextId++, gold, pred, options }, resolve });
      this.#pump();
    });
  }

  #spawn(): Slot {
    const entry = workerEntry();
    const worker = new Worker(entry.source, { eval: entry.eval });
    let markStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const slot: Slot = { worker, ready: false, started, task: undefined, timer: undefined };
    worker.on("exit", () => markStarted());
    worker.on("message", (reply: WorkerReply) => {
      if (reply.type === "ready") {
        slot.ready = true;
        markStarted();
        this.#updateRef(slot);
        this.#pump();
        return;
      }
      const task = slot.task;
      if (!task || task.request.id !== reply.id) return;
      this.#finish(slot, {
        verdict: reply.verdict,
        predFound: reply.predFound,
        ...(reply.reason ? { reason: reply.reason } : {}),
        ...(reply.message ? { message: reply.message } : {}),
      });
    });
    worker.on("error", (error) => this.#fail(slot, `worker error: ${error.message}`));
    worker.on("exit", () => this.#fail(slot, "worker exited"));
    this.#slots.push(slot);
    this.#updateRef(slot);
    return slot;
  }

  /** Holds the event loop only while the worker has (or is starting for) pending work. */
  #updateRef(slot: Slot): void {
    if (slot.task || (!slot.ready && this.#queue.length > 0)) slot.worker.ref();
    else slot.worker.unref();
  }

  #finish(slot: Slot, result: PoolResult): void {
    const task = slot.task;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = undefined;
    slot.timer = undefined;
    this.#updateRef(slot);
    task?.resolve(result);
    this.#pump();
  }

  #remove(slot: Slot): void {
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
  }

  #fail(slot: Slot, message: string): void {
    if (!this.#slots.includes(slot)) return;
    this.#remove(slot);
    const task = slot.task;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = undefined;
    task?.resolve({ verdict: null, reason: "worker_error", message });
    this.#pump();
  }

  #pump(): void {
    if (this.#closed) return;
    while (this.#queue.length > 0) {
      const idle = this.#slots.find((s) => s.ready && !s.task);
      if (!idle) {
        if (this.#slots.length < this.size) this.#spawn();
        // A worker still starting (a replacement spawned while nothing waited) now has work:
        // it must hold the event loop, or a script could end with this call unanswered.
        for (const slot of this.#slots) this.#updateRef(slot);
        return;
      }
      const task = this.#queue.shift()!;
      idle.task = task;
      idle.timer = setTimeout(() => this.#timeout(idle), this.timeoutMs);
      this.#updateRef(idle);
      idle.worker.postMessage(task.request);
    }
  }

  #timeout(slot: Slot): void {
    const task = slot.task;
    this.#remove(slot);
    slot.task = undefined;
    slot.timer = undefined;
    this.replaced++;
    void slot.worker.terminate();
    task?.resolve({
      verdict: null,
      reason: "timeout",
      message: `the check did not finish within ${this.timeoutMs} ms`,
    });
    // Start the replacement now so the next call does not pay the start-up time.
    if (!this.#closed && this.#slots.length < this.size) this.#spawn();
    this.#pump();
  }

  /** Pre-starts every worker and waits until they are ready (for benchmarks and warm-up). */
  async warm(): Promise<void> {
    while (this.#slots.length < this.size) this.#spawn();
    await Promise.all(this.#slots.map((slot) => slot.started));
  }

  /** Terminates every worker; pending calls resolve with reason `closed`. */
  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots.splice(0);
    for (const slot of slots) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.task?.resolve({ verdict: null, reason: "closed", message: "the pool was closed" });
    }
    for (const task of this.#queue.splice(0))
      task.resolve({ verdict: null, reason: "closed", message: "the pool was closed" });
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }
}
