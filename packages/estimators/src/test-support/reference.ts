/** Access to the shared data and reference fits (vendored in vendor/shared/, refreshed from ../shared by `pnpm vendor:shared`). */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildModelFrame, parseCsv, type ModelFrame } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import type { ModelFrameOptions } from "@glmmkit/core";

export const sharedDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "vendor", "shared");
/** The repository's own reference numbers (reference/*.json, made by reference/scripts/*.R). */
export const repoReferenceDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "reference");

/** A JSON file of the repository's own reference numbers. */
export function repoReference<T>(file: string): T {
  return JSON.parse(readFileSync(resolve(repoReferenceDir, file), "utf8")) as T;
}

/** The options of a reference entry's `cli` block (what the glmm flags would be) as model-frame options. */
export function frameOptions(cli: {
  factors?: string;
  success?: string;
  weights?: string;
}): ModelFrameOptions {
  return {
    ...(cli.factors === undefined ? {} : { factors: cli.factors.split(",") }),
    ...(cli.success === undefined ? {} : { success: cli.success }),
    ...(cli.weights === undefined ? {} : { weights: cli.weights }),
  };
}

export interface Lme4Entry {
  formula: string;
  nAGQ: number;
  logLik: number;
  fixef: Record<string, number>;
  se: Record<string, number>;
  varcorr: Record<string, { grp: string; var1: string; var2: string | null; vcov: number; sdcor: number }>;
  theta: number | number[];
}

export function lme4Reference(key: string): Lme4Entry {
  const all = JSON.parse(readFileSync(resolve(sharedDir, "reference", "lme4.json"), "utf8")) as Record<string, Lme4Entry>;
  const entry = all[key];
  if (entry === undefined) throw new Error(`no reference entry ${key}`);
  return entry;
}

/** A Laplace fit by glmmTMB 1.1.5 (../shared/reference/glmmtmb.json): its inner problem is solved exactly. */
export interface GlmmTmbEntry {
  logLik: number;
  fixef: Record<string, number>;
  se: Record<string, number>;
  sd: Record<string, Record<string, number>>;
  cor: Record<string, number | null>;
}

export function glmmTmbReference(key: string): GlmmTmbEntry {
  const all = JSON.parse(readFileSync(resolve(sharedDir, "reference", "glmmtmb.json"), "utf8")) as Record<string, GlmmTmbEntry>;
  const entry = all[key];
  if (entry === undefined) throw new Error(`no glmmTMB reference entry ${key}`);
  return entry;
}

/** An optimum from reference/exact-optima.json: θ = (β, ψ) in our parameters, by name. */
export interface ExactOptimum {
  formula: string;
  nAGQ: number;
  estimate: Record<string, number>;
  logLik: number;
  /** mspl only: ℓ + c (½ log det XᵀWX + Σ D(ψ)). */
  penalisedLogLik?: number;
  c?: number;
  maxAbsGradient: number;
  newtonStep: number;
}

export function exactOptimum(estimator: "ml" | "mspl", key: string): ExactOptimum {
  const all = JSON.parse(readFileSync(resolve(repoReferenceDir, "exact-optima.json"), "utf8")) as Record<string, Record<string, ExactOptimum>>;
  const entry = all[estimator]?.[key];
  if (entry === undefined) throw new Error(`no exact optimum ${estimator}.${key} in reference/exact-optima.json`);
  return entry;
}

/** θ of an exact optimum as a vector, in the order the JSON lists it (β in R's order, then ψ). */
export function exactTheta(entry: ExactOptimum): Float64Array {
  return Float64Array.from(Object.values(entry.estimate));
}

export function sharedFrame(file: string, formula: string, options: ModelFrameOptions = {}): ModelFrame {
  return buildModelFrame(readCsvFile(resolve(sharedDir, "data", file)), formula, options);
}

export const CULCITA_LEVELS = { ttt: ["none", "crabs", "shrimp", "both"] };

/** The Culcita data without the "atypical observation" (block 10, ttt none, predation 0). */
export function culcitaWithoutAtypicalRow(options: ModelFrameOptions = { levelOrders: CULCITA_LEVELS }): ModelFrame {
  const lines = readFileSync(resolve(sharedDir, "data", "culcita.csv"), "utf8").trim().split(/\r?\n/);
  const header = lines[0]!;
  const kept = lines.slice(1).filter((l) => l.trim() !== "10,0,none");
  if (kept.length !== lines.length - 2) throw new Error("expected exactly one atypical row");
  return buildModelFrame(parseCsv([header, ...kept].join("\n"), "culcita-atypical-removed.csv"), "predation ~ ttt + (1 | block)", options);
}

export interface PublishedPair {
  [name: string]: [number, number];
}

export function publishedCulcita(): Record<string, PublishedPair> {
  const all = JSON.parse(readFileSync(resolve(sharedDir, "reference", "published.json"), "utf8")) as Record<string, unknown>;
  return all["culcita_atypical_removed"] as Record<string, PublishedPair>;
}

/** The reference data sets with the formulas and options of the lme4 / glmmTMB fits. */
export const referenceFrames = {
  culcita: (): ModelFrame => sharedFrame("culcita.csv", "predation ~ ttt + (1 | block)", { levelOrders: CULCITA_LEVELS }),
  cbpp: (): ModelFrame => sharedFrame("cbpp.csv", "cbind(incidence, size - incidence) ~ period + (1 | herd)", { factors: ["period"] }),
  toenail: (): ModelFrame => sharedFrame("toenail.csv", "outcome ~ treatment * time + (1 | patientID)", { success: "moderate or severe" }),
  toenailSlope: (): ModelFrame =>
    sharedFrame("toenail.csv", "outcome ~ treatment * time + (1 + time | patientID)", { success: "moderate or severe" }),
};

/** The Laplace fits glmmTMB made (../shared/reference/glmmtmb.json keys) with their frames. */
export const glmmTmbLaplaceCases: readonly { key: string; frame: () => ModelFrame }[] = [
  { key: "culcita_full_laplace", frame: referenceFrames.culcita },
  { key: "cbpp_laplace", frame: referenceFrames.cbpp },
  { key: "toenail_laplace", frame: referenceFrames.toenail },
  { key: "toenail_slope_laplace", frame: referenceFrames.toenailSlope },
];

/** glmmTMB's random-effect SDs in the order of the fit's terms and term names. */
export function glmmTmbSds(ref: GlmmTmbEntry): number[] {
  return Object.values(ref.sd).flatMap((bySlope) => Object.values(bySlope));
}

/**
 * The saturated binomial log-likelihood Σ [log C(m, y) + y log(y/m) + (m − y) log(1 − y/m)]: lme4 reports
 * ℓ minus this for binomial counts with nAGQ > 1 (its deviance residuals are relative to the saturated
 * model). log C by direct summation, independent of the library's log-gamma.
 */
export function saturatedLogLik(frame: ModelFrame): number {
  let total = 0;
  for (let i = 0; i < frame.n; i++) {
    const y = frame.y[i]!;
    const m = frame.trials[i]!;
    for (let k = 1; k <= y; k++) total += Math.log((m - y + k) / k);
    if (y > 0) total += y * Math.log(y / m);
    if (y < m) total += (m - y) * Math.log(1 - y / m);
  }
  return total;
}
