/**
 * Inputs of discriminative reward models: chat messages (the server applies the RM's own
 * template), a pre-templated text, or the sidecar's raw fields.
 * @module
 */
import { z } from "zod";
import type { RewardEnvironment, RewardReads, Sample, ScoreContext } from "../../core/index.js";
import type { ChatContentPart, ChatMessage, ScoreItem } from "../../models/client.js";
import type { EndpointConfig } from "../../models/endpoint.js";
import { renderTemplate } from "../../templates/index.js";
import { imagesWithRoles, imageUrls, promptText, referenceText } from "../judge/common.js";

/** `input` / `textTemplate` / `images` config shared by RM rewards. */
export const rmInputFields = {
  input: z
    .enum(["messages", "text"])
    .optional()
    .describe(
      "`messages`: [user prompt, assistant completion], the server applies the RM's chat template (vLLM); `text`: `textTemplate` rendered (SGLang and TEI take text only). Default: messages for vllm-*, text otherwise.",
    ),
  textTemplate: z
    .string()
    .min(1)
    .default("{{prompt}}\n{{completion}}")
    .describe("The text sent with `input: text`, with {{prompt}}, {{completion}}, {{reference}}."),
  images: z
    .array(z.enum(["input", "output", "reference"]))
    .default(["input", "output", "reference"])
    .describe(
      "Which of the sample's images are sent (chat image parts, or base64 to a sidecar), in this role order.",
    ),
};

/** What an RM reward reads (`meta` goes to sidecars). */
export const RM_READS: RewardReads = { fields: ["prompt", "completion", "reference", "images", "meta"] };

function userContent(content: unknown, images: readonly string[]): ChatMessage["content"] {
  const text = typeof content === "string" ? content : undefined;
  if (images.length === 0) return text ?? (content as ChatContentPart[]);
  const parts: ChatContentPart[] = images.map((url) => ({ type: "image_url", image_url: { url } }));
  if (text !== undefined) parts.push({ type: "text", text });
  else if (Array.isArray(content)) parts.push(...(content as ChatContentPart[]));
  return parts;
}

/**
 * The conversation an RM scores: the prompt (a string or the sample's own messages) and the
 * completion as the assistant turn; images join the last user turn, before its text.
 * @example
 * rmMessages({ prompt: "2+2?", completion: "4" }, []);
 * // [{ role: "user", content: "2+2?" }, { role: "assistant", content: "4" }]
 */
export function rmMessages(
  sample: Sample,
  images: readonly string[],
  assistant = sample.completion,
): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const prompt = sample.prompt;
  if (Array.isArray(prompt)) {
    for (const m of prompt)
      messages.push({ role: m.role as ChatMessage["role"], content: m.content as ChatMessage["content"] });
  } else messages.push({ role: "user", content: prompt ?? "" });
  let last = -1;
  for (let i = messages.length - 1; i >= 0; i--)
    if (messages[i]!.role === "user") {
      last = i;
      break;
    }
  if (last >= 0 && images.length)
    messages[last] = { role: "user", content: userContent(messages[last]!.content, images) };
  messages.push({ role: "assistant", content: assistant });
  return messages;
}

/**
 * Builds the scoring item of a sample for an endpoint; a refused image is reported and gives `undefined`.
 * @example
 * const item = await rmItem(env, endpoint, config, sample, ctx);
 */
export async function rmItem(
  env: RewardEnvironment,
  endpoint: EndpointConfig,
  config: {
    input?: "messages" | "text" | undefined;
    textTemplate: string;
    images: Array<"input" | "output" | "reference">;
  },
  sample: Sample,
  ctx: ScoreContext,
  assistant = sample.completion,
): Promise<ScoreItem | undefined> {
  const sidecar = endpoint.protocol === "sidecar";
  const images = await imageUrls(env, imagesWithRoles(sample, config.images), ctx, sidecar);
  if (!images) return undefined;
  if (sidecar) {
    const item: ScoreItem = {
      prompt: promptText(sample),
      completion: assistant,
      images: images.map((i) => i.base64!),
    };
    if (sample.meta) item.meta = sample.meta;
    return item;
  }
  const input = config.input ?? (endpoint.protocol.startsWith("vllm-") ? "messages" : "text");
  if (input === "messages")
    return {
      messages: rmMessages(
        sample,
        images.map((i) => i.url),
        assistant,
      ),
    };
  return {
    text: renderTemplate(config.textTemplate, {
      prompt: promptText(sample),
      completion: assistant,
      reference: referenceText(sample),
    }),
  };
}
