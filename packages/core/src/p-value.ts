/** Two-sided normal p-values for the z statistics of the coefficient tables. */
import { normalCcdf } from "@glmmkit/math";

/** P(|Z| > |z|) for Z ~ N(0, 1): 2 (1 − Φ(|z|)), from the accurate upper tail (no cancellation). */
export function twoSidedNormalPValue(z: number): number {
  return 2 * normalCcdf(Math.abs(z));
}
