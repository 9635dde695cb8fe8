/**
 * An unconstrained parameterisation of a K × K correlation matrix through its Cholesky factor, as Stan's
 * cholesky_corr_constrain (Stan Reference Manual, "Cholesky factors of correlation matrices"; Lewandowski,
 * Kurowicka & Joe 2009): K(K−1)/2 reals y ↦ canonical partial correlations z = tanh(y) ↦
 *   L_00 = 1;  L_i0 = z;  L_ij = z · √(1 − Σ_{k<j} L_ik²) (0 < j < i);  L_ii = √(1 − Σ_{k<i} L_ik²),
 * with log |Jacobian| = Σ log(1 − z²) + ½ Σ_{i; 0<j<i} log(1 − Σ_{k<j} L_ik²), and the LKJ(η) density of the
 * correlation matrix expressed on L (Stan's lkj_corr_cholesky_lpdf, normalising constant dropped):
 *   log p(L | η) = Σ_{d=1}^{K−1} (K − d − 3 + 2η) log L_dd.
 *
 * K is small (the effects of one random-effects term), so the derivatives of L and of the log densities with
 * respect to each y are carried forward alongside the construction (forward-mode differentiation): exact,
 * and simpler than a reverse sweep.
 */

export interface CorrelationCholesky {
  /** K × K lower-triangular factor, column-major. */
  readonly L: Float64Array;
  /** ∂L/∂y_l for each of the K(K−1)/2 inputs: block l at [l·K², (l + 1)·K²). */
  readonly dL: Float64Array;
  /** log |Jacobian| + LKJ(η) log density at L. */
  logDensity: number;
  /** ∂(log |Jacobian| + LKJ)/∂y_l. */
  readonly dLogDensity: Float64Array;
}

export function correlationCholeskyBuffers(K: number): CorrelationCholesky {
  const m = (K * (K - 1)) / 2;
  return {
    L: new Float64Array(K * K),
    dL: new Float64Array(m * K * K),
    logDensity: 0,
    dLogDensity: new Float64Array(m),
  };
}

/** Fills `out` from y[offset … offset + K(K−1)/2) with the LKJ shape η. */
export function correlationCholesky(y: ArrayLike<number>, offset: number, K: number, eta: number, out: CorrelationCholesky): void {
  const m = (K * (K - 1)) / 2;
  const { L, dL, dLogDensity } = out;
  L.fill(0);
  dL.fill(0);
  dLogDensity.fill(0);
  let lp = 0;
  const KK = K * K;
  L[0] = 1;
  // Derivative of the running Σ L_ik² with respect to each y_l.
  const dSum = new Float64Array(m);
  let position = 0;
  for (let i = 1; i < K; i++) {
    dSum.fill(0);
    // j = 0: L_i0 = z.
    const z0 = Math.tanh(y[offset + position]);
    const dz0 = 1 - z0 * z0;
    L[i] = z0;
    dL[position * KK + i] = dz0;
    lp += Math.log1p(-z0 * z0);
    dLogDensity[position] += -2 * z0; // d log(1 − tanh²y)/dy = −2 tanh y
    let sum = z0 * z0;
    dSum[position] = 2 * z0 * dz0;
    position++;
    for (let j = 1; j < i; j++) {
      const rest = 1 - sum;
      lp += 0.5 * Math.log(rest);
      for (let l = 0; l < m; l++) dLogDensity[l] += (-0.5 * dSum[l]) / rest;
      const root = Math.sqrt(rest);
      const z = Math.tanh(y[offset + position]);
      const dz = 1 - z * z;
      const at = j * K + i;
      L[at] = z * root;
      // ∂L_ij = z ∂√(1 − sum) + √(1 − sum) ∂z
      for (let l = 0; l < m; l++) dL[l * KK + at] = (z * -0.5 * dSum[l]) / root;
      dL[position * KK + at] += root * dz;
      lp += Math.log1p(-z * z);
      dLogDensity[position] += -2 * z;
      sum += L[at] * L[at];
      for (let l = 0; l < m; l++) dSum[l] += 2 * L[at] * dL[l * KK + at];
      position++;
    }
    const diag = Math.sqrt(1 - sum);
    const at = i * K + i;
    L[at] = diag;
    for (let l = 0; l < m; l++) dL[l * KK + at] = (-0.5 * dSum[l]) / diag;
    // LKJ: (K − i − 3 + 2η) log L_ii.
    const coefficient = K - i - 3 + 2 * eta;
    if (coefficient !== 0) {
      lp += coefficient * Math.log(diag);
      for (let l = 0; l < m; l++) dLogDensity[l] += (coefficient * dL[l * KK + at]) / diag;
    }
  }
  out.logDensity = lp;
}
