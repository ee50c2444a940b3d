/**
 * OpenAI-compatible chat completions (vLLM, SGLang, OpenAI, …): `POST /v1/chat/completions`, with
 * `logprobs`/`top_logprobs` when asked. vLLM's −9999 logprob placeholder is read as probability 0.
 * @module
 */
import { z } from "zod";
import type { ChatReply, ChatRequest, ModelOutcome, TokenLogprobs } from "../client.js";
import { type ChatProtocol, checkReply, joinUrl } from "./protocol.js";

/** vLLM sends −9999.0 for a logprob of −∞ (`ChatCompletionLogProb.logprob` default). */
const VLLM_NEG_INF = -9999;

const LogprobSchema = z.looseObject({ token: z.string(), logprob: z.number() });
const ChatReplySchema = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        message: z.looseObject({ content: z.string().nullable().optional() }),
        finish_reason: z.string().nullable().optional(),
        logprobs: z
          .looseObject({
            content: z
              .array(LogprobSchema.extend({ top_logprobs: z.array(LogprobSchema).default([]) }))
              .nullable()
              .optional(),
          })
          .nullable()
          .optional(),
      }),
    )
    .min(1),
});

function logprobOf(value: number): number {
  return value <= VLLM_NEG_INF ? Number.NEGATIVE_INFINITY : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isOptionalText(value: unknown): value is string | null | undefined {
  return value === undefined || value === null || typeof value === "string";
}

/**
 * The reply of a judge asked for text only, read without the schema when every choice has the
 * plain shape the schema accepts (message content and finish reason strings or null, no
 * logprobs); anything else, logprobs included, goes through the schema. The schema copies every
 * field of the reply, which costs more than the rest of reading it.
 */
function plainReply(json: unknown): ChatReply | undefined {
  if (!isRecord(json)) return undefined;
  const choices = json.choices;
  if (!Array.isArray(choices) || choices.length === 0) return undefined;
  for (const choice of choices) {
    if (!isRecord(choice) || !isRecord(choice.message)) return undefined;
    if (!isOptionalText(choice.message.content) || !isOptionalText(choice.finish_reason)) return undefined;
    if (choice.logprobs !== undefined && choice.logprobs !== null) return undefined;
  }
  const first = choices[0] as { message: { content?: string | null }; finish_reason?: string | null };
  const reply: ChatReply = { text: first.message.content ?? "" };
  if (first.finish_reason) reply.finishReason = first.finish_reason;
  return reply;
}

/**
 * The openai-chat protocol.
 * @example
 * openaiChat.chatUrl("http://127.0.0.1:8000").href; // "http://127.0.0.1:8000/v1/chat/completions"
 * openaiChat.chatUrl("http://127.0.0.1:8000/v1").href; // the same
 */
export const openaiChat: ChatProtocol = {
  chatUrl: (base) => joinUrl(base, /\/v1\/?$/.test(base) ? "/chat/completions" : "/v1/chat/completions"),

  chatBody(request: ChatRequest, model: string) {
    const body: Record<string, unknown> = {
      model,
      messages: request.messages,
      temperature: request.temperature ?? 0,
    };
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.topLogprobs !== undefined) {
      body.logprobs = true;
      body.top_logprobs = request.topLogprobs;
    }
    return request.extra ? { ...body, ...request.extra } : body;
  },

  parseChat(json: unknown): ModelOutcome<ChatReply> {
    const plain = plainReply(json);
    if (plain) return { ok: true, value: plain };
    const checked = checkReply(ChatReplySchema, json, "chat reply");
    if (!checked.ok) return checked;
    const choice = checked.value.choices[0]!;
    const reply: ChatReply = { text: choice.message.content ?? "" };
    if (choice.finish_reason) reply.finishReason = choice.finish_reason;
    const content = choice.logprobs?.content;
    if (content) {
      reply.logprobs = content.map(
        (t): TokenLogprobs => ({
          token: t.token,
          logprob: logprobOf(t.logprob),
          top: t.top_logprobs.map((a) => ({ token: a.token, logprob: logprobOf(a.logprob) })),
        }),
      );
    }
    return { ok: true, value: reply };
  },
};
