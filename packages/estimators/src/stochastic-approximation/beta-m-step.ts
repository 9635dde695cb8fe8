/**
 * IMSA's M-step for β (Song & Tan 2022, §3): given imputed random effects b, maximising log f(y, b; θ) over β
 * is the ML fit of the binomial GLM of y on X with offset Zb (plus the model's own offset) — done by the
 * project's one GLM engine (IRLS with QR) through a `GlmWorkspace` — the design checked once, its buffers reused
 * by the thousands of fits of a run, each the same arithmetic as `fitGlm` — warm-started at the chain's previous
 * β† so that it takes a few IRLS steps. X was checked for full column rank when the model frame was built.
 */
import type { ModelFrame } from "@glmmkit/core";
import { GlmWorkspace } from "@glmmkit/glm";
import type { BetaMaximiser } from "./sa-chain-group.js";

export function glmBetaMaximiser(frame: ModelFrame): BetaMaximiser {
  const { n, p, X, y, trials } = frame;
  const offset = new Float64Array(n);
  // The M-step needs β† alone: no standard errors (the covariance comes from Algorithm 6). Its p is small, so
  // each scoring step solves the p × p normal equations rather than factoring the n × p weighted design: the
  // same argmax (the stopping rule reads the score), at a fraction of the cost per step.
  const glm =
    p === 0 ? null : new GlmWorkspace({ design: { X, n, p }, y, trials, fullRank: true, standardErrors: false, scoringDirection: "normal-equations" });
  return (randomPart, start, out) => {
    if (glm === null) return;
    for (let i = 0; i < n; i++) offset[i] = (frame.offset?.[i] ?? 0) + randomPart[i];
    const fit = glm.fit(offset, start);
    if (!fit.converged || fit.fittedAtBoundary > 0) {
      // The complete-data likelihood has no finite maximiser in β (the GLM with these imputed effects is
      // separated): the M-step, and so IMSA, is undefined here — stop with the reason rather than drift.
      throw new RangeError(
        `IMSA's β M-step (the GLM with offset Zb) has no finite maximum${fit.fittedAtBoundary > 0 ? `: ${fit.fittedAtBoundary} fitted probabilities at 0 or 1 (separation)` : ""}`,
      );
    }
    out.set(fit.beta);
  };
}
