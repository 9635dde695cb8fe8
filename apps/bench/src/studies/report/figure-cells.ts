/**
 * A figure beside its published value: ours, its Monte-Carlo SE, the replications it rests on, the
 * published number (as printed: a number, a string such as ">25", or nothing) and ours − published.
 */
import type { Estimate } from "./metrics.js";
import type { TableValue } from "./report-types.js";

export const FIGURE_COLUMNS = ["ours", "MC SE", "R", "published", "difference"] as const;

export function figureCells(ours: Estimate, published: number | string | null | undefined, scale = 1): TableValue[] {
  const value = ours.value * scale;
  const se = ours.se * scale;
  const printed = published ?? null;
  const difference = typeof printed === "number" && Number.isFinite(value) ? value - printed : null;
  return [value, se, ours.count, printed, difference];
}
