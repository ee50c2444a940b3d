/**
 * Whether a recipe's batch steps look only inside each group. Then a file can be scored a few
 * whole groups at a time (spilled into buckets of groups, or group by group when the input says
 * its groups are contiguous) with results identical to scoring it as one batch. Steps that use
 * batch-wide statistics (`grpo` with `scale: batch`, REINFORCE++ whitening, GDPO's batch z-score,
 * constrained multipliers) or state carried across batches (PAR's running statistics) are not,
 * nor are estimators whose per-sample extras are reported in input order (IGPO, win rates).
 * The list is closed on purpose: an estimator not known to be group-local is treated as global.
 * @module
 */
import type { Scorer } from "../recipe/index.js";

type Config = Record<string, unknown> | undefined;

const GROUP_LOCAL_ADVANTAGES: Record<string, (config: Config) => boolean> = {
  grpo: (c) => (c?.scale ?? "group") === "group",
  "dr-grpo": () => true,
  "mean-only": () => true,
  identity: () => true,
  rloo: () => true,
  centered: () => true,
  difficulty: (c) => advantageIsGroupLocal((c?.base as Config) ?? { type: "dr-grpo" }),
};

function advantageIsGroupLocal(config: Config): boolean {
  const type = typeof config?.type === "string" ? config.type : undefined;
  const check = type === undefined ? undefined : GROUP_LOCAL_ADVANTAGES[type];
  return check?.(config) ?? false;
}

/**
 * `undefined` when every batch step of the scorer is group-local; otherwise the reason why not.
 * @example
 * groupLocality(buildScorer("gui-g2")); // undefined
 * groupLocality(buildScorer({ ...recipe, advantage: { type: "reinforce++" } })); // "advantage reinforce++ …"
 */
export function groupLocality(scorer: Scorer): string | undefined {
  const combiner = scorer.combiner;
  if (!combiner.combineRow) {
    const config = combiner.config as Config;
    const local =
      combiner.type === "pareto" || (combiner.type === "normalize-then-sum" && config?.flavor === "mrn");
    if (!local) return `combine ${combiner.type} uses batch-wide statistics or state`;
  }
  const advantage = scorer.advantage;
  if (advantage && !advantageIsGroupLocal({ ...(advantage.config as object), type: advantage.type })) {
    return `advantage ${advantage.type} uses batch-wide statistics, state or per-sample extras`;
  }
  return undefined;
}
