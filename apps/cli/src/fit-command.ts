import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import {
  buildModelFrame,
  FitLimits,
  isStochasticKind,
  formatFitJson,
  formatFitSummary,
  getEstimator,
  parseDelimitedBytes,
  type DataTable,
  type DelimitedOptions,
  type ModelFrame,
  type ChainExecutor,
  type FitContext,
  type ModelFrameOptions,
  type NaAction,
} from "@glmmkit/core";
import { readCsvFile, STDIN_SOURCE } from "@glmmkit/core/node";
import {
  confidenceIntervals,
  fitWithSeparationChecks,
  fittedModelReplicates,
  withConfidenceIntervals,
  type DivergenceCheckMode,
  type IntervalOptions,
} from "@glmmkit/estimators";
import type { CliIo } from "./main.js";
import { CliError, reportError } from "./cli-error.js";
import { isLinkName, LINK_NAMES } from "@glmmkit/math";
import { StepTimings } from "./step-timings.js";
import {
  once,
  parseAssignments,
  parseList,
  parseNonNegativeInteger,
  parseNonNegativeNumber,
  parsePositiveInteger,
  parsePositiveNumber,
  parseSeed,
} from "./flag-parsers.js";
import { workerChainExecutor } from "./worker-chain-executor.js";
import { INTERVAL_HELP, intervalRequest, type IntervalFlags, type IntervalRequest } from "./interval-flags.js";

/** The embedded example: Culcita predation (McKeon et al. 2012), as lme4's examples order its levels. */
export const EXAMPLE = {
  file: fileURLToPath(new URL("../data/culcita.csv", import.meta.url)),
  /** What the summary's Data line calls it (the playground names its data sets by file name too). */
  name: "culcita.csv",
  formula: "predation ~ ttt + (1 | block)",
  levels: { ttt: ["none", "crabs", "shrimp", "both"] },
} as const;

/** The flags that say which data and model: shared by `glmm fit` and `glmm separation`. */
export interface ModelFlags extends FrameFlags {
  formula?: string;
  success?: string;
  weights?: string;
  naAction?: string;
  delimiter?: string;
}

