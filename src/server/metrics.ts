/**
 * Prometheus metrics of the service, rendered in the text exposition format (version 0.0.4).
 * A small purpose-built registry: counters and gauges keyed by label values, one latency
 * histogram per route, and per-component means over a recent window of samples.
 * @module
 */
import { issueKind, type Result } from "../core/index.js";
import type { EndpointCounters } from "../models/index.js";

/** Latency buckets in seconds: from sub-millisecond single samples to large batches. */
const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

type Labels = Record<string, string>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function labelText(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return "";
  return `{${keys.map((k) => `${k}="${escapeLabel(labels[k]!)}"`).join(",")}}`;
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

/** A family of series sharing a name, keyed by their label set. */
class Family {
  readonly series = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly kind: "counter" | "gauge",
  ) {}

  add(labels: Labels, delta: number): void {
    const key = labelText(labels);
    const entry = this.series.get(key);
    if (entry) entry.value += delta;
    else this.series.set(key, { labels, value: delta });
  }

  set(labels: Labels, value: number): void {
    const key = labelText(labels);
    const entry = this.series.get(key);
    if (entry) entry.value = value;
    else this.series.set(key, { labels, value });
  }

  render(lines: string[]): void {
    lines.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.kind}`);
    for (const { labels, value } of this.series.values())
      lines.push(`${this.name}${labelText(labels)} ${numberText(value)}`);
  }
}

/** Cumulative-bucket latency histogram per label set. */
class Histogram {
  readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  observe(labels: Labels, seconds: number): void {
    const key = labelText(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels, counts: new Array(LATENCY_BUCKETS.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    for (let b = 0; b < LATENCY_BUCKETS.length; b++) if (seconds <= LATENCY_BUCKETS[b]!) entry.counts[b]!++;
    entry.sum += seconds;
    entry.count++;
  }

  render(lines: string[]): void {
    lines.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`);
    for (const { labels, counts, sum, count } of this.series.values()) {
      LATENCY_BUCKETS.forEach((le, b) => {
        lines.push(`${this.name}_bucket${labelText({ ...labels, le: String(le) })} ${counts[b]}`);
      });
      lines.push(`${this.name}_bucket${labelText({ ...labels, le: "+Inf" })} ${count}`);
      lines.push(
        `${this.name}_sum${labelText(labels)} ${sum}`,
        `${this.name}_count${labelText(labels)} ${count}`,
      );
    }
  }
}

