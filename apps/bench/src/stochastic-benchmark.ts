/**
 * `bench stochastic`: the speed and acceptance runs of issue 9 (IMSA, ScoreSA, mcmc), too long for CI:
 *   speed         one IMSA and one ScoreSA run on a Booth–Hobert data set (2 000 iterations × 4 chains × 20
 *                 MALA steps; paper: 67 s and 37 s), IMSA on salamander (4 000 iterations; paper: 475 s), and
 *                 mcmc on sim_base_J50 (4 chains × 1 000 draws after 1 000 warm-up): seconds and ESS per second;
 *   booth-hobert  the 100-replicate study of Song & Tan's Figure 1 (medians, bias, RMSE per method), and the
 *                 95 % Wald coverage of the true β and σ² by ML's and IMSA's (Algorithm 6) standard errors;
 *   coverage      the same coverage on the sim_base model (unified design, base, J = 30, sizes 5–20):
 *                 ML (Laplace, nAGQ = 25) and IMSA on each of --replicates data sets (default 100);
 *   salamander    IMSA (4 000 iterations) vs the ML fit, in ML standard errors;
 *   sim-base      IMSA vs ML on sim_base_J50, and Algorithm 6's SEs vs ML's observed-information SEs;
 *   toenail       mcmc vs ML (adaptive Gauss–Hermite, nAGQ = 25, and Laplace): medians in posterior SDs, R̂, ESS.
 * Flags: --only <part>, --replicates R (Booth–Hobert and coverage, default 100), --estimators ml,imsa,scoresa (the
 * Booth–Hobert methods to run, default all), --runs N (speed medians, default 5), --threads N (speed: also time
 * the `glmm fit` command with --threads 1 and --threads N, command-speed.ts), --seed S, --json-out FILE. Wall
 * and CPU times are medians of runs in a warm process on whatever machine runs it (CPU: this process's
 * user + system seconds, less sensitive to other load than wall time).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parameterLayout, type FitResult } from "@glmmkit/core";
import { createSimulator, toCsv } from "@glmmkit/simulate";
import { flagValue, intFlag } from "./args.js";
import { resultsDir } from "./paths.js";
import { median } from "./timing.js";
import { BOOTH_HOBERT_METHODS, BOOTH_HOBERT_TRUTH, runBoothHobertStudy, type MethodSummary } from "./stochastic/booth-hobert-study.js";
import { buildCliBundle, runCommand, type CommandCase } from "./stochastic/command-speed.js";
import { compareFits, sharedDataPath, sharedFrame, timedFit, type ParameterComparison } from "./stochastic/real-data-comparisons.js";
import { runSimBaseCoverage, SIM_BASE_COVERAGE_CELL } from "./stochastic/sim-base-coverage.js";
import type { CoverageShare } from "./stochastic/wald-coverage.js";

function write(text: string): void {
  process.stdout.write(`${text}\n`);
}

const f = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

function printComparison(title: string, rows: readonly ParameterComparison[], seLabel: string): void {
  write(`\n${title}`);
  write(`${"parameter".padEnd(28)} ${"ML".padStart(9)} ${"estimate".padStart(9)} ${"diff/SE".padStart(8)} ${"ML SE".padStart(8)} ${seLabel.padStart(9)} ${"ratio".padStart(6)}`);
  for (const r of rows) {
    write(`${r.parameter.padEnd(28)} ${f(r.reference, 4).padStart(9)} ${f(r.estimate, 4).padStart(9)} ${f(r.differenceInSe, 3).padStart(8)} ${f(r.referenceSe, 4).padStart(8)} ${f(r.estimateSe, 4).padStart(9)} ${f(r.seRatio, 3).padStart(6)}`);
  }
}

function printStudyHeader(replicates: number): void {
  write(`\nBooth–Hobert (Song & Tan 2022, Figure 1): ${replicates} data sets, truth beta = ${BOOTH_HOBERT_TRUTH.beta}, sigma^2 = ${BOOTH_HOBERT_TRUTH.sigma2}`);
  write(
    `${"method".padEnd(22)} ${"beta med".padStart(8)} ${"bias".padStart(7)} ${"RMSE".padStart(6)} ${"s2 med".padStart(7)} ${"bias".padStart(7)} ${"RMSE".padStart(6)} ${"logsd med".padStart(9)} ${"bias".padStart(7)} ${"RMSE".padStart(6)} ${"s2~0".padStart(5)} ${"conv".padStart(4)} ${"s/fit".padStart(6)}`,
  );
}

function printStudyRow(m: MethodSummary): void {
  write(
    `${m.label.padEnd(22)} ${f(m.beta.median).padStart(8)} ${f(m.beta.bias).padStart(7)} ${f(m.beta.rmse).padStart(6)} ${f(m.sigma2.median).padStart(7)} ${f(m.sigma2.bias).padStart(7)} ${f(m.sigma2.rmse).padStart(6)} ${f(m.logSigma.median).padStart(9)} ${f(m.logSigma.bias).padStart(7)} ${f(m.logSigma.rmse).padStart(6)} ${`${Math.round(100 * m.zeroVariance)}%`.padStart(5)} ${String(m.converged).padStart(4)} ${f(m.secondsPerFit, 2).padStart(6)}`,
  );
}

function printCoverageHeader(): void {
  write(`${"method".padEnd(22)} ${"parameter".padEnd(16)} ${"truth".padStart(7)} ${"coverage".padStart(8)} ${"MC SE".padStart(6)} ${"defined".padStart(8)}`);
}

function printCoverage(label: string, shares: readonly CoverageShare[]): void {
  // A method without standard errors (ScoreSA) has no intervals at all: nothing to print.
  if (shares.every((c) => c.defined === 0)) return;
  for (const c of shares) {
    write(`${label.padEnd(22)} ${c.parameter.padEnd(16)} ${f(c.truth).padStart(7)} ${`${(100 * c.coverage).toFixed(1)}%`.padStart(8)} ${(100 * c.monteCarloSe).toFixed(1).padStart(6)} ${`${c.defined}/${c.replicates}`.padStart(8)}`);
  }
}

function minimumBulkEss(fit: FitResult): number {
  return Math.min(...(fit.sampling?.parameters.map((p) => p.essBulk) ?? [Number.NaN]));
}

function speed(runs: number, seed: string, threads: number | undefined): Record<string, unknown> {
  const bhData = createSimulator("booth-hobert", {}, { seed }).replicate(1);
  const bh = bhData.frame;
  const salamanderFormula = "Mate ~ 0 + Cross + (1 | Female) + (1 | Male)";
  const salamander = sharedFrame("salamander.csv", salamanderFormula);
  const out: Record<string, unknown> = { loadAverage: loadavg() };
  const cases: [string, string, Record<string, unknown>, typeof bh, number, string][] = [
    ["IMSA, Booth-Hobert, 2000 x 4 x 20", "imsa", {}, bh, runs, "paper 67 s (Python); issue: under 0.5 s"],
    ["ScoreSA-6 (t0 = 100), Booth-Hobert, 2000 x 4 x 20", "scoresa", {}, bh, runs, "paper 37 s (Python)"],
    ["IMSA, salamander, 4000 x 4 x 20", "imsa", { iterations: 4000 }, salamander, Math.max(1, Math.ceil(runs / 2)), "paper 475 s (Python); issue: under 3 s"],
  ];
  write(`\nspeed (medians of repeated runs in a warm process, one thread; one untimed warm-up run; load average ${loadavg().map((l) => l.toFixed(2)).join(", ")})`);
  for (const [label, estimator, options, frame, n, note] of cases) {
    timedFit(estimator, frame, options, seed);
    const seconds: number[] = [];
    const cpuSeconds: number[] = [];
    for (let k = 0; k < n; k++) {
      const before = process.cpuUsage();
      seconds.push(timedFit(estimator, frame, options, seed).seconds);
      const used = process.cpuUsage(before);
      cpuSeconds.push((used.user + used.system) / 1e6);
    }
    write(`  ${label.padEnd(40)} ${median(seconds).toFixed(3)} s wall, ${median(cpuSeconds).toFixed(3)} s CPU   (${note})`);
    out[label] = { medianSeconds: median(seconds), seconds, medianCpuSeconds: median(cpuSeconds), cpuSeconds };
  }
  const simBase = sharedFrame("sim_base_J50.csv", "y ~ x1 + x2 + x3 + x4 + (1 | g)");
  const mcmc = timedFit("mcmc", simBase, { chains: 4, warmup: 1000, draws: 1000 }, seed);
  const ess = minimumBulkEss(mcmc.fit);
  write(`  ${"mcmc, sim_base_J50, 4 x (1000 + 1000)".padEnd(40)} ${mcmc.seconds.toFixed(3)} s   min bulk ESS ${ess.toFixed(0)}, ${(ess / mcmc.seconds).toFixed(0)} ESS/s (000's MCMC: 30 s per replication)`);
  out["mcmc sim_base_J50"] = { seconds: mcmc.seconds, minBulkEss: ess, essPerSecond: ess / mcmc.seconds, gradientEvaluations: mcmc.fit.sampling?.gradientEvaluations };
  if (threads !== undefined) out["command"] = commandSpeed(runs, seed, threads, toCsv(bhData.table), salamanderFormula);
  return out;
}

/**
 * The `glmm fit` command with --threads 1 and --threads N (alternating, so load drifts hit both alike): wall and
 * CPU seconds of the whole command, and a check that the JSON output is byte-identical across thread counts.
 */
