/**
 * The No-U-Turn Sampler with a diagonal metric, as Stan runs it (Hoffman & Gelman 2014; Betancourt 2017,
 * "A conceptual introduction to Hamiltonian Monte Carlo", Appendix A; stan/mcmc/hmc/nuts/base_nuts.hpp):
 * multinomial sampling of the trajectory's points with weights e^{−H}, biased progressive sampling
 * between a tree and its new subtree and uniform progressive sampling inside subtrees, the generalised
 * no-U-turn criterion p♯ᵀρ > 0 checked across each merged tree and across the boundaries between its
 * halves, a divergence when H grows by more than 1000, trees of at most 2^maxTreeDepth leapfrog steps.
 *
 * Hamiltonian H(q, p) = −log π(q) + ½ pᵀ M⁻¹ p with M⁻¹ = diag(inverseMetric), p ~ N(0, M), p♯ = M⁻¹p;
 * leapfrog p ← p + ε/2 ∇log π(q), q ← q + ε M⁻¹ p, p ← p + ε/2 ∇log π(q).
 *
 * Warm-up adapts ε by dual averaging toward a mean acceptance statistic of 0.8 and M⁻¹ by the regularised
 * sample variances of Stan's slow windows, (n/(n + 5))·var + 10⁻³·5/(n + 5) (warmup-windows.ts).
 */
import type { Rng } from "@glmmkit/math";
import { DualAveraging } from "./dual-averaging.js";
import { logDensityAndGradient, type LogDensity } from "./log-density.js";
import { warmupWindows } from "./warmup-windows.js";
import { RunningCovariance } from "./welford.js";

/** Stan's threshold on H − H₀ beyond which a trajectory is divergent. */
const MAX_DELTA_H = 1000;

export interface NutsOptions {
  /** Warm-up (adaptation) iterations, discarded; default 1000. */
  readonly warmup?: number;
  /** Iterations kept after warm-up; default 1000. */
  readonly draws?: number;
  /** Default 10 (at most 1024 leapfrog steps per iteration). */
  readonly maxTreeDepth?: number;
  /** Dual-averaging target δ (default 0.8). */
  readonly targetAcceptance?: number;
  /** First step size before the doubling/halving heuristic (default 1). */
  readonly initialStepSize?: number;
  /** Starting diagonal of M⁻¹ (default ones). */
  readonly initialInverseMetric?: Float64Array;
  /** Adapt M⁻¹ in the slow windows (default true). */
  readonly adaptMetric?: boolean;
  /**
   * What to keep of each kept draw: `dim` numbers computed from the position (default: the position).
   * Keeps memory to the quantities of interest when the sampler also moves many nuisance coordinates.
   */
  readonly keep?: { readonly dim: number; apply(position: Float64Array, out: Float64Array): void };
  /** Called after every iteration (warm-up included) with its 0-based index. */
  readonly onIteration?: (iteration: number) => void;
  /** Polled before every iteration: true ends the run there (the result then holds fewer draws). */
  readonly shouldStop?: () => boolean;
}

export interface NutsRun {
  /** Kept draws, row-major: draw i occupies [i·keptDim, (i + 1)·keptDim). */
  readonly draws: Float64Array;
  readonly keptDim: number;
  /** Draws kept (fewer than asked for when `shouldStop` ended the run). */
  readonly drawCount: number;
  /** True when `shouldStop` ended the run early. */
  readonly stopped: boolean;
  /** log π of each kept draw. */
  readonly logDensity: Float64Array;
  /** Mean Metropolis acceptance statistic of each kept iteration. */
  readonly acceptStat: Float64Array;
  readonly treeDepth: Uint8Array;
  readonly leapfrogSteps: Uint16Array;
  readonly divergent: Uint8Array;
  /** Divergent transitions during warm-up. */
  readonly warmupDivergences: number;
  /** Step size used after warm-up. */
  readonly stepSize: number;
  /** Adapted M⁻¹ diagonal. */
  readonly inverseMetric: Float64Array;
  /** Total gradient evaluations (leapfrog steps plus the step-size search). */
  readonly gradientEvaluations: number;
  /** The last position (the chain's state after the last draw). */
  readonly finalPosition: Float64Array;
}

