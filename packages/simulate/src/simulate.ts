/**
 * `simulate(design, cell, { seed, replicate })`: one replicate, regenerable alone.
 *
 * Streams are keyed, never sequential: replicate k of cell c of design d under seed s is drawn from
 *     createRng(s).split(d).split("cell " + c).split("replicate " + k),
 * with c the canonical cell label ("n=100,lambda=-8"), and what a cell shares across its replicates
 * (covariates drawn once) from createRng(s).split(d).split("shared " + label). A split depends only on
 * its key path (see @glmmkit/math's rng.ts), so any replicate comes out byte-identical in any order, in
 * any process, on any machine.
 */
import { GlmmInputError, type ModelFrame, type RandomEffectsTable } from "@glmmkit/core";
import { createRng, type Rng } from "@glmmkit/math";
import { cellLabel, resolveCell, type Cell, type CellInput } from "./cell.js";
import type { SimulationDesign } from "./design.js";
import { getDesign } from "./designs/registry.js";
import type { SimulatedTable } from "./simulated-table.js";
import type { SimulationModel } from "./simulation-model.js";
import { truthOf, type Truth } from "./truth.js";

export interface SimulatorOptions {
  readonly seed: string | number;
}

export interface SimulationOptions extends SimulatorOptions {
  /** 1, 2, 3, ... */
  readonly replicate: number;
}

export interface SimulatedReplicate {
  readonly design: string;
  readonly cell: Cell;
  readonly seed: string;
  readonly replicate: number;
  readonly table: SimulatedTable;
  /** The simulated data as a model frame (what `glmm fit` builds from `toCsv(table)`). */
  readonly frame: ModelFrame;
  /** The random effects that were drawn (b scale), per term. */
  readonly randomEffects: readonly RandomEffectsTable[];
  readonly model: SimulationModel;
  /** The true parameters (computed on first access). */
  readonly truth: Truth;
}

export interface Simulator {
  readonly design: SimulationDesign;
  readonly cell: Cell;
  /** The cell's stream key, e.g. "n=100,lambda=-8". */
  readonly cellLabel: string;
  readonly seed: string;
  replicate(k: number): SimulatedReplicate;
}

function checkSeed(seed: string | number): string {
  if (typeof seed === "number" && !Number.isFinite(seed)) {
    throw new GlmmInputError("option", `the seed must be a finite number or a string, got ${seed}`);
  }
  return String(seed);
}

function checkReplicate(k: number): void {
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new GlmmInputError("option", `replicate numbers are positive integers (1, 2, ...), got ${k}`);
  }
}

/** Sets up a cell once; `replicate(k)` then costs only that replicate's draws. */
export function createSimulator(design: SimulationDesign | string, cell: CellInput, options: SimulatorOptions): Simulator {
  const resolved = typeof design === "string" ? getDesign(design) : design;
  const seed = checkSeed(options.seed);
  const canonical = resolveCell(resolved.name, resolved.cellKeys, cell);
  const label = cellLabel(resolved.cellKeys, canonical);
  const designStream = createRng(seed).split(resolved.name);
  const cellStream = designStream.split(`cell ${label}`);
  const generator = resolved.prepare(canonical, (sharedLabel: string): Rng => designStream.split(`shared ${sharedLabel}`));
  return {
    design: resolved,
    cell: canonical,
    cellLabel: label,
    seed,
    replicate(k) {
      checkReplicate(k);
      const generated = generator.generate(cellStream.split(`replicate ${k}`));
      let truth: Truth | undefined;
      const context = { design: resolved.name, cell: canonical, seed, replicate: k, notes: generated.notes };
      return {
        design: resolved.name,
        cell: canonical,
        seed,
        replicate: k,
        table: generated.table,
        frame: generated.frame,
        randomEffects: generated.randomEffects,
        model: generated.model,
        get truth() {
          truth ??= truthOf(generated.model, context);
          return truth;
        },
      };
    },
  };
}

/** One replicate of a design cell (see the module comment for how its stream is keyed). */
export function simulate(design: SimulationDesign | string, cell: CellInput, options: SimulationOptions): SimulatedReplicate {
  return createSimulator(design, cell, options).replicate(options.replicate);
}