function commandSpeed(runs: number, seed: string, threads: number, bhCsv: string, salamanderFormula: string): Record<string, unknown> {
  buildCliBundle();
  const dir = join(resultsDir, "stochastic");
  mkdirSync(dir, { recursive: true });
  const bhPath = join(dir, `booth-hobert-seed-${seed}.csv`);
  writeFileSync(bhPath, bhCsv);
  const cases: [string, CommandCase, number][] = [
    ["IMSA, Booth-Hobert", { csv: bhPath, formula: "y ~ 0 + x + (1 | i)", estimator: "imsa", flags: [] }, runs],
    ["ScoreSA-6, Booth-Hobert", { csv: bhPath, formula: "y ~ 0 + x + (1 | i)", estimator: "scoresa", flags: [] }, runs],
    ["IMSA, salamander, 4000", { csv: sharedDataPath("salamander.csv"), formula: salamanderFormula, estimator: "imsa", flags: ["--iterations", "4000"] }, Math.max(1, Math.ceil(runs / 2))],
  ];
  const out: Record<string, unknown> = {};
  write(`\n\`glmm fit\` (bundled command in a child process, whole command: start-up, CSV, worker start included; medians; load average ${loadavg().map((l) => l.toFixed(2)).join(", ")})`);
  for (const [label, command, n] of cases) {
    const counts = [1, threads];
    const runsByThreads = counts.map(() => [] as ReturnType<typeof runCommand>[]);
    for (let k = 0; k < n; k++) counts.forEach((t, c) => runsByThreads[c]!.push(runCommand(command, seed, t)));
    const identical = runsByThreads.flat().every((r) => r.outputDigest === runsByThreads[0]![0]!.outputDigest);
    const row: Record<string, unknown> = { identicalOutput: identical };
    const parts = counts.map((t, c) => {
      const wall = median(runsByThreads[c]!.map((r) => r.wallSeconds));
      const cpu = median(runsByThreads[c]!.map((r) => r.cpuSeconds));
      row[`threads${t}`] = { medianWallSeconds: wall, medianCpuSeconds: cpu, runs: runsByThreads[c] };
      return `--threads ${t}: ${wall.toFixed(3)} s wall, ${cpu.toFixed(3)} s CPU`;
    });
    write(`  ${label.padEnd(28)} ${parts.join("; ")}; output ${identical ? "byte-identical" : "DIFFERS"}`);
    out[label] = row;
  }
  return out;
}

