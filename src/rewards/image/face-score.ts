/**
 * Identity similarity of 128-d face descriptors (pure). face-api's recognition net (a ResNet-34
 * like dlib's) is trained so that faces of one person lie within Euclidean distance 0.6 of each
 * other. The reward maps a distance `d` to [0, 1] by `linear`: `max(0, 1 − d / 1.2)` (so the
 * library's same-person threshold 0.6 maps to 0.5, identical faces to 1, and `d ≥ 1.2` to 0),
 * or by `cosine`: the descriptors' cosine similarity clipped at 0 (ID-Aligner, arXiv:2404.15449,
 * rewards the cosine similarity of face embeddings).
 * @module
 */

/**
 * Euclidean distance of two descriptors.
 * @example
 * euclideanDistance([0, 3], [4, 0]); // 5
 */
export function euclideanDistance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum);
}

/**
 * Cosine similarity of two vectors; 0 when either is all zeros.
 * @example
 * cosineSimilarity([1, 0], [1, 1]); // 0.7071067811865475
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** How a descriptor distance becomes a similarity. */
export type FaceMapping = "linear" | "cosine";

/** The distance at which `linear` similarity reaches 0 (twice the same-person threshold 0.6). */
export const LINEAR_ZERO_DISTANCE = 1.2;

/**
 * Identity similarity in [0, 1] of two descriptors (see the module comment).
 * @example
 * faceSimilarity([0, 0.6], [0, 0], "linear"); // 0.5
 */
export function faceSimilarity(a: readonly number[], b: readonly number[], mapping: FaceMapping): number {
  if (mapping === "cosine") return Math.max(0, cosineSimilarity(a, b));
  return Math.max(0, 1 - euclideanDistance(a, b) / LINEAR_ZERO_DISTANCE);
}
