/**
 * `jeffreys-glm`: a binomial GLM (no random effects) penalised by Jeffreys' prior to the power a > 0, with
 * the logit, probit, cloglog, log-log or cauchit link (Kosmidis & Firth 2021). Computed by JeffreysMPL —
 * repeated ML fits on adjusted responses and totals (eq. 5–6, Theorem 3) — whose estimates are always
 * finite; standard errors from (RᵀR)⁻¹ of the final QR of W^{1/2}X, as brglm2 reports them.
 */
import { z } from "zod";
import type { Estimator, FitContext, FitResult, ModelFrame } from "@glmmkit/core";
import { GlmmInputError } from "@glmmkit/core";
import { LINK_NAMES, type LinkName } from "@glmmkit/math";
import { glmFitResult } from "../fit-report/glm-fit-result.js";
import { fitGlm, type GlmProblem } from "@glmmkit/glm";

/** Options of jeffreys-glm: the link and the power a. */
export interface JeffreysGlmEstimatorOptions {
  /** Power of Jeffreys' prior (default 1/2: Firth's bias reduction for the logit link). */
  readonly a?: number;
  readonly link?: LinkName;
  /** Also fit ML and report how far the estimates moved (default true). */
  readonly compareWithMl?: boolean;
}

const schema = z
  .object({
    a: z.number().positive().optional(),
    link: z.enum(LINK_NAMES as unknown as [LinkName, ...LinkName[]]).optional(),
    compareWithMl: z.boolean().optional(),
  })
  .strict();

/** `jeffreys-glm`: a binomial GLM with a Jeffreys-prior penalty (Kosmidis & Firth 2021). */
export const jeffreysGlmEstimator: Estimator<JeffreysGlmEstimatorOptions> = {
  name: "jeffreys-glm",
  summary: "binomial GLM penalised by Jeffreys' prior^a (logit, probit, cloglog, loglog, cauchit), finite estimates (JeffreysMPL)",
  fit(model: ModelFrame, options: JeffreysGlmEstimatorOptions = {}, _context?: FitContext): FitResult {
    const o = parseOptions(options);
    if (model.terms.length > 0) {
      throw new GlmmInputError(
        "formula",
        `jeffreys-glm fits a GLM without random effects; drop the "( ... | ${model.terms[0]!.group})" term or use --estimator mspl`,
      );
    }
    if (model.p === 0) {
      throw new GlmmInputError("formula", `the formula "${model.formula}" has no fixed effects; jeffreys-glm needs at least one`);
    }
    const a = o.a ?? 0.5;
    const link = o.link ?? "logit";
    const { X, n, p, y, trials } = model;
    const problem: GlmProblem = {
      design: { X, n, p },
      y,
      trials,
      ...(model.offset === undefined ? {} : { offset: model.offset }),
      link,
      jeffreysPower: a,
    };
    const fit = fitGlm(problem);
    const extra: Record<string, unknown> = {
      link,
      "a (power of Jeffreys' prior)": a,
      "penalty at the optimum": fit.objective - fit.logLik,
      "penalised logLik": fit.objective,
      "std. errors in the tables": "from (RᵀR)⁻¹ of the QR of W^{1/2}X at the estimate (as brglm2)",
    };
    if (o.compareWithMl !== false) Object.assign(extra, mlComparison(problem, model.betaNames, fit.beta));
    return glmFitResult(model, fit, {
      estimator: "jeffreys-glm",
      optimizer: "JeffreysMPL (repeated ML fits on adjusted responses and totals)",
      penalised: true,
      standardErrorBasis: "Fisher information XᵀW(β)X of the GLM at the penalised estimate ((RᵀR)⁻¹ of the QR of W^{1/2}X, as brglm2)",
      extra,
    });
  },
};

function parseOptions(options: JeffreysGlmEstimatorOptions): JeffreysGlmEstimatorOptions {
  const result = schema.safeParse(options ?? {});
  if (result.success) return result.data as JeffreysGlmEstimatorOptions;
  const issue = result.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    throw new GlmmInputError("option", `option ${issue.keys.map((k) => `"${k}"`).join(", ")} is not used by estimator "jeffreys-glm"`);
  }
  if (issue.path[0] === "link") {
    throw new GlmmInputError("option", `unknown link "${String((options as Record<string, unknown>)["link"])}"; known links: ${LINK_NAMES.join(", ")}`);
  }
  throw new GlmmInputError("option", `option "${issue.path.join(".")}" of estimator "jeffreys-glm": ${issue.message}`);
}

/** ML for the same GLM: finite only when no fitted probability sits at 0 or 1 (else: separation). */
function mlComparison(problem: GlmProblem, betaNames: readonly string[], beta: Float64Array): Record<string, unknown> {
  const { jeffreysPower: _a, ...mlProblem } = problem;
  const ml = fitGlm(mlProblem);
  if (!ml.converged || ml.fittedAtBoundary > 0) {
    return {
      "shift from ML": `not available: the ML fit has ${ml.fittedAtBoundary} fitted probabilities at 0 or 1, so some ML estimates are infinite (separation; see \`glmm separation\`)`,
    };
  }
  const text = betaNames.map((name, k) => `${name} ${(beta[k]! - ml.beta[k]!).toFixed(4)}`).join(", ");
  return { "shift from ML": text, "ML logLik": ml.logLik };
}
