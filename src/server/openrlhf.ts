/**
 * The OpenRLHF remote-reward contract, without HTTP: turning `{query, prompts, labels}` into
 * samples, and results into `{rewards, scores, extra_logs}`.
 *
 * OpenRLHF decodes `query` with `skip_special_tokens=False`, so it holds the chat-templated prompt,
 * the response and end/pad tokens (OpenRLHF/OpenRLHF@3c3be62: openrlhf/utils/agent.py). The
 * response is recovered as `query[len(prompt):]` when the prompt is a prefix, as OpenRLHF's own
 * example does (examples/python/math_reward_func.py), then special tokens are removed. Images are
 * never sent, so a multimodal sample's sizes must travel inside the label.
 * @module
 */

import type { Result } from "../core/index.js";
import { hasDataError, hasServerError } from "./data-errors.js";

/** How `/get_reward` turns a query into a completion and a null reward into a number. */
export interface OpenRLHFOptions {
  /** Remove the prompt from the front of the query when it is a prefix (default true). */
  stripPrompt: boolean;
  /** Tokens removed from the response wherever they occur (end-of-turn and padding tokens). */
  specialTokens: readonly string[];
  /**
   * Assistant-turn openers: when the prompt is not a prefix of the query, the response starts
   * after the last of these found in the query; a leading one is removed in any case.
   */
  assistantMarkers: readonly string[];
  /** The number sent for a `null` reward or component (OpenRLHF's protocol has no null). Default 0. */
  nullReward: number;
}

/**
 * End-of-turn and padding tokens of the chat templates VLM trainers use (Qwen, Llama 3, Mistral, Gemma, Phi).
 * @example
 * createApp({ recipes, openrlhf: { specialTokens: [...DEFAULT_SPECIAL_TOKENS, "<|my_end|>"] } });
 */
export const DEFAULT_SPECIAL_TOKENS: readonly string[] = [
  "<|im_end|>",
  "<|endoftext|>",
  "<|eot_id|>",
  "<|end_of_text|>",
  "<end_of_turn>",
  "<|end|>",
  "</s>",
];

/**
 * Assistant-turn openers of the same templates.
 * @example
 * DEFAULT_ASSISTANT_MARKERS[0]; // "<|im_start|>assistant\n"
 */
export const DEFAULT_ASSISTANT_MARKERS: readonly string[] = [
  "<|im_start|>assistant\n",
  "<|start_header_id|>assistant<|end_header_id|>\n\n",
  "<start_of_turn>model\n",
  "<|assistant|>\n",
];

/**
 * The defaults of {@link OpenRLHFOptions}.
 * @example
 * responseText(query, prompt, { ...DEFAULT_OPENRLHF_OPTIONS, stripPrompt: false });
 */
export const DEFAULT_OPENRLHF_OPTIONS: OpenRLHFOptions = {
  stripPrompt: true,
  specialTokens: DEFAULT_SPECIAL_TOKENS,
  assistantMarkers: DEFAULT_ASSISTANT_MARKERS,
  nullReward: 0,
};

/**
 * The response part of an OpenRLHF `query`.
 * @example
 * responseText("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<answer>3</answer><|im_end|>",
 *   "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", DEFAULT_OPENRLHF_OPTIONS); // "<answer>3</answer>"
 */
export function responseText(query: string, prompt: unknown, options: OpenRLHFOptions): string {
  let text = query;
  if (options.stripPrompt) {
    if (typeof prompt === "string" && prompt.length > 0 && query.startsWith(prompt)) {
      text = query.slice(prompt.length);
    } else {
      let cut = -1;
      for (const marker of options.assistantMarkers) {
        const at = query.lastIndexOf(marker);
        if (at >= 0 && at + marker.length > cut) cut = at + marker.length;
      }
      if (cut >= 0) text = query.slice(cut);
    }
  }
  for (const marker of options.assistantMarkers) {
    if (text.startsWith(marker)) {
      text = text.slice(marker.length);
      break;
    }
  }
  for (const token of options.specialTokens)
    if (token && text.includes(token)) text = text.split(token).join("");
  return text;
}

