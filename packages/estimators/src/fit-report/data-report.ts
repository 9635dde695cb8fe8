/**
 * The rows a fit read and set aside, from its model frame (printed by the summary, kept in the JSON): one
 * function, so that every kind of fit — optimised, sampled or stochastic approximation — records the same.
 */
import type { DataReport, ModelFrame } from "@glmmkit/core";

export function dataReport(frame: ModelFrame): DataReport {
  return {
    rowsRead: frame.rowsRead,
    omitted: (frame.omitted ?? []).map((o) => ({ reason: o.reason, count: o.rows.length, rows: o.rows })),
  };
}
