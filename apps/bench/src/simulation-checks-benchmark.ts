/**
 * `bench simulate-checks`: the statistical acceptance runs of the simulate package that need ML fits —
 * too long for CI, reported beside the published numbers:
 *   recovery    200 ML fits of a 500 × 20 model design (Laplace and adaptive Gauss–Hermite, nAGQ = 10):
 *               mean estimate vs truth in Monte-Carlo SEs;
 *   boundary    Booth–Hobert: the share of ML fits with σ̂² on the boundary (Laplace and nAGQ = 25), beside
 *               lme4's share on data simulated in R (reference/booth-hobert-lme4.json);
 *   divergence  extreme-effects, n = 50, 100, 200 (--n): per λ, fits whose β3 diverges, beside the slides'
 *               bad-fit counts.
 * Flags: --only recovery|boundary|divergence, --replicates R (overrides each run's default), --seed S,
 * --n 50,100,200, --json-out FILE.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { flagValue, intFlag } from "./args.js";
import { repoRoot, resultsDir, sharedDir } from "./paths.js";
import { runBoothHobertBoundary, type BoundaryResult } from "./simulation-checks/booth-hobert-boundary.js";
import { runExtremeEffectsDivergence, type DivergenceRow } from "./simulation-checks/extreme-effects-divergence.js";
import { runMlRecovery, type RecoveryResult } from "./simulation-checks/ml-recovery.js";

const LAMBDAS = [-10, -8, -6, -4, -2, 0, 2, 4, 6, 8, 10];

function write(text: string): void {
  process.stdout.write(`${text}\n`);
}

function printRecovery(result: RecoveryResult): void {
  const label = result.nAGQ === 1 ? "Laplace" : `adaptive Gauss-Hermite, nAGQ = ${result.nAGQ}`;
  write(`\nML recovery (${label}): ${result.replicates} fits of ${result.clusters} clusters x ${result.perCluster}, ` +
    `${result.converged} converged, ${result.secondsPerFit.toFixed(2)} s per fit`);
  write(`${"parameter".padEnd(12)} ${"truth".padStart(7)} ${"mean".padStart(9)} ${"MC SE".padStart(8)} ${"z".padStart(7)}  within 3 SE`);
  for (const r of result.rows) {
    write(`${r.parameter.padEnd(12)} ${r.truth.toFixed(3).padStart(7)} ${r.mean.toFixed(4).padStart(9)} ${r.se.toFixed(4).padStart(8)} ${r.z.toFixed(2).padStart(7)}  ${Math.abs(r.z) < 3 ? "yes" : "NO"}`);
  }
}

interface Lme4BoundaryReference {
  readonly source: string;
  readonly replicates: number;
  readonly laplace: { readonly singular: number; readonly share: number; readonly meanBeta: number };
  readonly agq25: { readonly singular: number; readonly share: number; readonly meanBeta: number };
}

/** lme4 on data simulated in R (reference/booth-hobert-lme4.R): an independent simulation of the same model. */
function lme4BoundaryReference(): Lme4BoundaryReference {
  return JSON.parse(readFileSync(join(repoRoot, "apps", "bench", "reference", "booth-hobert-lme4.json"), "utf8")) as Lme4BoundaryReference;
}

function printBoundary(result: BoundaryResult, reference: Lme4BoundaryReference): void {
  const label = result.nAGQ === 1 ? "Laplace" : `nAGQ = ${result.nAGQ}`;
  const b = result.onBoundary;
  const lme4 = result.nAGQ === 1 ? reference.laplace : reference.agq25;
  const lme4Se = Math.sqrt((lme4.share * (1 - lme4.share)) / reference.replicates);
  const z = (b.share - lme4.share) / Math.hypot(b.se, lme4Se);
  write(`\nBooth-Hobert, ML (${label}): ${b.count} of ${b.of} fits with sigma^2 on the boundary = ${(100 * b.share).toFixed(1)} % ` +
    `(MC SE ${(100 * b.se).toFixed(1)} %); lme4 on ${reference.replicates} data sets simulated in R: ${(100 * lme4.share).toFixed(1)} % ` +
    `(difference ${z.toFixed(2)} SE)`);
  write(`  mean beta-hat ${result.beta.mean.toFixed(3)} (SE ${result.beta.se.toFixed(3)}; lme4 ${lme4.meanBeta.toFixed(3)}; truth 5); ` +
    `mean sigma^2-hat off the boundary ${result.sigma2OffBoundary?.mean.toFixed(3) ?? "-"} (truth 0.5); ${result.converged} converged; ` +
    `${(1000 * result.secondsPerFit).toFixed(1)} ms per fit`);
}

