/**
 * The sample (one JSONL line in, one object in an HTTP batch) and the result (one line out), as
 * zod schemas and TypeScript types, exactly as DESIGN.md gives them.
 * @module
 */
import { z } from "zod";
import type { Issue } from "./issues.js";

/**
 * Width and height of an image in pixels.
 * @example
 * ImageSizeSchema.safeParse({ width: 640, height: 0 }).success; // false (sizes are positive)
 */
export const ImageSizeSchema = z.object({
  width: z.number().positive().finite(),
  height: z.number().positive().finite(),
});
export type ImageSize = z.infer<typeof ImageSizeSchema>;

/**
 * Where an image shown to or made by the model comes from: a local `path` (read only under the
 * operator's allowed roots), a `url` (passed on only when URLs are allowed) or inline `data`
 * (base64 or a `data:` URL). `role`: `input` (what the model was shown; the default), `output`
 * (what it generated) or `reference` (an identity photo, a source image).
 * @example
 * ImageRefSchema.safeParse({ path: "imgs/1.png", role: "output" }).success; // true
 * ImageRefSchema.safeParse({ path: "a.png", url: "http://x/a.png" }).success; // false (one source)
 */
export const ImageRefSchema = z.union([
  z.strictObject({ path: z.string().min(1), role: z.enum(["input", "output", "reference"]).optional() }),
  z.strictObject({ url: z.string().min(1), role: z.enum(["input", "output", "reference"]).optional() }),
  z.strictObject({ data: z.string().min(1), role: z.enum(["input", "output", "reference"]).optional() }),
]);
export type ImageRef = z.infer<typeof ImageRefSchema>;

/** The role of an image in a sample; see {@link ImageRefSchema}. */
export type ImageRole = "input" | "output" | "reference";

/**
 * A chat message, as TRL's conversational format carries prompts.
 * @example
 * MessageSchema.parse({ role: "user", content: "hi", name: "x" }); // the same object (extra keys kept)
 */
export const MessageSchema = z.looseObject({ role: z.string(), content: z.unknown().optional() });

/**
 * One part of a multimodal message content: `{type: "text", text}` is read; other parts
 * (`{type: "image"}`, `{type: "image_url", …}`) are ignored.
 * @example
 * ContentPartSchema.safeParse({ type: "text", text: "hi" }).success; // true
 * ContentPartSchema.safeParse({ type: "text", text: 3 }).success; // false
 */
export const ContentPartSchema = z.union([
  z.looseObject({ type: z.literal("text"), text: z.string() }),
  z.looseObject({ type: z.string().refine((t) => t !== "text", "a text part needs a string `text`") }),
]);

/**
 * A completion message of TRL's conversational format: `content` is a string or a list of parts.
 * @example
 * CompletionMessageSchema.safeParse({ role: "assistant", content: [{ type: "text", text: "A" }] }).success; // true
 */
export const CompletionMessageSchema = z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(ContentPartSchema)]),
});

/**
 * The text of a message content: the string itself, or its text parts joined (other parts ignored).
 * @example
 * contentText([{ type: "image" }, { type: "text", text: "<answer>A</answer>" }]); // "<answer>A</answer>"
 */
export function contentText(content: string | ReadonlyArray<{ type: string; text?: unknown }>): string {
  if (typeof content === "string") return content;
  let text = "";
  for (const part of content) if (part.type === "text") text += part.text as string;
  return text;
}

/**
 * Index of the last message with role `assistant`, or −1.
 * @example
 * lastAssistantIndex([{ role: "assistant" }, { role: "tool" }]); // 0
 */
export function lastAssistantIndex(messages: ReadonlyArray<{ role?: unknown }>): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === "assistant") return i;
  return -1;
}

const COMPLETION_EXPECTED =
  'expected the completion text (a string) or TRL\'s conversational completion: a list of {role, content} messages with at least one role "assistant", each content a string or a list of parts ({type: "text", text})';