/** A phase-space point: position, momentum, ∇log π and log π at the position. */
class PhasePoint {
  readonly q: Float64Array;
  readonly p: Float64Array;
  readonly g: Float64Array;
  logDensity = Number.NaN;
  constructor(dim: number) {
    this.q = new Float64Array(dim);
    this.p = new Float64Array(dim);
    this.g = new Float64Array(dim);
  }
  copyFrom(other: PhasePoint): void {
    this.q.set(other.q);
    this.p.set(other.p);
    this.g.set(other.g);
    this.logDensity = other.logDensity;
  }
}

/** A sample candidate: position, ∇log π and log π there (so the next transition needs no new gradient). */
class Candidate {
  readonly q: Float64Array;
  readonly g: Float64Array;
  logDensity = Number.NaN;
  constructor(dim: number) {
    this.q = new Float64Array(dim);
    this.g = new Float64Array(dim);
  }
  copyFrom(other: { q: Float64Array; g: Float64Array; logDensity: number }): void {
    this.q.set(other.q);
    this.g.set(other.g);
    this.logDensity = other.logDensity;
  }
}

/** Scratch of one recursion level of build_tree. */
class TreeLevel {
  readonly pInitEnd: Float64Array;
  readonly pSharpInitEnd: Float64Array;
  readonly rhoInit: Float64Array;
  readonly pFinalBeg: Float64Array;
  readonly pSharpFinalBeg: Float64Array;
  readonly rhoFinal: Float64Array;
  readonly rhoExtended: Float64Array;
  readonly proposeFinal: Candidate;
  constructor(dim: number) {
    this.pInitEnd = new Float64Array(dim);
    this.pSharpInitEnd = new Float64Array(dim);
    this.rhoInit = new Float64Array(dim);
    this.pFinalBeg = new Float64Array(dim);
    this.pSharpFinalBeg = new Float64Array(dim);
    this.rhoFinal = new Float64Array(dim);
    this.rhoExtended = new Float64Array(dim);
    this.proposeFinal = new Candidate(dim);
  }
}

function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** p♯_minusᵀ ρ > 0 and p♯_plusᵀ ρ > 0 (Betancourt 2017, eq. for the generalised criterion). */
function noUTurn(pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array): boolean {
  let a = 0;
  let b = 0;
  for (let k = 0; k < rho.length; k++) {
    a += pSharpPlus[k] * rho[k];
    b += pSharpMinus[k] * rho[k];
  }
  return a > 0 && b > 0;
}

/** One NUTS chain on a target: its state, metric and step size, and the transition. */
export class NutsChain {
  readonly dim: number;
  readonly inverseMetric: Float64Array;
  stepSize: number;
  maxTreeDepth: number;
  gradientEvaluations = 0;

  private readonly z: PhasePoint;
  private readonly zForward: PhasePoint;
  private readonly zBackward: PhasePoint;
  private readonly zInit: PhasePoint;
  private readonly sample: Candidate;
  private readonly propose: Candidate;
  private readonly levels: TreeLevel[];
  private readonly pForwardForward: Float64Array;
  private readonly pSharpForwardForward: Float64Array;
  private readonly pForwardBackward: Float64Array;
  private readonly pSharpForwardBackward: Float64Array;
  private readonly pBackwardForward: Float64Array;
  private readonly pSharpBackwardForward: Float64Array;
  private readonly pBackwardBackward: Float64Array;
  private readonly pSharpBackwardBackward: Float64Array;
  private readonly rho: Float64Array;
  private readonly rhoForward: Float64Array;
  private readonly rhoBackward: Float64Array;
  private readonly rhoExtended: Float64Array;

  // Per-transition accumulators of build_tree.
  private leapfrogs = 0;
  private sumMetropolis = 0;
  private divergent = false;
  private energy0 = 0;

