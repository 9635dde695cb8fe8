/**
 * `glmm`: a thin command line over core (data, formula, model frame, formatting) and the estimator
 * registry. It parses flags, reads files and prints; it never computes a gradient.
 */
import { Command, CommanderError } from "commander";
import { fitCommand } from "./fit-command.js";
import { estimatorsCommand } from "./estimators-command.js";
import { separationCommand } from "./separation-command.js";
import { predictCommand } from "./predict-command.js";
import { CliError, reportError } from "./cli-error.js";

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = new Command()
    .name("glmm")
    .description("Mixed-effects logistic regression that stays finite: ML (Laplace / adaptive Gauss-Hermite) and penalised estimators")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError(false)
    .allowExcessArguments(false);
  let exitCode = 0;
  fitCommand(program, io, (code) => (exitCode = code));
  separationCommand(program, io, (code) => (exitCode = code));
  predictCommand(program, io, (code) => (exitCode = code));
  estimatorsCommand(program, io);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with 0; usage errors exit 2 (commander already printed the message).
      return error.exitCode === 0 ? 0 : 2;
    }
    return reportError(error, io);
  }
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

export { CliError };
