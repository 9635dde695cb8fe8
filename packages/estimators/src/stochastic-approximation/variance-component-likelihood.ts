/**
 * The random-effects part of the complete-data log-likelihood of one term with J levels and q effects per
 * level, given the imputed effects b_1 … b_J through S = Σ_j b_j b_jᵀ (Song & Tan 2022, eq. 4, extended from
 * diagonal to a full Σ):
 *
 *   f(Σ) = −(J/2) log |Σ| − ½ tr(Σ⁻¹ S).
 *
 * Its maximiser is Σ̂ = S / J (for a scalar term σ̂² = bᵀb / J, the paper's M-step). For the SA updates and
 * Algorithm 6 we need, in either parameterisation of the term:
 *  - vech(Σ) (the lower triangle column by column; σ² for q = 1), where
 *      ∂f/∂Σ = ½ (Σ⁻¹ S Σ⁻¹ − J Σ⁻¹) and  d²f[E, F] = (J/2) tr(Σ⁻¹EΣ⁻¹F) − ½ tr(Σ⁻¹EΣ⁻¹FΣ⁻¹S) − ½ tr(Σ⁻¹FΣ⁻¹EΣ⁻¹S)
 *    for the symmetric unit directions E, F of the vech entries;
 *  - ψ, the log-Cholesky entries of Σ = L Lᵀ (log of the diagonal; log σ for q = 1), where with
 *    f = −J Σ_k log L_kk − ½ tr(L⁻¹ S L⁻ᵀ) and V = L⁻¹:
 *      ∂f/∂L = −J diag(1/L_kk) + (V S Vᵀ V)ᵀ  (lower part),
 *      d(VSVᵀV)[dL] = −V dL VSVᵀV − VSVᵀ dLᵀ Vᵀ V − VSVᵀV dL V,
 *    and the chain rule through L_kk = e^{ψ_kk} adds L_kk ∂f/∂L_kk to the diagonal of the ψ-Hessian.
 * For q = 1 these reduce to ∂f/∂σ² = (S/σ² − J)/(2σ²), −∂²f/∂(σ²)² = S/σ⁶ − J/(2σ⁴), ∂f/∂log σ = S/σ² − J,
 * −∂²f/∂(log σ)² = 2S/σ² (Appendix A of the paper for the score).
 */
import { choleskyInPlace, inverseFromCholesky } from "@glmmkit/linalg";
import { psiIndex } from "@glmmkit/core";

/** Number of vech / ψ entries of a q × q covariance. */
export function blockSize(q: number): number {
  return (q * (q + 1)) / 2;
}

/** The (row, col), row ≥ col, of each vech/ψ entry, in ψ's order (column by column). */
export function blockEntries(q: number): [number, number][] {
  const out: [number, number][] = [];
  for (let c = 0; c < q; c++) for (let r = c; r < q; r++) out.push([r, c]);
  return out;
}

function multiply(A: Float64Array, B: Float64Array, q: number): Float64Array {
  const C = new Float64Array(q * q);
  for (let c = 0; c < q; c++) for (let k = 0; k < q; k++) {
    const b = B[c * q + k];
    if (b === 0) continue;
    for (let r = 0; r < q; r++) C[c * q + r] += A[k * q + r] * b;
  }
  return C;
}

function transpose(A: Float64Array, q: number): Float64Array {
  const T = new Float64Array(q * q);
  for (let c = 0; c < q; c++) for (let r = 0; r < q; r++) T[r * q + c] = A[c * q + r];
  return T;
}

function trace(A: Float64Array, q: number): number {
  let s = 0;
  for (let k = 0; k < q; k++) s += A[k * q + k];
  return s;
}

/** The symmetric unit direction of vech entry (r, c): e_r e_cᵀ + e_c e_rᵀ (e_r e_rᵀ on the diagonal). */
function direction(r: number, c: number, q: number): Float64Array {
  const E = new Float64Array(q * q);
  E[c * q + r] = 1;
  E[r * q + c] = 1;
  return E;
}

/** Inverse of a small symmetric positive-definite matrix (throws if it is not). */
export function inverseSpd(A: Float64Array, q: number): Float64Array {
  const L = Float64Array.from(A);
  if (!choleskyInPlace(L, q)) throw new RangeError("a covariance of the random effects is not positive definite");
  return inverseFromCholesky(L, q);
}

/** Lower-triangular inverse V = L⁻¹ of a lower-triangular L with positive diagonal (q × q, column-major). */
export function lowerInverse(L: Float64Array, q: number): Float64Array {
  const V = new Float64Array(q * q);
  for (let c = 0; c < q; c++) {
    V[c * q + c] = 1 / L[c * q + c];
    for (let r = c + 1; r < q; r++) {
      let s = 0;
      for (let k = c; k < r; k++) s += L[k * q + r] * V[c * q + k];
      V[c * q + r] = -s / L[r * q + r];
    }
  }
  return V;
}

/** f(Σ) = −(J/2) log|Σ| − ½ tr(Σ⁻¹ S). */
export function varianceComponentLogLik(S: Float64Array, J: number, sigma: Float64Array, q: number): number {
  const L = Float64Array.from(sigma);
  if (!choleskyInPlace(L, q)) return Number.NEGATIVE_INFINITY;
  let logDet = 0;
  for (let k = 0; k < q; k++) logDet += 2 * Math.log(L[k * q + k]);
  const inverse = inverseFromCholesky(L, q);
  return -0.5 * J * logDet - 0.5 * trace(multiply(inverse, S, q), q);
}

