/**
 * What every model reward shares: the client from the scorer's environment, template lookup and
 * validation, prompt text from a sample, image attachment under the operator's policy, and the
 * batch summary (endpoint, failures, zero-variance detection).
 * @module
 */
import { z } from "zod";
import {
  type ComponentValue,
  ConfigError,
  type ImageRole,
  type RewardEnvironment,
  type RewardReads,
  type Sample,
  type ScoreContext,
} from "../../core/index.js";
import type {
  ChatContentPart,
  ChatMessage,
  ChatReply,
  ChatRequest,
  ModelClient,
  ModelOutcome,
} from "../../models/client.js";
import { type EndpointConfig, EndpointSchema, type ModelProtocol } from "../../models/endpoint.js";
import { Limiter } from "../../models/limiter.js";
import {
  builtinTemplates,
  findTemplate,
  type JudgeTemplate,
  templatePlaceholders,
} from "../../templates/index.js";

/** Image roles a reward may attach (in this order). */
export const ImageRolesSchema = z.array(z.enum(["input", "output", "reference"]));

/** What a chat judge reads: the rendered fields and the images. */
export const JUDGE_READS: RewardReads = { fields: ["prompt", "completion", "reference", "images"] };

/** Sampling fields shared by chat judges. */
export const samplingFields = {
  maxTokens: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("`max_tokens` of the judge's reply (default: the template's)."),
  temperature: z
    .number()
    .min(0)
    .max(2)
    .default(0)
    .describe("Sampling temperature (0: greedy, as the released judges)."),
  topP: z.number().gt(0).max(1).optional().describe("`top_p`, when set."),
  system: z.string().optional().describe("A system message sent before the user turn."),
};

/** The `endpoint` field of every model reward. */
export const endpointField = EndpointSchema.describe(
  "The model server: { name, url?, model, protocol, concurrency, timeoutMs, retries, apiKeyEnv, … }; the URL may come from --endpoint NAME=URL or PLAUDIT_ENDPOINT_<NAME>.",
);

export { EndpointSchema };

/**
 * The client for a reward's endpoint, checked against the protocols the reward can use.
 * @example
 * const client = modelClient(env, config.endpoint, `${path}.endpoint`, ["openai-chat"]);
 */
export function modelClient(
  env: RewardEnvironment,
  endpoint: EndpointConfig,
  path: string,
  protocols: readonly ModelProtocol[],
): ModelClient {
  if (!protocols.includes(endpoint.protocol)) {
    throw new ConfigError([
      {
        path: `${path}.protocol`,
        message: "this reward cannot use that protocol",
        value: endpoint.protocol,
        choices: protocols,
      },
    ]);
  }
  if (!env.models) {
    throw new ConfigError([
      {
        path,
        message:
          "this reward calls a model server, but the scorer has no model provider: build it with { env: { models: createModelProvider(...) } } (the CLI and server do this)",
      },
    ]);
  }
  return env.models.client(endpoint, path);
}

/**
 * Runs judge calls once fewer than twice the endpoint's concurrency are under way. The scorer
 * starts every sample of a batch at once (and a pairwise judge every comparison of a group);
 * without this gate each call would render its prompt, serialise and hash its request (images
 * included) and then wait for a connection slot, and thousands of such waiting requests outlive
 * the young generation of the garbage collector (measured at 4,096 samples and concurrency 256:
 * about half the bytes promoted out of it), or, with images, fill the heap. Gated, a waiting
 * call holds a few small closures, and twice the concurrency keeps the next requests ready when
 * a slot frees. A call whose `signal` is aborted by the time its turn comes (the HTTP request it
 * belongs to timed out or lost its client) is not sent: it gives `cancelled()` instead.
 * @example
 * const gated = callGate(config.endpoint);
 * return gated(() => judge(sample, ctx), ctx.signal, () => cancelledCall(ctx));
 */
export function callGate(
  endpoint: EndpointConfig,
): <T>(call: () => Promise<T>, signal: AbortSignal | undefined, cancelled: () => T) => Promise<T> {
  const gate = new Limiter(2 * endpoint.concurrency);
  const run = <T>(
    call: () => Promise<T>,
    signal: AbortSignal | undefined,
    cancelled: () => T,
    release: () => void,
  ): Promise<T> => {
    if (signal?.aborted) {
      release();
      return Promise.resolve(cancelled());
    }
    let out: Promise<T>;
    try {
      out = call();
    } catch (error) {
      release();
      return Promise.reject(error);
    }
    out.then(release, release);
    return out;
  };
  return (call, signal, cancelled) => {
    const slot = gate.acquire();
    return typeof slot === "function"
      ? run(call, signal, cancelled, slot)
      : slot.then((release) => run(call, signal, cancelled, release));
  };
}

/** The message of a judge call dropped because its batch was cancelled. */
export const CANCELLED_MESSAGE =
  "not sent: the batch was cancelled (deadline or client gone) before this judge call's turn";

