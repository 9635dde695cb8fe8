/** Real data sets and reference fits for the jeffreys-glm tests (read from the vendored copy of ../shared in vendor/shared). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SHARED = fileURLToPath(new URL("../../../../vendor/shared/", import.meta.url));

export interface GlmData {
  n: number;
  p: number;
  /** n × p, column-major. */
  X: Float64Array;
  y: Float64Array;
  trials: Float64Array;
  names: string[];
}

function readCsv(file: string): { header: string[]; rows: string[][] } {
  const text = readFileSync(`${SHARED}data/${file}`, "utf8").trim();
  const [head, ...lines] = text.split(/\r?\n/);
  return { header: head!.split(","), rows: lines.map((l) => l.split(",")) };
}

/** brglm2's endometrial data: HG ~ NV + PI + EH (NV quasi-separates). */
export function loadEndometrial(): GlmData {
  const { header, rows } = readCsv("endometrial.csv");
  const col = (name: string) => header.indexOf(name);
  const n = rows.length;
  const names = ["(Intercept)", "NV", "PI", "EH"];
  const p = names.length;
  const X = new Float64Array(n * p);
  const y = new Float64Array(n);
  rows.forEach((r, i) => {
    X[i] = 1;
    X[n + i] = Number(r[col("NV")]);
    X[2 * n + i] = Number(r[col("PI")]);
    X[3 * n + i] = Number(r[col("EH")]);
    y[i] = Number(r[col("HG")]);
  });
  return { n, p, X, y, trials: new Float64Array(n).fill(1), names };
}

/**
 * Bradley–Terry design for the NBA games before 3 Dec 2014 (K&F 2021, Example 1): one column per
 * team, +1 for the home team and −1 for the away team, response home_win, no intercept, with the
 * San Antonio Spurs dropped as the reference (ability 0).
 */
export function loadNbaBradleyTerry(reference = "San Antonio Spurs"): GlmData {
  const { header, rows } = readCsv("nba_2014_15_before_2014-12-03.csv");
  const iHome = header.indexOf("home");
  const iAway = header.indexOf("away");
  const iWin = header.indexOf("home_win");
  const teams = [...new Set(rows.flatMap((r) => [r[iHome]!, r[iAway]!]))].sort();
  if (!teams.includes(reference)) throw new Error(`no team called ${reference}`);
  const names = teams.filter((t) => t !== reference);
  const n = rows.length;
  const p = names.length;
  const X = new Float64Array(n * p);
  const y = new Float64Array(n);
  rows.forEach((r, i) => {
    const h = names.indexOf(r[iHome]!);
    const a = names.indexOf(r[iAway]!);
    if (h >= 0) X[h * n + i] = 1;
    if (a >= 0) X[a * n + i] = -1;
    y[i] = Number(r[iWin]);
  });
  return { n, p, X, y, trials: new Float64Array(n).fill(1), names };
}

export interface ReferenceFit {
  coef: Record<string, number>;
  se: Record<string, number>;
  a?: number;
  link?: string;
}

export function loadReference(key: string): ReferenceFit {
  const all = JSON.parse(readFileSync(`${SHARED}reference/lme4.json`, "utf8")) as Record<string, ReferenceFit>;
  const entry = all[key];
  if (!entry) throw new Error(`no reference entry ${key}`);
  return entry;
}