  /** Outcome of the last transition. */
  lastAcceptStat = Number.NaN;
  lastTreeDepth = 0;
  lastLeapfrogs = 0;
  lastDivergent = false;

  constructor(
    private readonly target: LogDensity,
    start: Float64Array,
    private readonly rng: Rng,
    options: { stepSize?: number; inverseMetric?: Float64Array; maxTreeDepth?: number } = {},
  ) {
    const d = target.dim;
    if (start.length !== d) throw new RangeError(`NutsChain: the start has length ${start.length}, the target's dim is ${d}`);
    this.dim = d;
    this.inverseMetric = options.inverseMetric === undefined ? new Float64Array(d).fill(1) : Float64Array.from(options.inverseMetric);
    this.stepSize = options.stepSize ?? 1;
    this.maxTreeDepth = options.maxTreeDepth ?? 10;
    this.z = new PhasePoint(d);
    this.zForward = new PhasePoint(d);
    this.zBackward = new PhasePoint(d);
    this.zInit = new PhasePoint(d);
    this.sample = new Candidate(d);
    this.propose = new Candidate(d);
    this.levels = Array.from({ length: this.maxTreeDepth + 1 }, () => new TreeLevel(d));
    const vector = () => new Float64Array(d);
    this.pForwardForward = vector();
    this.pSharpForwardForward = vector();
    this.pForwardBackward = vector();
    this.pSharpForwardBackward = vector();
    this.pBackwardForward = vector();
    this.pSharpBackwardForward = vector();
    this.pBackwardBackward = vector();
    this.pSharpBackwardBackward = vector();
    this.rho = vector();
    this.rhoForward = vector();
    this.rhoBackward = vector();
    this.rhoExtended = vector();
    this.z.q.set(start);
    this.evaluate(this.z);
    if (!Number.isFinite(this.z.logDensity)) {
      throw new RangeError(`NutsChain: the log-density is ${this.z.logDensity} at the starting point`);
    }
  }

  /** The current position (a live view). */
  get position(): Float64Array {
    return this.z.q;
  }

  get logDensity(): number {
    return this.z.logDensity;
  }

  private evaluate(point: PhasePoint): void {
    this.gradientEvaluations++;
    const v = logDensityAndGradient(this.target, point.q, point.g);
    point.logDensity = Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v;
  }

  private sampleMomentum(point: PhasePoint): void {
    for (let k = 0; k < this.dim; k++) point.p[k] = this.rng.normal() / Math.sqrt(this.inverseMetric[k]);
  }

  private hamiltonian(point: PhasePoint): number {
    let kinetic = 0;
    for (let k = 0; k < this.dim; k++) kinetic += this.inverseMetric[k] * point.p[k] * point.p[k];
    const h = -point.logDensity + 0.5 * kinetic;
    return Number.isNaN(h) ? Number.POSITIVE_INFINITY : h;
  }

  private leapfrog(point: PhasePoint, epsilon: number): void {
    const d = this.dim;
    const half = 0.5 * epsilon;
    for (let k = 0; k < d; k++) point.p[k] += half * point.g[k];
    for (let k = 0; k < d; k++) point.q[k] += epsilon * this.inverseMetric[k] * point.p[k];
    this.evaluate(point);
    for (let k = 0; k < d; k++) point.p[k] += half * point.g[k];
  }

  private sharp(p: Float64Array, out: Float64Array): void {
    for (let k = 0; k < this.dim; k++) out[k] = this.inverseMetric[k] * p[k];
  }

