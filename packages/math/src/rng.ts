// The seeded random-number source. Every stochastic path in glmmkit takes an Rng, so the same
// seed gives byte-identical output on every run (the arithmetic is plain IEEE double
// arithmetic plus Math.log/exp, which JavaScript engines implement deterministically).
//
// Generator: seedrandom's `alea` (Baagøe's multiply-with-carry generator, period ≈ 2¹¹⁶, seeded
// by hashing the seed string with his Mash function), read through `double()`, which joins two
// 32-bit outputs into a 53-bit uniform. Alea is chosen over seedrandom's default ARC4 because it
// is several times faster and every operation is plain double arithmetic, hence reproducible.
// seedrandom seeds it; `AleaStream` then steps it (the same bits as seedrandom's double(), tested),
// because seedrandom's closures cost more than the arithmetic in the samplers' inner loops.
//
// Streams: a generator is identified by its key path [seed, key₁, key₂, …]; the Alea seed string
// is JSON.stringify of that path, so `split(key)` derives a child deterministically from the
// parent's seed and the key alone — it never draws from (or depends on the state of) the parent —
// and distinct paths can never collide by string concatenation ("a/b" vs "a" + "/b").

import { AleaStream } from "./alea-stream.js";
import { normalQuantile } from "./normal.js";

/** A seeded random-number stream (never Math.random). */
export interface Rng {
  /** Uniform on the open interval (0, 1), on a grid of 2⁻⁵³ whose 53 index bits are all random. */
  uniform(): number;
  /** Standard normal, by inversion: Φ⁻¹(U). */
  normal(): number;
  /** 1 with probability p, else 0 (p ∈ [0, 1]). */
  bernoulli(p: number): number;
  /** Binomial(n, p) for integer n ≥ 0 and p ∈ [0, 1], exactly distributed (no approximation). */
  binomial(n: number, p: number): number;
  /** Exponential with the given rate (default 1): mean 1/rate. */
  exponential(rate?: number): number;
  /** An independent stream derived from this stream's seed path and `key`; draws nothing here. */
  split(key: string): Rng;
}

/**
 * A seeded generator. Numbers and strings are both turned into strings, so `createRng(7)` and
 * `createRng("7")` give the same stream; a non-finite number is rejected as a likely bug.
 * The methods are closures (no `this`), so they may be passed around detached: `draw(rng.normal)`.
 */
export function createRng(seed: string | number): Rng {
  if (typeof seed === "number" && !Number.isFinite(seed)) {
    throw new RangeError(`createRng: seed must be a finite number or a string, got ${seed}`);
  }
  return rngForPath([String(seed)]);
}

// Binomial: inversion below this mean of the smaller tail, BTPE above (the cut-off of
// Kachitvichyanukul & Schmeiser 1988 and of R's rbinom).
const INVERSION_MEAN_LIMIT = 30;

function rngForPath(path: readonly string[]): Rng {
  const stream = new AleaStream(JSON.stringify(path));

  // double() lies in [0, 1); reject the single value 0 so log(U) and Φ⁻¹(U) are finite.
  const uniform = (): number => {
    let u = stream.double();
    while (u === 0) u = stream.double();
    return u;
  };

  const rng: Rng = {
    uniform,

    normal: () => normalQuantile(uniform()),

    bernoulli: (p) => {
      checkProbability(p, "bernoulli");
      return uniform() < p ? 1 : 0;
    },

    exponential: (rate = 1) => {
      if (!(rate > 0 && rate < Number.POSITIVE_INFINITY)) {
        throw new RangeError(`exponential: rate must be positive and finite, got ${rate}`);
      }
      return -Math.log(uniform()) / rate;
    },

    binomial: (n, p) => {
      if (!Number.isSafeInteger(n) || n < 0) {
        throw new RangeError(`binomial: n must be a non-negative integer, got ${n}`);
      }
      checkProbability(p, "binomial");
      if (n === 0 || p === 0) return 0;
      if (p === 1) return n;
      // Work with the smaller of p, 1 − p and reflect at the end (both algorithms assume p ≤ ½).
      const small = p <= 0.5 ? p : 1 - p;
      const draw =
        n * small < INVERSION_MEAN_LIMIT
          ? binomialInversion(uniform, n, small)
          : binomialBtpe(uniform, n, small);
      return p <= 0.5 ? draw : n - draw;
    },

    split: (key) => {
      if (typeof key !== "string") throw new TypeError("split: key must be a string");
      return rngForPath([...path, key]);
    },
  };
  return rng;
}

function checkProbability(p: number, caller: string): void {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`${caller}: p must lie in [0, 1], got ${p}`);
  }
}

/**
 * Sequential-search inversion (Kachitvichyanukul & Schmeiser 1988, algorithm BINV) for p ≤ ½ and
 * n·p < 30: walk the pmf from 0 using f(k)/f(k−1) = (n−k+1)/k · p/q. The start value qⁿ is formed
 * as exp(n·log1p(−p)), which keeps its digits for tiny p. If rounding leaves U above the summed
 * mass (probability ~1e−16), the search restarts with a new U rather than returning a wrong tail
 * value, so the draw is exact up to the accuracy of the pmf itself.
 */
