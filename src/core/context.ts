/**
 * The per-sample state behind {@link ScoreContext}: the issue list and the memo table shared by
 * the components of one sample.
 * @module
 */
import type { Issue, IssueCode } from "./issues.js";
import type { ScoreContext } from "./reward.js";

/**
 * Issues and memoised values of one sample while its components are scored.
 * @example
 * const state = new SampleState();
 * state.memo("answer", () => 42); // 42 (computed)
 * state.memo("answer", () => 7); // 42 (memoised)
 */
export class SampleState {
  readonly issues: Issue[] = [];
  /** Batch counters by component name and key (see `ScoreContext.tally`); absent until used. */
  tallies: Map<string, Record<string, number>> | undefined;
  /** Values kept for inspection by component name (see `ScoreContext.detail`); absent until used. */
  details: Record<string, Record<string, unknown>> | undefined;
  /** Aborted when the sample's result is no longer needed (see `ScoreContext.signal`). */
  signal: AbortSignal | undefined;
  // A sample memoises one to three values (a parsed answer shared by a few components): the first
  // sits in two fields and the rest in parallel arrays, so the common case allocates nothing.
  #firstKey: string | undefined;
  #firstValue: unknown;
  #moreKeys: string[] | undefined;
  #moreValues: unknown[] | undefined;
  // Issues reported while a memoised value was computed, by key (only keys that reported any), so
  // every component that reuses the value carries them too, not just the one that computed it.
  #reported: Map<string, Issue[]> | undefined;

  /**
   * The value memoised under `key`, computing it on first use. `reporter` names the component
   * asking: issues reported while the value was computed are repeated under that name when
   * another component reuses the value (a shared parse that fails fails for each of them).
   */
  memo<T>(key: string, compute: () => T, reporter?: string): T {
    if (this.#firstKey === key) return this.#replay(key, reporter, this.#firstValue as T);
    const keys = this.#moreKeys;
    if (keys) {
      for (let i = 0; i < keys.length; i++)
        if (keys[i] === key) return this.#replay(key, reporter, this.#moreValues![i] as T);
    }
    const before = this.issues.length;
    const value = compute();
    if (this.issues.length > before) {
      this.#reported ??= new Map();
      this.#reported.set(key, this.issues.slice(before));
    }
    if (this.#firstKey === undefined) {
      this.#firstKey = key;
      this.#firstValue = value;
    } else if (!this.#moreKeys) {
      this.#moreKeys = [key];
      this.#moreValues = [value];
    } else {
      this.#moreKeys.push(key);
      this.#moreValues!.push(value);
    }
    return value;
  }

  /** Adds `n` to the counter `key` of component `name`. */
  tally(name: string, key: string, n = 1): void {
    this.tallies ??= new Map();
    let counters = this.tallies.get(name);
    if (!counters) {
      counters = {};
      this.tallies.set(name, counters);
    }
    counters[key] = (counters[key] ?? 0) + n;
  }

  /** Keeps `value` under `key` in component `name`'s details. */
  detail(name: string, key: string, value: unknown): void {
    this.details ??= {};
    this.details[name] ??= {};
    this.details[name]![key] = value;
  }

  #replay<T>(key: string, reporter: string | undefined, value: T): T {
    const reported = this.#reported?.get(key);
    if (!reported || reporter === undefined) return value;
    for (const issue of reported) {
      if (issue.reward === reporter) continue;
      const already = this.issues.some((i) => i.reward === reporter && i.code === issue.code);
      if (!already) this.issues.push({ reward: reporter, code: issue.code, message: issue.message });
    }
    return value;
  }

  /** A context that reports issues under the component `name`. */
  contextFor(name: string): ComponentContext {
    return new ComponentContext(this, name);
  }
}

/**
 * A context that reports issues under one component name. The scorer rebinds one instance per
 * component from sample to sample ({@link ComponentContext.bind}) instead of allocating a context
 * per call; an instance handed to a call that returned a promise is retired and never rebound,
 * so asynchronous rewards keep the right sample. A context is valid until `score` returns, or
 * until the promise it returned settles.
 * @example
 * const state = new SampleState();
 * new ComponentContext(state, "iou").report("no_box_found", "no box");
 * state.issues; // [{ reward: "iou", code: "no_box_found", message: "no box" }]
 */
export class ComponentContext implements ScoreContext {
  #state: SampleState;
  readonly #name: string;

  constructor(state: SampleState, name: string) {
    this.#state = state;
    this.#name = name;
  }

  /** Points this context at another sample's state. */
  bind(state: SampleState): this {
    this.#state = state;
    return this;
  }

  report(code: IssueCode, message: string): void {
    this.#state.issues.push({ reward: this.#name, code, message });
  }

  memo<T>(key: string, compute: () => T): T {
    return this.#state.memo(key, compute, this.#name);
  }

  tally(key: string, n = 1): void {
    this.#state.tally(this.#name, key, n);
  }

  detail(key: string, value: unknown): void {
    this.#state.detail(this.#name, key, value);
  }

  get signal(): AbortSignal | undefined {
    return this.#state.signal;
  }
}

/**
 * A context for unit tests and one-off calls: returns the context and the issues it collects.
 * @example
 * const { ctx, issues } = createContext();
 * iou().score!(sample, ctx);
 * expect(issues[0]?.code).toBe("no_box_found");
 */
export function createContext(name = "reward"): { ctx: ScoreContext; issues: Issue[] } {
  const state = new SampleState();
  return { ctx: state.contextFor(name), issues: state.issues };
}