  /**
   * Stan's heuristic for a first step size: double (or halve) ε until one leapfrog step from the current
   * point crosses an acceptance probability of 0.8.
   */
  initialiseStepSize(): void {
    let eps = this.stepSize;
    if (!(eps > 0) || eps > 1e7) return;
    this.zInit.copyFrom(this.z);
    const trial = () => {
      this.z.copyFrom(this.zInit);
      this.sampleMomentum(this.z);
      const h0 = this.hamiltonian(this.z);
      this.leapfrog(this.z, eps);
      return h0 - this.hamiltonian(this.z);
    };
    const direction = trial() > Math.log(0.8) ? 1 : -1;
    for (let attempt = 0; attempt < 200; attempt++) {
      this.stepSize = eps;
      const deltaH = trial();
      if (direction === 1 && !(deltaH > Math.log(0.8))) break;
      if (direction === -1 && !(deltaH < Math.log(0.8))) break;
      eps = direction === 1 ? 2 * eps : 0.5 * eps;
      if (eps > 1e7 || eps === 0) throw new RangeError("NUTS: the step-size search diverged; the posterior may be improper");
    }
    this.stepSize = eps;
    this.z.copyFrom(this.zInit);
  }

  /** One NUTS transition from the current point. */
  transition(): void {
    const d = this.dim;
    const z = this.z;
    this.sampleMomentum(z);
    this.zForward.copyFrom(z);
    this.zBackward.copyFrom(z);
    this.sample.copyFrom(z);
    this.propose.copyFrom(z);
    for (const p of [this.pForwardForward, this.pForwardBackward, this.pBackwardForward, this.pBackwardBackward]) p.set(z.p);
    this.sharp(z.p, this.pSharpForwardForward);
    this.pSharpForwardBackward.set(this.pSharpForwardForward);
    this.pSharpBackwardForward.set(this.pSharpForwardForward);
    this.pSharpBackwardBackward.set(this.pSharpForwardForward);
    this.rho.set(z.p);
    let logSumWeight = 0;
    this.energy0 = this.hamiltonian(z);
    this.leapfrogs = 0;
    this.sumMetropolis = 0;
    this.divergent = false;
    let depth = 0;

    while (depth < this.maxTreeDepth) {
      this.rhoForward.fill(0);
      this.rhoBackward.fill(0);
      let valid: boolean;
      let subtreeWeight: number;
      if (this.rng.uniform() > 0.5) {
        // Extend forward: the old tree becomes the backward subtree.
        z.copyFrom(this.zForward);
        this.rhoBackward.set(this.rho);
        this.pBackwardForward.set(this.pForwardForward);
        this.pSharpBackwardForward.set(this.pSharpForwardForward);
        const result = this.buildTree(depth, this.propose, this.pSharpForwardBackward, this.pSharpForwardForward, this.rhoForward,
          this.pForwardBackward, this.pForwardForward, 1);
        valid = result.valid;
        subtreeWeight = result.logWeight;
        this.zForward.copyFrom(z);
      } else {
        z.copyFrom(this.zBackward);
        this.rhoForward.set(this.rho);
        this.pForwardBackward.set(this.pBackwardBackward);
        this.pSharpForwardBackward.set(this.pSharpBackwardBackward);
        const result = this.buildTree(depth, this.propose, this.pSharpBackwardForward, this.pSharpBackwardBackward, this.rhoBackward,
          this.pBackwardForward, this.pBackwardBackward, -1);
        valid = result.valid;
        subtreeWeight = result.logWeight;
        this.zBackward.copyFrom(z);
      }
      if (!valid) break;
      depth++;
      // Biased progressive sampling of the new subtree against the old tree.
      if (subtreeWeight > logSumWeight) this.sample.copyFrom(this.propose);
      else if (this.rng.uniform() < Math.exp(subtreeWeight - logSumWeight)) this.sample.copyFrom(this.propose);
      logSumWeight = logAddExp(logSumWeight, subtreeWeight);
      for (let k = 0; k < d; k++) this.rho[k] = this.rhoBackward[k] + this.rhoForward[k];
      let persist = noUTurn(this.pSharpBackwardBackward, this.pSharpForwardForward, this.rho);
      const ext = this.rhoExtended;
      for (let k = 0; k < d; k++) ext[k] = this.rhoBackward[k] + this.pForwardBackward[k];
      persist = persist && noUTurn(this.pSharpBackwardBackward, this.pSharpForwardBackward, ext);
      for (let k = 0; k < d; k++) ext[k] = this.rhoForward[k] + this.pBackwardForward[k];
      persist = persist && noUTurn(this.pSharpBackwardForward, this.pSharpForwardForward, ext);
      if (!persist) break;
    }
    this.lastLeapfrogs = this.leapfrogs;
    this.lastAcceptStat = this.leapfrogs > 0 ? this.sumMetropolis / this.leapfrogs : 0;
    this.lastTreeDepth = depth;
    this.lastDivergent = this.divergent;
    // Move to the sampled point (with its gradient, which the next transition starts from).
    z.q.set(this.sample.q);
    z.g.set(this.sample.g);
    z.logDensity = this.sample.logDensity;
  }