/**
 * A completion as a trainer sends it: the model's text, or TRL's conversational completion (a list
 * of `{role, content}` messages), whose text is the last assistant message's. Parsing yields the text.
 * @example
 * CompletionSchema.parse([{ role: "assistant", content: "<answer>B</answer>" }]); // "<answer>B</answer>"
 * CompletionSchema.safeParse([{ role: "user", content: "hi" }]).success; // false (no assistant message)
 */
export const CompletionSchema = z.union(
  [
    z.string(),
    z
      .array(CompletionMessageSchema)
      .refine((messages) => lastAssistantIndex(messages) !== -1)
      .transform((messages) => contentText(messages[lastAssistantIndex(messages)]!.content)),
  ],
  { error: COMPLETION_EXPECTED },
);

/**
 * One rollout to score. Only `completion` is required (a string, or TRL's conversational
 * completion, normalised to the last assistant message's text); `reference` is any JSON, and
 * each reward documents the shapes it accepts.
 * @example
 * SampleSchema.safeParse({ completion: "<answer>B</answer>" }).success; // true
 * SampleSchema.safeParse({ reference: "B" }).success; // false (no completion)
 */
export const SampleSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  group: z.union([z.string(), z.number()]).optional(),
  prompt: z.union([z.string(), z.array(MessageSchema)]).optional(),
  completion: CompletionSchema,
  reference: z.unknown().optional(),
  image: ImageSizeSchema.optional(),
  input_image: ImageSizeSchema.optional(),
  images: z.array(ImageRefSchema).optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

/**
 * A sample as rewards see it.
 * @example
 * const s: Sample = { completion: "<answer>[1,2,3,4]</answer>", reference: [1, 2, 3, 4] };
 */
export interface Sample {
  id?: string | number;
  group?: string | number;
  prompt?: string | Array<{ role: string; content?: unknown; [key: string]: unknown }>;
  completion: string;
  reference?: unknown;
  image?: ImageSize;
  input_image?: ImageSize;
  /** Images shown to or made by the model; judges receive them as their protocol expects. */
  images?: ImageRef[];
  meta?: Record<string, unknown>;
}

/** The value of one component: a finite number, or `null` when it does not apply (TRL's `None`). */
export type ComponentValue = number | null;

/** One scored sample. */
export interface Result {
  id?: string | number;
  reward: number | null;
  components: Record<string, ComponentValue>;
  advantage?: number;
  issues: Issue[];
  /** Values kept for inspection by component (a judge's raw score, per-step PRM scores); only when some reward keeps them. */
  details?: Record<string, Record<string, unknown>>;
}

/**
 * Schema of one issue attached to a result (the code is checked as a string, not against the union).
 * @example
 * IssueSchema.parse({ reward: "iou", code: "no_box_found", message: "no box" }); // the same object
 */
export const IssueSchema = z.object({ reward: z.string(), code: z.string(), message: z.string() });

/**
 * Schema of a result (used by tests and for the JSON Schema the server publishes).
 * @example
 * ResultSchema.safeParse({ reward: 1, components: { iou: 1 }, issues: [] }).success; // true
 * ResultSchema.safeParse({ reward: Number.NaN, components: {}, issues: [] }).success; // false
 */
export const ResultSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  reward: z.number().finite().nullable(),
  components: z.record(z.string(), z.number().finite().nullable()),
  advantage: z.number().finite().optional(),
  issues: z.array(IssueSchema),
  details: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

function isSize(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  const { width, height } = value as Record<string, unknown>;
  return (
    typeof width === "number" &&
    typeof height === "number" &&
    Number.isFinite(width) &&
    Number.isFinite(height) &&
    width > 0 &&
    height > 0
  );
}

const IMAGE_SOURCES = ["path", "url", "data"] as const;
const IMAGE_ROLES: ReadonlySet<unknown> = new Set(["input", "output", "reference"]);

function isImageRef(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  let sources = 0;
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (key === "role") {
      if (v !== undefined && !IMAGE_ROLES.has(v)) return false;
    } else if ((IMAGE_SOURCES as readonly string[]).includes(key)) {
      if (typeof v !== "string" || v.length === 0) return false;
      sources++;
    } else return false;
  }
  return sources === 1;
}

function isImageList(value: unknown): boolean {
  if (value === undefined) return true;
  if (!Array.isArray(value)) return false;
  for (const image of value) if (!isImageRef(image)) return false;
  return true;
}

