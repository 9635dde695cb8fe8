/** The flags of `glmm fit` that ask for confidence intervals after the fit, checked one by one. */
import { BOOTSTRAP_TYPES, type BootstrapType, type IntervalMethod } from "@glmmkit/core";
import { CliError } from "./cli-error.js";
import { parsePositiveInteger } from "./flag-parsers.js";

export interface IntervalFlags {
  ci?: string;
  ciLevel?: string;
  bootReplicates?: string;
  bootType?: string;
  seed?: string;
}

export interface IntervalRequest {
  readonly method: IntervalMethod;
  readonly level?: number;
  readonly bootstrap?: { readonly replicates?: number; readonly seed?: string; readonly type?: BootstrapType };
}

export const INTERVAL_HELP = {
  ci:
    "confidence intervals after the fit: wald (every estimator, with its own standard errors; SDs on the log scale), " +
    "profile (profile likelihood as lme4's confint; --estimator ml), boot (parametric bootstrap, percentile; every estimator with the logit link)",
  level: "coverage of the --ci intervals (default 0.95)",
  replicates: "number of parametric-bootstrap replicates for --ci boot (default 1000)",
  type:
    "interval from the --ci boot refits: perc (quantiles, the default, as lme4's boot.type), basic (reflected about the estimate, 2θ̂ − q) " +
    "or bca (bias-corrected and accelerated, Efron 1987: quantiles at levels adjusted for the refits' median bias and for skewness from a delete-one-cluster jackknife) " +
    "or invert (the SD by test inversion, Carpenter 1999: the SDs σ₀ whose simulated data sets, with β re-estimated at σ₀, make the observed SD not extreme at level α/2 on either side; " +
    "--estimator ml, one scalar term such as (1 | herd); B refits per σ₀ tried, about 20 σ₀; the fixed effects get percentile intervals)",
  seed: "seed of every stochastic step — the stochastic estimators (mcmc, imsa, scoresa) and the parametric bootstrap (--ci boot); default 1: the same seed gives the same output",
} as const;

const METHODS: readonly IntervalMethod[] = ["wald", "profile", "boot"];

/** null when no intervals were asked for; an error naming the flag for every inconsistent or bad value. */
export function intervalRequest(flags: IntervalFlags): IntervalRequest | null {
  if (flags.ci === undefined) {
    for (const [flag, value] of [
      ["--ci-level", flags.ciLevel],
      ["--boot-replicates", flags.bootReplicates],
      ["--boot-type", flags.bootType],
      ["--seed", flags.seed],
    ] as const) {
      if (value !== undefined) throw new CliError(`${flag} needs --ci (e.g. --ci ${flag === "--ci-level" ? "profile" : "boot"})`);
    }
    return null;
  }
  const method = flags.ci as IntervalMethod;
  if (!METHODS.includes(method)) throw new CliError(`--ci must be "wald", "profile" or "boot", got "${flags.ci}"`);
  if (method !== "boot") {
    if (flags.bootReplicates !== undefined) throw new CliError(`--boot-replicates is only used by --ci boot (got --ci ${method})`);
    if (flags.bootType !== undefined) throw new CliError(`--boot-type is only used by --ci boot (got --ci ${method})`);
    if (flags.seed !== undefined) throw new CliError(`--seed is only used by --ci boot (got --ci ${method})`);
  }
  let level: number | undefined;
  if (flags.ciLevel !== undefined) {
    level = Number(flags.ciLevel);
    if (flags.ciLevel.trim() === "" || !(level > 0 && level < 1)) {
      throw new CliError(`--ci-level expects a number strictly between 0 and 1 (e.g. 0.95), got "${flags.ciLevel}"`);
    }
  }
  let bootstrap: IntervalRequest["bootstrap"];
  if (method === "boot") {
    if (flags.seed !== undefined && flags.seed.trim() === "") throw new CliError(`--seed expects a non-empty value, got "${flags.seed}"`);
    const type = flags.bootType as BootstrapType | undefined;
    if (type !== undefined && !BOOTSTRAP_TYPES.includes(type)) {
      throw new CliError(`--boot-type must be ${BOOTSTRAP_TYPES.map((t) => `"${t}"`).join(", ")}, got "${flags.bootType}"`);
    }
    bootstrap = {
      ...(type === undefined ? {} : { type }),
      ...(flags.bootReplicates === undefined ? {} : { replicates: parsePositiveInteger(flags.bootReplicates, "--boot-replicates") }),
      ...(flags.seed === undefined ? {} : { seed: flags.seed }),
    };
  }
  return { method, ...(level === undefined ? {} : { level }), ...(bootstrap === undefined ? {} : { bootstrap }) };
}
