/**
 * Typed errors. Every input error's message names the file, row and column or the formula token and says
 * what was expected; the CLI prints `error: <message>` and exits 2, the web page shows the same line.
 *
 * `instanceof` fails when two copies of @glmmkit/core are loaded (two versions in one node_modules, or a
 * bundle plus a package), so each class carries a `Symbol.for` marker that every copy shares, and the
 * checks are `GlmmError.isInstance(e)` / `GlmmInputError.isInstance(e)` (the pattern of vercel/ai's
 * AISDKError). A GlmmError that is not an input error is a limitation or a bug, not the user's mistake.
 */

/** What was wrong with the input: the file, its CSV structure, a column, a cell value, the formula, ... */
export type InputErrorKind =
  | "file"
  | "csv"
  | "column"
  | "response"
  | "value"
  | "factor"
  | "formula"
  | "rank"
  | "group"
  | "option";

const ERROR_MARKER = "glmmkit.error";
const INPUT_ERROR_MARKER = "glmmkit.error.input";
const errorSymbol = Symbol.for(ERROR_MARKER);
const inputErrorSymbol = Symbol.for(INPUT_ERROR_MARKER);

function hasMarker(error: unknown, marker: string): boolean {
  const symbol = Symbol.for(marker);
  return typeof error === "object" && error !== null && symbol in error && (error as Record<symbol, unknown>)[symbol] === true;
}

/** Base class of every error glmmkit throws on purpose; `kind` says what went wrong. */
export class GlmmError extends Error {
  /** The marker shared by every copy of @glmmkit/core (see {@link GlmmError.isInstance}). */
  readonly [errorSymbol] = true;
  /** A short machine-readable category (an {@link InputErrorKind} for input errors). */
  readonly kind: string;

  constructor(kind: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "GlmmError";
    this.kind = kind;
  }

  /** True for a GlmmError from any copy of @glmmkit/core. */
  static isInstance(error: unknown): error is GlmmError {
    return hasMarker(error, ERROR_MARKER);
  }
}

/** Bad input (file, table, formula, option): the user can act on the message. */
export class GlmmInputError extends GlmmError {
  /** The input-error marker shared by every copy of @glmmkit/core. */
  readonly [inputErrorSymbol] = true;
  declare readonly kind: InputErrorKind;

  constructor(kind: InputErrorKind, message: string) {
    super(kind, message);
    this.name = "GlmmInputError";
  }

  /** True for a GlmmInputError from any copy of @glmmkit/core. */
  static override isInstance(error: unknown): error is GlmmInputError {
    return hasMarker(error, INPUT_ERROR_MARKER);
  }
}

/** Same as {@link GlmmInputError.isInstance}: true for an input error from any copy of @glmmkit/core. */
export function isGlmmInputError(e: unknown): e is GlmmInputError {
  return GlmmInputError.isInstance(e);
}

/**
 * The one line the CLI prints for an error (and the web page shows): `error: <message>`, with any line
 * breaks in the message folded into spaces.
 */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `error: ${message.replace(/\s*\n\s*/g, " ")}`;
}
