/**
 * Annotation tasks: pairwise (A / B / tie / both bad), N-way ranking, and Likert or per-dimension
 * ratings, imported from JSONL. A task's version is the hash of its content, so editing a task
 * and importing it again makes a new version and never rewrites the annotations of the old one.
 * @module
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** An image of a task or candidate: a path under the allowed roots, or inline base64 data. */
export type TaskImage = { path: string } | { data: string };

/** One thing shown to the annotator. */
export interface Candidate {
  text: string;
  images?: TaskImage[];
  /** What produced it (a model name): kept for exports, never shown. */
  source?: string;
}

/** The kinds of judgement. */
export type TaskKind = "pairwise" | "ranking" | "rating";

/** A task as stored and served. */
export interface Task {
  id: string;
  kind: TaskKind;
  prompt: string;
  images?: TaskImage[];
  candidates: Candidate[];
  /** Rating dimensions (rating tasks); default one, `overall`. */
  dimensions?: string[];
  /** Likert scale bounds (rating tasks); default 1–5. */
  scale?: [number, number];
  /** Independent annotations wanted; default the import's `k`. */
  k?: number;
  meta?: Record<string, unknown>;
}

/** A line that could not be imported, with why. */
export interface TaskError {
  line: number;
  message: string;
}

function image(value: unknown, where: string): TaskImage {
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (typeof v.path === "string") return { path: v.path };
    if (typeof v.data === "string") return { data: v.data };
  }
  if (typeof value === "string") return { path: value };
  throw new Error(`${where}: an image is { "path": … } (under the allowed roots) or { "data": base64 }`);
}

function images(value: unknown, where: string): TaskImage[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.map((v, i) => image(v, `${where}[${i}]`));
}

function candidate(value: unknown, where: string): Candidate {
  if (typeof value === "string") return { text: value };
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    const text = typeof v.text === "string" ? v.text : typeof v.completion === "string" ? v.completion : "";
    const imgs = images(v.images ?? v.image, `${where}.images`);
    if (!text && !imgs) throw new Error(`${where}: a candidate needs text (or completion) or images`);
    return {
      text,
      ...(imgs ? { images: imgs } : {}),
      ...(typeof v.source === "string"
        ? { source: v.source }
        : typeof v.model === "string"
          ? { source: v.model }
          : {}),
    };
  }
  throw new Error(`${where}: a candidate is a string or { text, images? }`);
}

/**
 * Reads one task object. Accepts `candidates: [...]`, or `chosen`/`rejected` (a pair, shown in
 * random order), or `response_a`/`response_b`. `kind` defaults to pairwise for two candidates,
 * ranking for more, rating for one.
 * @example
 * parseTask({ id: "t1", prompt: "Which caption is better?", candidates: ["a cat", "a dog"] }, 0);
 * // { id: "t1", kind: "pairwise", prompt: "Which caption is better?", candidates: [{ text: "a cat" }, { text: "a dog" }] }
 */
export function parseTask(value: unknown, index: number): Task {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error("a task is a JSON object");
  const v = value as Record<string, unknown>;
  const raw = Array.isArray(v.candidates)
    ? v.candidates
    : v.chosen !== undefined && v.rejected !== undefined
      ? [v.chosen, v.rejected]
      : v.response_a !== undefined && v.response_b !== undefined
        ? [v.response_a, v.response_b]
        : v.completion !== undefined
          ? [v.completion]
          : null;
  if (!raw?.length) throw new Error("a task needs candidates (or chosen + rejected, or completion)");
  const candidates = raw.map((c, i) => candidate(c, `candidates[${i}]`));
  const kind = (v.kind ??
    (candidates.length === 1 ? "rating" : candidates.length === 2 ? "pairwise" : "ranking")) as TaskKind;
  if (!["pairwise", "ranking", "rating"].includes(kind)) {
    throw new Error(`kind ${JSON.stringify(v.kind)} is not one of pairwise, ranking, rating`);
  }
  if (kind === "pairwise" && candidates.length !== 2)
    throw new Error("a pairwise task has exactly 2 candidates");
  if (kind === "ranking" && candidates.length < 2)
    throw new Error("a ranking task has at least 2 candidates");
  const id = typeof v.id === "string" || typeof v.id === "number" ? String(v.id) : `task-${index + 1}`;
  const prompt = typeof v.prompt === "string" ? v.prompt : typeof v.question === "string" ? v.question : "";
  const task: Task = { id, kind, prompt, candidates };
  const imgs = images(v.images ?? v.image, "images");
  if (imgs) task.images = imgs;
  if (v.dimensions !== undefined) {
    if (
      !Array.isArray(v.dimensions) ||
      !v.dimensions.every((d) => typeof d === "string") ||
      !v.dimensions.length
    ) {
      throw new Error("dimensions is a non-empty list of names");
    }
    task.dimensions = v.dimensions as string[];
  }
  if (v.scale !== undefined) {
    const s = v.scale as unknown[];
    if (
      !Array.isArray(s) ||
      s.length !== 2 ||
      !s.every(Number.isInteger) ||
      (s[0] as number) >= (s[1] as number)
    ) {
      throw new Error("scale is [min, max], two integers with min < max");
    }
    task.scale = [s[0] as number, s[1] as number];
  }
  if (v.k !== undefined) {
    if (!Number.isInteger(v.k) || (v.k as number) < 1) throw new Error("k is a positive integer");
    task.k = v.k as number;
  }
  if (v.meta && typeof v.meta === "object") task.meta = v.meta as Record<string, unknown>;
  return task;
}

/**
 * Reads a JSONL task file: the tasks, and every line that is not a task with its reason (nothing
 * is imported silently wrong; the caller decides whether errors stop the import).
 * @example
 * const { tasks, errors } = readTaskFile("tasks.jsonl");
 */
export function readTaskFile(path: string): { tasks: Task[]; errors: TaskError[] } {
  const tasks: Task[] = [];
  const errors: TaskError[] = [];
  const seen = new Set<string>();
  readFileSync(path, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const task = parseTask(JSON.parse(line), i);
        if (seen.has(task.id)) throw new Error(`duplicate task id ${JSON.stringify(task.id)}`);
        seen.add(task.id);
        tasks.push(task);
      } catch (error) {
        errors.push({ line: i + 1, message: (error as Error).message });
      }
    });
  return { tasks, errors };
}

/**
 * The content hash of a task (its version identity): SHA-256 of its canonical JSON, 16 hex digits.
 * @example
 * taskHash(parseTask({ candidates: ["a", "b"] }, 0)).length; // 16
 */
export function taskHash(task: Task): string {
  return createHash("sha256").update(JSON.stringify(task)).digest("hex").slice(0, 16);
}

/**
 * The order an annotator sees a task's candidates in: a permutation drawn from a hash of the
 * annotator, task and version, so it is random across annotators, stable across reloads, and
 * recorded with every annotation (position bias can be measured).
 * @example
 * presentedOrder("ann", "t1", 1, 2); // [1, 0] or [0, 1]
 */
export function presentedOrder(annotator: string, taskId: string, version: number, n: number): number[] {
  const digest = createHash("sha256").update(`${annotator}\u0000${taskId}\u0000${version}`).digest();
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = digest.readUInt32BE((i * 4) % 28) % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
