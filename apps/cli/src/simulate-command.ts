/**
 * `glmm simulate DESIGN`: one replicate of a published study design or of a user's model, as a CSV that
 * `glmm fit` reads as it is; `--truth` prints the true parameters as JSON, `--describe-cells` what the
 * cells produce (prevalence, separation, perfectly predicted clusters), `--list` every design.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { ModelFrameOptions } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import {
  createSimulator,
  describeCells,
  formatCellDescription,
  formatDesignList,
  formatCellDescriptionHeader,
  getDesign,
  modelDesign,
  parseCellText,
  toCsv,
  truthFromFitJson,
  type NamedParameters,
  type SimulationDesign,
} from "@glmmkit/simulate";
import type { CliIo } from "./main.js";
import { CliError, reportError } from "./cli-error.js";
import { addFrameOptions, frameOptionsFromFlags, type FrameFlags } from "./fit-command.js";
import { parsePositiveInteger } from "./flag-parsers.js";

interface SimulateFlags extends FrameFlags {
  list?: boolean;
  cell?: string;
  seed: string;
  replicate: string;
  out?: string;
  truth?: boolean;
  describeCells?: boolean;
  replicates?: string;
  data?: string;
  formula?: string;
  beta: string[];
  sd: string[];
  cor: string[];
  fromFit?: string;
  weights?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const HELP_AFTER = `
Designs (glmm simulate --list prints their cells and parameters):
  booth-hobert, salamander, extreme-effects, culcita, unified, model

Replicate k of a cell under a seed comes from its own random stream, so any replicate can be
regenerated alone, in any order or process, byte for byte.

The model design takes its rows from --data (every column is copied; only the response is
simulated: y as 0/1 (as proportions of --weights trials when given), cbind(s, f) counts out of the rows' s + f, cbind(s, n - s) out of n; the formula's offset() is added to η), and its
truth either by name or from a fit:
  glmm simulate model --data design.csv --formula "y ~ x + (1 | g)" --beta "(Intercept)=-1,x=0.5" --sd g=1.2
  glmm simulate model --data design.csv --formula "y ~ x + (1 + x | g)" --beta ... --sd "g:(Intercept)=1,g:x=0.5" --cor "g:(Intercept):x=0.3"
  glmm simulate model --from-fit fit.json --data data.csv    # fit.json from \`glmm fit data.csv ... --json\`
The fit's JSON holds the formula and the estimates but not the data: --data must name the rows it was
fitted to (same number of rows), with the same --factors / --levels / --reference-level flags.
A response fitted with --success is simulated as 0/1: fit the simulated file without --success.

Output: the CSV goes to standard output, or to --out FILE. --truth prints the true parameters as JSON
(to standard output, instead of the CSV unless --out is given).
`;

export function simulateCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addFrameOptions(
    program
      .command("simulate")
      .description("simulate one replicate of a published study design or of your own model, as a CSV `glmm fit` reads")
      .argument("[design]", "design name (see --list)")
      .option("--list", "list every design with its cells and parameters")
      .option("--cell <key=value,...>", "the design cell, e.g. n=100,lambda=-8")
      .option("--seed <seed>", "seed of the random streams (a number or a word)", "1")
      .option("--replicate <k>", "replicate number (1, 2, ...)", "1")
      .option("--out <file>", "write the CSV to this file instead of standard output")
      .option("--truth", "print the true parameters as JSON")
      .option(
        "--describe-cells",
        "per cell: realised prevalence, share of replicates separated (LP), share of clusters perfectly predicted",
      )
      .option("--replicates <R>", "replicates per cell for --describe-cells (default 200)")
      .option("--data <file>", "model design: CSV of the design rows")
      .option("-f, --formula <formula>", "model design: the model, as glmm fit takes it")
      .option("--beta <name=value,...>", 'model design: every coefficient, e.g. "(Intercept)=-1,x=0.5" (repeatable)', collect, [])
      .option("--sd <name=value,...>", "model design: random-effect SDs, g=1.2 or g:column=0.5 (repeatable)", collect, [])
      .option("--cor <name=value,...>", "model design: correlations g:column1:column2=rho, default 0 (repeatable)", collect, [])
      .option(
        "--weights <column>",
        "model design: prior weights (as glmm fit --weights): the response column is written as proportions of this many trials",
      )
      .option("--from-fit <file>", "model design: take the formula and the truth from `glmm fit --json` output (needs --data)"),
  )
    .addHelpText("after", HELP_AFTER)
    .action(async (design: string | undefined, flags: SimulateFlags) => {
      try {
        setExit(await runSimulate(design, flags, io));
      } catch (error) {
        setExit(reportError(error, io));
      }
    });
}

const MODEL_FLAGS = [
  ["data", "--data"],
  ["formula", "--formula"],
  ["fromFit", "--from-fit"],
  ["factors", "--factors"],
  ["weights", "--weights"],
] as const;
const MODEL_LIST_FLAGS = [
  ["beta", "--beta"],
  ["sd", "--sd"],
  ["cor", "--cor"],
  ["levels", "--levels"],
  ["referenceLevel", "--reference-level"],
] as const;

function givenModelFlags(flags: SimulateFlags): string[] {
  return [
    ...MODEL_FLAGS.filter(([key]) => flags[key] !== undefined).map(([, flag]) => flag),
    ...MODEL_LIST_FLAGS.filter(([key]) => flags[key].length > 0).map(([, flag]) => flag),
  ];
}

async function runSimulate(designName: string | undefined, flags: SimulateFlags, io: CliIo): Promise<number> {
  if (flags.list) {
    io.out(formatDesignList(designName));
    return 0;
  }
  if (designName === undefined) throw new CliError("name a design, e.g. `glmm simulate booth-hobert` (`glmm simulate --list` shows them all)");
  const isModel = designName === "model";
  if (!isModel) {
    const stray = givenModelFlags(flags);
    if (stray.length > 0) throw new CliError(`${stray.join(", ")} ${stray.length === 1 ? "applies" : "apply"} only to the model design`);
  }
  const design = isModel ? modelDesignFromFlags(flags) : getDesign(designName);
  const cell = parseCellText(flags.cell ?? "");

  if (flags.describeCells) {
    for (const [given, flag] of [
      [flags.out, "--out"],
      [flags.truth, "--truth"],
    ] as const) {
      if (given !== undefined) throw new CliError(`${flag} does not apply to --describe-cells`);
    }
    if (flags.replicate !== "1") throw new CliError("--replicate does not apply to --describe-cells (use --replicates R)");
    await describe(design, cell, flags, io);
    return 0;
  }
  if (flags.replicates !== undefined) throw new CliError("--replicates applies only to --describe-cells (use --replicate k for one replicate)");

  const replicate = parsePositiveInteger(flags.replicate, "--replicate");
  const simulator = createSimulator(design, cell, { seed: flags.seed });
  const simulated = simulator.replicate(replicate);
  const csv = toCsv(simulated.table);
  const truthJson = `${JSON.stringify(simulated.truth, null, 2)}\n`;
  if (flags.out !== undefined) {
    try {
      writeFileSync(flags.out, csv);
    } catch (error) {
      throw new CliError(`cannot write --out file "${flags.out}": ${(error as Error).message}`);
    }
    const where = simulator.cellLabel === "" ? design.name : `${design.name} ${simulator.cellLabel}`;
    io.err(`wrote ${flags.out}: ${simulated.table.rows} rows (${where}, seed ${simulated.seed}, replicate ${replicate})\n`);
    if (flags.truth) io.out(truthJson);
  } else {
    io.out(flags.truth ? truthJson : csv);
  }
  return 0;
}

async function describe(design: SimulationDesign, cell: Record<string, string>, flags: SimulateFlags, io: CliIo): Promise<void> {
  const replicates = flags.replicates === undefined ? 200 : parsePositiveInteger(flags.replicates, "--replicates");
  io.out(`${design.name}: ${replicates} replicates per cell, seed ${flags.seed}\n`);
  io.out(`${formatCellDescriptionHeader(design)}\n`);
  await describeCells(design, cell, {
    seed: flags.seed,
    replicates,
    onCell: (description) => io.out(`${formatCellDescription(design, description)}\n`),
  });
}

/** "a=1,b=2" items (several flags allowed) → { a: 1, b: 2 }, naming the flag and token on error. */
function parseNumberAssignments(values: readonly string[], flag: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const value of values) {
    for (const item of value.split(",")) {
      const eq = item.lastIndexOf("=");
      const name = eq < 0 ? "" : item.slice(0, eq).trim();
      const text = eq < 0 ? "" : item.slice(eq + 1).trim();
      if (name === "" || text === "") throw new CliError(`${flag} expects NAME=NUMBER items separated by commas, got "${item.trim()}"`);
      const x = Number(text);
      if (!Number.isFinite(x)) throw new CliError(`${flag} ${name}=${text}: expected a finite number`);
      if (name in out) throw new CliError(`${flag} gives "${name}" twice`);
      out[name] = x;
    }
  }
  return out;
}

