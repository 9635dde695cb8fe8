/**
 * Typed errors of the separation detector. Input errors name the row and column at fault and say
 * what was expected; solver errors carry the HiGHS model status so a caller can tell a numerical
 * failure from a finding (separation is a finding and never throws).
 */
export class SeparationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SeparationInputError";
  }
}

/** The LP solver failed (not the user's input). */
export class SeparationSolverError extends Error {
  /** HiGHS model status code (7 = optimal); -1 when the failure happened before a status existed. */
  readonly modelStatus: number;
  constructor(message: string, modelStatus: number) {
    super(message);
    this.name = "SeparationSolverError";
    this.modelStatus = modelStatus;
  }
}