/** The mean of the last `size` non-null values, kept in a ring buffer. */
class WindowMean {
  readonly #values: Float64Array;
  #next = 0;
  #filled = 0;
  constructor(size: number) {
    this.#values = new Float64Array(size);
  }
  push(value: number): void {
    if (this.#filled < this.#values.length) this.#filled++;
    this.#values[this.#next] = value;
    this.#next = (this.#next + 1) % this.#values.length;
  }
  get mean(): number {
    // Summed at scrape time (rare) instead of kept running, which would drift in floating point.
    if (this.#filled === 0) return Number.NaN;
    let sum = 0;
    for (let i = 0; i < this.#filled; i++) sum += this.#values[i]!;
    return sum / this.#filled;
  }
}

/** Why a request was turned away before it was scored. */
export type RejectionReason =
  | "inflight"
  | "queue_full"
  | "batch_too_large"
  | "body_too_large"
  | "unsupported_media_type"
  | "host_not_allowed"
  | "unauthorized"
  | "deadline";

/**
 * The service's metrics.
 * @example
 * const metrics = new ServerMetrics();
 * metrics.observeRequest("/v1/score", "POST", 200, 0.012);
 * const text = metrics.render();
 */
export class ServerMetrics {
  readonly #requests = new Family(
    "plaudit_http_requests_total",
    "HTTP requests by route, method and status.",
    "counter",
  );
  readonly #latency = new Histogram(
    "plaudit_http_request_duration_seconds",
    "Request latency by route, in seconds.",
  );
  readonly #samples = new Family("plaudit_samples_scored_total", "Samples scored, by recipe.", "counter");
  readonly #nullRewards = new Family(
    "plaudit_null_rewards_total",
    "Samples whose combined reward was null (no component applied, or an invalid sample), by recipe.",
    "counter",
  );
  readonly #nullSent = new Family(
    "plaudit_null_rewards_sent_as_number_total",
    "Null rewards sent to OpenRLHF as the configured number (its protocol has no null).",
    "counter",
  );
  readonly #dataErrors = new Family(
    "plaudit_data_errors_total",
    "Samples with at least one data error (broken input: unparseable reference, missing image size, invalid sample), by recipe.",
    "counter",
  );
  readonly #serverErrors = new Family(
    "plaudit_server_errors_total",
    "Samples whose judge or model server failed (error after retries, timeout, unparseable reply); their reward is null, by recipe.",
    "counter",
  );
  readonly #issues = new Family(
    "plaudit_issues_total",
    "Issues attached to results, by recipe and code.",
    "counter",
  );
  readonly #inflight = new Family("plaudit_inflight_requests", "Scoring requests being processed.", "gauge");
  readonly #queued = new Family(
    "plaudit_queued_samples",
    "Samples admitted to the scoring queue and not yet answered.",
    "gauge",
  );
  readonly #rejected = new Family(
    "plaudit_rejected_requests_total",
    "Requests turned away, by reason.",
    "counter",
  );
  readonly #disconnects = new Family(
    "plaudit_client_disconnects_total",
    "Requests whose client closed the connection before the response was written, by route.",
    "counter",
  );
  readonly #means = new Map<string, Map<string, WindowMean>>();
  readonly #windowSize: number;
  #inflightNow = 0;

  /** @param windowSize how many recent non-null values each component mean covers */
  constructor(windowSize = 4096) {
    this.#windowSize = windowSize;
    this.#inflight.set({}, 0);
    this.#queued.set({}, 0);
  }

  /** Records one finished request. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.#requests.add({ route, method, status: String(status) }, 1);
    this.#latency.observe({ route }, seconds);
  }

  /** Records scored results: sample counts, null rewards, issue codes and component windows. */
  observeResults(recipe: string, results: readonly Result[]): void {
    this.#samples.add({ recipe }, results.length);
    if (results.length === 0) return;
    // Windows are looked up once per batch and component, not per value: batches reach 8k samples.
    const names = Object.keys(results[0]!.components);
    const windows = names.map((name) => this.#window(recipe, name));
    const rewardWindow = this.#window(recipe, "reward");
    const issueCounts = new Map<string, number>();
    let nulls = 0;
    let dataErrors = 0;
    let serverErrors = 0;
    for (const result of results) {
      if (result.reward === null) nulls++;
      else rewardWindow.push(result.reward);
      const components = result.components;
      for (let k = 0; k < names.length; k++) {
        const value = components[names[k]!];
        if (value !== null && value !== undefined) windows[k]!.push(value);
      }
      let dataError = false;
      let serverError = false;
      for (const issue of result.issues) {
        issueCounts.set(issue.code, (issueCounts.get(issue.code) ?? 0) + 1);
        const kind = issueKind(issue.code);
        if (kind === "data") dataError = true;
        else if (kind === "server") serverError = true;
      }
      if (dataError) dataErrors++;
      if (serverError) serverErrors++;
    }
    if (dataErrors) this.#dataErrors.add({ recipe }, dataErrors);
    if (serverErrors) this.#serverErrors.add({ recipe }, serverErrors);
    for (const [code, count] of issueCounts) this.#issues.add({ recipe, code }, count);
    if (nulls) this.#nullRewards.add({ recipe }, nulls);
  }

  /** Counts null rewards that the OpenRLHF route had to send as a number. */
  observeNullsSent(recipe: string, count: number): void {
    if (count) this.#nullSent.add({ recipe }, count);
  }

  /** Counts a request whose client left before its response was written. */
  observeDisconnect(route: string): void {
    this.#disconnects.add({ route }, 1);
  }

  /** Counts a rejected request. */
  observeRejection(reason: RejectionReason): void {
    this.#rejected.add({ reason }, 1);
  }

  /** Scoring requests in flight (the admission middleware moves it). */
  get inflight(): number {
    return this.#inflightNow;
  }

  /** Moves the in-flight gauge by `delta` (+1 on entry, −1 on completion). */
  moveInflight(delta: number): void {
    this.#inflightNow += delta;
    this.#inflight.set({}, this.#inflightNow);
  }

  /** Sets the queued-samples gauge (the scoring queue moves it). */
  setQueuedSamples(count: number): void {
    this.#queued.set({}, count);
  }

  #window(recipe: string, component: string): WindowMean {
    let byComponent = this.#means.get(recipe);
    if (!byComponent) {
      byComponent = new Map();
      this.#means.set(recipe, byComponent);
    }
    let window = byComponent.get(component);
    if (!window) {
      window = new WindowMean(this.#windowSize);
      byComponent.set(component, window);
    }
    return window;
  }

  #models: (() => readonly EndpointCounters[]) | undefined;

  /**
   * Reads the model endpoints' counters at every render (`plaudit_model_requests_total` and
   * friends, by url and model), from the provider the recipes' judges and reward models use.
   * @example
   * metrics.watchModels(() => models.endpointCounters?.() ?? []);
   */
  watchModels(read: () => readonly EndpointCounters[]): void {
    this.#models = read;
  }

  #renderModels(lines: string[]): void {
    const endpoints = this.#models?.() ?? [];
    if (endpoints.length === 0) return;
    const families: Array<[keyof EndpointCounters, Family]> = [
      [
        "requests",
        new Family(
          "plaudit_model_requests_total",
          "Calls sent to each model endpoint (a retried call counts once).",
          "counter",
        ),
      ],
      [
        "failures",
        new Family(
          "plaudit_model_failures_total",
          "Calls to each model endpoint that failed after their last try (their rewards are null).",
          "counter",
        ),
      ],
      [
        "cacheHits",
        new Family(
          "plaudit_model_cache_hits_total",
          "Calls to each model endpoint answered by the in-memory reply cache.",
          "counter",
        ),
      ],
      [
        "diskHits",
        new Family(
          "plaudit_model_disk_cache_hits_total",
          "Calls to each model endpoint answered by the on-disk reply cache.",
          "counter",
        ),
      ],
    ];
    for (const endpoint of endpoints) {
      for (const [field, family] of families)
        family.add({ url: endpoint.url, model: endpoint.model }, endpoint[field] as number);
    }
    for (const [, family] of families) family.render(lines);
  }

  /** The Prometheus text exposition of every metric. */
  render(): string {
    const lines: string[] = [];
    this.#requests.render(lines);
    this.#latency.render(lines);
    this.#samples.render(lines);
    this.#nullRewards.render(lines);
    this.#nullSent.render(lines);
    this.#dataErrors.render(lines);
    this.#serverErrors.render(lines);
    this.#issues.render(lines);
    this.#inflight.render(lines);
    this.#queued.render(lines);
    this.#rejected.render(lines);
    this.#disconnects.render(lines);
    this.#renderModels(lines);
    const means = new Family(
      "plaudit_component_mean",
      `Mean of each component (and the combined reward, component="reward") over the last ${this.#windowSize} non-null values.`,
      "gauge",
    );
    for (const [recipe, byComponent] of this.#means) {
      for (const [component, window] of byComponent) means.set({ recipe, component }, window.mean);
    }
    means.render(lines);
    return `${lines.join("\n")}\n`;
  }
}
