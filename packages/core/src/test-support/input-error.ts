import { GlmmInputError } from "../errors.js";

/** The GlmmInputError `f` throws (fails the test when it throws nothing or something else). */
export function inputError(f: () => unknown): GlmmInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof GlmmInputError) return e;
    throw e;
  }
  throw new Error("expected a GlmmInputError");
}
