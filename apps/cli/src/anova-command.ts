/**
 * `glmm anova data.csv --formula A --formula B [...]`: likelihood-ratio tests of nested models fitted by
 * maximum likelihood, printed as lme4's anova() (AIC, BIC, logLik, deviance; χ², Df, p). Non-nested models
 * and models fitted to different observations are refused before anything is fitted.
 */
import type { Command } from "commander";
import { formatAnovaTable, toJsonValue } from "@glmmkit/core";
import { compareNestedModels } from "@glmmkit/estimators";
import type { CliIo } from "./main.js";
import { CliError, reportError } from "./cli-error.js";
import { EXAMPLE, addModelOptions, modelFrameFromFlags, type ModelFlags } from "./fit-command.js";
import { parsePositiveInteger } from "./flag-parsers.js";

interface AnovaFlags extends Omit<ModelFlags, "formula"> {
  formula: string[];
  nagq?: string;
  optimizer?: string;
  json?: boolean;
}

export function anovaCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addModelOptions(
    program
      .command("anova")
      .description(
        "likelihood-ratio tests of nested models fitted by maximum likelihood (estimator ml), with AIC, BIC, logLik and deviance per model, as lme4's anova()",
      ),
    "repeatable",
  )
    .option("--nagq <n>", "adaptive Gauss-Hermite nodes for every model (each must have a single scalar random effect; 1 = Laplace)")
    .option("--optimizer <name>", "newton (default) or bfgs")
    .option("--json", "print the table as JSON")
    .action(async (file: string | undefined, flags: AnovaFlags) => {
      try {
        setExit(runAnova(file, flags, io));
      } catch (error) {
        setExit(reportError(error, io));
      }
    });
}

function runAnova(file: string | undefined, flags: AnovaFlags, io: CliIo): number {
  if (flags.formula.length < 2) {
    throw new CliError(`glmm anova needs --formula at least twice (two or more nested models), got ${flags.formula.length}`);
  }
  if (flags.optimizer !== undefined && flags.optimizer !== "newton" && flags.optimizer !== "bfgs") {
    throw new CliError(`--optimizer must be "newton" or "bfgs", got "${flags.optimizer}"`);
  }
  const models = flags.formula.map((formula, k) => ({
    label: `m${k + 1}`,
    frame: modelFrameFromFlags(file, { ...flags, formula }, io),
  }));
  const result = compareNestedModels(models, {
    fitOptions: {
      ...(flags.nagq === undefined ? {} : { nAGQ: parsePositiveInteger(flags.nagq, "--nagq") }),
      ...(flags.optimizer === "newton" || flags.optimizer === "bfgs" ? { optimizer: flags.optimizer } : {}),
    },
    dataName: file ?? EXAMPLE.name,
  });
  io.out(flags.json ? `${JSON.stringify(toJsonValue(result.table), null, 2)}\n` : formatAnovaTable(result.table));
  return 0;
}
