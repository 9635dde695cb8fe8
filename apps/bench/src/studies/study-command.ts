/**
 * `bench study --list | NAME [--replications N] [--workers N] [--seed S] [--out DIR] [--queue redis://…]`:
 * runs (or resumes) a study into DIR/results.sqlite on the local worker-thread pool, or — with --queue —
 * enqueues its missing tasks for `bench worker` processes on any machines and collects their rows.
 */
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { repoRoot } from "../paths.js";
import { parseFlags, positiveInteger, redisUrl, UsageError } from "./command-flags.js";
import { STUDIES, findStudy } from "./definitions/registry.js";
import { estimatorAvailability } from "./estimator-availability.js";
import { runStudyLocally, type RunSummary } from "./runner/run-study-locally.js";
import type { ProgressSink } from "./runner/progress.js";

export const STUDY_USAGE =
  "usage: bench study --list | bench study NAME [--replications N] [--workers N] [--seed S] [--out DIR] [--queue redis://HOST:PORT]";

export function defaultOutDir(study: string): string {
  return resolve(repoRoot, "results", study);
}

function listStudies(): string {
  const lines = STUDIES.map((study) => {
    const { active, missing } = estimatorAvailability(study);
    const pending = missing.length === 0 ? "" : `; not registered yet: ${[...new Set(missing.map((e) => e.estimator))].join(", ")}`;
    return `${study.name.padEnd(16)} ${study.summary}\n${"".padEnd(16)} columns: ${active.map((e) => e.label).join(", ")}${pending}; default ${study.defaultReplications} replications`;
  });
  lines.push(`${"speed".padEnd(16)} the fit speed benchmarks (\`pnpm bench fit\`): medians of ML fits beside glmmTMB and lme4`);
  return `${lines.join("\n")}\n`;
}

export function stderrSink(): ProgressSink {
  return { isTTY: process.stderr.isTTY === true, columns: process.stderr.columns ?? 80, write: (text) => process.stderr.write(text) };
}

export async function runStudyCommand(args: readonly string[]): Promise<number> {
  // The issue's `speed` study is the fit benchmark kept as it is (with its own flags: --runs, --json-out).
  if (args[0] === "speed") {
    (await import("../fit-benchmark.js")).runFitBenchmark(args.slice(1));
    return 0;
  }
  const flags = parseFlags(args, ["--replications", "--workers", "--seed", "--out", "--queue"], ["--list"]);
  if (flags.switches.has("--list")) {
    if (flags.positional.length > 0) throw new UsageError(`--list takes no study name, got "${flags.positional[0]}"`);
    process.stdout.write(listStudies());
    return 0;
  }
  const [name, ...extra] = flags.positional;
  if (name === undefined) throw new UsageError(STUDY_USAGE);

  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" after the study name`);
  const study = findStudy(name);
  if (study === undefined) throw new UsageError(`unknown study "${name}": one of ${STUDIES.map((s) => s.name).join(", ")}`);
  const replications = positiveInteger(flags, "--replications", study.defaultReplications);
  const workers = positiveInteger(flags, "--workers", availableParallelism());
  const seed = flags.values.get("--seed") ?? study.defaultSeed;
  const out = resolve(flags.values.get("--out") ?? defaultOutDir(study.name));
  const queue = redisUrl(flags);
  const options = { study, out, replications, seed, sink: stderrSink() };
  const summary: RunSummary =
    queue === undefined ? await runStudyLocally({ ...options, workers }) : await (await import("./queue/run-study-through-queue.js")).runStudyThroughQueue({ ...options, url: queue });
  const skipped = summary.missingEstimators.length === 0 ? "" : `; columns skipped (estimator not registered): ${summary.missingEstimators.join(", ")}`;
  process.stdout.write(
    `${study.name}: ${summary.total} tasks in ${out} (${summary.ranNow} run now, ${summary.failed} failed)${skipped}\nreport: pnpm bench report ${out}\n`,
  );
  return 0;
}
