/**
 * Helpers for the server tests: recipes built in-process (including a deliberately slow async
 * reward, to exercise deadlines, admission control and graceful shutdown) and a tiny JSON client.
 * @module
 */
import { connect, type Socket } from "node:net";
import { resolve } from "node:path";
import { z } from "zod";
import { createRegistry, defineReward } from "../src/core/index.js";
import { buildScorer, type Scorer } from "../src/recipe/index.js";
import { builtinRewards } from "../src/rewards/index.js";

/** The parity fixtures folder. */
export const PARITY_DIR = resolve(import.meta.dirname, "fixtures/parity");

const held: Array<() => void> = [];

/**
 * Lets every sample held by `meta.hold` finish (scoring 1). A test that holds samples calls it
 * once it has checked what happens while they are in flight, and again before closing the server.
 * @example
 * releaseHeld();
 */
export function releaseHeld(): void {
  for (const done of held.splice(0)) done();
}

/**
 * An async reward that scores 1 after `meta.sleep_ms` (default 0), or, with `meta.hold: true`,
 * when the test calls {@link releaseHeld}: a held request stays in flight exactly as long as the
 * test needs, however slow the machine, and no longer.
 */
export const sleepReward = defineReward({
  type: "test.sleep",
  description:
    "Waits meta.sleep_ms milliseconds (or, with meta.hold, for releaseHeld), then scores 1 (tests only).",
  config: z.strictObject({}),
  create: () => ({
    score: (sample) =>
      new Promise<number>((done) => {
        if (sample.meta?.hold === true) held.push(() => done(1));
        else setTimeout(() => done(1), Number(sample.meta?.sleep_ms ?? 0));
      }),
  }),
});

/**
 * A scorer whose only component sleeps: requests through it stay in flight as long as asked.
 * @example
 * startServer({ recipes: [{ name: "slow", scorer: slowScorer() }] });
 */
export function slowScorer(): Scorer {
  return buildScorer(
    { name: "slow", rewards: [{ name: "sleep", type: "test.sleep" }], combine: { type: "sum" } },
    { registry: createRegistry([...builtinRewards, sleepReward]) },
  );
}

/** A JSON response: status, headers and parsed body. */
export interface JsonReply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/**
 * POSTs JSON (or raw text) and parses the JSON reply.
 * @example
 * const { status, body } = await postJson(`${url}/v1/score`, { samples: [] });
 */
export async function postJson(
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<JsonReply> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof payload === "string" ? payload : JSON.stringify(payload),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text) as Record<string, unknown>,
  };
}

/** A reward that scores 1 when the completion equals the reference text exactly, else 0. */
export const exactReward = defineReward({
  type: "test.exact",
  description: "1 when completion === String(reference), else 0 (tests only).",
  config: z.strictObject({}),
  create: () => ({
    score: (sample) =>
      sample.reference === undefined ? null : sample.completion === String(sample.reference) ? 1 : 0,
  }),
});

/**
 * A scorer comparing the completion with the reference, to see exactly which text a door scored.
 * @example
 * startServer({ recipes: [{ name: "exact", scorer: exactScorer() }] });
 */
export function exactScorer(): Scorer {
  return buildScorer(
    { name: "exact", rewards: [{ name: "exact", type: "test.exact" }], combine: { type: "sum" } },
    { registry: createRegistry([...builtinRewards, exactReward]) },
  );
}

/** What a raw HTTP exchange saw: the response head (if any) and how the socket ended. */
export interface RawReply {
  /** The status code of the first response, or undefined when none arrived. */
  status: number | undefined;
  /** Response headers, lower-cased. */
  headers: Record<string, string>;
  /** The response body text (as far as it arrived). */
  body: string;
  /** A socket error seen before the response was complete (EPIPE, ECONNRESET...), if any. */
  error: string | undefined;
}

/** One raw HTTP/1.1 request over a TCP socket, for exchanges `fetch` cannot express. */
export interface RawRequest {
  /** The socket, to write more body bytes or to destroy it. */
  socket: Socket;
  /** Resolves when a full response arrived or the socket closed. */
  reply: Promise<RawReply>;
}

function parseRawResponse(data: Buffer): Omit<RawReply, "error"> & { complete: boolean } {
  const text = data.toString("latin1");
  const headEnd = text.indexOf("\r\n\r\n");
  if (headEnd < 0) return { status: undefined, headers: {}, body: "", complete: false };
  const [statusLine, ...lines] = text.slice(0, headEnd).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = data.subarray(headEnd + 4);
  const length = Number(headers["content-length"] ?? Number.NaN);
  return {
    status: Number(statusLine!.split(" ")[1]),
    headers,
    body: body.toString("utf8"),
    complete: Number.isFinite(length) && body.length >= length,
  };
}

