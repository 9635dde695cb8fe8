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
  /** Redraws a one-line progress report (present only when the error stream is a terminal). */
  progress?: (line: string) => void;
  /** Clears the progress line. */
  progressDone?: () => void;
  /** Standard input to its end, for the data file "-" (tests give their own). */
  readStdin?(): Uint8Array;
}

/** A progress line on stderr, redrawn in place (at most every 100 ms). */
function terminalProgress(): Pick<CliIo, "progress" | "progressDone"> {
  let last = 0;
  let shown = false;
  return {
    progress: (line) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      process.stderr.write(`\r\u001b[2K${line}`);
    },
    progressDone: () => {
      if (shown) process.stderr.write("\r\u001b[2K");
      shown = false;
    },
  };
}

/** The process's own stdout and stderr. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readStdin: () => readStdinBytes(),
  ...(process.stderr.isTTY ? terminalProgress() : {}),
};

export { CliError };
