/**
 * The stochastic-approximation driver of IMSA and ScoreSA (Song & Tan 2022, Algorithms 1–4):
 *
 *   for t = 1, …, T:  impute u_t given θ_{t−1} (MCMC moves leaving f(u | y; θ_{t−1}) invariant)
 *                     IMSA:    H_t = θ_{t−1/2} − θ_{t−1},  θ_{t−1/2} = argmax_θ log f(y, u_t; θ)
 *                     ScoreSA: H_t = ∂/∂θ log f(y, u_t; θ) at θ_{t−1}
 *                     θ_t = θ_{t−1} + γ_t H_t
 *
 * The papers' loop starts at t = 0 where γ_t = 1/t is undefined; it starts at t = 1 here, so with γ_t = 1/t
 * the first IMSA step replaces the start by the first M-step and θ_T is the running mean of the M-steps.
 * What "impute", "maximise" and "score" mean is the problem's business (no model knowledge here); the
 * driver owns the gain schedule, the update, the rolling monitor of Appendix A, the fixed budget, the
 * per-iteration callback and an optional trace.
 */
import { RollingMonitor, DEFAULT_MONITOR_THRESHOLD, DEFAULT_MONITOR_WINDOW } from "./rolling-monitor.js";

export type StochasticApproximationRule = "imsa" | "scoresa";

/** γ_t as a function of t ≥ 1. */
export type GainSchedule = (t: number) => number;

/** γ_t = 1/t (IMSA in Song & Tan 2022, §4). */
export const harmonicGain: GainSchedule = (t) => 1 / t;

/** γ_t = min(1/t, 1/t0) (ScoreSA-1…6 of Song & Tan 2022, §4, with t0 ∈ {1, 5, 10, 25, 50, 100}). */
export function cappedHarmonicGain(t0: number): GainSchedule {
  if (!(t0 >= 1)) throw new RangeError(`cappedHarmonicGain: t0 must be at least 1, got ${t0}`);
  return (t) => Math.min(1 / t, 1 / t0);
}

export interface StochasticApproximationProblem {
  readonly dim: number;
  /** Iteration t's imputation, given θ_{t−1}. */
  impute(theta: Float64Array, t: number): void;
  /** IMSA: θ_{t−1/2} from the current imputations (averaged over them), written into `out`. */
  maximise?(theta: Float64Array, out: Float64Array): void;
  /** ScoreSA: the complete-data score at θ_{t−1} averaged over the current imputations, written into `out`. */
  score?(theta: Float64Array, out: Float64Array): void;
}

export interface StochasticApproximationIteration {
  readonly t: number;
  /** θ_{t−1}, before the update. */
  readonly previous: Float64Array;
  /** θ_t, after it. */
  readonly theta: Float64Array;
  /** H_t. */
  readonly direction: Float64Array;
  readonly gain: number;
  /** ‖H_t‖∞. */
  readonly norm: number;
  /** The monitor: ‖mean of H over the last `window` iterations‖∞ (NaN until the window fills). */
  readonly rollingMean: number;
}

export interface StochasticApproximationOptions {
  readonly rule: StochasticApproximationRule;
  readonly iterations: number;
  /** Default γ_t = 1/t. */
  readonly gain?: GainSchedule;
  /** Monitor window (default 250) and threshold (default 0.05). */
  readonly monitorWindow?: number;
  readonly monitorThreshold?: number;
  /** Keep θ_t of every iteration (T × dim, row-major) in the result. */
  readonly recordTrace?: boolean;
  /** After every iteration; a result of `false` stops the run early (the result says so). */
  readonly onIteration?: (info: StochasticApproximationIteration) => void | boolean;
}

export interface StochasticApproximationResult {
  readonly theta: Float64Array;
  readonly iterations: number;
  readonly stoppedEarly: boolean;
  /** ‖H_t‖∞ for t = 1…iterations. */
  readonly norms: Float64Array;
  /** The monitor per iteration: ‖rolling mean of H‖∞ (NaN before the window fills). */
  readonly rollingMeans: Float64Array;
  readonly monitor: {
    readonly window: number;
    readonly threshold: number;
    /** Smallest value of the monitor (∞ when the run was shorter than the window). */
    readonly minimumRollingMean: number;
    readonly convergedAt: number | null;
    readonly converged: boolean;
  };
  /** θ_t per iteration when `recordTrace`, else null. */
  readonly trace: Float64Array | null;
  /** True when θ left the real numbers (a non-finite update): the run stops there. */
  readonly nonFinite: boolean;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let k = 0; k < v.length; k++) {
    const a = Math.abs(v[k]);
    if (Number.isNaN(a)) return Number.NaN;
    if (a > m) m = a;
  }
  return m;
}

export function runStochasticApproximation(
  problem: StochasticApproximationProblem,
  start: Float64Array,
  options: StochasticApproximationOptions,
): StochasticApproximationResult {
  const d = problem.dim;
  if (start.length !== d) throw new RangeError(`runStochasticApproximation: start has length ${start.length}, dim is ${d}`);
  const T = options.iterations;
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`runStochasticApproximation: iterations must be a positive integer, got ${T}`);
  if (options.rule === "imsa" && problem.maximise === undefined) throw new Error("runStochasticApproximation: IMSA needs problem.maximise");
  if (options.rule === "scoresa" && problem.score === undefined) throw new Error("runStochasticApproximation: ScoreSA needs problem.score");
  const gain = options.gain ?? harmonicGain;
  const monitor = new RollingMonitor(d, options.monitorWindow ?? DEFAULT_MONITOR_WINDOW, options.monitorThreshold ?? DEFAULT_MONITOR_THRESHOLD);
  let theta = Float64Array.from(start);
  let previous = new Float64Array(d);
  const direction = new Float64Array(d);
  const norms = new Float64Array(T);
  const rollingMeans = new Float64Array(T);
  const trace = options.recordTrace === true ? new Float64Array(T * d) : null;
  let done = 0;
  let stoppedEarly = false;
  let nonFinite = false;

  for (let t = 1; t <= T; t++) {
    [theta, previous] = [previous, theta];
    theta.set(previous);
    problem.impute(previous, t);
    if (options.rule === "imsa") {
      problem.maximise!(previous, direction);
      for (let k = 0; k < d; k++) direction[k] -= previous[k];
    } else {
      problem.score!(previous, direction);
    }
    const g = gain(t);
    for (let k = 0; k < d; k++) theta[k] = previous[k] + g * direction[k];
    const norm = maxAbs(direction);
    norms[t - 1] = norm;
    const rolling = monitor.push(direction);
    rollingMeans[t - 1] = rolling;
    trace?.set(theta, (t - 1) * d);
    done = t;
    let finite = true;
    for (let k = 0; k < d; k++) if (!Number.isFinite(theta[k])) finite = false;
    if (!finite) {
      nonFinite = true;
      break;
    }
    const keepGoing = options.onIteration?.({ t, previous, theta, direction, gain: g, norm, rollingMean: rolling });
    if (keepGoing === false && t < T) {
      stoppedEarly = true;
      break;
    }
  }
  return {
    theta,
    iterations: done,
    stoppedEarly,
    norms: norms.slice(0, done),
    rollingMeans: rollingMeans.slice(0, done),
    monitor: {
      window: monitor.window,
      threshold: monitor.threshold,
      minimumRollingMean: monitor.minimum,
      convergedAt: monitor.convergedAt,
      converged: monitor.converged,
    },
    trace: trace === null ? null : trace.slice(0, done * d),
    nonFinite,
  };
}