/**
 * The `score` of a per-sample judge: `scoreNow` runs behind a {@link callGate} of the endpoint,
 * and a sample whose batch was cancelled before its turn is `null` + `cancelled`, unsent.
 * @example
 * return { score: gatedScore(config.endpoint, (sample, ctx) => judge(sample, ctx)) };
 */
export function gatedScore(
  endpoint: EndpointConfig,
  scoreNow: (sample: Sample, ctx: ScoreContext) => Promise<ComponentValue>,
): (sample: Sample, ctx: ScoreContext) => Promise<ComponentValue> {
  const gated = callGate(endpoint);
  return (sample, ctx) =>
    gated(
      () => scoreNow(sample, ctx),
      ctx.signal,
      () => {
        ctx.report("cancelled", CANCELLED_MESSAGE);
        return null;
      },
    );
}

/** The sampling fields of a chat judge's config ({@link samplingFields}). */
export interface SamplingConfig {
  temperature: number;
  topP?: number | undefined;
  system?: string | undefined;
}

/**
 * The request fields every chat call of a reward shares, built once: temperature, and `top_p`
 * when set.
 * @example
 * samplingOf({ temperature: 0 }); // { temperature: 0 }
 */
export function samplingOf(config: SamplingConfig): Pick<ChatRequest, "temperature" | "topP"> {
  return { temperature: config.temperature, ...(config.topP === undefined ? {} : { topP: config.topP }) };
}

/**
 * Asks a chat judge one turn (images before the text, the config's system message and sampling
 * fields); a failed call is reported on `ctx` with the client's label and tallied `failed`.
 * @example
 * const ask = chatAsker(client, config);
 * const reply = await ask(text, urls, 512, ctx);
 * if (!reply.ok) return null;
 */
export function chatAsker(
  client: ModelClient,
  config: SamplingConfig,
): (
  text: string,
  images: readonly string[],
  maxTokens: number,
  ctx: ScoreContext,
  extra?: Pick<ChatRequest, "topLogprobs">,
) => Promise<ModelOutcome<ChatReply>> {
  const sampling = samplingOf(config);
  return (text, images, maxTokens, ctx, extra) =>
    client
      .chat({ messages: chatMessages(text, images, config.system), maxTokens, ...sampling, ...extra })
      .then((out) => {
        if (!out.ok) {
          ctx.report(out.code, `${client.label}: ${out.message}`);
          ctx.tally?.("failed");
        }
        return out;
      });
}

/**
 * A per-sample list (questions, checklist items) from `meta[key]` or else the reference, read
 * by `read`: a bad `meta[key]` is `invalid_meta`, neither present `missing_required_meta`, a
 * bad reference `reference_unparseable` (all data errors); `undefined` then.
 * @example
 * listFromMetaOrReference(sample, ctx, "checklist", readChecklist, "the checklist is missing: …");
 */
export function listFromMetaOrReference<T>(
  sample: Sample,
  ctx: ScoreContext,
  key: string,
  read: (value: unknown) => { ok: true; value: T } | { ok: false; message: string },
  missing: string,
): T | undefined {
  const fromMeta = sample.meta?.[key];
  const source = fromMeta !== undefined ? fromMeta : sample.reference;
  if (fromMeta === undefined && (source === undefined || source === null)) {
    ctx.report("missing_required_meta", missing);
    return undefined;
  }
  const out = read(source);
  if (out.ok) return out.value;
  if (fromMeta !== undefined) ctx.report("invalid_meta", `meta.${key}: ${out.message}`);
  else ctx.report("reference_unparseable", `reference: ${out.message}`);
  return undefined;
}

/**
 * A template by shipped name or inline text, checked for its kind and placeholders.
 * @example
 * resolveTemplate("unified-reward/image-generation-pairwise", "pairwise", ["prompt", "completion_a", "completion_b"], "config.template");
 */
export function resolveTemplate(
  template: string,
  kinds: ReadonlyArray<JudgeTemplate["kind"]>,
  placeholders: readonly string[],
  path: string,
): { text: string; shipped?: JudgeTemplate } {
  const shipped = findTemplate(template);
  if (shipped) {
    if (!kinds.includes(shipped.kind)) {
      throw new ConfigError([
        {
          path,
          message: `template ${template} is a ${shipped.kind} template`,
          value: template,
          choices: builtinTemplates.filter((t) => kinds.includes(t.kind)).map((t) => t.name),
        },
      ]);
    }
    return { text: shipped.text, shipped };
  }
  const used = templatePlaceholders(template);
  if (used.length === 0) {
    throw new ConfigError([
      {
        path,
        message: "neither a shipped template nor a template text with {{placeholders}}",
        value: template,
        choices: builtinTemplates.filter((t) => kinds.includes(t.kind)).map((t) => t.name),
      },
    ]);
  }
  const unknown = used.filter((p) => !placeholders.includes(p));
  if (unknown.length) {
    throw new ConfigError([
      { path, message: `unknown placeholder {{${unknown[0]}}}`, value: unknown[0], choices: placeholders },
    ]);
  }
  return { text: template };
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) =>
        part && typeof part === "object" && (part as { type?: unknown }).type === "text"
          ? String((part as { text?: unknown }).text ?? "")
          : "",
      )
      .filter(Boolean)
      .join("\n");
  }
  return "";
}

