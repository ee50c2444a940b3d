/**
 * Worker side of the pool measurement: scores the slices of a batch it is sent with the bench recipe.
 * @module
 */
import { parentPort } from "node:worker_threads";
import { benchRecipe } from "./server-workload.js";

const { scorer } = benchRecipe();
parentPort!.on("message", (samples: unknown[]) => {
  parentPort!.postMessage(scorer.scoreSync(samples).results);
});
