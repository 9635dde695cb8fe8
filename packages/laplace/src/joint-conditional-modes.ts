/**
 * PIRLS over all random effects at once (lme4's pwrssUpdate; Ruth, §3): the conditional modes
 * û = argmax_u h(u), h(u) = Σ_i f_i(η_i) − ½ uᵀu, η = a + Z̃u with z̃_i = Λᵀz_i (a = offset + Xβ), by Newton
 * steps u ← u + H⁻¹g, g = Z̃ᵀf' − u, H = I + Z̃ᵀWZ̃ (W = −f″, the observed information), with step-halving on
 * the penalised deviance −2h. With the canonical logit link H is also the expected information, h is
 * strictly concave and Newton with halving converges from any start; it is warm-started from the previous
 * evaluation's modes, and H is factored at the start of every iteration, so on exit the factor describes
 * the mode. With another link the observed H may fail to be positive definite away from the mode (cauchit):
 * that step uses the expected information H_F = I + Z̃ᵀW_F Z̃ (W_F = m ω(η), lme4's IRLS weights, always
 * positive definite); on exit `system` holds H_F at the mode (lme4's log-determinant) and `observed` holds H
 * (for dû/dθ in the gradient).
 */
import { newBinomialRowDerivatives, type BinomialRowDerivatives } from "@glmmkit/math";
import type { RowDerivatives } from "./binomial-logit.js";
import type { LinkRows } from "./link-rows.js";
import type { PenalisedSystem } from "./penalised-system.js";
import type { RandomEffectsStructure } from "./random-effects-structure.js";
import type { PirlsStatistics } from "./likelihood-engine.js";

const MAX_ITERATIONS = 200;
const MAX_HALVINGS = 40;

/** Per-row and per-effect state at the current u; owned by one likelihood instance. */
export interface JointModeWorkspace {
  /** n × R: z̃_i = Λᵀ z_i at each of row i's positions. */
  readonly zTilde: Float64Array;
  readonly eta: Float64Array;
  readonly fPrime: Float64Array;
  readonly w: Float64Array;
  readonly mu: Float64Array;
  /** m ω(η) and its η-derivative per row; `wFisher` is `w` itself for the canonical link. */
  readonly wFisher: Float64Array;
  readonly wFisherPrime: Float64Array;
  readonly rows: LinkRows;
  /** One row's f, f', w, μ, and the link kernel's full output (scratch: the hot loop allocates nothing). */
  readonly row: RowDerivatives;
  readonly fisherRow: BinomialRowDerivatives;
  /** Whether the observed H was positive definite at the mode (always for logit). */
  observedPositiveDefinite: boolean;
  /** Q-vectors: gradient g, Newton step, trial point. */
  readonly gradient: Float64Array;
  readonly step: Float64Array;
  readonly trial: Float64Array;
  /** h(û) at the mode after `solveJointModes`. */
  h: number;
}

export function createJointModeWorkspace(structure: RandomEffectsStructure, rows: LinkRows): JointModeWorkspace {
  const { n, R, Q } = structure;
  const w = new Float64Array(n);
  return {
    zTilde: new Float64Array(n * R),
    eta: new Float64Array(n),
    fPrime: new Float64Array(n),
    w,
    mu: new Float64Array(n),
    wFisher: rows.canonical ? w : new Float64Array(n),
    wFisherPrime: new Float64Array(rows.canonical ? 0 : n),
    rows,
    row: { f: 0, fPrime: 0, w: 0, mu: 0 },
    fisherRow: newBinomialRowDerivatives(),
    observedPositiveDefinite: true,
    gradient: new Float64Array(Q),
    step: new Float64Array(Q),
    trial: new Float64Array(Q),
    h: 0,
  };
}

/** z̃_i = L_tᵀ z_{i,t} for every term (L_t lower triangular, column-major, concatenated per term). */
export function updateZTilde(structure: RandomEffectsStructure, factors: readonly Float64Array[], zTilde: Float64Array): void {
  const { n, R, rowZ, terms } = structure;
  terms.forEach(({ q, rowOffset }, t) => {
    const L = factors[t]!;
    for (let i = 0; i < n; i++) {
      const base = i * R + rowOffset;
      for (let c = 0; c < q; c++) {
        let s = 0;
        for (let r = c; r < q; r++) s += L[c * q + r]! * rowZ[base + r]!;
        zTilde[base + c] = s;
      }
    }
  });
}

/** h(u) with the rows' η, f', w, μ; writes g = Z̃ᵀf' − u when `gradient` is given. */
function evaluateH(
  structure: RandomEffectsStructure,
  a: Float64Array,
  u: Float64Array,
  ws: JointModeWorkspace,
  gradient: Float64Array | null,
): number {
  if (gradient !== null) for (let k = 0; k < u.length; k++) gradient[k] = -u[k]!;
  const f = ws.rows.canonical ? logitRowPass(structure, a, u, ws, gradient) : linkRowPass(structure, a, u, ws, gradient);
  let uu = 0;
  for (let k = 0; k < u.length; k++) uu += u[k]! * u[k]!;
  return f - 0.5 * uu;
}

/** Σ_i f_i(η_i) at u for any link, storing the rows' quantities (and w_F, w_F′); adds Z̃ᵀf' to `gradient`. */
function linkRowPass(
  structure: RandomEffectsStructure,
  a: Float64Array,
  u: Float64Array,
  ws: JointModeWorkspace,
  gradient: Float64Array | null,
): number {
  const { n, R, rowPositions, y, m } = structure;
  const { zTilde, eta, fPrime, w, mu, wFisher, wFisherPrime, rows, row, fisherRow } = ws;
  let f = 0;
  for (let i = 0; i < n; i++) {
    const base = i * R;
    let e = a[i]!;
    for (let r = 0; r < R; r++) e += zTilde[base + r]! * u[rowPositions[base + r]!]!;
    rows.evaluate(e, y[i]!, m[i]!, row, fisherRow);
    eta[i] = e;
    fPrime[i] = row.fPrime;
    w[i] = row.w;
    mu[i] = row.mu;
    wFisher[i] = fisherRow.wFisher;
    wFisherPrime[i] = fisherRow.wFisherPrime;
    f += row.f;
    if (gradient !== null) for (let r = 0; r < R; r++) gradient[rowPositions[base + r]!] += row.fPrime * zTilde[base + r]!;
  }
  return f;
}