function modelDesignFromFlags(flags: SimulateFlags): SimulationDesign {
  if (flags.data === undefined) {
    throw new CliError(
      flags.fromFit === undefined
        ? "the model design needs --data FILE (the design rows), --formula, --beta and --sd"
        : "--from-fit needs --data FILE: the fit's JSON does not hold its data, so name the rows it was fitted to",
    );
  }
  const frameOptions: ModelFrameOptions = {
    ...frameOptionsFromFlags(flags),
    ...(flags.weights === undefined ? {} : { weights: flags.weights }),
  };
  if (flags.fromFit !== undefined) {
    const conflicting = [
      ...(flags.formula === undefined ? [] : ["--formula"]),
      ...MODEL_LIST_FLAGS.filter(([key]) => ["beta", "sd", "cor"].includes(key) && flags[key].length > 0).map(([, f]) => f),
    ];
    if (conflicting.length > 0) throw new CliError(`--from-fit takes the formula and the truth from the fit: drop ${conflicting.join(", ")}`);
    const fit = truthFromFitJson(readJson(flags.fromFit), flags.fromFit);
    if (flags.weights !== undefined && flags.weights !== fit.weights) {
      throw new CliError(
        fit.weights === undefined
          ? `--weights ${flags.weights}: the fit in ${flags.fromFit} has no prior weights`
          : `--weights ${flags.weights}: the fit in ${flags.fromFit} was weighted by ${fit.weights}; drop --weights (it is taken from the fit)`,
      );
    }
    return modelDesign({
      data: readCsvFile(flags.data),
      formula: fit.formula,
      frameOptions: {
        ...frameOptions,
        ...(fit.weights === undefined ? {} : { weights: fit.weights }),
      },
      parameters: fit.parameters,
      sources: { beta: flags.fromFit, sd: flags.fromFit, correlation: flags.fromFit },
      expectedRows: { rows: fit.rows, source: flags.fromFit },
      notes: [`true parameters from the ${fit.estimator} fit in ${flags.fromFit}`],
    });
  }
  if (flags.formula === undefined) throw new CliError('the model design needs --formula, e.g. --formula "y ~ x + (1 | g)"');
  if (flags.beta.length === 0) throw new CliError('the model design needs --beta, e.g. --beta "(Intercept)=-1,x=0.5"');
  const parameters: NamedParameters = {
    beta: parseNumberAssignments(flags.beta, "--beta"),
    sd: parseNumberAssignments(flags.sd, "--sd"),
    correlation: parseNumberAssignments(flags.cor, "--cor"),
  };
  return modelDesign({ data: readCsvFile(flags.data), formula: flags.formula, frameOptions, parameters });
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(`cannot read --from-fit file "${path}": ${code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`--from-fit file "${path}" is not JSON: ${(error as Error).message}`);
  }
}
