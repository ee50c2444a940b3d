import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Forks, not threads: the linear-time checks (test/support/linear-time.ts) read
    // process.cpuUsage(), which counts every thread of the process, so a file must have its
    // process to itself. Vitest's default of one worker per core minus one gives a single worker on
    // a 2-core machine, where many files spend their time waiting on child processes, sockets and
    // timers; two workers overlap that waiting (measured on a loaded 2-core machine).
    pool: "forks",
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
