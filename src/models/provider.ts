/**
 * The Node model provider: resolves each endpoint's URL (recipe, `--endpoint NAME=URL`, or
 * `PLAUDIT_ENDPOINT_<NAME>`) and key (`apiKeyEnv`), and gives rewards clients that share one
 * keep-alive pool per origin, one concurrency limit per url + model, and one reply cache per run.
 * @module
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Pool } from "undici";
import { ConfigError } from "../core/errors.js";
import { ReplyCache, requestKey } from "./cache.js";
import type {
  ChatReply,
  ChatRequest,
  EndpointCounters,
  ModelClient,
  ModelOutcome,
  ModelProvider,
  ScoreItem,
  ScoreRows,
} from "./client.js";
import { type EndpointConfig, endpointEnvVar } from "./endpoint.js";
import { createPool, type HttpPolicy, sendJson } from "./http.js";
import { type ImagePolicy, imageLoader } from "./images.js";
import { Limiter } from "./limiter.js";
import { openaiChat } from "./protocols/openai-chat.js";
import type { ChatProtocol, ScoreProtocol } from "./protocols/protocol.js";
import { sglangClassify, tei } from "./protocols/sglang-tei.js";
import { sidecar } from "./protocols/sidecar.js";
import { vllmClassify, vllmPooling } from "./protocols/vllm-pooling.js";

/** Options of {@link createModelProvider}. */
export interface ModelProviderOptions extends ImagePolicy {
  /** Endpoint URLs by endpoint name (`--endpoint NAME=URL`); they win over a recipe's `url`. */
  endpoints?: Readonly<Record<string, string>>;
  /** Where `PLAUDIT_ENDPOINT_<NAME>` and `apiKeyEnv` variables are read. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Cached replies kept at most (least recently used out first). Default 20 000: a chat reply
   * with top-20 logprobs is a few kB, so the cache stays under ~100 MB.
   */
  cacheSize?: number;
  /**
   * A directory for an on-disk reply cache (re-scoring a file sends no request twice, across
   * runs). Only successful replies are stored, one JSON file per request hash.
   */
  cacheDir?: string;
}

const SCORE_PROTOCOLS: Record<string, ScoreProtocol> = {
  "vllm-pooling": vllmPooling,
  "vllm-classify": vllmClassify,
  "sglang-classify": sglangClassify,
  tei,
  sidecar,
};

/** Counters of one provider (the sum over its endpoints), for stats and `/metrics`. */
export interface ModelProviderCounters {
  requests: number;
  failures: number;
  cacheHits: number;
  /** Replies read from `cacheDir`. */
  diskHits: number;
}

/** The endpoint's URL for labels: user info (a password) removed, no trailing slash. */
function publicUrl(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  return parsed.href.replace(/\/+$/, "");
}

interface Pending {
  item: ScoreItem;
  resolve(outcome: ModelOutcome<ScoreRows>): void;
}

class HttpModelClient implements ModelClient {
  readonly label: string;
  readonly #pool: Pool;
  readonly #limiter: Limiter;
  readonly #url: string;
  readonly #endpoint: EndpointConfig;
  readonly #policy: HttpPolicy;
  readonly #cache: ReplyCache<ModelOutcome<unknown>>;
  readonly #counters: ModelProviderCounters;
  readonly #cacheDir: string | undefined;
  #queue: Pending[] = [];
  #scheduled = false;
  #chatUrl: URL | undefined;

  constructor(
    pool: Pool,
    limiter: Limiter,
    url: string,
    endpoint: EndpointConfig,
    policy: HttpPolicy,
    cache: ReplyCache<ModelOutcome<unknown>>,
    counters: ModelProviderCounters,
    cacheDir: string | undefined,
  ) {
    this.#cacheDir = cacheDir;
    this.#pool = pool;
    this.#limiter = limiter;
    this.#url = url;
    this.#endpoint = endpoint;
    this.#policy = policy;
    this.#cache = cache;
    this.#counters = counters;
    this.label = `${endpoint.model} @ ${url}`;
  }

