/** glmmTMB 1.1.5 Laplace fits (../shared/reference/glmmtmb.json), with tight lme4 beside them. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildModelFrame, parseCsv, type ModelFrame } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import { sharedDir } from "./reference.js";

export interface GlmmTmbFit {
  readonly logLik: number;
  readonly fixef: Record<string, number>;
  readonly se: Record<string, number>;
  /** SDs per component (lme4's names: "patientID", "patientID.1"), per term column. */
  readonly sd: Record<string, Record<string, number>>;
  readonly cor?: Record<string, unknown>;
  readonly seconds: number;
}

export interface GlmmTmbEntry extends GlmmTmbFit {
  readonly formula: string | string[];
  readonly nobs: number;
  readonly lme4_tight?: { readonly logLik: number; readonly fixef: Record<string, number>; readonly se: Record<string, number> };
}

export function glmmTmbReference(key: string): GlmmTmbEntry {
  const all = JSON.parse(readFileSync(resolve(sharedDir, "reference", "glmmtmb.json"), "utf8")) as Record<string, GlmmTmbEntry>;
  const entry = all[key];
  if (entry === undefined) throw new Error(`no glmmTMB reference entry ${key}`);
  return entry;
}

/** cbpp with an `obs` column holding the row number (for an observation-level random effect). */
export function cbppWithObservationLevel(formula: string): ModelFrame {
  const lines = readFileSync(resolve(sharedDir, "data", "cbpp.csv"), "utf8").trim().split(/\r?\n/);
  const text = [`${lines[0]},obs`, ...lines.slice(1).map((l, i) => `${l},${i + 1}`)].join("\n");
  return buildModelFrame(parseCsv(text, "cbpp-obs.csv"), formula, { factors: ["period"] });
}

export function sharedDataFrame(file: string, formula: string, options: Parameters<typeof buildModelFrame>[2] = {}): ModelFrame {
  return buildModelFrame(readCsvFile(resolve(sharedDir, "data", file)), formula, options);
}
