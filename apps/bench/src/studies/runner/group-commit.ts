/** Rows of a local study run (run-study-locally.ts) committed in groups. */
import type { ResultStore } from "../store/result-store.js";
import type { StoredRow } from "./stored-row.js";

/**
 * Rows finishing within this many milliseconds share one commit. A commit per row cost the main thread
 * ~66 µs a task (6 600 extreme-effects tasks: 0.43 s), which it takes from the pool's threads when they
 * hold both cores; one commit per 50 ms batches ~20 rows.
 */
export const COMMIT_EVERY_MS = 50;

/**
 * Rows waiting for their shared commit. A commit that fails on the timer (disk full, I/O error) is kept and
 * thrown by `close`, so the run ends through its usual cleanup instead of an uncaught exception; nothing is
 * added or committed after `close`.
 */
export class GroupCommit {
  private rows: StoredRow[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failure: { error: unknown } | null = null;
  private closed = false;

  constructor(private readonly store: Pick<ResultStore, "putAll">) {}

  add(row: StoredRow): void {
    if (this.closed) return;
    this.rows.push(row);
    this.timer ??= setTimeout(() => this.commit(), COMMIT_EVERY_MS);
  }

  close(): void {
    this.commit();
    this.closed = true;
    if (this.failure !== null) throw this.failure.error;
  }

  private commit(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed || this.failure !== null || this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    try {
      this.store.putAll(rows);
    } catch (error) {
      this.failure = { error };
    }
  }
}