export async function runStochasticBenchmark(args: readonly string[]): Promise<void> {
  const only = flagValue(args, "--only");
  const seed = flagValue(args, "--seed") ?? "2022";
  const results: Record<string, unknown> = {};
  const wants = (part: string) => only === undefined || only === part;
  if (wants("speed")) results["speed"] = speed(intFlag(args, "--runs", 5), seed, args.includes("--threads") ? intFlag(args, "--threads", 2) : undefined);
  if (wants("booth-hobert")) {
    const replicates = intFlag(args, "--replicates", 100);
    const estimators = flagValue(args, "--estimators")?.split(",");
    const methods = BOOTH_HOBERT_METHODS.filter((m) => estimators === undefined || estimators.includes(m.estimator));
    printStudyHeader(replicates);
    const summaries = runBoothHobertStudy({ replicates, seed, methods, onMethod: printStudyRow });
    write(`\nBooth–Hobert: coverage of 95 % Wald intervals (estimate ± 1.96 SE; ML: observed information, IMSA: Algorithm 6); MC SE in percentage points`);
    printCoverageHeader();
    for (const m of summaries) printCoverage(m.label, m.coverage);
    results["booth-hobert"] = summaries;
  }
  if (wants("coverage")) {
    const replicates = intFlag(args, "--replicates", 100);
    write(`\nsim_base coverage (unified design ${JSON.stringify(SIM_BASE_COVERAGE_CELL)}): ${replicates} data sets, 95 % Wald intervals; MC SE in percentage points`);
    printCoverageHeader();
    const study = runSimBaseCoverage({
      replicates,
      seed,
      onMethod: (m) => {
        printCoverage(m.label, m.coverage);
        write(`${m.label.padEnd(22)} ${f(m.secondsPerFit, 2)} s per fit`);
      },
    });
    write(`  mean rows per data set: ${study.rows.toFixed(0)}`);
    results["coverage"] = study;
  }
  if (wants("salamander")) {
    const frame = sharedFrame("salamander.csv", "Mate ~ 0 + Cross + (1 | Female) + (1 | Male)");
    const ml = timedFit("ml", frame, {}, seed);
    const imsa = timedFit("imsa", frame, { iterations: 4000 }, seed);
    const rows = compareFits(imsa.fit, ml.fit, parameterLayout(frame).names);
    printComparison(`salamander: IMSA (4000 iterations, ${imsa.seconds.toFixed(2)} s) vs ML (Laplace); log_sd rows on the log sigma scale`, rows, "IMSA SE");
    results["salamander"] = { rows, seconds: imsa.seconds, monitor: imsa.fit.stochasticApproximation?.monitor };
  }
  if (wants("sim-base")) {
    const frame = sharedFrame("sim_base_J50.csv", "y ~ x1 + x2 + x3 + x4 + (1 | g)");
    const ml = timedFit("ml", frame, { nAGQ: 25 }, seed);
    const imsa = timedFit("imsa", frame, {}, seed);
    const rows = compareFits(imsa.fit, ml.fit, parameterLayout(frame).names);
    printComparison(`sim_base_J50: IMSA (2000 iterations, ${imsa.seconds.toFixed(2)} s) vs ML (nAGQ = 25); SEs: Algorithm 6 vs observed information`, rows, "Alg.6 SE");
    results["sim-base"] = { rows, seconds: imsa.seconds };
  }
  if (wants("toenail")) {
    const formula = "outcome ~ treatment * time + (1 | patientID)";
    const frame = sharedFrame("toenail.csv", formula, { success: "moderate or severe" });
    const mcmc = timedFit("mcmc", frame, { chains: 4, warmup: 1000, draws: 1000 }, seed);
    const parameters = mcmc.fit.sampling!.parameters;
    const toenail: Record<string, unknown> = { seconds: mcmc.seconds, parameters };
    for (const nAGQ of [25, 1]) {
      const ml = timedFit("ml", frame, nAGQ > 1 ? { nAGQ } : {}, seed).fit;
      write(`\ntoenail: mcmc (4 x 1000 after 1000 warm-up, ${mcmc.seconds.toFixed(1)} s) vs ML (${nAGQ === 1 ? "Laplace" : `nAGQ = ${nAGQ}`})`);
      write(`${"parameter".padEnd(28)} ${"ML".padStart(8)} ${"median".padStart(8)} ${"post SD".padStart(8)} ${"diff/SD".padStart(8)} ${"Rhat".padStart(6)} ${"bulkESS".padStart(8)} ${"tailESS".padStart(8)}`);
      const rows = ml.betaNames.map((name, k) => {
        const p = parameters[k]!;
        const z = (p.median - ml.beta[k]!) / p.sd;
        write(`${name.padEnd(28)} ${f(ml.beta[k]!, 4).padStart(8)} ${f(p.median, 4).padStart(8)} ${f(p.sd, 4).padStart(8)} ${f(z, 3).padStart(8)} ${f(p.rhat, 4).padStart(6)} ${f(p.essBulk, 0).padStart(8)} ${f(p.essTail, 0).padStart(8)}`);
        return { parameter: name, ml: ml.beta[k]!, median: p.median, sd: p.sd, differenceInSd: z };
      });
      for (const p of parameters.slice(ml.beta.length)) {
        write(`${p.name.padEnd(28)} ${"".padStart(8)} ${f(p.median, 4).padStart(8)} ${f(p.sd, 4).padStart(8)} ${"".padStart(8)} ${f(p.rhat, 4).padStart(6)} ${f(p.essBulk, 0).padStart(8)} ${f(p.essTail, 0).padStart(8)}`);
      }
      write(`  ML sd(patientID) = ${f(ml.covariances[0]!.sd[0]!, 4)}`);
      toenail[nAGQ === 1 ? "mlLaplace" : "mlAgq25"] = rows;
    }
    results["toenail"] = toenail;
  }
  const out = flagValue(args, "--json-out") ?? join(resultsDir, "stochastic.json");
  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ suite: "stochastic", node: process.version, seed, results }, null, 2)}\n`);
  write(`\nwrote ${out}`);
}
