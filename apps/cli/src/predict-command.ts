/**
 * `glmm predict FIT.json NEW.csv`: predictions of a fit (the JSON `glmm fit --json` writes) for new data, as
 * lme4's predict.merMod — on the link or response scale, with all, none or some of the random effects, for
 * known or (with --allow-new-levels) new levels. Prints CSV: the data row and the prediction.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { GlmmInputError, predict, readFitJson, type PredictionOptions } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import type { CliIo } from "./main.js";
import { CliError, reportError } from "./cli-error.js";

interface PredictFlags {
  type: string;
  reForm: string;
  allowNewLevels?: boolean;
  json?: boolean;
}

function readFit(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (e as Error).message;
    throw new GlmmInputError("file", `cannot read the fit "${path}": ${reason}`);
  }
}

function reForm(text: string): PredictionOptions["reForm"] {
  const t = text.trim();
  if (t === "all" || t === "NULL") return "all";
  if (t === "none" || t === "NA" || t === "~0" || t === "~ 0") return "none";
  if (!t.includes("|")) throw new CliError(`--re-form must be "all", "none" or random-effects terms such as "~ (1 | herd)", got "${text}"`);
  return { terms: t };
}

/** Full precision, as JSON prints numbers. */
function number(x: number): string {
  return Number.isFinite(x) ? String(x) : Number.isNaN(x) ? "NaN" : x > 0 ? "Inf" : "-Inf";
}

export function predictCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("predict")
    .description("predict from a fit (glmm fit --json > fit.json) for new data, as lme4's predict: link or response scale, with or without random effects")
    .argument("<fit>", "the JSON written by glmm fit --json")
    .argument("<data>", "CSV file with the predictors (the response is not needed)")
    .option("--type <scale>", "link (η, the default, as lme4) or response (the probability)", "link")
    .option("--re-form <terms>", 'random effects in the prediction: all (default), none, or terms such as "~ (1 | herd)"', "all")
    .option("--allow-new-levels", "a level the fit never saw gets random effect 0 instead of an error (lme4's allow.new.levels)")
    .option("--json", "print a JSON array instead of CSV")
    .action(async (fitPath: string, dataPath: string, flags: PredictFlags) => {
      try {
        if (flags.type !== "link" && flags.type !== "response") throw new CliError(`--type must be "link" or "response", got "${flags.type}"`);
        const model = readFitJson(readFit(fitPath), fitPath);
        const values = predict(model, readCsvFile(dataPath), {
          type: flags.type,
          reForm: reForm(flags.reForm),
          allowNewLevels: flags.allowNewLevels === true,
        });
        if (flags.json) {
          io.out(`${JSON.stringify(Array.from(values, (v) => (Number.isFinite(v) ? v : number(v))))}\n`);
        } else {
          const lines = [`row,${flags.type}`];
          values.forEach((v, i) => lines.push(`${i + 1},${number(v)}`));
          io.out(`${lines.join("\n")}\n`);
        }
        setExit(0);
      } catch (error) {
        setExit(reportError(error, io));
      }
    });
}
