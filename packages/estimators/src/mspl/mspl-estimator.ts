/**
 * `mspl`: maximum softly-penalised likelihood (Sterzinger & Kosmidis 2023; slides in shared/papers/001):
 *   θ̃ = argmax ℓ(θ) + c₁ P_f(β) + c₂ P_v(ψ),
 * P_f = ½ log det(Xᵀ W(β) X) the log Jeffreys prior of the fixed-effects GLM, P_v = Σ D(ψ_k) the composite
 * negative Huber loss on the log-Cholesky parameters, and c₁ = c₂ = 2√(p/n) by default, soft enough to
 * keep ML's asymptotics while every estimate stays finite and Σ̃ positive definite. Because
 * P_f(Cβ) = P_f(β) − log det C, the fixed effects are equivariant under contrasts: γ̃ = C β̃.
 */
import { z } from "zod";
import type { Estimator, FitContext, FitResult, ModelFrame } from "@glmmkit/core";
import { GlmmInputError, parameterLayout } from "@glmmkit/core";
import { huberPenalty, jeffreysPenalty, sumPenalties } from "@glmmkit/penalties";
import { parseEstimatorOptions, penalisedFitOptionsShape } from "../options/estimator-options.js";
import { fitPenalisedGlmm, type PenalisedFitOptions } from "../penalised/penalised-fit.js";

/** Options of mspl: the multipliers c, c1, c2 and the fit options. */
export interface MsplOptions extends PenalisedFitOptions {
  /** Multiplier of both penalty terms (default 2√(p/n)). */
  readonly c?: number;
  /** Multiplier of the Jeffreys term (overrides c). */
  readonly c1?: number;
  /** Multiplier of the negative-Huber term (overrides c). */
  readonly c2?: number;
}

const msplSchema = z
  .object({
    ...penalisedFitOptionsShape,
    c: z.number().positive().optional(),
    c1: z.number().positive().optional(),
    c2: z.number().positive().optional(),
  })
  .strict();

/** `mspl`: maximum softly-penalised likelihood (Sterzinger & Kosmidis 2023). */
export const msplEstimator: Estimator<MsplOptions> = {
  name: "mspl",
  summary: "maximum softly-penalised likelihood: Jeffreys prior on β + negative Huber on log-Cholesky ψ, c = 2√(p/n)",
  fit(model: ModelFrame, options: MsplOptions = {}, context?: FitContext): FitResult {
    const o = parseEstimatorOptions("mspl", msplSchema, options) as MsplOptions;
    if (model.terms.length === 0) {
      throw new GlmmInputError("formula", `mspl needs a random-effects term; for a plain GLM use --estimator jeffreys-glm`);
    }
    if (model.p === 0) {
      throw new GlmmInputError(
        "formula",
        `the formula "${model.formula}" has no fixed effects, so mspl's Jeffreys penalty has nothing to act on; add an intercept or a covariate, or use --estimator ml`,
      );
    }
    const layout = parameterLayout(model);
    const c = o.c ?? 2 * Math.sqrt(model.p / model.n);
    const c1 = o.c1 ?? c;
    const c2 = o.c2 ?? c;
    const penalty = sumPenalties(
      [
        {
          penalty: jeffreysPenalty(model.X, model.n, model.p, model.trials, layout.dim, {
            a: 0.5,
            link: o.link ?? "logit",
            ...(model.offset === undefined ? {} : { offset: model.offset }),
          }),
          weight: c1,
        },
        { penalty: huberPenalty(layout), weight: c2 },
      ],
      layout.dim,
    );
    const { c: _c, c1: _c1, c2: _c2, ...fitOptions } = o;
    return fitPenalisedGlmm("mspl", model, layout, penalty, { ...fitOptions, ...(context === undefined ? {} : { context }) }, {
      settings: { "c1 (Jeffreys multiplier)": c1, "c2 (Huber multiplier)": c2 },
      standardErrors: "unpenalised",
    });
  },
};
