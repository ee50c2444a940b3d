/**
 * Linear-time checks that do not depend on the machine's speed or load: the time for an input ten
 * times larger is compared with the time for the smaller one, inside one test. Linear code gives
 * a ratio near 10, quadratic code near 100; the bound (default 40) sits far from both. Code that
 * allocates in proportion to its input (a parser building a million nested arrays) can measure
 * more than 10 when linear, because garbage-collection work grows with the live heap; such
 * callers pass a larger `maxRatio`, with the reason.
 *
 * Time is this process's CPU time (`process.cpuUsage`), not the wall clock, so a busy machine
 * that deschedules the test does not count; vitest runs each test file in its own process. The
 * two sizes are measured in alternation, each as the minimum over several rounds, and a round
 * repeats the call until it has used a few milliseconds.
 * @module
 */
import { expect } from "vitest";

/** Options of {@link expectLinearTime}. */
export interface LinearTimeOptions {
  /** Size of the small input; the large one is ten times that. Default 100,000. */
  smallSize?: number;
  /** Largest accepted ratio large/small. Default 40. */
  maxRatio?: number;
  /** Rounds per size (the minimum is kept). Default 5. */
  rounds?: number;
  /** Label shown when the assertion fails. */
  label?: string;
}

// A small side under 0.5 ms of CPU counts as 0.5 ms: at that scale cache effects (100 KB fits in
// a core's cache, 1 MB does not) and GC decide the ratio, and quadratic work on 100 KB (~10^10
// steps) could never be that fast, so the floor cannot hide it.
const FLOOR_MS = 0.5;

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** CPU time per call of one round: the call repeated until it has used 4 ms (at most 1,000 calls). */
function roundTimePerCall(run: () => unknown): number {
  let calls = 0;
  const started = cpuMs();
  let used = 0;
  do {
    run();
    calls++;
    used = cpuMs() - started;
  } while (used < 4 && calls < 1000);
  return used / calls;
}

/**
 * Measures `run(build(n))` for n = `smallSize` and 10·n and asserts the time ratio stays below
 * `maxRatio`. Returns the ratio, for messages.
 * @param build makes the input of (about) the given size in characters
 * @param run the code under test
 * @example
 * expectLinearTime((n) => "[".repeat(n), (text) => parseBox(text));
 */
export function expectLinearTime<T>(
  build: (size: number) => T,
  run: (input: T) => unknown,
  options: LinearTimeOptions = {},
): number {
  const smallSize = options.smallSize ?? 100_000;
  const rounds = options.rounds ?? 5;
  const small = build(smallSize);
  const large = build(smallSize * 10);
  run(small); // warm up the JIT on both sizes before timing
  run(large);
  let smallMs = Number.POSITIVE_INFINITY;
  let largeMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    smallMs = Math.min(
      smallMs,
      roundTimePerCall(() => run(small)),
    );
    largeMs = Math.min(
      largeMs,
      roundTimePerCall(() => run(large)),
    );
  }
  const ratio = largeMs / Math.max(smallMs, FLOOR_MS);
  if (process.env.PLAUDIT_LINEAR_TIME_LOG)
    console.log(
      `linear-time ${options.label ?? ""} ${smallMs.toFixed(4)} ${largeMs.toFixed(4)} ${ratio.toFixed(1)}`,
    );
  expect(
    ratio,
    `${options.label ?? "input"}: ${largeMs.toFixed(3)} ms for 10× vs ${smallMs.toFixed(3)} ms`,
  ).toBeLessThan(options.maxRatio ?? 40);
  return ratio;
}

/**
 * Repeats a unit string to about `size` characters.
 * @example
 * repeatTo("ab", 5); // "ababab"
 */
export function repeatTo(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length));
}
