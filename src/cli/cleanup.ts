/**
 * Things a command must undo however it ends (a temporary output file, spill files): registered
 * synchronous actions run once on normal exit, on SIGINT / SIGTERM (then the process exits with
 * 128 + the signal number) and when stdout's reader goes away (EPIPE: the process ends quietly).
 * @module
 */

const actions = new Set<() => void>();
let installed = false;

function runAll(): void {
  for (const action of [...actions]) {
    actions.delete(action);
    try {
      action();
    } catch {
      // Best effort: one failed removal must not keep the others from running.
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", runAll);
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.on(signal, () => {
      runAll();
      process.exit(code);
    });
  }
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    runAll();
    if (error.code === "EPIPE") process.exit(0);
    process.stderr.write(`plaudit: cannot write to stdout: ${error.message}\n`);
    process.exit(1);
  });
}

/**
 * Registers a synchronous cleanup action; returns a function that unregisters it (call it once
 * the action has been done or is no longer wanted).
 * @example
 * const forget = onCleanup(() => rmSync(tmp, { force: true }));
 * renameSync(tmp, out);
 * forget();
 */
export function onCleanup(action: () => void): () => void {
  install();
  actions.add(action);
  return () => {
    actions.delete(action);
  };
}

/**
 * Installs the signal and EPIPE handlers without registering an action (a run writing to stdout
 * must still end quietly when the pipe closes).
 * @example
 * installCleanupHandlers();
 */
export function installCleanupHandlers(): void {
  install();
}