interface FitFlags extends ModelFlags, IntervalFlags {
  estimator?: string;
  nagq?: string;
  json?: boolean;
  divergenceCheck?: string;
  optimizer?: string;
  maxIterations?: string;
  timeLimit?: string;
  lambda?: string;
  link?: string;
  a?: string;
  c?: string;
  c1?: string;
  c2?: string;
  iterations?: string;
  chains?: string;
  draws?: string;
  warmup?: string;
  scale?: string;
  t0?: string;
  trace?: boolean;
  threads?: string;
  ranef?: boolean;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The flags that say how columns become factors: shared by `fit`, `separation` and `simulate model`. */
export interface FrameFlags {
  factors?: string;
  referenceLevel: string[];
  levels: string[];
}

/** Registers --factors, --reference-level and --levels on a command (a flag given twice is an error). */
export function addFrameOptions(command: Command, single = once()): Command {
  return command
    .option("--factors <columns>", "numeric-coded columns to treat as factors, comma-separated", single("--factors"))
    .option("--reference-level <factor=level>", "baseline level of a factor (repeatable, once per factor)", collect, [])
    .option("--levels <factor=l1,l2,...>", "full level order of a factor (repeatable, once per factor)", collect, []);
}

/** Model-frame options from the factor flags (level orders added to `levelOrders`). */
export function frameOptionsFromFlags(flags: FrameFlags, levelOrders: Record<string, readonly string[]> = {}): ModelFrameOptions {
  const orders = { ...levelOrders };
  for (const [factor, list] of Object.entries(parseAssignments(flags.levels, "--levels"))) {
    orders[factor] = parseList(list);
  }
  return {
    ...(flags.factors === undefined ? {} : { factors: parseList(flags.factors) }),
    referenceLevels: parseAssignments(flags.referenceLevel, "--reference-level"),
    levelOrders: orders,
  };
}

/**
 * Registers the data and formula flags on a command (the same for `fit`, `separation` and `anova`; `anova`
 * takes --formula repeatedly).
 */
export function addModelOptions(command: Command, formulas: "one" | "repeatable" = "one"): Command {
  // A flag given twice is an error (commander would keep the last one silently).
  const single = once();
  command.argument("[file]", "delimited data file with one header row, or - for standard input (default: the embedded Culcita data)");
  if (formulas === "one") command.option("-f, --formula <formula>", 'model formula, e.g. "y ~ x1 + x2 + (1 | g)"', single("--formula"));
  else command.option("-f, --formula <formula>", "a model formula (repeat: two or more nested models)", collect, []);
  return addFrameOptions(command, single)
    .option("--success <level>", "level of a two-valued text response that counts as 1", single("--success"))
    .option(
      "--weights <column>",
      "prior weights (R's weights=): the response is then the proportion of successes out of this many trials (a column or an expression)",
      single("--weights"),
    )
    .option(
      "--na-action <action>",
      "rows with a missing value (NA or empty) in a column the model uses: fail (default: an error naming the cell) or omit (drop them, as lme4; counted and listed)",
      single("--na-action"),
    )
    .option("--delimiter <char>", 'field delimiter: ",", ";", "tab" or another character (default: detected)', single("--delimiter"));
}

function parseNaAction(text: string | undefined): NaAction | undefined {
  if (text === undefined || text === "fail" || text === "omit") return text;
  throw new CliError(`--na-action must be "fail" or "omit", got "${text}"`);
}

/** The data file (or standard input for "-") as a table. */
function readData(file: string, flags: ModelFlags, io: CliIo): DataTable {
  const options: DelimitedOptions = flags.delimiter === undefined ? {} : { delimiter: flags.delimiter };
  if (file === "-") return parseDelimitedBytes(io.readStdin?.() ?? new Uint8Array(0), STDIN_SOURCE, options);
  return readCsvFile(file, options);
}

/** The data, how it is read into a model, and the model frame. */
export interface ModelData {
  readonly table: DataTable;
  readonly frameOptions: ModelFrameOptions;
  readonly frame: ModelFrame;
}

/** Reads the data and builds the model frame the flags describe (the embedded example without a file). */
export function modelFrameFromFlags(file: string | undefined, flags: ModelFlags, io: CliIo, timings?: StepTimings): ModelFrame {
  return modelDataFromFlags(file, flags, io, timings).frame;
}

/** modelFrameFromFlags, keeping the table and frame options (a parametric bootstrap simulates on the same rows). */
export function modelDataFromFlags(file: string | undefined, flags: ModelFlags, io: CliIo, timings?: StepTimings): ModelData {
  const useExample = file === undefined;
  if (!useExample && flags.formula === undefined) {
    throw new CliError(`--formula is required when a data file is given (e.g. --formula "y ~ x + (1 | g)")`);
  }
  const formula = flags.formula ?? EXAMPLE.formula;
  // The embedded example keeps lme4's level order for ttt whatever formula is fitted to it.
  const frameOptions = frameOptionsFromFlags(flags, useExample ? { ...EXAMPLE.levels } : {});
  const naAction = parseNaAction(flags.naAction);
  timings?.mark();
  const table = useExample ? readCsvFile(EXAMPLE.file) : readData(file, flags, io);
  timings?.step("read");
  const options: ModelFrameOptions = {
    ...frameOptions,
    ...(naAction === undefined ? {} : { naAction }),
    ...(flags.success === undefined ? {} : { success: flags.success }),
    ...(flags.weights === undefined ? {} : { weights: flags.weights }),
  };
  const frame = buildModelFrame(table, formula, options);
  timings?.step("frame");
  return { table, frameOptions: options, frame };
}

export function fitCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = addModelOptions(
    program.command("fit").description("fit a model and print an lme4-style summary (default: the embedded Culcita example)"),
  );
  const single = once();
  command
    .option("-e, --estimator <name>", "estimator name (see `glmm estimators`; default ml)", single("--estimator"))
    .option("--nagq <n>", "adaptive Gauss-Hermite nodes for a single scalar random effect (1 = Laplace)", single("--nagq"))
    .option("--json", "print the whole FitResult as JSON")
    .option(
      "--divergence-check <mode>",
      "post-fit divergence check (refits with tighter tolerances): auto (default: when the fit ends near a flat region or X is separated), always, never",
      single("--divergence-check"),
    )
    .option("--optimizer <name>", "newton (default) or bfgs", single("--optimizer"))
    .option(
      "--max-iterations <n>",
      "optimiser iterations for the whole fit (its refits and searches included); the fit ends not converged, saying so",
      single("--max-iterations"),
    )
    .option("--time-limit <seconds>", "wall-clock limit for the whole fit; the fit ends not converged, saying so", single("--time-limit"))
    .option("--lambda <value>", "penalty weight λ (ridge; entropy: fixed λ instead of the empirical-Bayes choice)", single("--lambda"))
    .option("--link <name>", "binomial link: logit (default), probit, cloglog, loglog, cauchit", single("--link"))
    .option("--a <power>", "power a of the Jeffreys prior (jeffreys-glm; default 0.5)", single("--a"))
    .option("--c <value>", "MSPL penalty multiplier for both terms (default 2·sqrt(p/n))", single("--c"))
    .option("--c1 <value>", "MSPL multiplier of the Jeffreys (fixed-effects) term", single("--c1"))
    .option("--c2 <value>", "MSPL multiplier of the negative-Huber (variance-components) term", single("--c2"))
    .option("--iterations <n>", "stochastic-approximation iterations (imsa, scoresa; default 2000)", single("--iterations"))
    .option("--chains <n>", "imputation chains (imsa, scoresa) or posterior chains (mcmc); default 4", single("--chains"))
    .option("--draws <n>", "kept posterior draws per chain (mcmc; default 1000)", single("--draws"))
    .option("--warmup <n>", "warm-up iterations per chain (mcmc; default 1000)", single("--warmup"))
    .option("--scale <scale>", "scale of the IMSA update of the variance components: variance (default) or log (IMSA-log)", single("--scale"))
    .option("--t0 <n>", "ScoreSA gain γ_t = min(1/t, 1/t0) (scoresa; default 100; 1 gives γ_t = 1/t)", single("--t0"))
    .option("--trace", "keep the per-iteration trace of a stochastic-approximation run in the --json output")
    .option("--threads <n>", "threads for the chains (default 1); the output does not depend on it", single("--threads"))
    .option("--ci <method>", INTERVAL_HELP.ci, single("--ci"))
    .option("--ci-level <p>", INTERVAL_HELP.level, single("--ci-level"))
    .option("--boot-replicates <n>", INTERVAL_HELP.replicates, single("--boot-replicates"))
    .option("--boot-type <type>", INTERVAL_HELP.type, single("--boot-type"))
    .option("--seed <seed>", INTERVAL_HELP.seed, single("--seed"))
    .option("--ranef", "also print the conditional modes of the random effects with their conditional SDs, per term and level")
    .action(async (file: string | undefined, flags: FitFlags) => {
      try {
        setExit(await runFit(file, flags, io));
      } catch (error) {
        setExit(reportError(error, io));
      }
    });
}

