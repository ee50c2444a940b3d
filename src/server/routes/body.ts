/**
 * Reading request bodies as JSON, failing through the server's error mapping.
 *
 * On a socket the body is read straight from Node's request stream, not through a web
 * `ReadableStream` (several times slower on megabyte batches), and the read always settles: it
 * ends with the body, fails when the connection closes or errors first, fails when the bytes pass
 * the limit (a chunked body, or one longer than declared cannot happen: Node's parser stops at
 * `Content-Length`), and fails when the request's scope is aborted (deadline, client gone). A
 * read that never settled would hold its admission slot forever.
 * @module
 */
import type { Context } from "hono";
import { nodeBindings, RequestAborted, type RequestScope, type ServerEnv } from "../env.js";
import { HttpError, type RequestProblem } from "../errors.js";
import type { ServerMetrics } from "../metrics.js";

/**
 * The 413 for a body over `maxBytes` (also counted as a rejection).
 * @example
 * throw bodyTooLarge(64 * 1024 * 1024, metrics);
 */
export function bodyTooLarge(maxBytes: number, metrics: ServerMetrics): HttpError {
  metrics.observeRejection("body_too_large");
  return new HttpError(413, "body_too_large", `the request body exceeds the limit of ${maxBytes} bytes`, {
    details: { max_bytes: maxBytes },
  });
}

function readIncoming(
  incoming: import("node:http").IncomingMessage,
  maxBytes: number,
  scope: RequestScope | undefined,
  tooLarge: () => HttpError,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const declared = Number(incoming.headers["content-length"] ?? Number.NaN);
    if (declared > maxBytes) return reject(tooLarge());
    // One allocation when the length is declared; chunks otherwise.
    const exact = Number.isInteger(declared) && declared >= 0 ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
      incoming.off("close", onClose);
      scope?.signal.removeEventListener("abort", onAbort);
    };
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      if (received + chunk.length > maxBytes) return fail(tooLarge());
      if (exact) chunk.copy(exact, received);
      else chunks.push(chunk);
      received += chunk.length;
    };
    const onEnd = () => {
      cleanup();
      resolve(exact ? exact.subarray(0, received) : Buffer.concat(chunks, received));
    };
    const onError = () => fail(new RequestAborted("client_closed"));
    const onClose = () => {
      if (incoming.readableEnded) onEnd();
      else fail(new RequestAborted("client_closed"));
    };
    const onAbort = () => fail(new RequestAborted(scope?.reason ?? "client_closed"));
    if (scope?.signal.aborted) return onAbort();
    if (incoming.readableEnded) return resolve(Buffer.alloc(0));
    if (incoming.destroyed) return onClose();
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
    incoming.on("close", onClose);
    scope?.signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Reads the body as text (UTF-8), at most `maxBytes` of it (413 above).
 * @example
 * const text = await readBodyText(c, 64 * 1024 * 1024, metrics);
 */
export async function readBodyText(
  c: Context<ServerEnv>,
  maxBytes: number,
  metrics: ServerMetrics,
): Promise<string> {
  const tooLarge = () => bodyTooLarge(maxBytes, metrics);
  const node = nodeBindings(c);
  if (!node) {
    const text = await c.req.text();
    if (Buffer.byteLength(text) > maxBytes) throw tooLarge();
    return text;
  }
  const bytes = await readIncoming(node.incoming, maxBytes, c.get("scope"), tooLarge);
  return bytes.toString("utf8");
}

/**
 * Parses body text as JSON; text that does not parse is a 400 `invalid_json`.
 * @example
 * parseJsonBody('{"samples": []}'); // { samples: [] }
 */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, "invalid_json", `the body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Throws a 400 `invalid_request` listing the envelope's problems, if there are any.
 * @example
 * failOnProblems([{ path: "samples", message: "expected an array of samples" }]);
 */
export function failOnProblems(problems: readonly RequestProblem[]): void {
  if (problems.length === 0) return;
  throw new HttpError(
    400,
    "invalid_request",
    problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; "),
    {
      details: { issues: problems },
    },
  );
}

/**
 * Whether a value is a plain JSON object (not null, not an array).
 * @example
 * isJsonObject({ query: [] }); // true
 */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
