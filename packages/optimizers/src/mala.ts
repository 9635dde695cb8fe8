/**
 * MALA and preconditioned MALA (Besag 1994; Roberts & Tweedie 1996) over any log-density with gradient,
 * many chains advanced together, exactly as Algorithm 5 of Song & Tan (2022) — written for π = exp(−Q):
 *
 *   ξ = u − ε²/2 Σ ∇Q(u)                                    (drift centre of the current point)
 *   u* = ξ + ε z,  z ~ N(0, Σ)                              (proposal)
 *   ξ* = u* − ε²/2 Σ ∇Q(u*)
 *   ρ = exp{ Q(u) − Q(u*) + (u* − ξ)ᵀΣ⁻¹(u* − ξ)/2ε² − (u − ξ*)ᵀΣ⁻¹(u − ξ*)/2ε² },  accept when w < min(1, ρ)
 *
 * with ∇Q = −∇log π. Σ = M⁻¹ comes from a `Preconditioner` (identity for plain MALA), M = L Lᵀ; z = L⁻ᵀe with
 * e ~ N(0, I). The step is computed in the whitened form, which is the same algebra with half the
 * triangular solves: with c(u) = L⁻¹∇log π(u) (so Σ∇log π = L⁻ᵀc) and a = ε²/2 c(u) + ε e,
 *   u* = u + L⁻ᵀ a,   (u* − ξ)ᵀM(u* − ξ) = ε² eᵀe,   Lᵀ(u − ξ*) = −(a + ε²/2 c(u*)),
 * so the reverse quadratic form is ‖a + ε²/2 c(u*)‖² and a step costs one L⁻ᵀ (the proposal) and one L⁻¹
 * (the proposal's whitened gradient) — no Σ∇ and no vᵀMv.
 *
 * The noise e is drawn by `zigguratNormal` (Marsaglia & Tsang's ziggurat with Doornik's correction, exact)
 * from a xoshiro128** generator seeded from the chain's stream (`Xoshiro128.seededFrom`), which also gives the
 * acceptance uniforms: the d normals per step were ~20 % of an IMSA run by inversion Φ⁻¹(U) from the
 * chain's Alea stream (59 ns each) and still ~15 % by the ziggurat on it (18 ns); from xoshiro128** a
 * normal costs about 7 ns.
 *
 * Each chain owns its random stream, position and step size, so a chain's path depends only on its own
 * stream and the target: chains may be split across threads without changing a single bit.
 *
 * Step size. The paper "periodically adjusts ε to maintain acceptance at around 60 %" without a schedule.
 * Here every call of `run(N)` is one adaptation period: after it, each chain moves
 *   log ε ← log ε + (a − a*) · k^(−0.6)
 * (a its acceptance rate over the N steps, a* the target, k the periods since the last reset) — a
 * Robbins–Monro recursion with gains Σ k^(−0.6) = ∞, Σ k^(−1.2) < ∞, so ε settles where the acceptance is a*
 * while the adaptation diminishes (the condition under which an adaptive sampler keeps its target,
 * Andrieu & Thoms 2008, §4). The first ε is 1.65·d^(−1/6), the optimal MALA scale for a standard Gaussian
 * target (Roberts & Rosenthal 1998), which is the right order once Σ matches the target's covariance;
 * `setPreconditioner` restarts the adaptation from there.
 */
import { Xoshiro128, zigguratNormal, type Rng } from "@glmmkit/math";
import { logDensityAndGradient, type LogDensity } from "./log-density.js";
import { identityPreconditioner, type Preconditioner } from "./preconditioner.js";

/** Acceptance rate the step size is adapted toward (Song & Tan 2022, Appendix A: "around 60 %"). */
export const DEFAULT_MALA_TARGET_ACCEPTANCE = 0.6;
/** Exponent of the Robbins–Monro gain k^(−κ) of the step-size recursion. */
const ADAPTATION_EXPONENT = 0.6;
const MIN_STEP_SIZE = 1e-10;
const MAX_STEP_SIZE = 1e3;

export interface MalaOptions {
  /** Default 0.6. */
  readonly targetAcceptance?: number;
  /** First ε (default 1.65·dim^(−1/6)). */
  readonly initialStepSize?: number;
  /** Adapt ε after every `run` (default true). */
  readonly adapt?: boolean;
}