function binomialInversion(uniform: () => number, n: number, p: number): number {
  const q = 1 - p;
  const ratio = p / q;
  const scaledRatio = ratio * (n + 1);
  const start = Math.exp(n * Math.log1p(-p));
  for (;;) {
    let u = uniform();
    let k = 0;
    let mass = start;
    for (;;) {
      if (u < mass) return k;
      u -= mass;
      k += 1;
      if (k > n) break;
      mass *= scaledRatio / k - ratio;
      if (mass === 0) break;
    }
  }
}

/**
 * BTPE: Kachitvichyanukul & Schmeiser (1988), "Binomial random variate generation", Comm. ACM 31,
 * 216–222 — an exact acceptance/rejection sampler for n·p ≥ 30, p ≤ ½, whose hat is a triangle,
 * two parallelograms and two exponential tails around the mode. Acceptance uses the exact pmf
 * ratio f(y)/f(m) (recursively near the mode, otherwise a squeeze and then Stirling's series with
 * five terms, accurate to machine precision for the arguments reached, which are all > 20).
 * Follows the structure of R's rbinom.c, with the sign of the Stirling step corrected.
 */
function binomialBtpe(uniform: () => number, n: number, p: number): number {
  const q = 1 - p;
  const np = n * p;
  const ratio = p / q;
  const scaledRatio = ratio * (n + 1);
  const ffm = np + p;
  const m = Math.floor(ffm); // the mode
  const npq = np * q;
  const p1 = Math.floor(2.195 * Math.sqrt(npq) - 4.6 * q) + 0.5;
  const xm = m + 0.5;
  const xl = xm - p1;
  const xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + m);
  let al = (ffm - xl) / (ffm - xl * p);
  const xll = al * (1 + 0.5 * al);
  al = (xr - ffm) / (xr * q);
  const xlr = al * (1 + 0.5 * al);
  const p2 = p1 * (1 + c + c);
  const p3 = p2 + c / xll;
  const p4 = p3 + c / xlr;

  for (;;) {
    const u = uniform() * p4;
    let v = uniform();
    let y: number;
    if (u <= p1) {
      // Triangular region: accept immediately.
      return Math.floor(xm - p1 * v + u);
    }
    if (u <= p2) {
      // Parallelograms.
      const x = xl + (u - p1) / c;
      v = v * c + 1 - Math.abs(xm - x) / p1;
      if (v > 1 || v <= 0) continue;
      y = Math.floor(x);
    } else if (u > p3) {
      // Right exponential tail.
      y = Math.floor(xr - Math.log(v) / xlr);
      if (y > n) continue;
      v = v * (u - p3) * xlr;
    } else {
      // Left exponential tail.
      y = Math.floor(xl + Math.log(v) / xll);
      if (y < 0) continue;
      v = v * (u - p2) * xll;
    }

    const k = Math.abs(y - m);
    if (k <= 20 || k >= npq / 2 - 1) {
      // Explicit evaluation of f(y)/f(m) by the pmf recurrence.
      let f = 1;
      if (m < y) {
        for (let i = m + 1; i <= y; i++) f *= scaledRatio / i - ratio;
      } else if (m > y) {
        for (let i = y + 1; i <= m; i++) f /= scaledRatio / i - ratio;
      }
      if (v <= f) return y;
      continue;
    }

    // Squeeze on log(f(y)/f(m)) by the normal approximation with bounds (step 5.2).
    const amaxp = (k / npq) * ((k * (k / 3 + 0.625) + 0.1666666666666) / npq + 0.5);
    const ynorm = (-k * k) / (2 * npq);
    const alv = Math.log(v);
    if (alv < ynorm - amaxp) return y;
    if (alv > ynorm + amaxp) continue;

    // Final test: log(f(y)/f(m)) via Stirling's formula (step 5.3). The paper (and R's rbinom)
    // adds all four Stirling remainders; log f(y)/f(m) = log Γ(f1) + log Γ(z) − log Γ(x1) −
    // log Γ(w) + (y − m) log(p/q), so the x1 and w remainders must be subtracted (the erratum
    // corrected in GSL and, in 2026, in NumPy and Distributions.jl).
    const x1 = y + 1;
    const f1 = m + 1;
    const z = n + 1 - m;
    const w = n - y + 1;
    const bound =
      xm * Math.log(f1 / x1) +
      (n - m + 0.5) * Math.log(z / w) +
      (y - m) * Math.log((w * p) / (x1 * q)) +
      stirlingTail(f1) +
      stirlingTail(z) -
      stirlingTail(x1) -
      stirlingTail(w);
    if (alv <= bound) return y;
  }
}

/** 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹), the BTPE Stirling terms. */
function stirlingTail(x: number): number {
  const x2 = x * x;
  return (13860 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166320;
}
