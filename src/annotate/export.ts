/**
 * Exports of the annotation store: DPO JSONL (`prompt`, `chosen`, `rejected`), the eval command's
 * `pairs` format, per-annotator annotation lines (personalised data sets), and the agreement
 * report. Each annotator's latest annotation of a task version is the one that counts; earlier
 * ones stay in the store.
 * @module
 */
import { cohensKappa, krippendorffAlpha } from "./agreement.js";
import type { Annotation, AnnotationStore, StoredTask } from "./store.js";
import type { Candidate, TaskImage } from "./tasks.js";

/** The latest annotation of each annotator for each current task version, by task id. */
export function latestAnnotations(
  store: AnnotationStore,
  annotator?: string,
): Map<string, { stored: StoredTask; byAnnotator: Map<string, Annotation> }> {
  const current = new Map(store.currentTasks().map((t) => [t.task.id, t]));
  const out = new Map<string, { stored: StoredTask; byAnnotator: Map<string, Annotation> }>();
  for (const a of store.annotations(annotator)) {
    const stored = current.get(a.taskId);
    if (!stored || stored.version !== a.taskVersion) continue;
    let entry = out.get(a.taskId);
    if (!entry) {
      entry = { stored, byAnnotator: new Map() };
      out.set(a.taskId, entry);
    }
    entry.byAnnotator.set(a.annotator, a);
  }
  return out;
}

/** One DPO / eval-pairs line. */
export interface PreferencePair {
  id: string;
  prompt: string;
  chosen: string;
  rejected: string;
  images?: TaskImage[];
  chosen_images?: TaskImage[];
  rejected_images?: TaskImage[];
  annotators: string[];
  /** Fraction of the annotators who preferred `chosen`. */
  agreement: number;
}

function textOf(c: Candidate): string {
  return c.text;
}

/** The preferred and dispreferred candidate of a task from its annotations, or null (tie, both bad, no majority). */
function decide(
  stored: StoredTask,
  annotations: Annotation[],
): { chosen: number; rejected: number; votes: number } | null {
  const n = stored.task.candidates.length;
  if (stored.task.kind === "pairwise") {
    const votes = [0, 0];
    for (const a of annotations)
      if (a.answer.kind === "pairwise" && typeof a.answer.verdict === "number") votes[a.answer.verdict]!++;
    if (votes[0] === votes[1]) return null;
    const chosen = votes[0]! > votes[1]! ? 0 : 1;
    return { chosen, rejected: 1 - chosen, votes: votes[chosen]! };
  }
  if (stored.task.kind === "ranking") {
    const rankSum = new Float64Array(n);
    let count = 0;
    for (const a of annotations) {
      if (a.answer.kind !== "ranking") continue;
      a.answer.ranking.forEach((candidate, rank) => {
        rankSum[candidate]! += rank;
      });
      count++;
    }
    if (!count) return null;
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => rankSum[x]! - rankSum[y]! || x - y);
    const best = order[0]!;
    const worst = order[n - 1]!;
    if (rankSum[best] === rankSum[worst]) return null;
    const votes = annotations.filter(
      (a) => a.answer.kind === "ranking" && a.answer.ranking[0] === best,
    ).length;
    return { chosen: best, rejected: worst, votes };
  }
  return null;
}

/**
 * Preference pairs by majority of the annotators (or of one annotator's own verdicts): pairwise
 * tasks, and ranking tasks as best vs worst by mean rank. Ties, both-bad and split votes are left out.
 * @example
 * preferencePairs(store).map(({ prompt, chosen, rejected }) => ({ prompt, chosen, rejected })); // DPO lines
 */
export function preferencePairs(store: AnnotationStore, annotator?: string): PreferencePair[] {
  const pairs: PreferencePair[] = [];
  for (const [id, { stored, byAnnotator }] of latestAnnotations(store, annotator)) {
    const annotations = [...byAnnotator.values()];
    const decision = decide(stored, annotations);
    if (!decision) continue;
    const { task } = stored;
    const chosen = task.candidates[decision.chosen]!;
    const rejected = task.candidates[decision.rejected]!;
    pairs.push({
      id,
      prompt: task.prompt,
      chosen: textOf(chosen),
      rejected: textOf(rejected),
      ...(task.images ? { images: task.images } : {}),
      ...(chosen.images ? { chosen_images: chosen.images } : {}),
      ...(rejected.images ? { rejected_images: rejected.images } : {}),
      annotators: [...byAnnotator.keys()],
      agreement: decision.votes / annotations.length,
    });
  }
  return pairs;
}

/**
 * DPO JSONL lines: `{ prompt, chosen, rejected }` (plus images when the task has them).
 * @example
 * dpoLines(store)[0]; // '{"prompt":"…","chosen":"…","rejected":"…"}'
 */
export function dpoLines(store: AnnotationStore, annotator?: string): string[] {
  return preferencePairs(store, annotator).map((p) =>
    JSON.stringify({
      prompt: p.prompt,
      chosen: p.chosen,
      rejected: p.rejected,
      ...(p.images ? { images: p.images } : {}),
    }),
  );
}