function parseDivergenceCheckMode(text: string): DivergenceCheckMode {
  if (text === "auto" || text === "always" || text === "never") return text;
  throw new CliError(`--divergence-check must be "auto", "always" or "never", got "${text}"`);
}

async function runFit(file: string | undefined, flags: FitFlags, io: CliIo): Promise<number> {
  const timings = new StepTimings(io);
  const divergenceCheck = parseDivergenceCheckMode(flags.divergenceCheck ?? "auto");
  const maxIterations = flags.maxIterations === undefined ? undefined : parsePositiveInteger(flags.maxIterations, "--max-iterations");
  const timeLimitSeconds = flags.timeLimit === undefined ? undefined : parsePositiveNumber(flags.timeLimit, "--time-limit");
  const estimator = getEstimator<Record<string, unknown>>(flags.estimator ?? "ml");
  // --seed seeds a stochastic estimator, and the bootstrap of --ci boot; for any other fit it needs --ci boot.
  const stochastic = isStochasticKind(estimator.kind);
  const { seed: _seed, ...flagsWithoutSeed } = flags;
  const intervals = intervalRequest(stochastic && flags.ci !== "boot" ? flagsWithoutSeed : flags);
  const threads = flags.threads === undefined ? 1 : parsePositiveInteger(flags.threads, "--threads");
  // Only stochastic estimators run chains; their worker threads start before the data is read, so that they
  // load while this thread reads and prepares.
  const executor: (ChainExecutor & { close(): void }) | null = threads > 1 && stochastic ? workerChainExecutor(threads) : null;
  try {
    return await fitAndReport(file, flags, io, { timings, divergenceCheck, maxIterations, timeLimitSeconds, estimator, intervals, executor });
  } finally {
    executor?.close();
  }
}