/** One chain: position, its drift centre, step size and counters. */
class MalaChain {
  private gradient: Float64Array;
  /** L⁻¹∇log π at the current point and at the proposal. */
  private whitened: Float64Array;
  private proposal: Float64Array;
  private proposalGradient: Float64Array;
  private proposalWhitened: Float64Array;
  /** a = ε²/2 c(u) + ε e, the proposal's move in whitened coordinates. */
  private readonly move: Float64Array;
  private readonly scratch: Float64Array;
  private current: Float64Array;
  logDensity = Number.NaN;
  stepSize: number;
  periods = 0;
  lastAcceptance = Number.NaN;
  proposals = 0;
  accepted = 0;

  /** The chain's noise and acceptance uniforms: xoshiro128** seeded from the chain's own stream. */
  private readonly bits: Xoshiro128;

  constructor(start: Float64Array, rng: Rng, stepSize: number) {
    const d = start.length;
    this.bits = Xoshiro128.seededFrom(rng);
    this.current = Float64Array.from(start);
    this.gradient = new Float64Array(d);
    this.whitened = new Float64Array(d);
    this.proposal = new Float64Array(d);
    this.proposalGradient = new Float64Array(d);
    this.proposalWhitened = new Float64Array(d);
    this.move = new Float64Array(d);
    this.scratch = new Float64Array(d);
    this.stepSize = stepSize;
  }

  /** The current point (a live view: valid until the next `run`). */
  get point(): Float64Array {
    return this.current;
  }

  /** N steps of Algorithm 5 on `target` with covariance Σ from `preconditioner`; returns the accepted count. */
  run(target: LogDensity, preconditioner: Preconditioner, steps: number): number {
    const d = this.current.length;
    const eps = this.stepSize;
    const halfEps2 = 0.5 * eps * eps;
    let x = this.current;
    let g = this.gradient;
    let c = this.whitened;
    let y = this.proposal;
    let gy = this.proposalGradient;
    let cy = this.proposalWhitened;
    const a = this.move;
    const s = this.scratch;
    const bits = this.bits;

    let lpX = logDensityAndGradient(target, x, g);
    if (!Number.isFinite(lpX)) {
      throw new RangeError(`MALA: the log-density is ${lpX} at the chain's current point`);
    }
    preconditioner.whiten(g, c);

    let accepted = 0;
    for (let step = 0; step < steps; step++) {
      let forward = 0;
      for (let k = 0; k < d; k++) {
        const v = zigguratNormal(bits);
        forward += v * v;
        a[k] = halfEps2 * c[k] + eps * v;
      }
      const w = bits.uniform();
      // u* = u + L⁻ᵀa = ξ + ε L⁻ᵀe.
      preconditioner.colourNoise(a, s);
      for (let k = 0; k < d; k++) y[k] = x[k] + s[k];
      const lpY = logDensityAndGradient(target, y, gy);
      if (!Number.isFinite(lpY)) continue;
      preconditioner.whiten(gy, cy);
      // (u − ξ*)ᵀM(u − ξ*) = ‖a + ε²/2 c(u*)‖²; the forward form (u* − ξ)ᵀM(u* − ξ) = ε² eᵀe.
      let reverse = 0;
      for (let k = 0; k < d; k++) {
        const t = a[k] + halfEps2 * cy[k];
        reverse += t * t;
      }
      const logRho = lpY - lpX + 0.5 * forward - reverse / (4 * halfEps2);
      if (Math.log(w) < logRho) {
        [x, y] = [y, x];
        [g, gy] = [gy, g];
        [c, cy] = [cy, c];
        lpX = lpY;
        accepted++;
      }
    }
    this.current = x;
    this.gradient = g;
    this.whitened = c;
    this.proposal = y;
    this.proposalGradient = gy;
    this.proposalWhitened = cy;
    this.logDensity = lpX;
    this.proposals += steps;
    this.accepted += accepted;
    this.lastAcceptance = steps > 0 ? accepted / steps : Number.NaN;
    return accepted;
  }

  adapt(target: number): void {
    if (!Number.isFinite(this.lastAcceptance)) return;
    this.periods++;
    const gain = Math.pow(this.periods, -ADAPTATION_EXPONENT);
    const next = this.stepSize * Math.exp(gain * (this.lastAcceptance - target));
    this.stepSize = Math.min(MAX_STEP_SIZE, Math.max(MIN_STEP_SIZE, next));
  }

  restartAdaptation(stepSize: number): void {
    this.stepSize = stepSize;
    this.periods = 0;
  }
}

/** The default first step size 1.65·d^(−1/6) (Roberts & Rosenthal 1998). */
export function defaultMalaStepSize(dim: number): number {
  return 1.65 * Math.pow(Math.max(1, dim), -1 / 6);
}

