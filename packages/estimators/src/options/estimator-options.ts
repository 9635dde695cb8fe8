/**
 * Estimator options arrive as a plain object (from the CLI or a caller) and are checked against each
 * estimator's zod schema, so a misspelt or foreign option is an error naming it rather than ignored.
 */
import { z } from "zod";
import { GlmmInputError } from "@glmmkit/core";
import { LINK_NAMES, type LinkName } from "@glmmkit/math";

export function parseEstimatorOptions<S extends z.ZodTypeAny>(estimator: string, schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    const keys = (issue as z.ZodIssue & { keys: string[] }).keys.map((k) => `"${k}"`).join(", ");
    throw new GlmmInputError("option", `option ${keys} is not used by estimator "${estimator}"`);
  }
  if (issue.path[0] === "link") {
    const link = String((raw as Record<string, unknown>)["link"]);
    if ((LINK_NAMES as readonly string[]).includes(link)) {
      throw new GlmmInputError("option", `estimator "${estimator}" supports the logit link only, got link "${link}"`);
    }
    throw new GlmmInputError("option", `unknown link "${String((raw as Record<string, unknown>)["link"])}"; known links: ${LINK_NAMES.join(", ")}`);
  }
  const path = issue.path.join(".") || "(options)";
  throw new GlmmInputError("option", `option "${path}" of estimator "${estimator}": ${issue.message}`);
}

/** The binomial links as a zod enum. */
export const linkSchema = z.enum(LINK_NAMES as unknown as [LinkName, ...LinkName[]]);

/**
 * The link option of an estimator written for the logit link alone (the stochastic estimators: their
 * imputation targets, posterior and complete-data scores are the logit's): "logit" is accepted, any
 * other link is refused by name rather than ignored.
 */
export const logitOnlyLinkShape = { link: z.literal("logit").optional() };

/** Options every likelihood-based GLMM estimator accepts. */

export const glmmFitOptionsShape = {
  link: linkSchema.optional(),
  nAGQ: z.number().int().min(1).max(200).optional(),
  optimizer: z.enum(["newton", "bfgs"]).optional(),
  maxIterations: z.number().int().positive().optional(),
  gradientTolerance: z.number().positive().optional(),
  start: z.instanceof(Float64Array).optional(),
};

/** Options of the penalised GLMM estimators: the fit options plus the comparison ML fit. */
export const penalisedFitOptionsShape = {
  ...glmmFitOptionsShape,
  compareWithMl: z.boolean().optional(),
};
