/**
 * The one HTTP path every protocol uses: a JSON POST over a keep-alive undici pool, with
 * a per-try deadline, retries with exponential backoff and full jitter that honour `Retry-After`,
 * and the endpoint's concurrency slot held only while a try is on the wire.
 * @module
 */
import { type Dispatcher, Pool } from "undici";
import type { ModelOutcome } from "./client.js";
import type { Limiter } from "./limiter.js";

/** How one endpoint is called. */
export interface HttpPolicy {
  timeoutMs: number;
  retries: number;
  backoffMs: number;
  /** Sent as `Authorization: Bearer …`; never logged or put in a message. */
  apiKey?: string;
}

/** The longest wait plaudit accepts from a `Retry-After` header. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * A keep-alive connection pool for one origin, shared by every endpoint on it; it grows up to
 * the number of requests in flight (the endpoints' limiters bound that). A pool per origin costs
 * less per request than undici's `Agent`, which looks the origin up on every call.
 * @example
 * const pool = createPool("http://127.0.0.1:8000");
 * await pool.close();
 */
export function createPool(origin: string): Pool {
  return new Pool(origin, { keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000, connections: null });
}

/**
 * Reads a `Retry-After` value (delta seconds or an HTTP date) as milliseconds from now.
 * @example
 * retryAfterMs("2"); // 2000
 * retryAfterMs(undefined); // undefined
 */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === "") return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds))
    return seconds >= 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

type TryResult =
  | { ok: true; json: unknown }
  | { ok: false; retry: boolean; timeout: boolean; message: string; waitMs?: number };

function isTimeout(error: unknown): boolean {
  const { code, name } = error as { code?: string; name?: string };
  return /TIMEOUT/i.test(code ?? "") || /timeout/i.test(name ?? "");
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function short(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

// The headers of a policy and the parts of a URL, built once and rebuilt only if the object
// changed: clients pass the same objects on every call, and at thousands of calls per second
// these small allocations add up.
const HEADERS = new WeakMap<HttpPolicy, { apiKey: string | undefined; headers: Record<string, string> }>();
const TARGETS = new WeakMap<URL, { href: string; origin: string; path: string }>();

function headersOf(policy: HttpPolicy): Record<string, string> {
  const known = HEADERS.get(policy);
  if (known && known.apiKey === policy.apiKey) return known.headers;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (policy.apiKey) headers.authorization = `Bearer ${policy.apiKey}`;
  HEADERS.set(policy, { apiKey: policy.apiKey, headers });
  return headers;
}

function targetOf(url: URL): { origin: string; path: string } {
  const known = TARGETS.get(url);
  if (known && known.href === url.href) return known;
  const target = { href: url.href, origin: url.origin, path: url.pathname + url.search };
  TARGETS.set(url, target);
  return target;
}

async function tryOnce(
  pool: Dispatcher,
  url: URL,
  body: string,
  policy: HttpPolicy,
  method: "POST" | "GET",
): Promise<TryResult> {
  const { origin, path } = targetOf(url);
  let response: Dispatcher.ResponseData;
  try {
    response = await pool.request({
      origin,
      path,
      method,
      headers: headersOf(policy),
      body: method === "POST" ? body : undefined,
      // undici's own timers bound the wait for headers and each body gap; an AbortSignal per
      // request costs more than the rest of the client at thousands of calls per second.
      headersTimeout: policy.timeoutMs,
      bodyTimeout: policy.timeoutMs,
    });
  } catch (error) {
    const timeout = isTimeout(error);
    const message = timeout
      ? `no reply within ${policy.timeoutMs} ms`
      : `connection failed: ${(error as { code?: string }).code ?? (error as Error).message}`;
    return { ok: false, retry: true, timeout, message };
  }
  let text: string;
  try {
    text = await response.body.text();
  } catch (error) {
    const timeout = isTimeout(error);
    return {
      ok: false,
      retry: true,
      timeout,
      message: timeout
        ? `reply not finished within ${policy.timeoutMs} ms`
        : `reply cut: ${(error as Error).message}`,
    };
  }
  const status = response.statusCode;
  if (status < 200 || status >= 300) {
    const retry = status === 429 || status >= 500;
    const waitMs = retry ? retryAfterMs(response.headers["retry-after"]) : undefined;
    return {
      ok: false,
      retry,
      timeout: false,
      message: `HTTP ${status}: ${short(text) || "(empty body)"}`,
      waitMs,
    };
  }
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch {
    return {
      ok: false,
      retry: false,
      timeout: false,
      message: `malformed JSON reply: ${short(text, 80) || "(empty)"}`,
    };
  }
}

/**
 * Sends a JSON request with the endpoint's retry policy. Connection errors, timeouts, 5xx and 429
 * are retried (waiting `Retry-After` when given, else `backoffMs·2^k` with full jitter); other
 * 4xx and malformed JSON are not. `body` may be already serialised JSON text. Never rejects.
 * @example
 * const out = await sendJson(pool, limiter, new URL("http://127.0.0.1:8000/v1/chat/completions"), body, policy);
 * if (!out.ok) console.log(out.code, out.message); // "judge_error", "HTTP 500 after 4 tries: …"
 */
export async function sendJson(
  pool: Dispatcher,
  limiter: Limiter,
  url: URL,
  body: unknown,
  policy: HttpPolicy,
  method: "POST" | "GET" = "POST",
): Promise<ModelOutcome<unknown>> {
  const text = method === "GET" ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const tries = policy.retries + 1;
  let last: Extract<TryResult, { ok: false }> | undefined;
  for (let attempt = 0; attempt < tries; attempt++) {
    // A free slot comes back synchronously: no await (and no microtask turn) for it.
    const slot = limiter.acquire();
    const release = typeof slot === "function" ? slot : await slot;
    let result: TryResult;
    try {
      result = await tryOnce(pool, url, text, policy, method);
    } finally {
      release();
    }
    if (result.ok) return { ok: true, value: result.json };
    last = result;
    if (!result.retry || attempt === tries - 1) break;
    const backoff = Math.random() * policy.backoffMs * 2 ** attempt;
    await sleep(result.waitMs ?? backoff);
  }
  const attempts = last!.retry ? ` after ${tries} ${tries === 1 ? "try" : "tries"}` : "";
  return {
    ok: false,
    code: last!.timeout ? "judge_timeout" : "judge_error",
    message: `${url.pathname}: ${last!.message}${attempts}`,
  };
}
