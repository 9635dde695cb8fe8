/** One-line error reporting: input problems exit 2 with the message only (no stack trace). */
import { errorLine, isGlmmInputError } from "@glmmkit/core";
import type { CliIo } from "./main.js";

/** A usage problem found by the CLI itself (bad flag value). */
export class CliError extends Error {
  override readonly name = "CliError";
}

export function reportError(error: unknown, io: CliIo): number {
  const line = errorLine(error);
  if (isGlmmInputError(error) || error instanceof CliError) {
    io.err(`${line}\n`);
    return 2;
  }
  // Anything else is a bug: still one line and exit 2, labelled so that it is never mistaken for an input
  // error (the fuzz suite looks for the label); the stack only on request.
  io.err(`${line.replace(/^error: /, "error: internal error (please report it): ")}\n`);
  if (process.env["GLMM_DEBUG"] && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  return 2;
}
