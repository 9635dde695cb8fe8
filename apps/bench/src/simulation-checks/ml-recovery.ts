/**
 * Does ML recover the truth from simulated data? For a large `model` design (500 clusters of 20, a
 * continuous and a binary covariate, σ = 1) the mean of R ML estimates should lie within 3 Monte-Carlo
 * SEs of the truth for every β and σ — a check of the simulator (and of the fitter): a wrong variance, a
 * wrong link or a misaligned coefficient in the generator would show as a bias of many SEs. The Laplace
 * approximation's own O(1/n_j) bias in σ can show up at this precision, so adaptive Gauss–Hermite (the
 * exact likelihood for a scalar random effect) is the reference run.
 */
import { createDataTable, getEstimator, type DataTable } from "@glmmkit/core";
import "@glmmkit/estimators";
import { createRng } from "@glmmkit/math";
import { createSimulator, modelDesign, type SimulationDesign } from "@glmmkit/simulate";
import { meanWithSe } from "./monte-carlo.js";

export const RECOVERY_FORMULA = "y ~ x + treat + (1 | g)";
export const RECOVERY_TRUTH = { beta: { "(Intercept)": -0.5, x: 0.8, treat: -0.6 }, sd: { g: 1 } } as const;

/** The design rows: x ~ N(0, 1) and treat ~ Bern(½) drawn once from a fixed stream, clusters of equal size. */
export function recoveryDesignRows(clusters: number, perCluster: number): DataTable {
  const rng = createRng("ml-recovery design rows");
  const n = clusters * perCluster;
  const x: string[] = [];
  const treat: string[] = [];
  const g: string[] = [];
  for (let i = 0; i < n; i++) {
    x.push(String(rng.normal()));
    treat.push(String(rng.bernoulli(0.5)));
    g.push(String(Math.floor(i / perCluster) + 1));
  }
  return createDataTable(`recovery design (${clusters} x ${perCluster})`, new Map([["x", x], ["treat", treat], ["g", g]]));
}

export function recoveryDesign(clusters: number, perCluster: number): SimulationDesign {
  return modelDesign({ data: recoveryDesignRows(clusters, perCluster), formula: RECOVERY_FORMULA, parameters: RECOVERY_TRUTH });
}

export interface RecoveryRow {
  readonly parameter: string;
  readonly truth: number;
  readonly mean: number;
  readonly se: number;
  /** (mean − truth) / se. */
  readonly z: number;
}

export interface RecoveryResult {
  readonly clusters: number;
  readonly perCluster: number;
  readonly replicates: number;
  readonly nAGQ: number;
  readonly converged: number;
  readonly secondsPerFit: number;
  readonly rows: readonly RecoveryRow[];
}

export interface RecoveryOptions {
  readonly clusters: number;
  readonly perCluster: number;
  readonly replicates: number;
  readonly seed: string | number;
  readonly nAGQ?: number;
}

export function runMlRecovery(options: RecoveryOptions): RecoveryResult {
  const simulator = createSimulator(recoveryDesign(options.clusters, options.perCluster), {}, { seed: options.seed });
  const ml = getEstimator<{ nAGQ?: number }>("ml");
  const nAGQ = options.nAGQ ?? 1;
  const names = [...Object.keys(RECOVERY_TRUTH.beta), "sd(g)"];
  const truth = [...Object.values(RECOVERY_TRUTH.beta), RECOVERY_TRUTH.sd.g];
  const estimates: number[][] = names.map(() => []);
  let converged = 0;
  const started = process.hrtime.bigint();
  for (let k = 1; k <= options.replicates; k++) {
    const replicate = simulator.replicate(k);
    const fit = ml.fit(replicate.frame, nAGQ > 1 ? { nAGQ } : {});
    if (fit.converged) converged++;
    const values = [...fit.beta, fit.covariances[0]!.sd[0]!];
    values.forEach((v, c) => estimates[c]!.push(v));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    clusters: options.clusters,
    perCluster: options.perCluster,
    replicates: options.replicates,
    nAGQ,
    converged,
    secondsPerFit: seconds / options.replicates,
    rows: names.map((parameter, c) => {
      const { mean, se } = meanWithSe(estimates[c]!);
      return { parameter, truth: truth[c]!, mean, se, z: (mean - truth[c]!) / se };
    }),
  };
}