function isIdLike(value: unknown): boolean {
  return (
    value === undefined || typeof value === "string" || (typeof value === "number" && Number.isFinite(value))
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isPrompt(value: unknown): boolean {
  if (value === undefined || typeof value === "string") return true;
  if (!Array.isArray(value)) return false;
  for (const m of value) if (!isObject(m) || typeof m.role !== "string") return false;
  return true;
}

function isContent(content: unknown): boolean {
  if (typeof content === "string") return true;
  if (!Array.isArray(content)) return false;
  for (const part of content) {
    if (!isObject(part) || typeof part.type !== "string") return false;
    if (part.type === "text" && typeof part.text !== "string") return false;
  }
  return true;
}

/** A conversational completion: messages with string roles and valid contents, one of them the assistant's. */
function isCompletionMessages(value: unknown): value is Array<{ role: string; content: unknown }> {
  if (!Array.isArray(value)) return false;
  let assistant = false;
  for (const m of value) {
    if (!isObject(m) || typeof m.role !== "string" || !isContent(m.content)) return false;
    if (m.role === "assistant") assistant = true;
  }
  return assistant;
}

/**
 * Fast structural check with the same verdict as {@link SampleSchema} (a test holds them equal on
 * fuzzed objects). It accepts what the schema accepts, conversational completions included; use
 * {@link sampleFast} to get the normalised sample.
 * @example
 * isSampleFast({ completion: "x" }); // true
 * isSampleFast({ completion: [{ role: "assistant", content: "x" }] }); // true
 */
export function isSampleFast(value: unknown): boolean {
  if (!isObject(value)) return false;
  const v = value;
  if (typeof v.completion !== "string" && !isCompletionMessages(v.completion)) return false;
  if (!isIdLike(v.id) || !isIdLike(v.group) || !isPrompt(v.prompt)) return false;
  if (v.image !== undefined && !isSize(v.image)) return false;
  if (v.input_image !== undefined && !isSize(v.input_image)) return false;
  if (!isImageList(v.images)) return false;
  if (v.meta !== undefined && !isObject(v.meta)) return false;
  return true;
}

/**
 * The value as a {@link Sample} when it is a valid one, without zod: the value itself when its
 * `completion` is a string (the hot path allocates nothing), a shallow copy with the last
 * assistant message's text as `completion` for a conversational completion; `undefined` when
 * invalid (then {@link validateSample} explains why).
 * @example
 * sampleFast({ completion: [{ role: "assistant", content: [{ type: "text", text: "A" }] }] });
 * // { completion: "A" }
 */
export function sampleFast(value: unknown): Sample | undefined {
  if (!isSampleFast(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.completion === "string") return v as unknown as Sample;
  const messages = v.completion as Array<{ role: string; content: string | Array<{ type: string }> }>;
  return { ...v, completion: contentText(messages[lastAssistantIndex(messages)]!.content) } as Sample;
}

/** The outcome of {@link validateSample}. */
export type SampleValidation = { ok: true; sample: Sample } | { ok: false; message: string };

/**
 * Validates an unknown value as a {@link Sample}. Never throws; the failure message lists every
 * problem with its path.
 * @example
 * const v = validateSample(JSON.parse(line));
 * if (!v.ok) console.error(v.message);
 */
export function validateSample(value: unknown): SampleValidation {
  const fast = sampleFast(value);
  if (fast) return { ok: true, sample: fast };
  const parsed = SampleSchema.safeParse(value);
  if (parsed.success) return { ok: true, sample: parsed.data as Sample };
  const message = parsed.error.issues
    .map((i) => `${i.path.length ? i.path.join(".") : "sample"}: ${i.message}`)
    .join("; ");
  return { ok: false, message };
}

/**
 * A short id-like label of the sample for messages.
 * @example
 * sampleLabel({ id: "a1" }, 3); // "a1"
 * sampleLabel({}, 3); // "#3"
 */
export function sampleLabel(sample: { id?: unknown }, index: number): string {
  return sample.id === undefined ? `#${index}` : String(sample.id);
}
