/**
 * A loopback model server for tests and benches: speaks the exact JSON of vLLM's chat
 * completions (with logprobs), `/pooling`, `/classify`, SGLang `/classify`, TEI `/predict` and
 * the sidecar, as a handler decides, with failure injection (delays, statuses, Retry-After,
 * malformed bodies). It records every request and the most requests it held at once.
 * @module
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createModelProvider } from "../../src/models/index.js";
import { buildScorer, type Scorer } from "../../src/recipe/index.js";

/** A request as the fake saw it. */
export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  /** When it arrived (performance.now()). */
  at: number;
}

/** What the handler answers. */
export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent verbatim (for malformed bodies). */
  text?: string;
  /** Wait before answering. */
  delayMs?: number;
}

/** A running fake. */
export interface FakeModelServer {
  url: string;
  requests: FakeRequest[];
  /** Most requests in progress at once (since the last `reset()`). */
  readonly maxInflight: number;
  /** Forgets recorded requests and the in-flight maximum. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts a fake on 127.0.0.1 with a free port.
 * @example
 * const fake = await startFakeModelServer(() => ({ json: chatCompletion("Final Score: 4") }));
 * await fake.close();
 */
export async function startFakeModelServer(
  handler: (request: FakeRequest, index: number) => FakeReply | Promise<FakeReply>,
): Promise<FakeModelServer> {
  const requests: FakeRequest[] = [];
  let inflight = 0;
  let maxInflight = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      inflight++;
      maxInflight = Math.max(maxInflight, inflight);
      // Counted until the reply is sent or the client gives up (a timed-out request is no longer in flight).
      res.once("close", () => {
        inflight--;
      });
      const text = Buffer.concat(chunks).toString("utf8");
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const request: FakeRequest = {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers: req.headers,
        body,
        at: performance.now(),
      };
      const index = requests.push(request) - 1;
      let reply: FakeReply;
      try {
        reply = await handler(request, index);
      } catch (error) {
        reply = { status: 599, text: String(error) };
      }
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (res.destroyed) return;
      const payload = reply.text ?? JSON.stringify(reply.json ?? {});
      res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers });
      res.end(payload);
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInflight() {
      return maxInflight;
    },
    reset() {
      requests.length = 0;
      maxInflight = inflight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A scorer with one model reward `name` of `type` whose endpoint (named `judge`, model `judge`,
 * openai-chat, no retries) points at `url`; `endpoint` overrides its fields.
 * @example
 * const scorer = judgeScorer(fake.url, "check", "judge.checklist", { template: "…" });
 */
export function judgeScorer(
  url: string,
  name: string,
  type: string,
  config: Record<string, unknown> = {},
  endpoint: Record<string, unknown> = {},
): Scorer {
  const fields = {
    name: "judge",
    model: "judge",
    protocol: "openai-chat",
    retries: 0,
    backoffMs: 1,
    ...endpoint,
  };
  const models = createModelProvider({ endpoints: { [fields.name as string]: url }, env: {} });
  return buildScorer(
    { rewards: [{ name, type, config: { endpoint: fields, ...config } }] },
    { env: { models } },
  );
}

/** A fake shared by the tests of one file, whose answers each test sets with `handler`. */
export interface SwitchableFake extends FakeModelServer {
  handler: (request: FakeRequest, index: number) => FakeReply | Promise<FakeReply>;
}

/**
 * One fake for the tests of a file: started before them, its records reset after each test,
 * closed after all; each test sets what it answers with `fake.handler = …` (an empty chat
 * completion until then).
 * @example
 * const fake = useFakeModelServer();
 * it("…", async () => { fake.handler = () => ({ json: chatCompletion("Final Score: 4") }); … });
 */
export function useFakeModelServer(): SwitchableFake {
  let server: FakeModelServer | undefined;
  const running = () => {
    if (!server) throw new Error("the fake model server starts in beforeAll");
    return server;
  };
  const fake: SwitchableFake = {
    handler: () => ({ json: chatCompletion("") }),
    get url() {
      return running().url;
    },
    get requests() {
      return running().requests;
    },
    get maxInflight() {
      return running().maxInflight;
    },
    reset: () => running().reset(),
    close: () => running().close(),
  };
  beforeAll(async () => {
    server = await startFakeModelServer((req, i) => fake.handler(req, i));
  });
  afterEach(() => server?.reset());
  afterAll(() => server?.close());
  return fake;
}

/** One top-logprob entry as vLLM sends it (with UTF-8 `bytes`). */
export function logprobEntry(token: string, logprob: number) {
  return { token, logprob, bytes: [...Buffer.from(token, "utf8")] };
}

/**
 * A vLLM chat completion body. `top` gives the first token's alternatives (the sampled token is
 * the first of them, as vLLM lists it).
 * @example
 * chatCompletion("Yes", [["Yes", -0.1], ["No", -2.4]]);
 */
export function chatCompletion(
  text: string,
  top?: Array<[string, number]>,
  more: Array<Array<[string, number]>> = [],
) {
  const content = top
    ? [top, ...more].map((alts) => ({
        ...logprobEntry(alts[0]![0], alts[0]![1]),
        top_logprobs: alts.map(([t, lp]) => logprobEntry(t, lp)),
      }))
    : null;
  return {
    id: "chatcmpl-0123456789abcdef",
    object: "chat.completion",
    created: 1764600000,
    model: "judge",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text, reasoning_content: null, tool_calls: [] },
        logprobs: content ? { content } : null,
        finish_reason: "stop",
        stop_reason: null,
      },
    ],
    usage: { prompt_tokens: 42, total_tokens: 43, completion_tokens: 1, prompt_tokens_details: null },
    prompt_logprobs: null,
  };
}

/** The text of the last user message of a chat request (its text parts joined). */
export function userText(body: any): string {
  const messages = body?.messages ?? [];
  const last = messages[messages.length - 1];
  if (!last) return "";
  if (typeof last.content === "string") return last.content;
  return last.content
    .filter((p: any) => p.type === "text")
    .map((p: any) => p.text)
    .join("\n");
}
