/**
 * Worker-thread entry for slow math checks: receives `{ id, gold, pred, options }`, runs
 * {@link checkMath} and posts `{ id, verdict, reason, message }` back. Node-only.
 * @module
 */
import { parentPort } from "node:worker_threads";
import { checkMath, type MathCheckOptions } from "./verify.js";

/** A request from the pool. */
export interface WorkerRequest {
  id: number;
  gold: string;
  pred: string;
  options: MathCheckOptions;
}

/** A reply to the pool. */
export type WorkerReply =
  | { type: "ready" }
  | {
      type: "result";
      id: number;
      verdict: boolean | null;
      reason?: string;
      message?: string;
      predFound: boolean;
    };

const port = parentPort;
if (port) {
  port.on("message", (request: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      const result = checkMath(request.gold, request.pred, request.options);
      reply =
        result.verdict === null
          ? {
              type: "result",
              id: request.id,
              verdict: null,
              reason: result.reason,
              message: result.message,
              predFound: false,
            }
          : {
              type: "result",
              id: request.id,
              verdict: result.verdict,
              predFound: result.pred.values.length > 0 || result.pred.strings.length > 0,
            };
    } catch (error) {
      reply = {
        type: "result",
        id: request.id,
        verdict: null,
        reason: "worker_error",
        message: String(error),
        predFound: false,
      };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: "ready" } satisfies WorkerReply);
}