  /**
   * build_tree of base_nuts.hpp: 2^depth leapfrog steps in direction `sign` from the integrator state z,
   * writing the subtree's boundary momenta, adding its momenta into ρ and its sample into `propose`.
   */
  private buildTree(
    depth: number,
    propose: Candidate,
    pSharpBeg: Float64Array,
    pSharpEnd: Float64Array,
    rho: Float64Array,
    pBeg: Float64Array,
    pEnd: Float64Array,
    sign: 1 | -1,
  ): { valid: boolean; logWeight: number } {
    const z = this.z;
    const d = this.dim;
    if (depth === 0) {
      this.leapfrog(z, sign * this.stepSize);
      this.leapfrogs++;
      const h = this.hamiltonian(z);
      if (h - this.energy0 > MAX_DELTA_H) this.divergent = true;
      const logWeight = this.energy0 - h;
      this.sumMetropolis += logWeight > 0 ? 1 : Math.exp(logWeight);
      propose.copyFrom(z);
      this.sharp(z.p, pSharpBeg);
      pSharpEnd.set(pSharpBeg);
      for (let k = 0; k < d; k++) rho[k] += z.p[k];
      pBeg.set(z.p);
      pEnd.set(z.p);
      return { valid: !this.divergent, logWeight };
    }
    const level = this.levels[depth]!;
    level.rhoInit.fill(0);
    const init = this.buildTree(depth - 1, propose, pSharpBeg, level.pSharpInitEnd, level.rhoInit, pBeg, level.pInitEnd, sign);
    if (!init.valid) return { valid: false, logWeight: init.logWeight };
    level.rhoFinal.fill(0);
    const final = this.buildTree(depth - 1, level.proposeFinal, level.pSharpFinalBeg, pSharpEnd, level.rhoFinal, level.pFinalBeg, pEnd, sign);
    if (!final.valid) return { valid: false, logWeight: final.logWeight };
    // Uniform progressive sampling between the two halves.
    const logWeight = logAddExp(init.logWeight, final.logWeight);
    if (final.logWeight > logWeight) propose.copyFrom(level.proposeFinal);
    else if (this.rng.uniform() < Math.exp(final.logWeight - logWeight)) propose.copyFrom(level.proposeFinal);
    const ext = level.rhoExtended;
    for (let k = 0; k < d; k++) {
      const subtree = level.rhoInit[k] + level.rhoFinal[k];
      ext[k] = subtree;
      rho[k] += subtree;
    }
    let persist = noUTurn(pSharpBeg, pSharpEnd, ext);
    for (let k = 0; k < d; k++) ext[k] = level.rhoInit[k] + level.pFinalBeg[k];
    persist = persist && noUTurn(pSharpBeg, level.pSharpFinalBeg, ext);
    for (let k = 0; k < d; k++) ext[k] = level.rhoFinal[k] + level.pInitEnd[k];
    persist = persist && noUTurn(level.pSharpInitEnd, pSharpEnd, ext);
    return { valid: persist, logWeight };
  }
}

/** Stan's regularisation of a window's sample variances: (n/(n + 5))·var + 10⁻³·5/(n + 5). */
function regularisedVariances(variances: Float64Array, n: number): void {
  for (let k = 0; k < variances.length; k++) variances[k] = (n / (n + 5)) * variances[k] + 1e-3 * (5 / (n + 5));
}