async function fitAndReport(
  file: string | undefined,
  flags: FitFlags,
  io: CliIo,
  settings: {
    readonly timings: StepTimings;
    readonly divergenceCheck: DivergenceCheckMode;
    readonly maxIterations: number | undefined;
    readonly timeLimitSeconds: number | undefined;
    readonly estimator: ReturnType<typeof getEstimator<Record<string, unknown>>>;
    readonly intervals: ReturnType<typeof intervalRequest>;
    readonly executor: (ChainExecutor & { close(): void }) | null;
  },
): Promise<number> {
  const { timings, divergenceCheck, maxIterations, timeLimitSeconds, estimator, intervals, executor } = settings;
  const data = modelDataFromFlags(file, flags, io, timings);
  const frame = data.frame;
  const options: Record<string, unknown> = {};
  if (flags.nagq !== undefined) options["nAGQ"] = parsePositiveInteger(flags.nagq, "--nagq");
  if (flags.optimizer !== undefined) {
    if (flags.optimizer !== "newton" && flags.optimizer !== "bfgs") {
      throw new CliError(`--optimizer must be "newton" or "bfgs", got "${flags.optimizer}"`);
    }
    options["optimizer"] = flags.optimizer;
  }
  if (maxIterations !== undefined) options["maxIterations"] = maxIterations;
  for (const key of ["lambda", "a", "c", "c1", "c2"] as const) {
    const value = flags[key];
    if (value !== undefined) options[key] = parseNonNegativeNumber(value, `--${key}`);
  }
  if (flags.link !== undefined) {
    if (!isLinkName(flags.link)) throw new CliError(`--link must be one of ${LINK_NAMES.join(", ")}, got "${flags.link}"`);
    options["link"] = flags.link;
  }
  for (const key of ["iterations", "chains", "draws", "t0"] as const) {
    const value = flags[key];
    if (value !== undefined) options[key] = parsePositiveInteger(value, `--${key}`);
  }
  if (flags.warmup !== undefined) options["warmup"] = parseNonNegativeInteger(flags.warmup, "--warmup");
  if (flags.scale !== undefined) {
    if (flags.scale !== "log" && flags.scale !== "variance") throw new CliError(`--scale must be "variance" or "log", got "${flags.scale}"`);
    options["scale"] = flags.scale;
  }
  if (flags.trace === true) options["trace"] = true;
  const seed = flags.seed === undefined ? undefined : parseSeed(flags.seed, "--seed");
  // The LP certificate runs before the fit, the divergence check after it (when needed); both end up in
  // the fit's diagnostics.
  // Both limits bound the whole fit: the main optimisation, its searches and every refit of the checks.
  const limits = new FitLimits({
    ...(maxIterations === undefined ? {} : { maxIterations }),
    ...(timeLimitSeconds === undefined ? {} : { timeLimitSeconds }),
  });
  // The progress line goes to a terminal only, and never with --json (what is printed must not change).
  const progress = flags.json ? undefined : io.progress;
  const base: FitContext = {
    ...(seed === undefined ? {} : { seed }),
    ...(progress === undefined ? {} : { onProgress: progress }),
    ...(executor === null ? {} : { chainExecutor: executor }),
  };
  const fitted = await fitWithSeparationChecks(
    estimator,
    frame,
    options,
    { divergenceCheck, onStep: (step, milliseconds) => timings.record(step, milliseconds) },
    limits.context(base),
  );
  io.progressDone?.();
  timings.mark();
  const fit =
    intervals === null
      ? fitted
      : withConfidenceIntervals(fitted, confidenceIntervals(frame, fitted, intervalOptions(intervals, data, fitted, estimator, options)));
  if (intervals !== null) timings.step(`intervals (${intervals.method})`);
  const dataName = file ?? EXAMPLE.name;
  io.out(flags.json ? `${formatFitJson(fit)}\n` : `${formatFitSummary(fit, { dataName, ranef: flags.ranef === true })}\n`);
  timings.step("output");
  timings.report();
  return 0;
}

/** What confidenceIntervals needs: the fit's likelihood settings, and for "boot" data simulated from the fit. */
function intervalOptions(
  request: IntervalRequest,
  data: ModelData,
  fit: Awaited<ReturnType<typeof fitWithSeparationChecks>>,
  estimator: ReturnType<typeof getEstimator<Record<string, unknown>>>,
  options: Readonly<Record<string, unknown>>,
): IntervalOptions {
  const nAGQ = options["nAGQ"];
  const optimizer = options["optimizer"];
  return {
    method: request.method,
    ...(request.level === undefined ? {} : { level: request.level }),
    fitOptions: {
      ...(typeof nAGQ === "number" ? { nAGQ } : {}),
      ...(optimizer === "newton" || optimizer === "bfgs" ? { optimizer } : {}),
    },
    ...(request.method !== "boot"
      ? {}
      : {
          bootstrap: {
            source: bootstrapSource(data, fit, request.bootstrap?.seed ?? "1"),
            estimator,
            estimatorOptions: options,
            ...(request.bootstrap?.replicates === undefined ? {} : { replicates: request.bootstrap.replicates }),
            ...(request.bootstrap?.type === undefined ? {} : { type: request.bootstrap.type }),
          },
        }),
  };
}

/**
 * The simulator behind --ci boot. It draws on the data's rows with the fit's frame options, so rows set aside
 * for a missing predictor stay aside; a missing response cannot be (the simulator writes every response).
 */
function bootstrapSource(data: ModelData, fit: Awaited<ReturnType<typeof fitWithSeparationChecks>>, seed: string) {
  try {
    return fittedModelReplicates(data.table, data.frameOptions, fit, seed);
  } catch (error) {
    if ((data.frame.omitted ?? []).length === 0) throw error;
    throw new CliError(
      `--ci boot cannot simulate on these data: rows were omitted for missing values, and the simulator draws a response for every row whose predictors are present (${(error as Error).message}); remove the rows with a missing response from the file first`,
    );
  }
}
