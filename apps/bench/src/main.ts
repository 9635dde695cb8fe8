/** Benchmark entry point: `bench <fit|penalised|sparse|profile|bootstrap|cli|browser|mutants|simulate|simulate-checks|scale|fuzz|stochastic> [--runs N] [--json-out FILE]`. */
import { runFitBenchmark } from "./fit-benchmark.js";
import { runPenalisedBenchmark } from "./penalised-benchmark.js";
import { runSparseBenchmark } from "./sparse-benchmark.js";
import { runProfileBenchmark } from "./profile-benchmark.js";
import { runBootstrapCoverageBenchmark } from "./bootstrap-coverage-benchmark.js";
import { runCliBenchmark } from "./cli-benchmark.js";
import { runBrowserBenchmark } from "./browser-benchmark.js";
import { runMutantsBenchmark } from "./mutants/mutants-benchmark.js";
import { runSimulateSpeedBenchmark } from "./simulate-speed-benchmark.js";
import { runSimulationChecks } from "./simulation-checks-benchmark.js";
import { runScaleBenchmark } from "./scale-benchmark.js";
import { runFuzzBenchmark } from "./fuzz-benchmark.js";
import { runStochasticBenchmark } from "./stochastic-benchmark.js";

const suites: Record<string, (args: readonly string[]) => Promise<void> | void> = {
  fit: runFitBenchmark,
  penalised: runPenalisedBenchmark,
  sparse: runSparseBenchmark,
  profile: runProfileBenchmark,
  bootstrap: runBootstrapCoverageBenchmark,
  cli: runCliBenchmark,
  browser: runBrowserBenchmark,
  mutants: runMutantsBenchmark,
  simulate: runSimulateSpeedBenchmark,
  "simulate-checks": runSimulationChecks,
  scale: runScaleBenchmark,
  fuzz: runFuzzBenchmark,
  stochastic: runStochasticBenchmark,
};

export async function main(argv: readonly string[]): Promise<number> {
  const [suite, ...rest] = argv;
  const run = suite === undefined ? undefined : suites[suite];
  if (run === undefined) {
    process.stderr.write(`usage: bench <${Object.keys(suites).join("|")}> [--runs N] [--json-out FILE]\n`);
    return 2;
  }
  await run(rest);
  return 0;
}
