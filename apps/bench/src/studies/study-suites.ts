/**
 * The study commands of `bench`, each loaded only when asked for (BullMQ, piscina and vega load only with
 * the commands that use them). bin/bench.mjs runs these from the prebuilt dist/study-commands.mjs
 * (scripts/study-bundles.mjs, whose STUDY_COMMANDS names the same keys).
 */
import type { Suite } from "../run-suite.js";

export const STUDY_SUITES: Readonly<Record<string, Suite>> = {
  study: async (args) => (await import("./study-command.js")).runStudyCommand(args),
  worker: async (args) => (await import("./queue/worker-command.js")).runWorkerCommand(args),
  report: async (args) => (await import("./report/report-command.js")).runReportCommand(args),
  "study-speedup": async (args) => (await import("./study-speedup-benchmark.js")).runStudySpeedupBenchmark(args),
};
