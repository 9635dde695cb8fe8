/** Data sets of the separation acceptance tests, built as a user would build them (CSV text → model frame). */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildModelFrame, parseCsv, type ModelFrame, type ModelFrameOptions } from "@glmmkit/core";
import { sharedDir } from "../../test-support/reference.js";

export function sharedCsv(file: string): string {
  return readFileSync(resolve(sharedDir, "data", file), "utf8");
}

export function frameFromCsv(text: string, formula: string, options: ModelFrameOptions = {}): ModelFrame {
  return buildModelFrame(parseCsv(text, "test.csv"), formula, options);
}

/** R's quantile(x, probs) with the default type 7 (linear interpolation between order statistics). */
export function quantileType7(values: readonly number[], probability: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * probability;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * The quartile group 1–4 of each value, as R's cut(x, quantile(x), include.lowest = TRUE) labels them:
 * intervals [q0, q1], (q1, q2], (q2, q3], (q3, q4].
 */
export function quartileGroups(values: readonly number[]): number[] {
  const breaks = [0, 0.25, 0.5, 0.75, 1].map((p) => quantileType7(values, p));
  for (let k = 1; k < breaks.length; k++) {
    if (!(breaks[k]! > breaks[k - 1]!)) throw new Error("duplicate quantile breaks: cut() would fail");
  }
  return values.map((v) => {
    for (let k = 1; k <= 4; k++) if (v <= breaks[k]!) return k;
    throw new Error(`value ${v} above the largest break`);
  });
}

/** endometrial.csv with an extra column PIq: the quartile group of PI (4 groups). */
export function endometrialGroupedCsv(): string {
  const lines = sharedCsv("endometrial.csv").trim().split(/\r?\n/);
  const header = lines[0]!.split(",");
  const rows = lines.slice(1).map((l) => l.split(","));
  const pi = header.indexOf("PI");
  const groups = quartileGroups(rows.map((r) => Number(r[pi])));
  return [`${lines[0]},PIq`, ...rows.map((r, i) => `${r.join(",")},${groups[i]}`)].join("\n");
}

export const ENDOMETRIAL_GROUPED_FORMULA = "HG ~ NV + PI + EH + (1 | PIq)";

export const CULCITA_LEVEL_ORDER = { ttt: ["none", "crabs", "shrimp", "both"] };
export const CULCITA_FORMULA = "predation ~ ttt + (1 | block)";

/** culcita.csv, optionally without the atypical observation (block 10, ttt none, predation 0). */
export function culcitaCsv(dropAtypical: boolean): string {
  const lines = sharedCsv("culcita.csv").trim().split(/\r?\n/);
  if (!dropAtypical) return lines.join("\n");
  const kept = lines.filter((l) => l.trim() !== "10,0,none");
  if (kept.length !== lines.length - 1) throw new Error("expected exactly one atypical row");
  return kept.join("\n");
}

/** Team names as formula identifiers ("Philadelphia 76ers" → "Philadelphia_76ers"). */
export function teamColumn(team: string): string {
  return team.replace(/[^A-Za-z0-9]+/g, "_");
}

/**
 * Bradley–Terry design of the NBA games before 3 Dec 2014 as a CSV: one column per team (+1 home, −1 away)
 * except the reference team San Antonio Spurs, and the response home_win; fit without an intercept.
 */
export function nbaBradleyTerryCsv(): { csv: string; formula: string; teams: string[] } {
  const lines = sharedCsv("nba_2014_15_before_2014-12-03.csv").trim().split(/\r?\n/);
  const header = lines[0]!.split(",");
  const [away, home, win] = ["away", "home", "home_win"].map((c) => header.indexOf(c)) as [number, number, number];
  const games = lines.slice(1).map((l) => l.split(","));
  const teams = [...new Set(games.flatMap((g) => [g[home]!, g[away]!]))].sort().filter((t) => t !== "San Antonio Spurs");
  const rows = games.map((g) => {
    const cells = teams.map((t) => (t === g[home] ? "1" : t === g[away] ? "-1" : "0"));
    return [...cells, g[win]!].join(",");
  });
  const columns = teams.map(teamColumn);
  return {
    csv: [[...columns, "home_win"].join(","), ...rows].join("\n"),
    formula: `home_win ~ 0 + ${columns.join(" + ")}`,
    teams,
  };
}
