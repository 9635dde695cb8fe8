/**
 * Progress of a study: done / total, rate, ETA and failures. On a terminal one bar redrawn in place
 * (at most 10 times a second); otherwise a plain line every `intervalSeconds` and one at the end, so logs
 * of long runs stay readable.
 */
export interface ProgressSink {
  readonly isTTY: boolean;
  readonly columns?: number;
  write(text: string): void;
}

export interface Progress {
  /** One more task finished (failed or not). */
  tick(failed: boolean): void;
  finish(): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "--";
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : m > 0 ? `${m}m${String(rest).padStart(2, "0")}s` : `${rest}s`;
}

/** "1234/3300 (37.4 %) 5.2 tasks/s ETA 6m37s, 3 failed" — the text both modes print. */
export function progressText(done: number, total: number, elapsedSeconds: number, failures: number, alreadyDone: number): string {
  const rate = elapsedSeconds > 0 ? (done - alreadyDone) / elapsedSeconds : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
  const percent = total === 0 ? 100 : (100 * done) / total;
  return `${done}/${total} (${percent.toFixed(1)} %) ${rate.toFixed(2)} tasks/s ETA ${formatDuration(eta)}, ${failures} failed`;
}

export function createProgress(options: {
  label: string;
  total: number;
  alreadyDone: number;
  alreadyFailed: number;
  sink: ProgressSink;
  intervalSeconds?: number;
  now?: () => number;
}): Progress {
  const now = options.now ?? (() => performance.now() / 1000);
  const started = now();
  const interval = options.intervalSeconds ?? 10;
  let done = options.alreadyDone;
  let failures = options.alreadyFailed;
  let lastDraw = Number.NEGATIVE_INFINITY;
  const draw = (final: boolean): void => {
    const t = now();
    const text = progressText(done, options.total, t - started, failures, options.alreadyDone);
    if (options.sink.isTTY) {
      if (!final && t - lastDraw < 0.1) return;
      const width = Math.max(10, Math.min(40, (options.sink.columns ?? 80) - text.length - options.label.length - 6));
      const filled = options.total === 0 ? width : Math.round((width * done) / options.total);
      options.sink.write(`\r${options.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${text}\u001b[K${final ? "\n" : ""}`);
    } else {
      if (!final && t - lastDraw < interval) return;
      options.sink.write(`${options.label}: ${text}\n`);
    }
    lastDraw = t;
  };
  return {
    tick(failed) {
      done++;
      if (failed) failures++;
      draw(false);
    },
    finish() {
      draw(true);
    },
  };
}
