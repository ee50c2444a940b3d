/**
 * The one small interface every model reward calls. Pure types: the Node implementation (undici
 * pool, retries, cache) lives in `models/provider.ts`; tests may pass an in-memory fake.
 * @module
 */
import type { ImageRef } from "../core/sample.js";
import type { EndpointConfig } from "./endpoint.js";

/** A part of a chat message: text or an image (a `data:` URL or an allowed http URL). */
export type ChatContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string } };

/** An OpenAI-style chat message. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string | ChatContentPart[];
}

/** One chat completion to request. */
export interface ChatRequest {
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  /** Ask for `logprobs` with this many alternatives per generated token. */
  topLogprobs?: number;
  /** Extra body fields passed through (vLLM's `structured_outputs`, `chat_template_kwargs`, …). */
  extra?: Record<string, unknown>;
}

/** One generated token with its log-probability and the top alternatives. */
export interface TokenLogprobs {
  token: string;
  logprob: number;
  top: Array<{ token: string; logprob: number }>;
}

/** The judge's reply. `logprobs` is present only when requested and returned. */
export interface ChatReply {
  text: string;
  logprobs?: TokenLogprobs[];
  finishReason?: string;
}

/**
 * One input of a discriminative or custom model: chat `messages` (the server applies the model's
 * template), a pre-templated `text`, or (sidecar) the raw fields with base64 images.
 */
export interface ScoreItem {
  messages?: ChatMessage[];
  text?: string;
  prompt?: string;
  completion?: string;
  images?: string[];
  meta?: Record<string, unknown>;
}

/**
 * A model's output for one item as rows of numbers: one row for a sequence score or class
 * vector, one row per token (or per step) for token-level outputs.
 */
export type ScoreRows = number[][];

/** A call's outcome: a value, or a server failure with its issue code and a short reason. */
export type ModelOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; code: "judge_error" | "judge_timeout"; message: string };

/**
 * A client of one endpoint (url + model + protocol). Never rejects: failures are outcomes.
 * @example
 * const reply = await client.chat({ messages: [{ role: "user", content: "Rate: 2+2=4" }], maxTokens: 8 });
 * if (reply.ok) console.log(reply.value.text);
 */
export interface ModelClient {
  /** `model @ url` (never a key), for messages and stats. */
  readonly label: string;
  /** A chat completion (openai-chat). */
  chat(request: ChatRequest): Promise<ModelOutcome<ChatReply>>;
  /** One item through a scoring protocol; the client batches items sent together. */
  score(item: ScoreItem): Promise<ModelOutcome<ScoreRows>>;
}

/** An image ready for a request, or why it may not be used. */
export type ImageOutcome =
  | { ok: true; url: string; base64?: string }
  | { ok: false; code: "image_not_allowed" | "image_unreadable"; message: string };

/**
 * What the scorer's environment provides to model rewards: clients by endpoint and image
 * loading under the operator's policy.
 * @example
 * const provider = createModelProvider({ endpoints: { judge: "http://127.0.0.1:8000" } });
 * const client = provider.client(endpoint, "rewards[0].config.endpoint");
 */
export interface ModelProvider {
  /** The client for an endpoint; throws a `ConfigError` at `path` when it cannot be resolved. */
  client(endpoint: EndpointConfig, path: string): ModelClient;
  /** Resolves a sample image: a `data:` URL (with its base64) or an allowed URL; never reads outside allowed roots. */
  image(ref: ImageRef): Promise<ImageOutcome>;
  /** Closes pooled connections. */
  close?(): Promise<void>;
  /** Request counts by endpoint (url without credentials, and model), for `/metrics`. */
  endpointCounters?(): EndpointCounters[];
}

/**
 * What one endpoint (url + model) was asked and answered since the provider started.
 * @example
 * models.endpointCounters?.(); // [{ url: "http://127.0.0.1:8000", model: "judge", requests: 12, failures: 1, cacheHits: 3, diskHits: 0 }]
 */
export interface EndpointCounters {
  /** The endpoint's URL without user info (never a key). */
  url: string;
  model: string;
  /** HTTP requests sent (each try of a retried call counts once: the call is one request here). */
  requests: number;
  /** Calls that failed after their last try. */
  failures: number;
  /** Calls answered by the in-memory cache. */
  cacheHits: number;
  /** Calls answered by the on-disk cache. */
  diskHits: number;
}