/**
 * Many MALA chains on one target, each with its own random stream. The target may change between calls
 * to `run` (an SA iteration moves θ); Algorithm 5 recomputes the drift centre at the start of every call,
 * and the chains carry their positions over.
 */
export class MalaSampler {
  private readonly chainList: MalaChain[];
  private preconditioner: Preconditioner;
  private readonly targetAcceptance: number;
  private adaptive: boolean;
  private readonly initialStepSize: number;

  constructor(
    private readonly target: LogDensity,
    starts: readonly Float64Array[],
    rngs: readonly Rng[],
    options: MalaOptions = {},
  ) {
    if (starts.length === 0) throw new RangeError("MalaSampler: at least one chain is needed");
    if (rngs.length !== starts.length) {
      throw new RangeError(`MalaSampler: ${starts.length} starting points but ${rngs.length} random streams`);
    }
    for (const start of starts) {
      if (start.length !== target.dim) {
        throw new RangeError(`MalaSampler: a starting point has length ${start.length}, the target's dim is ${target.dim}`);
      }
    }
    this.targetAcceptance = options.targetAcceptance ?? DEFAULT_MALA_TARGET_ACCEPTANCE;
    this.adaptive = options.adapt ?? true;
    this.initialStepSize = options.initialStepSize ?? defaultMalaStepSize(target.dim);
    if (!(this.initialStepSize > 0)) throw new RangeError(`MalaSampler: the step size must be positive, got ${this.initialStepSize}`);
    this.chainList = starts.map((start, j) => new MalaChain(start, rngs[j]!, this.initialStepSize));
    this.preconditioner = identityPreconditioner(target.dim);
  }

  get chains(): number {
    return this.chainList.length;
  }

  get dim(): number {
    return this.target.dim;
  }

  /** Use Σ = M⁻¹ from now on; the step-size adaptation restarts (the scale of a good ε changes with Σ). */
  setPreconditioner(preconditioner: Preconditioner, restartAdaptation = true): void {
    if (preconditioner.dim !== this.target.dim) {
      throw new RangeError(`MalaSampler: the preconditioner has dim ${preconditioner.dim}, the target ${this.target.dim}`);
    }
    this.preconditioner = preconditioner;
    if (restartAdaptation) this.restartAdaptation(this.initialStepSize);
  }

  /** Every chain's step size set to `stepSize` and its adaptation restarted (e.g. from a scale of the target). */
  restartAdaptation(stepSize: number): void {
    if (!(stepSize > 0) || !Number.isFinite(stepSize)) throw new RangeError(`MalaSampler: the step size must be positive and finite, got ${stepSize}`);
    for (const chain of this.chainList) chain.restartAdaptation(stepSize);
  }

  /** Switch the step-size adaptation on or off (e.g. off after a warm-up, for a sampler with fixed kernels). */
  setAdaptation(on: boolean): void {
    this.adaptive = on;
  }

  /** `steps` steps of every chain (one adaptation period); returns the accepted proposals summed over chains. */
  run(steps: number): number {
    let accepted = 0;
    for (const chain of this.chainList) {
      accepted += chain.run(this.target, this.preconditioner, steps);
      if (this.adaptive) chain.adapt(this.targetAcceptance);
    }
    return accepted;
  }

  /** `steps` steps of chain j only (for callers that interleave work per chain). */
  runChain(j: number, steps: number): number {
    const chain = this.chain(j);
    const accepted = chain.run(this.target, this.preconditioner, steps);
    if (this.adaptive) chain.adapt(this.targetAcceptance);
    return accepted;
  }

  /** Chain j's current point (a live view, valid until the chain moves again). */
  position(j: number): Float64Array {
    return this.chain(j).point;
  }

  /** Overwrite chain j's point (e.g. to start it elsewhere). */
  setPosition(j: number, x: Float64Array): void {
    this.chain(j).point.set(x);
  }

  /** log π at chain j's point as of its last run. */
  logDensity(j: number): number {
    return this.chain(j).logDensity;
  }

  stepSize(j: number): number {
    return this.chain(j).stepSize;
  }

  /** Acceptance rate of chain j over its last run. */
  lastAcceptance(j: number): number {
    return this.chain(j).lastAcceptance;
  }

  /** Accepted / proposed over chain j's whole life. */
  acceptanceRate(j: number): number {
    const c = this.chain(j);
    return c.proposals > 0 ? c.accepted / c.proposals : Number.NaN;
  }

  private chain(j: number): MalaChain {
    const chain = this.chainList[j];
    if (chain === undefined) throw new RangeError(`MalaSampler: no chain ${j} (there are ${this.chainList.length})`);
    return chain;
  }
}
