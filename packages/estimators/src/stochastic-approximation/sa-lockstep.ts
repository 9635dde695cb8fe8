/**
 * IMSA/ScoreSA chains in worker threads: every worker holds a share of the chains in its own SaChainGroup
 * (built from the same frame, layout and settings; chain j keyed by its index, so its path is the same in
 * any worker) and answers one message per iteration with its chains' contributions; the main thread averages
 * them in chain order exactly as when all chains run here.
 */
import type { ChainExecutor, ChainTask, ModelFrame } from "@glmmkit/core";
import type { SaChainRunner } from "./glmm-sa-problem.js";
import { SaChainGroup, type BetaMaximiser, type ChainContribution, type SaChainSettings } from "./sa-chain-group.js";
import { SaParameterLayout, type VarianceScale } from "./sa-parameter-layout.js";
import { glmBetaMaximiser } from "./beta-m-step.js";

export interface SaChainPayload {
  readonly frame: ModelFrame;
  readonly scale: VarianceScale;
  readonly settings: SaChainSettings;
}

type SaMessage = { readonly kind: "iterate"; readonly sa: Float64Array; readonly t: number; readonly withInformation: boolean } | { readonly kind: "statistics" };

/** IMSA's β M-step for the payload's frame (the same GLM engine as in the main thread). */
function maximiserFor(payload: SaChainPayload): BetaMaximiser | undefined {
  return payload.settings.rule === "imsa" ? glmBetaMaximiser(payload.frame) : undefined;
}

export function openSaChainJob(payload: SaChainPayload, chains: readonly number[]): { step(message: unknown): unknown[] } {
  const group = new SaChainGroup(payload.frame, new SaParameterLayout(payload.frame, payload.scale), payload.settings, chains, maximiserFor(payload));
  return {
    step(message: unknown): unknown[] {
      const m = message as SaMessage;
      if (m.kind === "statistics") return chains.map((_, g) => group.chainStatistics(g));
      return group.iterate(m.sa, m.t, m.withInformation);
    },
  };
}

/** The SaChainRunner over an executor's lockstep workers. */
export function lockstepChainRunner(executor: ChainExecutor, payload: SaChainPayload): SaChainRunner {
  const task: ChainTask = { estimator: payload.settings.rule, job: "sa-chains", payload };
  const chains = executor.openLockstep!(task, payload.settings.chains);
  return {
    iterate: (sa, t, withInformation) => chains.step({ kind: "iterate", sa, t, withInformation } satisfies SaMessage) as ChainContribution[],
    statistics: () => {
      const all = chains.step({ kind: "statistics" } satisfies SaMessage) as { acceptance: number; stepSize: number }[];
      return { acceptance: all.map((s) => s.acceptance), stepSizes: all.map((s) => s.stepSize) };
    },
    close: () => chains.close(),
  };
}