/** Gradient (length q(q+1)/2) and information (−Hessian) of f in vech(Σ). */
export function covarianceScoreAndInformation(S: Float64Array, J: number, sigma: Float64Array, q: number): { score: Float64Array; information: Float64Array } {
  const entries = blockEntries(q);
  const m = entries.length;
  const inverse = inverseSpd(sigma, q);
  const ISI = multiply(multiply(inverse, S, q), inverse, q);
  const score = new Float64Array(m);
  entries.forEach(([r, c], k) => {
    // ∂f/∂vech_k = tr(½(Σ⁻¹SΣ⁻¹ − JΣ⁻¹) E_k): each of the (one or two) positions of E_k.
    const g = 0.5 * (ISI[c * q + r] - J * inverse[c * q + r]);
    score[k] = r === c ? g : 2 * g;
  });
  const information = new Float64Array(m * m);
  const products = entries.map(([r, c]) => multiply(inverse, direction(r, c, q), q)); // Σ⁻¹E
  for (let a = 0; a < m; a++) {
    for (let b = 0; b <= a; b++) {
      const AB = multiply(products[a]!, products[b]!, q);
      const BA = multiply(products[b]!, products[a]!, q);
      const hessian = 0.5 * J * trace(AB, q) - 0.5 * trace(multiply(multiply(AB, inverse, q), S, q), q) - 0.5 * trace(multiply(multiply(BA, inverse, q), S, q), q);
      information[b * m + a] = -hessian;
      information[a * m + b] = -hessian;
    }
  }
  return { score, information };
}

/** Gradient and information (−Hessian) of f in the log-Cholesky ψ of Σ = L Lᵀ (L lower, positive diagonal). */
export function logCholeskyScoreAndInformation(S: Float64Array, J: number, L: Float64Array, q: number): { score: Float64Array; information: Float64Array } {
  const entries = blockEntries(q);
  const m = entries.length;
  const V = lowerInverse(L, q);
  const Vt = transpose(V, q);
  const VSVt = multiply(multiply(V, S, q), Vt, q);
  const A = multiply(VSVt, V, q); // ∂(−½ tr(L⁻¹SL⁻ᵀ))/∂L = Aᵀ
  const dfdL = (r: number, c: number) => A[r * q + c] - (r === c ? J / L[r * q + r] : 0);
  const scale = (r: number, c: number) => (r === c ? L[r * q + r] : 1);
  const score = new Float64Array(m);
  entries.forEach(([r, c], k) => (score[k] = scale(r, c) * dfdL(r, c)));
  const information = new Float64Array(m * m);
  for (let b = 0; b < m; b++) {
    const [r2, c2] = entries[b]!;
    const dL = new Float64Array(q * q);
    dL[c2 * q + r2] = 1;
    // dA = −V dL A − VSVᵀ dLᵀ Vᵀ V − A dL V
    const t1 = multiply(multiply(V, dL, q), A, q);
    const t2 = multiply(multiply(multiply(VSVt, transpose(dL, q), q), Vt, q), V, q);
    const t3 = multiply(multiply(A, dL, q), V, q);
    // The −J log L_kk term: ∂²/∂L_kk² = J / L_kk².
    for (let a = 0; a < m; a++) {
      const [r1, c1] = entries[a]!;
      // d²f/∂L_{r1c1}∂L_{r2c2} = [dA]_{c1 r1} (+ J/L² on a repeated diagonal entry).
      let h = -(t1[r1 * q + c1] + t2[r1 * q + c1] + t3[r1 * q + c1]);
      if (a === b && r1 === c1) h += J / (L[r1 * q + r1] * L[r1 * q + r1]);
      let value = scale(r1, c1) * scale(r2, c2) * h;
      if (a === b && r1 === c1) value += L[r1 * q + r1] * dfdL(r1, c1);
      information[b * m + a] = -value;
    }
  }
  // Exact symmetry (the two orders of differentiation agree up to rounding).
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < a; b++) {
      const v = 0.5 * (information[b * m + a] + information[a * m + b]);
      information[b * m + a] = v;
      information[a * m + b] = v;
    }
  }
  return { score, information };
}

/** L (lower, positive diagonal) from a term's ψ block; Σ = L Lᵀ. */
export function choleskyFromPsiBlock(psi: ArrayLike<number>, offset: number, q: number, L: Float64Array): void {
  L.fill(0);
  blockEntries(q).forEach(([r, c], k) => (L[c * q + r] = r === c ? Math.exp(psi[offset + k]) : psi[offset + k]));
}

/** Σ (q × q) from a vech block. */
export function covarianceFromVech(vech: ArrayLike<number>, offset: number, q: number, sigma: Float64Array): void {
  blockEntries(q).forEach(([r, c], k) => {
    sigma[c * q + r] = vech[offset + k];
    sigma[r * q + c] = vech[offset + k];
  });
}

/** The entry index of (r, c) inside a block, r ≥ c (ψ's order). */
export function blockIndex(q: number, r: number, c: number): number {
  return psiIndex(q, r, c);
}