/**
 * Opens a socket to 127.0.0.1:`port`, writes a request head and the first body bytes, and keeps
 * the socket open, so a test can stall, trickle, cut short or abandon the upload. `host` and
 * `content-type` default to the server's address and JSON; an empty value leaves the header out.
 * @example
 * const { socket, reply } = rawRequest(port, "/v1/score", { "content-length": "1000" }, "{");
 * (await reply).status; // 503 once the deadline passes
 */
export function rawRequest(
  port: number,
  path: string,
  headers: Record<string, string>,
  firstBytes: string | Buffer = "",
  method = "POST",
): RawRequest {
  const socket = connect(port, "127.0.0.1");
  const head = [
    `${method} ${path} HTTP/1.1`,
    ...Object.entries({ host: `127.0.0.1:${port}`, "content-type": "application/json", ...headers })
      .filter(([, v]) => v !== "")
      .map(([k, v]) => `${k}: ${v}`),
    "",
    "",
  ].join("\r\n");
  socket.write(head);
  if (firstBytes.length) socket.write(firstBytes);
  const reply = new Promise<RawReply>((resolve) => {
    const chunks: Buffer[] = [];
    let error: string | undefined;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve({ ...parseRawResponse(Buffer.concat(chunks)), error });
    };
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (parseRawResponse(Buffer.concat(chunks)).complete) finish();
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      error ??= e.code ?? e.message;
    });
    socket.on("close", finish);
  });
  return { socket, reply };
}

/**
 * Polls `/healthz` until `inflight` equals `count` (bounded: 400 polls, 25 ms apart).
 * @example
 * await waitForInflight(server.url, 0);
 */
export async function waitForInflight(url: string, count: number): Promise<void> {
  let last = -1;
  for (let i = 0; i < 400; i++) {
    const health = (await (await fetch(`${url}/healthz`)).json()) as { inflight: number };
    last = health.inflight;
    if (last === count) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`in-flight stayed at ${last}, expected ${count}`);
}

/**
 * Uploads `totalBytes` of body in `chunkBytes` pieces, `pauseMs` apart, without reading anything
 * until the upload is done, as Python's `http.client` does (send everything, then read). A server
 * that answers early and closes too soon resets the connection, and the unread answer is lost.
 * @example
 * const reply = await pacedUpload(port, "/v1/score", 2 << 20, 64 << 10, 25);
 */
export async function pacedUpload(
  port: number,
  path: string,
  totalBytes: number,
  chunkBytes: number,
  pauseMs: number,
): Promise<RawReply> {
  const { socket, reply } = rawRequest(port, path, { "content-length": String(totalBytes) });
  socket.pause();
  const chunk = Buffer.alloc(chunkBytes, 0x20);
  let writeError: string | undefined;
  socket.on("error", (e: NodeJS.ErrnoException) => {
    writeError ??= e.code ?? e.message;
  });
  for (let sent = 0; sent < totalBytes && !writeError && !socket.destroyed; sent += chunkBytes) {
    socket.write(chunk.subarray(0, Math.min(chunkBytes, totalBytes - sent)));
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  socket.resume();
  const result = await reply;
  socket.destroy();
  return { ...result, error: result.error ?? writeError };
}

/** Samples scored by {@link spinReward} since the process started (tests read it to count work). */
export const spinCounter = { scored: 0 };

/** A synchronous reward that keeps the CPU busy for `meta.spin_us` microseconds, then scores 1. */
export const spinReward = defineReward({
  type: "test.spin",
  description: "Busy-waits meta.spin_us microseconds, then scores 1 (tests only).",
  config: z.strictObject({}),
  create: () => ({
    score: (sample) => {
      const end = performance.now() + Number(sample.meta?.spin_us ?? 0) / 1000;
      while (performance.now() < end) {
        // Busy on purpose: this stands for CPU-heavy rule-based scoring.
      }
      spinCounter.scored++;
      return 1;
    },
  }),
});

/**
 * A scorer whose only component is synchronous CPU work ({@link spinReward}).
 * @example
 * startServer({ recipes: [{ name: "spin", scorer: spinScorer() }] });
 */
export function spinScorer(): Scorer {
  return buildScorer(
    { name: "spin", rewards: [{ name: "spin", type: "test.spin" }], combine: { type: "sum" } },
    { registry: createRegistry([...builtinRewards, spinReward]) },
  );
}
