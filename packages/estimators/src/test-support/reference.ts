/** Access to the shared data and reference fits (vendored in vendor/shared/, refreshed from ../shared by `pnpm vendor:shared`). */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildModelFrame, parseCsv, type ModelFrame } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import type { ModelFrameOptions } from "@glmmkit/core";

export const sharedDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "vendor", "shared");

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
