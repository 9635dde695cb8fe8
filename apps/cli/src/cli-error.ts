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
  // Anything else is a limitation or a bug: still one line, same exit code, stack only on request.
  io.err(`${line}\n`);
  if (process.env["GLMM_DEBUG"] && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
  return 2;
}
