/**
 * Reading the truth of a parametric bootstrap from `glmm fit --json` (core's fitResultToJson): the
 * formula, β by name and each term's SDs and correlations. The JSON does not hold the data, so the
 * design rows are given separately; the fit's n is returned to check them against.
 */
import { GlmmInputError } from "@glmmkit/core";
import { z } from "zod";
import type { NamedParameters } from "./named-parameters.js";

// fitResultToJson writes non-finite numbers as the strings "Inf", "-Inf", "NaN".
const jsonNumber = z.union([z.number(), z.string()]);

const fitJsonSchema = z.object({
  estimator: z.string(),
  link: z.string().optional(),
  formula: z.string(),
  n: z.number().int().positive(),
  beta: z.array(jsonNumber),
  betaNames: z.array(z.string()),
  covariances: z.array(
    z.object({
      group: z.string(),
      termNames: z.array(z.string()),
      sd: z.array(jsonNumber),
      correlation: z.array(jsonNumber),
    }),
  ),
  // The prior-weights column the fit read (`glmm fit --weights`), if any.
  design: z.object({ weights: z.string().optional() }).optional(),
});

export interface FitTruth {
  readonly formula: string;
  readonly estimator: string;
  readonly rows: number;
  readonly parameters: NamedParameters;
  /** The fit's prior weights (a column or expression), to be read from the design rows as the fit read them. */
  readonly weights?: string;
}

function finite(value: number | string, what: string, source: string): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  throw new GlmmInputError(
    "option",
    `${source}: ${what} is ${String(
      value,
    )}; a simulation needs finite true values (refit with an estimator that keeps them finite, e.g. --estimator mspl)`,
  );
}

/** The truth a fit's JSON describes; `source` (the file name) is used in messages. */
export function truthFromFitJson(json: unknown, source: string): FitTruth {
  const parsed = fitJsonSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new GlmmInputError(
      "option",
      `${source} is not the JSON of \`glmm fit --json\`: ${issue.path.length > 0 ? `"${issue.path.join(".")}": ` : ""}${issue.message}`,
    );
  }
  const fit = parsed.data;
  if (fit.link !== undefined && fit.link !== "logit") {
    throw new GlmmInputError("option", `${source} is a fit with the ${fit.link} link; simulate draws logistic (logit-link) models only`);
  }
  if (fit.beta.length !== fit.betaNames.length) {
    throw new GlmmInputError("option", `${source}: ${fit.beta.length} coefficients but ${fit.betaNames.length} names`);
  }
  const beta: Record<string, number> = {};
  fit.betaNames.forEach((name, k) => (beta[name] = finite(fit.beta[k]!, `coefficient "${name}"`, source)));
  const sd: Record<string, number> = {};
  const correlation: Record<string, number> = {};
  for (const cov of fit.covariances) {
    const q = cov.termNames.length;
    if (cov.sd.length !== q || cov.correlation.length !== q * q) {
      throw new GlmmInputError("option", `${source}: the covariance of "${cov.group}" does not match its ${q} term names`);
    }
    cov.termNames.forEach((column, k) => (sd[`${cov.group}:${column}`] = finite(cov.sd[k]!, `sd(${cov.group}: ${column})`, source)));
    for (let a = 0; a < q; a++) {
      for (let b = a + 1; b < q; b++) {
        const name = `${cov.group}:${cov.termNames[a]}:${cov.termNames[b]}`;
        correlation[name] = finite(cov.correlation[a * q + b]!, `cor(${cov.group}: ${cov.termNames[a]}, ${cov.termNames[b]})`, source);
      }
    }
  }
  const weights = fit.design?.weights;
  return {
    formula: fit.formula,
    estimator: fit.estimator,
    rows: fit.n,
    parameters: { beta, sd, correlation },
    ...(weights === undefined ? {} : { weights }),
  };
}