/** Sample fields a label object may carry besides the reference. */
const SAMPLE_FIELDS = ["id", "group", "reference", "image", "input_image", "meta", "prompt"] as const;

function asObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === "string" && value.startsWith("{")) {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Builds the sample for one OpenRLHF item. The label becomes `reference`, except that a label
 * object (or a string holding a JSON object) with any sample field (`reference`, `image`,
 * `input_image`, `group`, `meta`, `id`, `prompt`) is spread into the sample: that is how image
 * sizes reach a grounding reward, since OpenRLHF never sends images. `""` (OpenRLHF's label when
 * no label key is configured) means no reference.
 * @example
 * openrlhfSample("…<answer>[1,2,3,4]</answer>", "…", { reference: [1, 2, 3, 4], image: { width: 640, height: 480 } }, opts);
 */
export function openrlhfSample(
  query: unknown,
  prompt: unknown,
  label: unknown,
  options: OpenRLHFOptions,
): unknown {
  // A non-string query is left for the scorer to reject as an invalid sample (a result, not a 400).
  if (typeof query !== "string") return { completion: query };
  const sample: Record<string, unknown> = { completion: responseText(query, prompt, options) };
  if (typeof prompt === "string") sample.prompt = prompt;
  const object = asObject(label);
  if (object && SAMPLE_FIELDS.some((field) => field in object)) {
    for (const field of SAMPLE_FIELDS) if (field in object) sample[field] = object[field];
  } else if (label !== undefined && label !== null && label !== "") {
    sample.reference = label;
  }
  return sample;
}

/** The `/get_reward` response body. */
export interface OpenRLHFResponse {
  rewards: number[];
  scores: number[];
  extra_logs: Record<string, number[]>;
}

/** The `extra_logs` key that flags samples with data errors (1) among the others (0). */
export const DATA_ERRORS_LOG_KEY = "data_errors";

/** The `extra_logs` key that flags samples whose judge or model server failed (1) among the others (0). */
export const SERVER_ERRORS_LOG_KEY = "server_errors";

/**
 * Converts results into OpenRLHF's response: `rewards` and `scores` (the same values, as
 * OpenRLHF's reference server sends), one `extra_logs` array per component, and
 * `extra_logs.data_errors` (1 for a sample with a data error, else 0: OpenRLHF logs every
 * `extra_logs` key, so broken input shows in the run's own metrics). With `serverErrors` (a
 * recipe that calls model servers), `extra_logs.server_errors` flags the samples whose judge or
 * model failed the same way, so an outage shows in the run instead of passing as rewards. Nulls
 * become `nullReward`; the count of null rewards is returned for `/metrics`.
 * @example
 * const { body, nullsSent } = openrlhfResponse(results, ["format", "iou"], 0);
 */
export function openrlhfResponse(
  results: readonly Result[],
  components: readonly string[],
  nullReward: number,
  serverErrors = false,
): { body: OpenRLHFResponse; nullsSent: number } {
  const n = results.length;
  const rewards = new Array<number>(n);
  const extra: Record<string, number[]> = {};
  for (const name of components) extra[name] = new Array<number>(n);
  const dataErrors = new Array<number>(n);
  const failed = serverErrors ? new Array<number>(n) : undefined;
  let nullsSent = 0;
  for (let i = 0; i < n; i++) {
    const result = results[i]!;
    if (result.reward === null) nullsSent++;
    rewards[i] = result.reward ?? nullReward;
    for (const name of components) extra[name]![i] = result.components[name] ?? nullReward;
    dataErrors[i] = hasDataError(result) ? 1 : 0;
    if (failed) failed[i] = hasServerError(result) ? 1 : 0;
  }
  extra[DATA_ERRORS_LOG_KEY] = dataErrors;
  if (failed) extra[SERVER_ERRORS_LOG_KEY] = failed;
  return { body: { rewards, scores: rewards.slice(), extra_logs: n === 0 ? {} : extra }, nullsSent };
}