/**
 * The prompt as text: the string itself, or the last user message's text of a chat prompt.
 * @example
 * promptText({ completion: "", prompt: [{ role: "system", content: "s" }, { role: "user", content: "a cat" }] }); // "a cat"
 */
export function promptText(sample: Sample): string {
  const { prompt } = sample;
  if (prompt === undefined) return "";
  if (typeof prompt === "string") return prompt;
  for (let i = prompt.length - 1; i >= 0; i--)
    if (prompt[i]!.role === "user") return textOf(prompt[i]!.content);
  return "";
}

/**
 * The reference as text (JSON for structured references).
 * @example
 * referenceText({ completion: "", reference: [1, 2] }); // "[1,2]"
 */
export function referenceText(sample: Sample): string {
  const r = sample.reference;
  if (r === undefined || r === null) return "";
  return typeof r === "string" ? r : JSON.stringify(r);
}

/**
 * The images of a sample with the given roles, in the order of `roles` (then sample order); an
 * image without a role is an `input`. So `["output", "reference"]` puts the generated image
 * before the reference, as comparative templates expect.
 * @example
 * imagesWithRoles({ completion: "", images: [{ data: "R", role: "reference" }, { data: "O", role: "output" }] }, ["output", "reference"]);
 * // [{ data: "O", role: "output" }, { data: "R", role: "reference" }]
 */
export function imagesWithRoles(sample: Sample, roles: readonly ImageRole[]) {
  const images = sample.images ?? [];
  if (images.length === 0) return images;
  return roles.flatMap((role) => images.filter((image) => (image.role ?? "input") === role));
}

/**
 * Resolves image refs through the provider; the first refused or unreadable one is reported on
 * the context (a data issue) and gives `undefined`.
 * @example
 * const urls = await imageUrls(env, sample.images ?? [], ctx);
 */
export function imageUrls(
  env: RewardEnvironment,
  refs: NonNullable<Sample["images"]>,
  ctx: ScoreContext,
  needBytes = false,
): Promise<ResolvedImages | undefined> | ResolvedImages {
  // Most samples carry no image: answer without a promise.
  if (refs.length === 0) return NO_IMAGES;
  return resolveImages(env, refs, ctx, needBytes);
}

type ResolvedImages = Array<{ url: string; base64?: string }>;
const NO_IMAGES: ResolvedImages = [];

async function resolveImages(
  env: RewardEnvironment,
  refs: NonNullable<Sample["images"]>,
  ctx: ScoreContext,
  needBytes: boolean,
): Promise<ResolvedImages | undefined> {
  const provider = env.models!;
  const out = await Promise.all(refs.map((ref) => provider.image(ref)));
  const result: Array<{ url: string; base64?: string }> = [];
  for (const image of out) {
    if (!image.ok) {
      ctx.report(image.code, image.message);
      return undefined;
    }
    if (needBytes && image.base64 === undefined) {
      ctx.report("image_not_allowed", "this model needs image bytes, and plaudit never downloads image URLs");
      return undefined;
    }
    result.push(image.base64 === undefined ? { url: image.url } : { url: image.url, base64: image.base64 });
  }
  return result;
}

/**
 * A user turn with the images first, then the text (the released UnifiedReward clients' order).
 * @example
 * chatMessages("Rate it.", ["data:image/png;base64,…"]);
 */
export function chatMessages(text: string, images: readonly string[], system?: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (system) messages.push({ role: "system", content: system });
  if (images.length === 0) messages.push({ role: "user", content: text });
  else {
    const parts: ChatContentPart[] = images.map((url) => ({ type: "image_url", image_url: { url } }));
    parts.push({ type: "text", text });
    messages.push({ role: "user", content: parts });
  }
  return messages;
}

/**
 * The start of a reply for messages (one line, at most `max` characters).
 * @example
 * replyStart("Final\nScore: ten", 12); // "Final Score:…"
 */
export function replyStart(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat || "(empty reply)";
}

/**
 * Batch summary of a model reward: the endpoint label, calls that failed, and `constant: true`
 * when at least two samples were scored and all got the same value (a degenerate judge, as in
 * Flow-GRPO's "0.2 for all images").
 * @example
 * summarizeModelReward("judge @ http://127.0.0.1:8000", [0.2, 0.2, 0.2], {}).constant; // true
 */
export function summarizeModelReward(
  label: string,
  values: ReadonlyArray<ComponentValue>,
  tallies: Readonly<Record<string, number>>,
): { endpoint: string; scored: number; failed: number; constant: boolean; [key: string]: unknown } {
  let scored = 0;
  let first: number | undefined;
  let constant = true;
  for (const v of values) {
    if (v === null) continue;
    scored++;
    if (first === undefined) first = v;
    else if (v !== first) constant = false;
  }
  return { endpoint: label, scored, failed: tallies.failed ?? 0, constant: scored >= 2 && constant };
}
