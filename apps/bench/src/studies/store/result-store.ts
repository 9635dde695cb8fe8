/**
 * The result store: one SQLite file per study run (`DIR/results.sqlite`) through better-sqlite3 12.x.
 *
 * Why SQLite and not DuckDB: the workload is many small single-row transactions from one writer while
 * fits finish, which is what SQLite's write-ahead log is for; every committed row survives `kill -9`
 * (WAL + synchronous=NORMAL: a commit returns after its write() to the log, so a killed process loses
 * nothing; only a power loss or OS crash can roll back the last commits, whose tasks a resume then runs
 * again with the same bytes), and the file opens with the stock `sqlite3` shell. synchronous=FULL would
 * add an fsync per row on the main thread (2–3.5 ms here against ~7 ms per extreme-effects fit), which
 * stalls the pool's dispatch and caps the parallel speed-up. DuckDB is columnar and built for scans, and its Node binding's writer story for
 * frequent tiny inserts is weaker. Reports read a few thousand rows, which either does in milliseconds.
 *
 * Rows are keyed by task ("cell#replicate#estimator"): a restarted run asks which keys exist and runs the
 * rest, and a task stored twice (a queue retry) keeps its first row (INSERT OR IGNORE; both are the same
 * bytes anyway, apart from seconds).
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { StoredRow } from "../runner/stored-row.js";

export interface StudyMeta {
  readonly study: string;
  readonly design: string;
  readonly seed: string;
}

export const STORE_FILE = "results.sqlite";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS results (
  task TEXT PRIMARY KEY,
  cell TEXT NOT NULL,
  replicate INTEGER NOT NULL,
  estimator TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
  record TEXT,
  error TEXT,
  code_version TEXT NOT NULL,
  seconds REAL NOT NULL
);`;

interface RawRow {
  task: string;
  cell: string;
  replicate: number;
  estimator: string;
  status: "ok" | "failed";
  record: string | null;
  error: string | null;
  code_version: string;
  seconds: number;
}

export class StoreMismatchError extends Error {}

export class ResultStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;

  private constructor(db: Database.Database) {
    this.db = db;
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO results (task, cell, replicate, estimator, status, record, error, code_version, seconds)
       VALUES (@task, @cell, @replicate, @estimator, @status, @record, @error, @codeVersion, @seconds)`,
    );
  }

  /** Opens (or creates) DIR/results.sqlite for a study; a folder holding another study or seed is an error. */
  static open(dir: string, meta: StudyMeta): ResultStore {
    mkdirSync(dir, { recursive: true });
    const db = new Database(join(dir, STORE_FILE));
    db.pragma("journal_mode = WAL");
    // Durable against kill -9 without an fsync per commit (see the header).
    db.pragma("synchronous = NORMAL");
    db.exec(SCHEMA);
    const store = new ResultStore(db);
    const existing = store.meta();
    if (existing === null) {
      const put = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
      db.transaction(() => {
        put.run("study", meta.study);
        put.run("design", meta.design);
        put.run("seed", meta.seed);
      })();
    } else if (existing.study !== meta.study || existing.seed !== meta.seed) {
      db.close();
      throw new StoreMismatchError(
        `--out ${dir} holds study "${existing.study}" with seed "${existing.seed}", not "${meta.study}" with seed "${meta.seed}": choose another --out or the same --seed`,
      );
    }
    return store;
  }

  /** Opens an existing store to read (reports); throws when DIR has none. */
  static openExisting(dir: string): ResultStore {
    const db = new Database(join(dir, STORE_FILE), { fileMustExist: true });
    db.pragma("journal_mode = WAL");
    db.exec(SCHEMA);
    return new ResultStore(db);
  }

  meta(): StudyMeta | null {
    const rows = this.db.prepare("SELECT key, value FROM meta").all() as { key: string; value: string }[];
    const map = new Map(rows.map((r) => [r.key, r.value]));
    const study = map.get("study");
    const design = map.get("design");
    const seed = map.get("seed");
    return study === undefined || design === undefined || seed === undefined ? null : { study, design, seed };
  }

  /** Keys of every stored task. */
  storedTasks(): Set<string> {
    const rows = this.db.prepare("SELECT task FROM results").pluck().all() as string[];
    return new Set(rows);
  }

  /** Stores one row in its own transaction (it survives kill -9 once this returns). */
  put(row: StoredRow): void {
    this.insert.run(row);
  }

  /** Stores rows in one transaction (all of them survive kill -9 once this returns, or none). */
  putAll(rows: readonly StoredRow[]): void {
    this.db.transaction(() => {
      for (const row of rows) this.insert.run(row);
    })();
  }

  /** Every row, ordered by task key (so two stores with the same rows read back the same). */
  rows(): StoredRow[] {
    const raw = this.db.prepare("SELECT * FROM results ORDER BY task").all() as RawRow[];
    return raw.map(({ code_version, ...rest }) => ({ ...rest, codeVersion: code_version }));
  }

  count(): { total: number; failed: number } {
    const row = this.db.prepare("SELECT COUNT(*) AS total, SUM(status = 'failed') AS failed FROM results").get() as { total: number; failed: number | null };
    return { total: row.total, failed: row.failed ?? 0 };
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The store's reproducible content: every row without its seconds, in task order, one JSON line each.
 * Two runs of the same tasks (any order, any workers, any machines of the same code) give the same text.
 */
export function reproducibleContent(rows: readonly StoredRow[]): string {
  return rows.map(({ seconds: _seconds, ...rest }) => JSON.stringify(rest)).join("\n");
}
