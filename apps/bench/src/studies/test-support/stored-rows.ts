/** Reads a study folder's store (rows, reproducible content) for tests. */
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ResultStore, STORE_FILE, reproducibleContent } from "../store/result-store.js";
import type { StoredRow } from "../runner/stored-row.js";

export function storedRows(dir: string): StoredRow[] {
  const store = ResultStore.openExisting(dir);
  try {
    return store.rows();
  } finally {
    store.close();
  }
}

export function storedContent(dir: string, keep: (row: StoredRow) => boolean = () => true): string {
  return reproducibleContent(storedRows(dir).filter(keep));
}

/** Row count read while another process writes (read-only; 0 before the store exists). */
export function liveRowCount(dir: string): number {
  const path = join(dir, STORE_FILE);
  if (!existsSync(path)) return 0;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS n FROM results").get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}