/** Warm-up then `draws` kept iterations of one NUTS chain from `start`, with its own random stream. */
export function sampleNuts(target: LogDensity, start: Float64Array, rng: Rng, options: NutsOptions = {}): NutsRun {
  const warmup = options.warmup ?? 1000;
  const drawCount = options.draws ?? 1000;
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`sampleNuts: warmup must be a non-negative integer, got ${warmup}`);
  if (!Number.isInteger(drawCount) || drawCount < 1) throw new RangeError(`sampleNuts: draws must be a positive integer, got ${drawCount}`);
  const chain = new NutsChain(target, start, rng, {
    stepSize: options.initialStepSize ?? 1,
    ...(options.initialInverseMetric === undefined ? {} : { inverseMetric: options.initialInverseMetric }),
    maxTreeDepth: options.maxTreeDepth ?? 10,
  });
  const d = target.dim;
  const keptDim = options.keep?.dim ?? d;
  const draws = new Float64Array(drawCount * keptDim);
  const logDensity = new Float64Array(drawCount);
  const acceptStat = new Float64Array(drawCount);
  const treeDepth = new Uint8Array(drawCount);
  const leapfrogSteps = new Uint16Array(drawCount);
  const divergent = new Uint8Array(drawCount);
  const adaptMetric = options.adaptMetric ?? true;
  const windows = warmupWindows(warmup);
  const stepSizeAdaptation = new DualAveraging(options.targetAcceptance === undefined ? {} : { targetAcceptance: options.targetAcceptance });
  const variance = new RunningCovariance(d, true);
  const windowVariances = new Float64Array(d);
  let warmupDivergences = 0;
  let stopped = false;

  if (warmup > 0) {
    chain.initialiseStepSize();
    stepSizeAdaptation.restart(chain.stepSize);
  }
  for (let i = 0; i < warmup; i++) {
    if (options.shouldStop?.() === true) {
      stopped = true;
      break;
    }
    chain.transition();
    if (chain.lastDivergent) warmupDivergences++;
    chain.stepSize = stepSizeAdaptation.learn(chain.lastAcceptStat);
    if (adaptMetric && windows.inSlowWindow(i)) variance.add(chain.position);
    if (adaptMetric && windows.endsWindow(i)) {
      variance.varianceInto(windowVariances);
      regularisedVariances(windowVariances, variance.n);
      chain.inverseMetric.set(windowVariances);
      variance.restart();
      chain.initialiseStepSize();
      stepSizeAdaptation.restart(chain.stepSize);
    }
    options.onIteration?.(i);
  }
  if (warmup > 0) chain.stepSize = stepSizeAdaptation.final();

  const kept = new Float64Array(keptDim);
  let count = 0;
  for (let i = 0; i < drawCount && !stopped; i++) {
    if (options.shouldStop?.() === true) {
      stopped = true;
      break;
    }
    chain.transition();
    if (options.keep === undefined) draws.set(chain.position, i * keptDim);
    else {
      options.keep.apply(chain.position, kept);
      draws.set(kept, i * keptDim);
    }
    logDensity[i] = chain.logDensity;
    acceptStat[i] = chain.lastAcceptStat;
    treeDepth[i] = chain.lastTreeDepth;
    leapfrogSteps[i] = chain.lastLeapfrogs;
    divergent[i] = chain.lastDivergent ? 1 : 0;
    count++;
    options.onIteration?.(warmup + i);
  }
  return {
    draws: count === drawCount ? draws : draws.slice(0, count * keptDim),
    keptDim,
    drawCount: count,
    stopped,
    logDensity: logDensity.slice(0, count),
    acceptStat: acceptStat.slice(0, count),
    treeDepth: treeDepth.slice(0, count),
    leapfrogSteps: leapfrogSteps.slice(0, count),
    divergent: divergent.slice(0, count),
    warmupDivergences,
    stepSize: chain.stepSize,
    inverseMetric: Float64Array.from(chain.inverseMetric),
    gradientEvaluations: chain.gradientEvaluations,
    finalPosition: Float64Array.from(chain.position),
  };
}
