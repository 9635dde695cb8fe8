/** Stored rows with their FitRecord decoded, and the lookups every report makes. */
import { median as timingMedian } from "../../timing.js";
import { fromCanonicalJson } from "../runner/canonical-json.js";
import type { FitRecord } from "../runner/fit-record.js";
import type { StoredRow } from "../runner/stored-row.js";
import type { DecodedRow } from "./report-types.js";

export function decodeRows(rows: readonly StoredRow[]): DecodedRow[] {
  return rows.map((row) => ({ ...row, fit: row.record === null ? null : fromCanonicalJson<FitRecord>(row.record) }));
}

/** Rows of one cell and estimator, in replicate order. */
export function rowsOf(rows: readonly DecodedRow[], cell: string, estimator: string): DecodedRow[] {
  return rows.filter((r) => r.cell === cell && r.estimator === estimator).sort((a, b) => a.replicate - b.replicate);
}

/** The fits (failed tasks left out) of one cell and estimator. */
export function fitsOf(rows: readonly DecodedRow[], cell: string, estimator: string): FitRecord[] {
  return rowsOf(rows, cell, estimator).flatMap((r) => (r.fit === null ? [] : [r.fit]));
}

/** β̂ of a named coefficient (NaN when the fit has no such name). */
export function betaOf(fit: FitRecord, name: string): number {
  const k = fit.betaNames.indexOf(name);
  return k < 0 ? Number.NaN : fit.beta[k]!;
}

/** The median (NaN for no values). */
export function median(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : timingMedian(values);
}