  #send(url: URL, body: unknown): Promise<ModelOutcome<unknown>> {
    const text = JSON.stringify(body);
    const send = async () => {
      this.#counters.requests++;
      const out = await sendJson(this.#pool, this.#limiter, url, text, this.#policy);
      if (!out.ok) this.#counters.failures++;
      return out;
    };
    if (!this.#endpoint.cache) return send();
    const key = requestKey(url.href, text);
    const dir = this.#cacheDir;
    const call = dir ? () => this.#fromDisk(dir, key, send) : send;
    const before = this.#cache.hits;
    const promise = this.#cache.get(key, call, (v) => v.ok);
    if (this.#cache.hits > before) this.#counters.cacheHits++;
    return promise;
  }

  async #fromDisk(
    dir: string,
    key: string,
    send: () => Promise<ModelOutcome<unknown>>,
  ): Promise<ModelOutcome<unknown>> {
    const path = join(dir, key.slice(0, 2), `${key}.json`);
    try {
      const value: unknown = JSON.parse(await readFile(path, "utf8"));
      this.#counters.diskHits++;
      return { ok: true, value };
    } catch {
      // Not cached yet (or a torn file): ask the server.
    }
    const out = await send();
    if (out.ok) {
      try {
        await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
        // Write then rename, so a concurrent reader never sees half a file.
        const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
        await writeFile(temp, JSON.stringify(out.value));
        await rename(temp, path);
      } catch {
        // A cache that cannot be written only costs a repeated request next run.
      }
    }
    return out;
  }

  chat(request: ChatRequest): Promise<ModelOutcome<ChatReply>> {
    const protocol: ChatProtocol | undefined =
      this.#endpoint.protocol === "openai-chat" ? openaiChat : undefined;
    if (!protocol)
      return Promise.resolve({
        ok: false,
        code: "judge_error",
        message: `protocol ${this.#endpoint.protocol} does not serve chat`,
      });
    // Not an async function, so the request and its body are not kept alive while the call is on
    // the wire; a throw (an unserialisable extra field) still becomes a rejection.
    let sent: Promise<ModelOutcome<unknown>>;
    try {
      const chatBody = protocol.chatBody(request, this.#endpoint.model);
      const extra = this.#endpoint.extraBody;
      // The route is parsed once per client, not per call.
      this.#chatUrl ??= protocol.chatUrl(this.#url);
      sent = this.#send(this.#chatUrl, extra ? { ...chatBody, ...extra } : chatBody);
    } catch (error) {
      return Promise.reject(error);
    }
    return sent.then((out) => (out.ok ? protocol.parseChat(out.value) : out));
  }

  score(item: ScoreItem): Promise<ModelOutcome<ScoreRows>> {
    const protocol = SCORE_PROTOCOLS[this.#endpoint.protocol];
    if (!protocol)
      return Promise.resolve({
        ok: false,
        code: "judge_error",
        message: `protocol ${this.#endpoint.protocol} does not score item lists`,
      });
    if (!protocol.batchable(item)) return this.#sendBatch(protocol, [item]).then((all) => all[0]!);
    return new Promise((resolve) => {
      this.#queue.push({ item, resolve });
      if (this.#queue.length >= this.#endpoint.maxBatch) this.#flush(protocol);
      else if (!this.#scheduled) {
        // Items requested in the same turn of the event loop share requests.
        this.#scheduled = true;
        setImmediate(() => this.#flush(protocol));
      }
    });
  }

  #flush(protocol: ScoreProtocol): void {
    this.#scheduled = false;
    while (this.#queue.length) {
      const batch = this.#queue.splice(0, this.#endpoint.maxBatch);
      this.#sendBatch(
        protocol,
        batch.map((p) => p.item),
      ).then((outcomes) => {
        batch.forEach((p, i) => {
          p.resolve(outcomes[i]!);
        });
      });
    }
  }

  async #sendBatch(protocol: ScoreProtocol, items: ScoreItem[]): Promise<Array<ModelOutcome<ScoreRows>>> {
    const body = protocol.scoreBody(items, this.#endpoint.model);
    if (typeof body === "string") return items.map(() => ({ ok: false, code: "judge_error", message: body }));
    const out = await this.#send(protocol.scoreUrl(this.#url), { ...body, ...this.#endpoint.extraBody });
    if (!out.ok) return items.map(() => out);
    const parsed = protocol.parseScore(out.value, items.length);
    return parsed.ok ? parsed.value : items.map(() => parsed);
  }
}

/**
 * A {@link ModelProvider} that speaks HTTP through keep-alive undici pools (one per origin).
 * @example
 * const models = createModelProvider({ endpoints: { judge: "http://127.0.0.1:8000" }, allowPaths: ["./data"] });
 * const scorer = buildScorer("unified-reward/image-pointwise", { env: { models } });
 * await scorer.score(samples);
 * await models.close();
 */
export function createModelProvider(
  options: ModelProviderOptions = {},
): ModelProvider & { counters: ModelProviderCounters } {
  const env = options.env ?? process.env;
  const pools = new Map<string, Pool>();
  const limiters = new Map<string, Limiter>();
  const cache = new ReplyCache<ModelOutcome<unknown>>(options.cacheSize ?? 20_000);
  const byEndpoint = new Map<string, EndpointCounters>();
  const total = (field: keyof ModelProviderCounters) => {
    let sum = 0;
    for (const c of byEndpoint.values()) sum += c[field];
    return sum;
  };
  // The provider-wide counters are the sums over endpoints, read when asked.
  const counters: ModelProviderCounters = {
    get requests() {
      return total("requests");
    },
    get failures() {
      return total("failures");
    },
    get cacheHits() {
      return total("cacheHits");
    },
    get diskHits() {
      return total("diskHits");
    },
  };
  const image = imageLoader(options);
  return {
    counters,
    endpointCounters: () => [...byEndpoint.values()].map((c) => ({ ...c })),
    client(endpoint, path) {
      const variable = endpointEnvVar(endpoint.name);
      const url = options.endpoints?.[endpoint.name] ?? endpoint.url ?? env[variable];
      if (!url) {
        throw new ConfigError([
          {
            path: `${path}.url`,
            message: `no URL for endpoint "${endpoint.name}": set url in the recipe, pass --endpoint ${endpoint.name}=URL, or set ${variable}`,
          },
        ]);
      }
      if (!/^https?:\/\/[^\s/]+/.test(url)) {
        throw new ConfigError([
          { path: `${path}.url`, message: "must be an http:// or https:// URL", value: url },
        ]);
      }
      let apiKey: string | undefined;
      if (endpoint.apiKeyEnv) {
        apiKey = env[endpoint.apiKeyEnv];
        if (!apiKey) {
          throw new ConfigError([
            { path: `${path}.apiKeyEnv`, message: `environment variable ${endpoint.apiKeyEnv} is not set` },
          ]);
        }
      }
      const key = `${url.replace(/\/+$/, "")}\u0000${endpoint.model}`;
      let limiter = limiters.get(key);
      if (limiter) limiter.lower(endpoint.concurrency);
      else {
        limiter = new Limiter(endpoint.concurrency);
        limiters.set(key, limiter);
      }
      const origin = new URL(url).origin;
      let pool = pools.get(origin);
      if (!pool) {
        pool = createPool(origin);
        pools.set(origin, pool);
      }
      const policy: HttpPolicy = {
        timeoutMs: endpoint.timeoutMs,
        retries: endpoint.retries,
        backoffMs: endpoint.backoffMs,
      };
      if (apiKey) policy.apiKey = apiKey;
      // Keyed by the labels /metrics shows, so every series is unique.
      const shown = publicUrl(url);
      const countersKey = `${shown}\u0000${endpoint.model}`;
      let endpointCounters = byEndpoint.get(countersKey);
      if (!endpointCounters) {
        endpointCounters = {
          url: shown,
          model: endpoint.model,
          requests: 0,
          failures: 0,
          cacheHits: 0,
          diskHits: 0,
        };
        byEndpoint.set(countersKey, endpointCounters);
      }
      return new HttpModelClient(
        pool,
        limiter,
        url,
        endpoint,
        policy,
        cache,
        endpointCounters,
        options.cacheDir,
      );
    },
    image,
    async close() {
      const closing = [...pools.values()];
      pools.clear();
      await Promise.all(closing.map((pool) => pool.close()));
    },
  };
}
