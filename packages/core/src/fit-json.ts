/**
 * Reading back the JSON that `glmm fit --json` writes, for predictions: the link, β with its names, the
 * conditional modes per term and the design recipe, checked with zod so that a file that is not such a
 * fit is an error naming what is missing.
 */
import { z } from "zod";
import { GlmmInputError } from "./errors.js";
import type { PredictionModel } from "./predict.js";

const numberLike = z.union([z.number(), z.enum(["NaN", "Inf", "-Inf"])]).transform((v) =>
  typeof v === "number" ? v : v === "NaN" ? Number.NaN : v === "Inf" ? Infinity : -Infinity,
);

const polySchema = z.object({ alpha: z.array(z.number()), norm2: z.array(z.number()) });
const scaleSchema = z.object({ center: z.number().nullable(), scale: z.number().nullable() });

const fitSchema = z.object({
  link: z.string().default("logit"),
  beta: z.array(numberLike),
  betaNames: z.array(z.string()),
  ranef: z.array(
    z.object({
      group: z.string(),
      termNames: z.array(z.string()),
      levels: z.array(z.string()),
      values: z.array(numberLike),
    }),
  ),
  design: z.object({
    formula: z.string(),
    factorLevels: z.record(z.array(z.string())),
    transforms: z.object({
      poly: z.record(polySchema).default({}),
      scale: z.record(scaleSchema).default({}),
      levels: z.record(z.array(z.string())).default({}),
    }),
    weights: z.string().optional(),
    success: z.string().optional(),
  }),
});

/** Parse the text of a fit's JSON; `source` names the file in errors. */
export function readFitJson(text: string, source: string): PredictionModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new GlmmInputError("file", `"${source}" is not JSON (${e instanceof Error ? e.message : String(e)}); give the output of glmm fit --json`);
  }
  const parsed = fitSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join(".") || "(top level)";
    const hint = issue.path[0] === "design" ? " (a fit written by an older glmm has none: fit the model again)" : "";
    throw new GlmmInputError("file", `"${source}" is not a glmm fit: ${where}: ${issue.message}${hint}`);
  }
  const fit = parsed.data;
  if (fit.beta.length !== fit.betaNames.length) {
    throw new GlmmInputError("file", `"${source}": ${fit.beta.length} coefficients for ${fit.betaNames.length} names`);
  }
  const { weights, success, ...design } = fit.design;
  return {
    link: fit.link,
    beta: Float64Array.from(fit.beta),
    betaNames: fit.betaNames,
    ranef: fit.ranef.map((r) => ({ ...r, values: Float64Array.from(r.values) })),
    design: { ...design, ...(weights === undefined ? {} : { weights }), ...(success === undefined ? {} : { success }) },
  };
}
