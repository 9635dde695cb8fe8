/**
 * Typed input errors. Every message names the file, row and column or the formula token and says what
 * was expected; the CLI prints `error: <message>` and exits 2. The marker is a global symbol (as vercel/ai
 * marks its errors), so an error thrown by one copy of this package is recognised by another copy.
 */
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

const INPUT_ERROR_MARKER = Symbol.for("glmmkit.input-error");

export class GlmmInputError extends Error {
  readonly kind: InputErrorKind;
  readonly [INPUT_ERROR_MARKER] = true;
  constructor(kind: InputErrorKind, message: string) {
    super(message);
    this.name = "GlmmInputError";
    this.kind = kind;
  }

  /** True for a GlmmInputError from any copy of @glmmkit/core. */
  static isInstance(error: unknown): error is GlmmInputError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[INPUT_ERROR_MARKER] === true;
  }
}

export function isGlmmInputError(e: unknown): e is GlmmInputError {
  return GlmmInputError.isInstance(e);
}
