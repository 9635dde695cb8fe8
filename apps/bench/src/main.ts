/**
 * Benchmark entry point: `bench <fit|penalised|sparse|profile|bootstrap|cli|browser|mutants|simulate|simulate-checks|scale|fuzz|stochastic> [--runs N] [--json-out FILE]`,
 * and the simulation studies: `bench study …`, `bench worker …`, `bench report DIR`, `bench study-speedup`.
 */
import { UsageError } from "./studies/command-flags.js";
import { StoreMismatchError } from "./studies/store/result-store.js";

// Each suite is loaded only when asked for: `bench study` starts without compiling every other benchmark
// (and BullMQ, piscina, vega load only with the commands that use them).
const suites: Record<string, (args: readonly string[]) => Promise<number | void> | number | void> = {
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
  study: async (args) => (await import("./studies/study-command.js")).runStudyCommand(args),
  worker: async (args) => (await import("./studies/queue/worker-command.js")).runWorkerCommand(args),
  report: async (args) => (await import("./studies/report/report-command.js")).runReportCommand(args),
  "study-speedup": async (args) => (await import("./studies/study-speedup-benchmark.js")).runStudySpeedupBenchmark(args),
};

export async function main(argv: readonly string[]): Promise<number> {
  const [suite, ...rest] = argv;
  const run = suite === undefined ? undefined : suites[suite];
  if (run === undefined) {
    process.stderr.write(`usage: bench <${Object.keys(suites).join("|")}> [--runs N] [--json-out FILE]\n`);
    return 2;
  }
  try {
    return (await run(rest)) ?? 0;
  } catch (error) {
    // Bad input to the study commands is one line naming the flag or token, exit 2 (no stack trace).
    if (error instanceof UsageError || error instanceof StoreMismatchError) {
      process.stderr.write(`bench ${suite}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
