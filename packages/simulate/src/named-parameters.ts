/**
 * True parameters given by name and checked against a model frame, for the built-in designs and for a
 * user's `model`:
 *   β        by coefficient name as `glmm fit` prints it: "(Intercept)", "x", "tttcrabs";
 *   SDs      "g" for a term with one column, "g:col" for one column of a term (`patientID:time`);
 *   ρ        "g:col1:col2" (the two columns of one term, either order); unnamed correlations are 0.
 * Every coefficient and SD must be given; a name that is not in the model is an error naming it.
 */
import { GlmmInputError, type ModelFrame } from "@glmmkit/core";
import type { TermCovariance, TrueParameters } from "./true-parameters.js";

export interface NamedParameters {
  readonly beta: Readonly<Record<string, number>>;
  readonly sd: Readonly<Record<string, number>>;
  readonly correlation?: Readonly<Record<string, number>>;
}

export interface NameSources {
  /** How the user gave each kind of value, for messages (default "--beta", "--sd", "--cor"). */
  readonly beta?: string;
  readonly sd?: string;
  readonly correlation?: string;
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(", ");
}

/** The SD names a frame accepts, per term and column: "g" when unambiguous, always "g:col". */
export function sdNames(frame: ModelFrame): string[][] {
  return frame.terms.map((term) =>
    term.termNames.map((column) => {
      const alone = term.q === 1 && frame.terms.filter((t) => t.group === term.group).length === 1;
      return alone ? term.group : `${term.group}:${column}`;
    }),
  );
}

/** Where a name points: [term, column]; "g" for a lone one-column term, or "g:col". */
function resolveSdName(frame: ModelFrame, name: string): [number, number] | undefined {
  const withGroup = frame.terms.flatMap((term, t) => (term.group === name ? [t] : []));
  if (withGroup.length === 1 && frame.terms[withGroup[0]!]!.q === 1) return [withGroup[0]!, 0];
  const colon = name.indexOf(":");
  if (colon <= 0) return undefined;
  const group = name.slice(0, colon);
  const column = name.slice(colon + 1);
  for (let t = 0; t < frame.terms.length; t++) {
    const term = frame.terms[t]!;
    if (term.group !== group) continue;
    const k = term.termNames.indexOf(column);
    if (k >= 0) return [t, k];
  }
  return undefined;
}

/** "g:a:b" → [term, a, b] where a and b are columns of one term of g (names may contain ':'). */
function resolveCorrelationName(frame: ModelFrame, name: string): [number, number, number] | undefined {
  for (let t = 0; t < frame.terms.length; t++) {
    const term = frame.terms[t]!;
    if (!name.startsWith(`${term.group}:`)) continue;
    const rest = name.slice(term.group.length + 1);
    for (let a = 0; a < term.q; a++) {
      for (let b = 0; b < term.q; b++) {
        if (a !== b && rest === `${term.termNames[a]}:${term.termNames[b]}`) return [t, a, b];
      }
    }
  }
  return undefined;
}

export function betaFromNames(frame: ModelFrame, values: Readonly<Record<string, number>>, source = "--beta"): Float64Array {
  for (const name of Object.keys(values)) {
    if (!frame.betaNames.includes(name)) {
      throw new GlmmInputError(
        "option",
        `${source} names "${name}", which is not a coefficient of "${frame.formula}"; its coefficients are ${quoteList(frame.betaNames)}`,
      );
    }
  }
  const missing = frame.betaNames.filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    throw new GlmmInputError("option", `${source} must give every coefficient of "${frame.formula}"; missing ${quoteList(missing)}`);
  }
  return Float64Array.from(frame.betaNames, (name) => values[name]!);
}

export function covariancesFromNames(
  frame: ModelFrame,
  sd: Readonly<Record<string, number>>,
  correlation: Readonly<Record<string, number>> = {},
  sources: NameSources = {},
): TermCovariance[] {
  const sdSource = sources.sd ?? "--sd";
  const corSource = sources.correlation ?? "--cor";
  const names = sdNames(frame);
  const allNames = names.flat();
  const covariances = frame.terms.map(
    (term): TermCovariance => ({
      group: term.group,
      termNames: term.termNames,
      sd: new Float64Array(term.q).fill(Number.NaN),
      correlation: Float64Array.from({ length: term.q * term.q }, (_, k) => (k % (term.q + 1) === 0 ? 1 : 0)),
    }),
  );
  for (const [name, value] of Object.entries(sd)) {
    const at = resolveSdName(frame, name);
    if (at === undefined) {
      const known = allNames.length === 0 ? `"${frame.formula}" has no random effects` : `its random effects are ${quoteList(allNames)}`;
      throw new GlmmInputError("option", `${sdSource} names "${name}", which is not a random effect of "${frame.formula}"; ${known}`);
    }
    if (!(value >= 0 && Number.isFinite(value))) {
      throw new GlmmInputError("option", `${sdSource} ${name}=${value}: a standard deviation must be a finite number >= 0`);
    }
    (covariances[at[0]]!.sd as Float64Array)[at[1]] = value;
  }
  const missing = names.flatMap((termNames, t) => termNames.filter((_, k) => Number.isNaN(covariances[t]!.sd[k]!)));
  if (missing.length > 0) {
    throw new GlmmInputError("option", `${sdSource} must give the SD of every random effect; missing ${quoteList(missing)}`);
  }
  for (const [name, value] of Object.entries(correlation)) {
    const at = resolveCorrelationName(frame, name);
    if (at === undefined) {
      const pairs = frame.terms.flatMap((term) =>
        term.termNames.flatMap((a, i) => term.termNames.slice(i + 1).map((b) => `${term.group}:${a}:${b}`)),
      );
      const known = pairs.length === 0 ? `"${frame.formula}" has no correlated random effects` : `its correlations are ${quoteList(pairs)}`;
      throw new GlmmInputError("option", `${corSource} names "${name}", which is not a correlation of "${frame.formula}"; ${known}`);
    }
    if (!(Math.abs(value) <= 1)) {
      throw new GlmmInputError("option", `${corSource} ${name}=${value}: a correlation must lie in [-1, 1]`);
    }
    const [t, a, b] = at;
    const q = frame.terms[t]!.q;
    const matrix = covariances[t]!.correlation as Float64Array;
    matrix[a * q + b] = value;
    matrix[b * q + a] = value;
  }
  return covariances;
}

export function parametersFromNames(frame: ModelFrame, named: NamedParameters, sources: NameSources = {}): TrueParameters {
  return {
    beta: betaFromNames(frame, named.beta, sources.beta),
    covariances: covariancesFromNames(frame, named.sd, named.correlation, sources),
  };
}
