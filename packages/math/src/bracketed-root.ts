/**
 * A root of a continuous f on [a, b] with f(a), f(b) of opposite signs: Brent's method (Brent 1973,
 * "Algorithms for minimization without derivatives", ch. 4, the `zeroin` procedure; as R's uniroot):
 * inverse quadratic interpolation or secant steps, falling back to bisection whenever they would not
 * shrink the bracket fast enough, so it converges at least as fast as bisection and superlinearly on
 * smooth functions. Used for profile-likelihood bounds, where each f(x) costs a full model fit.
 */

export interface BracketedRootOptions {
  /** Stop when the bracket is shorter than 2·(4ε|x| + tolerance)/… as zeroin does (default 1e-10). */
  readonly tolerance?: number;
  /** Largest number of evaluations of f beyond the two endpoints (default 100). */
  readonly maxEvaluations?: number;
  /** f(a) and f(b) when the caller already has them (saves two evaluations). */
  readonly fa?: number;
  readonly fb?: number;
}

export interface BracketedRoot {
  readonly root: number;
  /** f at the returned root. */
  readonly value: number;
  readonly evaluations: number;
  /** False when maxEvaluations ran out before the bracket met the tolerance. */
  readonly converged: boolean;
}

export function bracketedRoot(f: (x: number) => number, a: number, b: number, options: BracketedRootOptions = {}): BracketedRoot {
  const tolerance = options.tolerance ?? 1e-10;
  const maxEvaluations = options.maxEvaluations ?? 100;
  let fa = options.fa ?? f(a);
  let fb = options.fb ?? f(b);
  if (!Number.isFinite(fa) || !Number.isFinite(fb)) throw new RangeError(`bracketedRoot: f is not finite at an end of [${a}, ${b}]`);
  if (fa === 0) return { root: a, value: 0, evaluations: 0, converged: true };
  if (fb === 0) return { root: b, value: 0, evaluations: 0, converged: true };
  if (Math.sign(fa) === Math.sign(fb)) throw new RangeError(`bracketedRoot: f has the same sign at both ends of [${a}, ${b}]`);
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  let evaluations = 0;
  for (;;) {
    if (Math.sign(fb) === Math.sign(fc)) {
      // Keep the root between b and c.
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tolerance;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return { root: b, value: fb, evaluations, converged: true };
    if (evaluations >= maxEvaluations) return { root: b, value: fb, evaluations, converged: false };
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Interpolate: secant when only two distinct points, inverse quadratic otherwise.
      let p: number;
      let q: number;
      const s = fb / fa;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
    evaluations++;
    if (!Number.isFinite(fb)) throw new RangeError(`bracketedRoot: f is not finite at ${b}`);
  }
}
