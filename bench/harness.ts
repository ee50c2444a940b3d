/**
 * Benchmark helpers: timing loops and the row format every bench module returns.
 * Benchmarks never run in `npm test`; `npm run bench` runs them all.
 * @module
 */

/** One line of the bench table. */
export interface BenchRow {
  name: string;
  samples: number;
  samplesPerSec: number;
  p50Ms?: number;
  p99Ms?: number;
  note?: string;
}

/** The q-quantile (0..1) of a list of numbers (nearest rank). */
export function quantile(values: readonly number[], q: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Times `fn` over `samples` items in batches, after a warm-up, and reports throughput plus the
 * p50/p99 of per-batch latency divided by the batch size (the per-sample latency).
 */
export function timeThroughput(
  name: string,
  samples: number,
  batch: number,
  fn: (start: number, end: number) => void,
): BenchRow {
  const warm = Math.min(samples, batch * 4);
  for (let i = 0; i < warm; i += batch) fn(i, Math.min(warm, i + batch));
  const perSample: number[] = [];
  const started = performance.now();
  for (let i = 0; i < samples; i += batch) {
    const end = Math.min(samples, i + batch);
    const t = performance.now();
    fn(i, end);
    perSample.push((performance.now() - t) / (end - i));
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    name,
    samples,
    samplesPerSec: samples / seconds,
    p50Ms: quantile(perSample, 0.5),
    p99Ms: quantile(perSample, 0.99),
  };
}

function fmtRate(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M/s`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k/s`;
  return `${n.toFixed(1)} /s`;
}

function fmtMs(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return "-";
  return n < 0.01 ? `${(n * 1000).toFixed(2)} µs` : `${n.toFixed(3)} ms`;
}

/** Formats rows as an aligned text table. */
export function formatTable(rows: readonly BenchRow[]): string {
  const cells = [
    ["benchmark", "samples", "throughput", "p50", "p99", "note"],
    ...rows.map((r) => [
      r.name,
      String(r.samples),
      fmtRate(r.samplesPerSec),
      fmtMs(r.p50Ms),
      fmtMs(r.p99Ms),
      r.note ?? "",
    ]),
  ];
  const widths = cells[0]!.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  return cells
    .map((row) =>
      row
        .map((cell, c) => (c === 0 || c === 5 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join("  "),
    )
    .join("\n");
}
