/**
 * `glmm`: a thin command line over core (data, formula, model frame, formatting) and the estimator
 * registry. It parses flags, reads files and prints; it never computes a gradient.
 */
import { Command, CommanderError } from "commander";
import { readStdinBytes } from "@glmmkit/core/node";
import { fitCommand } from "./fit-command.js";
import { estimatorsCommand } from "./estimators-command.js";
import { separationCommand } from "./separation-command.js";
import { predictCommand } from "./predict-command.js";
import { anovaCommand } from "./anova-command.js";
import { simulateCommand } from "./simulate-command.js";
import { CliError, reportError } from "./cli-error.js";
import { cliVersion } from "./version.js";

/** Run `glmm` with the given arguments; returns the exit code (0, or 2 for any error). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = new Command()
    .name("glmm")
    .description("Mixed-effects logistic regression that stays finite: ML (Laplace / adaptive Gauss-Hermite) and penalised estimators")
    .version(cliVersion(), "-V, --version", "print the version of glmm")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError(false)
    .allowExcessArguments(false);
  let exitCode = 0;
  fitCommand(program, io, (code) => (exitCode = code));
  separationCommand(program, io, (code) => (exitCode = code));
  predictCommand(program, io, (code) => (exitCode = code));
  anovaCommand(program, io, (code) => (exitCode = code));
  simulateCommand(program, io, (code) => (exitCode = code));
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

/** Where the CLI writes (the process's stdout and stderr, or strings in tests). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Standard input to its end, for the data file "-" (tests give their own). */
  readStdin?(): Uint8Array;
}

/** The process's own stdout and stderr. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readStdin: () => readStdinBytes(),
};

export { CliError };
