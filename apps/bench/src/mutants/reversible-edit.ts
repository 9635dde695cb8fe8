/**
 * One source file edited for the length of a test run and always put back: the original text is written
 * to a journal file before the edit, restored in a `finally`, on SIGINT / SIGTERM / SIGHUP and at process
 * exit, and — should the process die without running any handler (SIGKILL, power loss) — by the next run,
 * which finds the journal and restores from it before doing anything else.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface JournalEntry {
  readonly path: string;
  readonly original: string;
}

export class ReversibleEditor {
  private active: JournalEntry | null = null;
  private readonly onSignal: (signal: NodeJS.Signals) => void;
  private readonly onExit: () => void;
  private cleanups: (() => void)[] = [];

  /** `journalPath` holds the original of the file being edited while an edit is in place. */
  constructor(private readonly journalPath: string) {
    this.onExit = () => this.restore();
    this.onSignal = (signal) => {
      for (const cleanup of this.cleanups) cleanup();
      this.restore();
      process.stderr.write(`\n${signal}: the edited file was restored\n`);
      process.exit(signal === "SIGINT" ? 130 : 143);
    };
  }

  /** Put back a file left edited by an earlier run that could not clean up; returns its path, if any. */
  recoverFromJournal(): string | null {
    if (!existsSync(this.journalPath)) return null;
    const entry = JSON.parse(readFileSync(this.journalPath, "utf8")) as JournalEntry;
    writeFileSync(entry.path, entry.original);
    rmSync(this.journalPath);
    return entry.path;
  }

  /** Install the signal and exit handlers; call `close` when done. */
  open(): void {
    process.on("SIGINT", this.onSignal);
    process.on("SIGTERM", this.onSignal);
    process.on("SIGHUP", this.onSignal);
    process.on("exit", this.onExit);
  }

  close(): void {
    this.restore();
    process.off("SIGINT", this.onSignal);
    process.off("SIGTERM", this.onSignal);
    process.off("SIGHUP", this.onSignal);
    process.off("exit", this.onExit);
  }

  /** Run before the restore on a signal (e.g. killing a child test process). */
  addSignalCleanup(cleanup: () => void): () => void {
    this.cleanups.push(cleanup);
    return () => {
      this.cleanups = this.cleanups.filter((c) => c !== cleanup);
    };
  }

  /**
   * Replace the single occurrence of `find` in `path` by `replace`, run `body`, restore the file.
   * Returns null (and edits nothing) when `find` does not occur exactly once.
   */
  async withEdit<T>(path: string, find: string, replace: string, body: () => Promise<T>): Promise<T | null> {
    if (this.active !== null) throw new Error(`an edit of ${this.active.path} is already in place`);
    const original = readFileSync(path, "utf8");
    const at = original.indexOf(find);
    if (at < 0 || original.indexOf(find, at + 1) >= 0) return null;
    mkdirSync(dirname(this.journalPath), { recursive: true });
    writeFileSync(this.journalPath, JSON.stringify({ path, original } satisfies JournalEntry));
    this.active = { path, original };
    try {
      writeFileSync(path, original.slice(0, at) + replace + original.slice(at + find.length));
      return await body();
    } finally {
      this.restore();
    }
  }

  private restore(): void {
    const entry = this.active;
    if (entry === null) return;
    writeFileSync(entry.path, entry.original);
    if (readFileSync(entry.path, "utf8") !== entry.original) throw new Error(`could not restore ${entry.path}`);
    rmSync(this.journalPath, { force: true });
    this.active = null;
  }
}
