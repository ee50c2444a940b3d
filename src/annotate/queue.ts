/**
 * Each annotator's queue and progress: the current version of every task that still wants
 * annotations (fewer than its k distinct annotators) and that this annotator has not done, the
 * least-annotated first so k is reached evenly.
 * @module
 */
import type { AnnotationStore, StoredTask } from "./store.js";

/** Progress of one annotator and of the whole task set. */
export interface Progress {
  annotator: string;
  /** Tasks this annotator has annotated (current versions). */
  done: number;
  /** Tasks still in this annotator's queue. */
  remaining: number;
  tasks: number;
  /** Tasks with all k annotations. */
  complete: number;
  /** Annotations of the current versions, per annotator. */
  byAnnotator: Record<string, number>;
}

const key = (id: string, version: number) => `${id}\u0000${version}`;

/**
 * The annotator's queue, next task first.
 * @example
 * queueFor(store, "alice")[0]?.task.id; // the next task alice should see
 */
export function queueFor(store: AnnotationStore, annotator: string): StoredTask[] {
  const counts = store.countsByTask();
  const open = store.currentTasks().filter((t) => {
    const annotators = counts.get(key(t.task.id, t.version))?.annotators;
    return !annotators?.has(annotator) && (annotators?.size ?? 0) < t.k;
  });
  const size = (t: StoredTask) => counts.get(key(t.task.id, t.version))?.annotators.size ?? 0;
  // Stable sort: least-annotated first, then import order.
  return open
    .map((t, i) => ({ t, i }))
    .sort((a, b) => size(a.t) - size(b.t) || a.i - b.i)
    .map(({ t }) => t);
}

/**
 * Progress for an annotator and for the task set.
 * @example
 * progressOf(store, "alice"); // { annotator: "alice", done: 3, remaining: 7, tasks: 10, complete: 1, byAnnotator: { alice: 3, bob: 2 } }
 */
export function progressOf(store: AnnotationStore, annotator: string): Progress {
  const counts = store.countsByTask();
  const tasks = store.currentTasks();
  let done = 0;
  let complete = 0;
  const byAnnotator: Record<string, number> = {};
  for (const t of tasks) {
    const annotators = counts.get(key(t.task.id, t.version))?.annotators ?? new Set<string>();
    if (annotators.has(annotator)) done++;
    if (annotators.size >= t.k) complete++;
    for (const a of annotators) byAnnotator[a] = (byAnnotator[a] ?? 0) + 1;
  }
  return {
    annotator,
    done,
    remaining: queueFor(store, annotator).length,
    tasks: tasks.length,
    complete,
    byAnnotator,
  };
}
