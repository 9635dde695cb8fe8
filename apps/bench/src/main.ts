/** Benchmark entry point: `bench <fit|penalised|scale|fuzz> [--runs N] [--json-out FILE]`. */
import { runFitBenchmark } from "./fit-benchmark.js";
import { runPenalisedBenchmark } from "./penalised-benchmark.js";
import { runScaleBenchmark } from "./scale-benchmark.js";
import { runFuzzBenchmark } from "./fuzz-benchmark.js";

const suites: Record<string, (args: readonly string[]) => Promise<void> | void> = {
  fit: runFitBenchmark,
  penalised: runPenalisedBenchmark,
  scale: runScaleBenchmark,
  fuzz: runFuzzBenchmark,
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