/**
 * `linkRowPass` for the logit link with binomial-logit.ts's row kernel written into the loop: the pass
 * over the rows is most of a PIRLS step, and the link-generic call with its scratch object costs about a
 * fifth of it. The arithmetic is binomialLogitRow's, operation for operation (same bits); w_F is w.
 */
function logitRowPass(
  structure: RandomEffectsStructure,
  a: Float64Array,
  u: Float64Array,
  ws: JointModeWorkspace,
  gradient: Float64Array | null,
): number {
  const { n, R, rowPositions, y, m } = structure;
  const { zTilde, eta, fPrime, w, mu } = ws;
  let f = 0;
  for (let i = 0; i < n; i++) {
    const base = i * R;
    let e = a[i]!;
    for (let r = 0; r < R; r++) e += zTilde[base + r]! * u[rowPositions[base + r]!]!;
    const yi = y[i]!;
    const mi = m[i]!;
    const ex = Math.exp(-Math.abs(e));
    const onePlus = 1 + ex;
    const mui = e >= 0 ? 1 / onePlus : ex / onePlus;
    const fp = yi - mi * mui;
    eta[i] = e;
    fPrime[i] = fp;
    w[i] = (mi * ex) / (onePlus * onePlus);
    mu[i] = mui;
    f += yi * e - mi * ((e > 0 ? e : 0) + Math.log1p(ex));
    if (gradient !== null) for (let r = 0; r < R; r++) gradient[rowPositions[base + r]!] += fp * zTilde[base + r]!;
  }
  return f;
}

/** h(u) = Σ f_i(η_i) − ½ uᵀu alone (overwrites the workspace's row quantities). */
export function penalisedH(structure: RandomEffectsStructure, a: Float64Array, u: Float64Array, ws: JointModeWorkspace): number {
  return evaluateH(structure, a, u, ws, null);
}

function maxAbs(v: Float64Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s = Math.max(s, Math.abs(v[k]!));
  return s;
}

/**
 * Factor the observed H at the current point into `observed` (the same system as `system` for logit, where
 * failure is an error: I + Z̃ᵀWZ̃ with W ≥ 0). Returns whether it is positive definite.
 */
function factorObserved(system: PenalisedSystem, observed: PenalisedSystem, ws: JointModeWorkspace): boolean {
  const positiveDefinite = observed.refactor(ws.zTilde, ws.w);
  if (!positiveDefinite && ws.rows.canonical) throw new Error("PIRLS: the penalised system I + Z̃ᵀWZ̃ is not positive definite");
  return positiveDefinite;
}

/** The expected-information system H_F at the current point (non-canonical links). */
function factorFisher(system: PenalisedSystem, ws: JointModeWorkspace): void {
  if (!system.refactor(ws.zTilde, ws.wFisher)) throw new Error("PIRLS: the penalised system I + Z̃ᵀW_F Z̃ is not positive definite");
}

/**
 * Solve for the joint modes, warm-started from `modes` (updated in place). On return `system` holds the
 * factor of H_F at the mode (H for logit), `observed` that of H (when positive definite), and the
 * workspace the rows' quantities and h(û).
 */
export function solveJointModes(
  structure: RandomEffectsStructure,
  a: Float64Array,
  modes: Float64Array,
  system: PenalisedSystem,
  observed: PenalisedSystem,
  ws: JointModeWorkspace,
  tolerance: number,
): PirlsStatistics {
  const { gradient: g, step, trial } = ws;
  const canonical = ws.rows.canonical;
  let h = evaluateH(structure, a, modes, ws, g);
  let iterations = 0;
  let converged = false;
  let observedOk = true;
  for (;;) {
    // Factor H at the current point: the Newton step needs it, and on exit it is the mode's factor.
    observedOk = factorObserved(system, observed, ws);
    if (maxAbs(g) < tolerance) {
      converged = true;
      break;
    }
    if (iterations >= MAX_ITERATIONS) break;
    iterations++;
    step.set(g);
    if (observedOk) {
      observed.solveInPlace(step);
    } else {
      factorFisher(system, ws);
      system.solveInPlace(step);
    }
    let t = 1;
    let accepted = false;
    for (let halving = 0; halving < MAX_HALVINGS; halving++) {
      for (let k = 0; k < trial.length; k++) trial[k] = modes[k]! + t * step[k]!;
      // The rows' state and g are those of the last trial: the accepted point's when the loop ends.
      const hTrial = evaluateH(structure, a, trial, ws, g);
      // h is strictly concave: a Newton step that lowers it (beyond rounding) is too long.
      if (hTrial >= h - 1e-13 * (1 + Math.abs(h))) {
        modes.set(trial);
        h = hTrial;
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      // No increase is possible at this precision: the mode up to rounding.
      h = evaluateH(structure, a, modes, ws, g);
      observedOk = factorObserved(system, observed, ws);
      converged = maxAbs(g) < Math.sqrt(tolerance);
      break;
    }
  }
  if (!canonical) factorFisher(system, ws);
  ws.observedPositiveDefinite = observedOk;
  ws.h = h;
  return { iterations, unconvergedClusters: converged ? 0 : 1 };
}
