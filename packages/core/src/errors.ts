/**
 * Typed input errors. Every message names the file, row and column or the formula token and says what
 * was expected; the CLI prints `error: <message>` and exits 2.
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

export class GlmmInputError extends Error {
  readonly kind: InputErrorKind;
  constructor(kind: InputErrorKind, message: string) {
    super(message);
    this.name = "GlmmInputError";
    this.kind = kind;
  }
}

export function isGlmmInputError(e: unknown): e is GlmmInputError {
  return e instanceof GlmmInputError;
}
