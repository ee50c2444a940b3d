/**
 * "Did you mean": the closest valid choice to a misspelled name (a reward, combine or advantage
 * type, a preset, a config field), by edit distance with transpositions.
 * @module
 */

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each cost 1.
 * @example
 * editDistance("grounding.iuo", "grounding.iou"); // 1
 * editDistance("sum", "gate"); // 4
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        d[(i - 1) * cols + j]! + 1,
        d[i * cols + j - 1]! + 1,
        d[(i - 1) * cols + j - 1]! + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/**
 * The valid choice a misspelled value most likely meant, or `undefined` when none is close: at
 * most one edit per three characters (case ignored), or a choice that is the value with its
 * family prefix (`iou` → `grounding.iou`). Values shorter than 3 characters get no suggestion.
 * @example
 * suggestChoice("grounding.iuo", ["grounding.iou", "grounding.giou"]); // "grounding.iou"
 * suggestChoice("normalise-then-sum", ["sum", "normalize-then-sum"]); // "normalize-then-sum"
 * suggestChoice("iou", ["grounding.iou", "gui.click-hit"]); // "grounding.iou"
 * suggestChoice("xyz", ["sum", "gate"]); // undefined
 */
export function suggestChoice(value: string, choices: readonly string[]): string | undefined {
  if (value.length < 3 || choices.includes(value)) return undefined;
  const lower = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const choice of choices) {
    const distance = editDistance(lower, choice.toLowerCase());
    if (distance < bestDistance) {
      best = choice;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= Math.max(1, Math.floor(value.length / 3))) return best;
  const suffixed = choices.filter(
    (c) => c.toLowerCase().endsWith(`.${lower}`) || c.toLowerCase().endsWith(`/${lower}`),
  );
  return suffixed.length === 1 ? suffixed[0] : undefined;
}