/**
 * Lines in `plaudit eval`'s `pairs` format (`id`, `prompt`, `chosen`, `rejected`, `images`), so a
 * reward model can be evaluated on the collected preferences.
 * @example
 * evalPairLines(store); // read back by `plaudit eval --data pairs.jsonl`
 */
export function evalPairLines(store: AnnotationStore, annotator?: string): string[] {
  return preferencePairs(store, annotator).map((p) =>
    JSON.stringify({
      id: p.id,
      prompt: p.prompt,
      chosen: p.chosen,
      rejected: p.rejected,
      ...(p.images ? { images: p.images } : {}),
    }),
  );
}

/**
 * Every annotation (append order, all versions) as JSONL with its task's prompt and candidates:
 * the raw, per-annotator data set.
 * @example
 * annotationLines(store, "alice"); // alice's annotations only
 */
export function annotationLines(store: AnnotationStore, annotator?: string): string[] {
  const lines: string[] = [];
  for (const a of store.annotations(annotator)) {
    const stored = store.task(a.taskId, a.taskVersion);
    lines.push(
      JSON.stringify({
        seq: a.seq,
        task_id: a.taskId,
        task_version: a.taskVersion,
        annotator: a.annotator,
        created_at: a.createdAt,
        presented: a.presented,
        answer: a.answer,
        reason: a.reason,
        kind: stored?.task.kind,
        prompt: stored?.task.prompt,
        candidates: stored?.task.candidates.map(textOf),
      }),
    );
  }
  return lines;
}

/** Agreement of the current annotations. */
export interface AgreementReport {
  annotators: string[];
  pairwise: {
    items: number;
    alpha: number | null;
    kappa: Array<{ a: string; b: string; items: number; kappa: number | null }>;
  };
  ranking: { items: number; alphaTopChoice: number | null };
  rating: Record<string, { items: number; alphaInterval: number | null; alphaOrdinal: number | null }>;
  /** Share of pairwise verdicts that picked the candidate shown first (0.5 = no position bias). */
  firstPositionRate: number | null;
}

/**
 * Cohen's κ per annotator pair and Krippendorff's α (pairwise verdicts nominal, ranking top
 * choices nominal, ratings interval and ordinal per dimension).
 * @example
 * agreementReport(store).pairwise.alpha; // e.g. 0.62
 */
export function agreementReport(store: AnnotationStore): AgreementReport {
  const latest = latestAnnotations(store);
  const annotators = new Set<string>();
  const pairwiseUnits: Array<Map<string, string>> = [];
  const rankingUnits: number[][] = [];
  const ratingUnits = new Map<string, number[][]>();
  let first = 0;
  let decided = 0;
  for (const { stored, byAnnotator } of latest.values()) {
    const labels = new Map<string, string>();
    const tops: number[] = [];
    const dims = new Map<string, number[]>();
    for (const [annotator, a] of byAnnotator) {
      annotators.add(annotator);
      if (a.answer.kind === "pairwise") {
        labels.set(annotator, String(a.answer.verdict));
        if (typeof a.answer.verdict === "number") {
          decided++;
          if (a.presented[0] === a.answer.verdict) first++;
        }
      } else if (a.answer.kind === "ranking") tops.push(a.answer.ranking[0]!);
      else for (const [d, v] of Object.entries(a.answer.ratings)) dims.set(d, [...(dims.get(d) ?? []), v]);
    }
    if (stored.task.kind === "pairwise" && labels.size) pairwiseUnits.push(labels);
    if (tops.length) rankingUnits.push(tops);
    for (const [d, values] of dims) ratingUnits.set(d, [...(ratingUnits.get(d) ?? []), values]);
  }
  const names = [...annotators].sort();
  const kappa: AgreementReport["pairwise"]["kappa"] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const pairs: Array<[string, string]> = [];
      for (const unit of pairwiseUnits) {
        const x = unit.get(names[i]!);
        const y = unit.get(names[j]!);
        if (x !== undefined && y !== undefined) pairs.push([x, y]);
      }
      kappa.push({ a: names[i]!, b: names[j]!, items: pairs.length, kappa: cohensKappa(pairs) });
    }
  }
  const rating: AgreementReport["rating"] = {};
  for (const [d, units] of ratingUnits) {
    rating[d] = {
      items: units.filter((u) => u.length >= 2).length,
      alphaInterval: krippendorffAlpha(units, "interval"),
      alphaOrdinal: krippendorffAlpha(units, "ordinal"),
    };
  }
  return {
    annotators: names,
    pairwise: {
      items: pairwiseUnits.filter((u) => u.size >= 2).length,
      alpha: krippendorffAlpha(
        pairwiseUnits.map((u) => [...u.values()]),
        "nominal",
      ),
      kappa,
    },
    ranking: {
      items: rankingUnits.filter((u) => u.length >= 2).length,
      alphaTopChoice: krippendorffAlpha(rankingUnits, "nominal"),
    },
    rating,
    firstPositionRate: decided ? first / decided : null,
  };
}
