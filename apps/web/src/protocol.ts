/** Messages between the page and the fitting worker (structured-cloneable data only). */
import type { RandomEffectsTable } from "@glmmkit/core";

/** How the table is read into a model frame (the CLI's --factors, --levels, --success). */
export interface FrameSettings {
  readonly factors?: readonly string[];
  readonly levelOrders?: Readonly<Record<string, readonly string[]>>;
  readonly success?: string;
}

/** Fit a model to CSV text. */
export interface FitRequest {
  readonly id: number;
  readonly csv: string;
  readonly source: string;
  readonly formula: string;
  readonly estimator: string;
  readonly settings: FrameSettings;
}

/** One random-effects term's conditional modes, for the caterpillar plot (core's table: it clones as is). */
export type CaterpillarTerm = RandomEffectsTable;

export type FitResponse =
  | {
      readonly id: number;
      readonly ok: true;
      /** The summary `glmm fit` prints. */
      readonly summary: string;
      /** What `glmm fit --json` prints. */
      readonly json: string;
      /** What `glmm separation` prints. */
      readonly separation: string;
      readonly ranef: readonly CaterpillarTerm[];
      /** Milliseconds inside the worker for what `glmm fit` does: parse, frame, LP certificate, fit. */
      readonly fitMilliseconds: number;
      /** Its split: read+frame, separation-lp, fit (and divergence-check when it ran), in milliseconds. */
      readonly steps: Readonly<Record<string, number>>;
      /** Milliseconds for the whole request inside the worker (adds the separation table). */
      readonly milliseconds: number;
    }
  | {
      readonly id: number;
      readonly ok: false;
      /** The line the CLI prints: `error: ...`. */
      readonly error: string;
      /** An input error (the user's to fix) rather than a limitation or a bug. */
      readonly inputError: boolean;
    };
