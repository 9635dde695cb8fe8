/**
 * Benchmark entry point: `bench <fit|penalised|sparse|profile|bootstrap|cli|browser|mutants|simulate|simulate-checks|scale|fuzz|stochastic> [--runs N] [--json-out FILE]`,
 * and the simulation studies: `bench study …`, `bench worker …`, `bench report DIR`, `bench study-speedup`.
 */
import { runSuite, type Suite } from "./run-suite.js";
import { STUDY_SUITES } from "./studies/study-suites.js";

// Each suite is loaded only when asked for: one benchmark does not compile every other through tsx.
const BENCHMARK_SUITES: Readonly<Record<string, Suite>> = {
  fit: async (args) => (await import("./fit-benchmark.js")).runFitBenchmark(args),
  penalised: async (args) => (await import("./penalised-benchmark.js")).runPenalisedBenchmark(args),
  sparse: async (args) => (await import("./sparse-benchmark.js")).runSparseBenchmark(args),
  profile: async (args) => (await import("./profile-benchmark.js")).runProfileBenchmark(args),
  bootstrap: async (args) => (await import("./bootstrap-coverage-benchmark.js")).runBootstrapCoverageBenchmark(args),
  cli: async (args) => (await import("./cli-benchmark.js")).runCliBenchmark(args),
  browser: async (args) => (await import("./browser-benchmark.js")).runBrowserBenchmark(args),
  mutants: async (args) => (await import("./mutants/mutants-benchmark.js")).runMutantsBenchmark(args),
  simulate: async (args) => (await import("./simulate-speed-benchmark.js")).runSimulateSpeedBenchmark(args),
  "simulate-checks": async (args) => (await import("./simulation-checks-benchmark.js")).runSimulationChecks(args),
  scale: async (args) => (await import("./scale-benchmark.js")).runScaleBenchmark(args),
  fuzz: async (args) => (await import("./fuzz-benchmark.js")).runFuzzBenchmark(args),
  stochastic: async (args) => (await import("./stochastic-benchmark.js")).runStochasticBenchmark(args),
};

export function main(argv: readonly string[]): Promise<number> {
  return runSuite({ ...BENCHMARK_SUITES, ...STUDY_SUITES }, argv);
}
