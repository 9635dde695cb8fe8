/**
 * Benchmark entry point: `bench <fit|penalised|sparse|profile|bootstrap|cli|browser|mutants|simulate|simulate-checks|scale|fuzz|stochastic> [--runs N] [--json-out FILE]`,
 * and the simulation studies: `bench study …`, `bench worker …`, `bench report DIR`, `bench study-speedup`.
 */
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
import { UsageError } from "./studies/command-flags.js";
import { StoreMismatchError } from "./studies/store/result-store.js";

const suites: Record<string, (args: readonly string[]) => Promise<number | void> | number | void> = {
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
  // The study commands load BullMQ, piscina and vega: only when asked for.
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
