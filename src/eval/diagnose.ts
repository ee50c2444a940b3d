/**
 * Reward-hacking diagnostics on scored rollouts: reward–length correlation, per-group reward
 * variance and the share of collapsed groups (all-equal rewards: zero advantage), per-component
 * contributions, and proxy-vs-gold agreement in reward bins (the over-optimisation picture).
 * Pure: the CLI feeds it one line at a time.
 * @module
 */
import { kendallTauB, pearson, spearman } from "./metrics/correlation.js";

/** One scored rollout as the diagnostics need it. */
export interface DiagnosedRow {
  reward: number | null;
  group?: string;
  /** Completion length (tokens when the rollout carries them, else characters). */
  length?: number;
  components?: Record<string, number | null>;
  gold?: number | null;
  issues?: ReadonlyArray<{ code: string }>;
}

/** The diagnostics report (`plaudit diagnose` output). */
export interface Diagnostics {
  rows: number;
  null_rewards: number;
  reward: { mean: number | null; std: number | null; min: number | null; max: number | null };
  reward_length: { n: number; pearson: number | null; spearman: number | null } | null;
  groups: {
    count: number;
    mean_variance: number | null;
    collapsed: number;
    collapsed_share: number | null;
    /** Per-group sizes and variances (first 10,000 groups), for plots. */
    variances: number[];
  } | null;
  components: Record<
    string,
    { mean: number | null; std: number | null; null_share: number; corr_with_reward: number | null }
  >;
  gold: {
    n: number;
    pearson: number | null;
    spearman: number | null;
    kendall_tau_b: number | null;
    /** Within-group pairs the proxy and the gold order the same way (ties in either skipped). */
    group_pair_agreement: number | null;
    bins: Array<{ reward_lo: number; reward_hi: number; n: number; mean_reward: number; mean_gold: number }>;
  } | null;
  issues: Record<string, number>;
}

