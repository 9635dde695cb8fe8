/** The contract every data-generating design implements. */
import type { Rng } from "@glmmkit/math";
import type { Cell, CellKey } from "./cell.js";
import { drawReplicate, type DrawnReplicate, type SimulationModel } from "./simulation-model.js";

export interface SimulationDesign {
  /** The name `glmm simulate` takes ("booth-hobert"); also the first key of every stream. */
  readonly name: string;
  /** One line for listings. */
  readonly summary: string;
  /** The data-generating process in words: parameters, columns, every choice the source leaves open, the source. */
  readonly description: readonly string[];
  readonly cellKeys: readonly CellKey[];
  /**
   * Sets up one cell. Anything shared by the cell's replicates (design rows, covariates drawn once) is
   * drawn from `shared(label)`, a stream keyed by (seed, design, label), never from a replicate's stream.
   */
  prepare(cell: Cell, shared: (label: string) => Rng): CellGenerator;
}

export interface CellGenerator {
  /** One replicate, drawn only from `rng` (the replicate's own stream). */
  generate(rng: Rng): GeneratedReplicate;
}

export interface GeneratedReplicate extends DrawnReplicate {
  /** The model the replicate follows (shared by every replicate of a fixed design). */
  readonly model: SimulationModel;
  /** Remarks the truth carries (how an intercept was chosen, what is fixed across replicates). */
  readonly notes: readonly string[];
}

/** A generator for designs whose rows are the same in every replicate: only b and y are drawn. */
export function fixedDesignGenerator(model: SimulationModel, notes: readonly string[] = []): CellGenerator {
  return {
    generate(rng) {
      return { ...drawReplicate(model, rng), model, notes };
    },
  };
}