function publishedCounts(n: number): number[] {
  const published = JSON.parse(readFileSync(join(sharedDir, "reference", "published.json"), "utf8")) as {
    extreme_fixed_effects_study: { count_of_bad_fits_out_of_100: { ML: Record<string, number[]> } };
  };
  return published.extreme_fixed_effects_study.count_of_bad_fits_out_of_100.ML[String(n)]!;
}

function printDivergenceHeader(n: number, replicates: number): void {
  write(`\nextreme-effects, n = ${n} per cluster, ${replicates} replicates per lambda: ML fits (Laplace) with the separation checks`);
  write(`${"lambda".padStart(6)} ${"slides ML bad".padStart(13)} ${"beta3 diverging".padStart(15)} ${"LP certified".padStart(12)} ${"any beta div.".padStart(13)} ${"slides' rule".padStart(12)} ${"unconverged".padStart(11)} ${"seconds".padStart(8)}`);
}

function printDivergenceRow(row: DivergenceRow, published: number): void {
  write(`${String(row.lambda).padStart(6)} ${String(published).padStart(13)} ${String(row.divergingBeta3).padStart(15)} ${String(row.certifiedBeta3).padStart(12)} ${String(row.divergingAny).padStart(13)} ${String(row.publishedRule).padStart(12)} ${String(row.unconverged).padStart(11)} ${row.seconds.toFixed(1).padStart(8)}`);
}

export async function runSimulationChecks(args: readonly string[]): Promise<void> {
  const only = flagValue(args, "--only");
  const seed = flagValue(args, "--seed") ?? "2022";
  const override = flagValue(args, "--replicates") === undefined ? undefined : intFlag(args, "--replicates", 1);
  const results: Record<string, unknown> = {};
  if (only === undefined || only === "recovery") {
    const replicates = override ?? 200;
    results["recovery"] = [1, 10].map((nAGQ) => {
      const result = runMlRecovery({ clusters: 500, perCluster: 20, replicates, seed, nAGQ });
      printRecovery(result);
      return result;
    });
  }
  if (only === undefined || only === "boundary") {
    const replicates = override ?? 1000;
    const reference = lme4BoundaryReference();
    results["boundary"] = {
      lme4: reference,
      runs: [1, 25].map((nAGQ) => {
        const result = runBoothHobertBoundary({ replicates, seed, nAGQ });
        printBoundary(result, reference);
        return result;
      }),
    };
  }
  if (only === undefined || only === "divergence") {
    const replicates = override ?? 100;
    const sizes = (flagValue(args, "--n") ?? "50,100,200").split(",").map(Number);
    const tables = [];
    for (const n of sizes) {
      const published = publishedCounts(n);
      printDivergenceHeader(n, replicates);
      const rows = await runExtremeEffectsDivergence({
        n,
        lambdas: LAMBDAS,
        replicates,
        seed,
        onRow: (row) => printDivergenceRow(row, published[LAMBDAS.indexOf(row.lambda)]!),
      });
      tables.push({ n, published, rows });
    }
    results["divergence"] = tables;
  }
  const out = flagValue(args, "--json-out") ?? join(resultsDir, "simulate-checks.json");
  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ suite: "simulate-checks", node: process.version, seed, results }, null, 2)}\n`);
  write(`\nwrote ${out}`);
}
