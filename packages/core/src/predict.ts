/**
 * Predictions of a fitted model for new data, as lme4's predict.merMod: the model matrix is rebuilt from
 * the fit's design recipe (its factor levels and contrasts, poly/scale coefficients — makepredictcall), then
 *   η = offset + Xβ + Σ_t z_{i,t}ᵀ b_t[level of row i]     (the terms `reForm` selects; none: Xβ + offset),
 * on the link scale or, for type "response", μ = G(η). A level of a grouping factor the fit never saw is an
 * error unless new levels are allowed (lme4's allow.new.levels = TRUE), when its random effect is 0.
 */
import { binomialLink, isLinkName } from "@glmmkit/math";
import type { DataTable } from "./data-table.js";
import { quoteSource } from "./data-table.js";
import type { DesignRecipe } from "./design-recipe.js";
import { GlmmInputError } from "./errors.js";
import type { RandomEffectsTable } from "./fit-result.js";
import { emptyTransformState } from "./formula-evaluation.js";
import { evaluationContext, factorLabels, offsetValues, variableResolver } from "./formula-variables.js";
import { formatRandomTerm, parseFormula, type RandomFormulaTerm } from "./formula.js";
import { dataColumns, groupingColumns, predictorColumns } from "./model-frame-builder.js";
import { materialiseColumn, modelMatrixColumns } from "./model-matrix.js";
import { isMissingAt } from "./data-table.js";

/** The parts of a fit that predictions need (a FitResult, or its JSON read back). */
export interface PredictionModel {
  readonly link: string;
  readonly beta: ArrayLike<number>;
  readonly betaNames: readonly string[];
  readonly ranef: readonly Pick<RandomEffectsTable, "group" | "termNames" | "levels" | "values">[];
  readonly design: DesignRecipe;
}

export interface PredictionOptions {
  /** "link" (η) or "response" (μ). */
  readonly type: "link" | "response";
  /** Which random-effects terms enter η: all (lme4's re.form = NULL), none (re.form = NA), or the terms of a formula. */
  readonly reForm: "all" | "none" | { readonly terms: string };
  /** lme4's allow.new.levels: a level the fit never saw gets random effect 0 instead of an error. */
  readonly allowNewLevels: boolean;
}

/** The random-effects terms of a `--re-form` formula such as "~ (1 | herd)", as canonical labels. */
function reFormLabels(text: string): string[] {
  const trimmed = text.trim();
  const body = trimmed.startsWith("~") ? trimmed.slice(1) : trimmed;
  let parsed;
  try {
    parsed = parseFormula(`.reform ~ ${body}`);
  } catch (e) {
    if (e instanceof GlmmInputError) throw new GlmmInputError("option", `--re-form "${text}": ${e.message.replace(/^formula error at position \d+: /, "")}`);
    throw e;
  }
  if (parsed.fixedTerms.length > 0 || parsed.offsets !== undefined) {
    throw new GlmmInputError("option", `--re-form "${text}" may list only random-effects terms such as "~ (1 | herd)" (or be none or all)`);
  }
  return parsed.randomTerms.map((r) => formatRandomTerm(r, parsed.calls ?? {}));
}

export function predict(model: PredictionModel, table: DataTable, options: PredictionOptions): Float64Array {
  if (!isLinkName(model.link)) throw new GlmmInputError("option", `the fit's link "${model.link}" is not a binomial link`);
  const { design } = model;
  const formula = parseFormula(design.formula);
  const calls = formula.calls ?? {};
  const fittedLabels = formula.randomTerms.map((r) => formatRandomTerm(r, calls));
  let included: RandomFormulaTerm[];
  if (options.reForm === "all") included = [...formula.randomTerms];
  else if (options.reForm === "none") included = [];
  else {
    const wanted = reFormLabels(options.reForm.terms);
    for (const label of wanted) {
      if (!fittedLabels.includes(label)) {
        throw new GlmmInputError("option", `--re-form names ${label}, which is not a term of the fitted model (its terms: ${fittedLabels.join(", ") || "none"})`);
      }
    }
    included = formula.randomTerms.filter((_, t) => wanted.includes(fittedLabels[t]!));
  }
  const needed = { ...formula, randomTerms: included };
  const used = dataColumns(table, predictorColumns(needed));
  for (const name of used) refuseMissing(table, name);

  const n = table.rows;
  const context = evaluationContext(
    table,
    null,
    { mode: "replay", recipe: design },
    {},
    { ...emptyTransformState(), ...design.transforms },
  );
  const variable = variableResolver(context, calls);
  const fixed = modelMatrixColumns(formula.intercept, formula.fixedTerms, variable);
  if (fixed.names.join("\u0000") !== model.betaNames.join("\u0000")) {
    throw new GlmmInputError("value", `the new data give the fixed-effects columns ${fixed.names.join(", ")}, but the fit has ${model.betaNames.join(", ")}`);
  }
  const eta = offsetValues(context, formula.offsets) ?? new Float64Array(n);
  fixed.columns.forEach((recipe, k) => {
    const b = model.beta[k]!;
    const column = materialiseColumn(recipe, n);
    for (let i = 0; i < n; i++) eta[i] = eta[i]! + b * column[i]!;
  });

  for (const term of included) {
    const recipes = modelMatrixColumns(term.intercept, term.terms, variable);
    const columns = {
      names: recipes.names,
      columns: recipes.columns.map((r) => materialiseColumn(r, n)),
    };
    const modes = model.ranef.find((r) => r.group === term.group && r.termNames.join("\u0000") === columns.names.join("\u0000"));
    if (modes === undefined) throw new GlmmInputError("value", `the fit has no conditional modes for ${formatRandomTerm(term, calls)}`);
    const q = columns.names.length;
    const index = new Map(modes.levels.map((level, j) => [level, j]));
    const labels = groupLabels(table, term);
    for (let i = 0; i < n; i++) {
      const j = index.get(labels[i]!);
      if (j === undefined) {
        if (options.allowNewLevels) continue;
        throw new GlmmInputError(
          "value",
          `${quoteSource(table.source)}, row ${i + 1}: ${term.group} "${labels[i]}" is not a level of the fitted model; use --allow-new-levels to predict with its random effect at 0 (lme4's allow.new.levels)`,
        );
      }
      for (let k = 0; k < q; k++) eta[i] = eta[i]! + columns.columns[k]![i]! * modes.values[j * q + k]!;
    }
  }
  if (options.type === "link") return eta;
  const link = binomialLink(model.link);
  return eta.map((e) => link.mu(e));
}

/** Each row's level of a term's grouping factor, labelled as the fit labels it ("a-level:b-level" for a:b). */
function groupLabels(table: DataTable, term: RandomFormulaTerm): string[] {
  const perColumn = groupingColumns(term).map((c) => factorLabels(table.column(c), null, table.rows));
  return Array.from({ length: table.rows }, (_, i) => perColumn.map((labels) => labels[i]!).join(":"));
}

/** New data must give every value the prediction uses: a missing cell is an error naming it. */
function refuseMissing(table: DataTable, name: string): void {
  const column = table.column(name);
  if (column.missing === 0) return;
  for (let i = 0; i < table.rows; i++) {
    if (isMissingAt(column, i)) {
      throw new GlmmInputError(
        "value",
        `${quoteSource(table.source)}, row ${
          i + 1
        }, column "${name}": missing value; a prediction needs every value the model uses`
      );
    }
  }
}