function meanStd(values: readonly number[]): { mean: number | null; std: number | null } {
  if (!values.length) return { mean: null, std: null };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * Accumulates rows, then {@link DiagnosticsBuilder.finish} computes the report.
 * @example
 * const d = new DiagnosticsBuilder();
 * d.add({ reward: 1, group: "g", length: 120 });
 * d.add({ reward: 1, group: "g", length: 80 });
 * d.finish().groups?.collapsed_share; // 1 (one group, all rewards equal)
 */
export class DiagnosticsBuilder {
  readonly #rewards: number[] = [];
  readonly #lengthReward: [number[], number[]] = [[], []];
  readonly #goldPairs: [number[], number[]] = [[], []];
  readonly #groups = new Map<string, Array<{ reward: number; gold: number | null }>>();
  readonly #components = new Map<string, { values: number[]; pairs: [number[], number[]]; nulls: number }>();
  readonly #issues = new Map<string, number>();
  #rows = 0;
  #nulls = 0;

  add(row: DiagnosedRow): void {
    this.#rows++;
    for (const issue of row.issues ?? [])
      this.#issues.set(issue.code, (this.#issues.get(issue.code) ?? 0) + 1);
    for (const [name, value] of Object.entries(row.components ?? {})) {
      let entry = this.#components.get(name);
      if (!entry) {
        entry = { values: [], pairs: [[], []], nulls: 0 };
        this.#components.set(name, entry);
      }
      if (value === null) entry.nulls++;
      else {
        entry.values.push(value);
        if (row.reward !== null) {
          entry.pairs[0].push(value);
          entry.pairs[1].push(row.reward);
        }
      }
    }
    if (row.reward === null) {
      this.#nulls++;
      return;
    }
    this.#rewards.push(row.reward);
    if (row.length !== undefined) {
      this.#lengthReward[0].push(row.length);
      this.#lengthReward[1].push(row.reward);
    }
    const gold = typeof row.gold === "number" && Number.isFinite(row.gold) ? row.gold : null;
    if (gold !== null) {
      this.#goldPairs[0].push(row.reward);
      this.#goldPairs[1].push(gold);
    }
    if (row.group !== undefined) {
      const list = this.#groups.get(row.group);
      if (list) list.push({ reward: row.reward, gold });
      else this.#groups.set(row.group, [{ reward: row.reward, gold }]);
    }
  }

  #groupStats(): Diagnostics["groups"] {
    const sized = [...this.#groups.values()].filter((g) => g.length >= 2);
    if (!sized.length) return null;
    const variances = sized.map((g) => meanStd(g.map((x) => x.reward)).std! ** 2);
    const collapsed = sized.filter((g) => g.every((x) => x.reward === g[0]!.reward)).length;
    return {
      count: sized.length,
      mean_variance: variances.reduce((a, b) => a + b, 0) / variances.length,
      collapsed,
      collapsed_share: collapsed / sized.length,
      variances: variances.slice(0, 10_000),
    };
  }

  #goldStats(): Diagnostics["gold"] {
    const [proxy, gold] = this.#goldPairs;
    if (!proxy.length) return null;
    let agree = 0;
    let pairs = 0;
    for (const group of this.#groups.values()) {
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) {
          const a = group[i]!;
          const b = group[j]!;
          if (a.gold === null || b.gold === null || a.reward === b.reward || a.gold === b.gold) continue;
          pairs++;
          if (a.reward > b.reward === a.gold > b.gold) agree++;
        }
      }
    }
    // Ten equal-count bins of the proxy reward.
    const order = proxy.map((_, i) => i).sort((a, b) => proxy[a]! - proxy[b]!);
    const bins: NonNullable<Diagnostics["gold"]>["bins"] = [];
    const binCount = Math.min(10, order.length);
    for (let b = 0; b < binCount; b++) {
      const slice = order.slice(
        Math.floor((b * order.length) / binCount),
        Math.floor(((b + 1) * order.length) / binCount),
      );
      if (!slice.length) continue;
      const rewards = slice.map((i) => proxy[i]!);
      bins.push({
        reward_lo: rewards[0]!,
        reward_hi: rewards[rewards.length - 1]!,
        n: slice.length,
        mean_reward: rewards.reduce((x, y) => x + y, 0) / slice.length,
        mean_gold: slice.reduce((x, i) => x + gold[i]!, 0) / slice.length,
      });
    }
    return {
      n: proxy.length,
      pearson: pearson(proxy, gold),
      spearman: spearman(proxy, gold),
      kendall_tau_b: kendallTauB(proxy, gold),
      group_pair_agreement: pairs ? agree / pairs : null,
      bins,
    };
  }

  finish(): Diagnostics {
    const { mean, std } = meanStd(this.#rewards);
    let min: number | null = null;
    let max: number | null = null;
    for (const r of this.#rewards) {
      if (min === null || r < min) min = r;
      if (max === null || r > max) max = r;
    }
    const [lengths, rewards] = this.#lengthReward;
    const components: Diagnostics["components"] = {};
    for (const [name, entry] of this.#components) {
      const stats = meanStd(entry.values);
      components[name] = {
        ...stats,
        null_share: entry.nulls / (entry.nulls + entry.values.length),
        corr_with_reward: pearson(entry.pairs[0], entry.pairs[1]),
      };
    }
    return {
      rows: this.#rows,
      null_rewards: this.#nulls,
      reward: { mean, std, min, max },
      reward_length: lengths.length
        ? { n: lengths.length, pearson: pearson(lengths, rewards), spearman: spearman(lengths, rewards) }
        : null,
      groups: this.#groupStats(),
      components,
      gold: this.#goldStats(),
      issues: Object.fromEntries([...this.#issues].sort((a, b) => b[1] - a[1])),
    };
  }
}

/**
 * Reads a dotted path (`meta.gold`) from a JSON object.
 * @example
 * readPath({ meta: { gold: 0.7 } }, "meta.gold"); // 0.7
 */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * One scored line (a `plaudit score` result merged with its rollout, or any JSON carrying
 * `reward`, `group`, `completion`, `components`) as a {@link DiagnosedRow}.
 * @example
 * diagnosedRow({ reward: 1, group: 3, completion: "abc", meta: { gold: 0 } }, "meta.gold");
 * // { reward: 1, group: "3", length: 3, gold: 0, components: undefined, issues: undefined }
 */
export function diagnosedRow(line: Record<string, unknown>, goldField?: string): DiagnosedRow {
  const reward = typeof line.reward === "number" && Number.isFinite(line.reward) ? line.reward : null;
  const meta = (line.meta ?? {}) as Record<string, unknown>;
  let length: number | undefined;
  if (typeof meta.completion_tokens === "number") length = meta.completion_tokens;
  else if (Array.isArray(meta.completion_ids)) length = meta.completion_ids.length;
  else if (typeof line.completion === "string") length = line.completion.length;
  const gold = goldField === undefined ? undefined : readPath(line, goldField);
  return {
    reward,
    group: typeof line.group === "string" || typeof line.group === "number" ? String(line.group) : undefined,
    length,
    gold: typeof gold === "number" ? gold : null,
    components: line.components as DiagnosedRow["components"],
    issues: Array.isArray(line.issues) ? (line.issues as DiagnosedRow["issues"]) : undefined,
  };
}
