/**
 * A one-line progress display on a terminal: phase, count, rate and (when the total is known)
 * percentage and ETA, redrawn at most four times a second. Only used when stderr is a TTY.
 * @module
 */

/** Where progress goes; `undefined` everywhere progress is off. */
export interface Progress {
  /** Starts a phase (`total`, when known, is informative: the ETA comes from `update`'s fraction). */
  phase(label: string, total?: number): void;
  /** Reports `count` items done; `fraction` (0..1) of the phase when known. */
  update(count: number, fraction?: number): void;
  /** Erases the line. */
  clear(): void;
}

function human(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(Math.round(n));
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/**
 * The progress line on a TTY stream.
 * @example
 * const progress = terminalProgress(process.stderr);
 * progress.phase("scoring", fileBytes);
 * progress.update(lines, bytesRead / fileBytes);
 * progress.clear();
 */
export function terminalProgress(
  stream: { write(text: string): unknown },
  now: () => number = () => performance.now(),
): Progress {
  let label = "";
  let started = now();
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    phase(next) {
      label = next;
      started = now();
      last = Number.NEGATIVE_INFINITY;
    },
    update(count, fraction) {
      const t = now();
      if (t - last < 250) return;
      last = t;
      const seconds = (t - started) / 1000;
      const rate = seconds > 0 ? count / seconds : 0;
      let text = `plaudit: ${label} ${human(count)} · ${human(rate)}/s`;
      if (fraction !== undefined && fraction > 0) {
        const eta = (seconds * (1 - fraction)) / fraction;
        text += ` · ${(fraction * 100).toFixed(1)}% · ETA ${duration(eta)}`;
      }
      stream.write(`\r\x1b[K${text}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write("\r\x1b[K");
      shown = false;
    },
  };
}
