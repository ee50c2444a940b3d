/**
 * The worker thread behind the vision pool: loads each model once, lazily, on its first batch,
 * and runs the batches it is sent one at a time. A model that fails to load fails that batch and
 * is tried again on the next one.
 * @module
 */
import { parentPort } from "node:worker_threads";
import type { LoadedRunner, RunnerItem, RunnerResult } from "./types.js";

/** A batch sent to the worker. */
export interface BatchMessage {
  id: number;
  /** The model's key (runner + options); models are cached by it. */
  key: string;
  /** URL of the runner module (exports `load(options)`). */
  module: string;
  options: Record<string, unknown>;
  items: RunnerItem[];
}

/** The worker's answer to a batch. */
export type BatchReply =
  | { id: number; ok: true; results: RunnerResult[] }
  | { id: number; ok: false; message: string };

const models = new Map<string, Promise<LoadedRunner>>();

function loadModel(message: BatchMessage): Promise<LoadedRunner> {
  let model = models.get(message.key);
  if (!model) {
    model = import(message.module).then(
      (mod: { load(options: Record<string, unknown>): Promise<LoadedRunner> }) => mod.load(message.options),
    );
    models.set(message.key, model);
    model.catch(() => models.delete(message.key));
  }
  return model;
}

async function runBatch(message: BatchMessage): Promise<BatchReply> {
  try {
    const model = await loadModel(message);
    const results = await model.run(message.items);
    if (results.length !== message.items.length) {
      return {
        id: message.id,
        ok: false,
        message: `runner returned ${results.length} results for ${message.items.length} items`,
      };
    }
    return { id: message.id, ok: true, results };
  } catch (error) {
    return { id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

const port = parentPort;
if (port) {
  port.on("message", (message: BatchMessage) => {
    void runBatch(message).then((reply) => port.postMessage(reply));
  });
  port.postMessage({ ready: true });
}
