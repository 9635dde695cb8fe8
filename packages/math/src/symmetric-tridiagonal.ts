// Eigenvalues of a real symmetric tridiagonal matrix by the implicit QL algorithm with Wilkinson
// shifts (Bowdler, Martin, Reinsch & Wilkinson 1968, "The QR and QL algorithms for symmetric
// matrices", Numer. Math. 11, 293–306 — EISPACK tql1; the loop follows tqli of Numerical
// Recipes §11.3). O(n²) work, O(n) memory; eigenvectors are not formed.

const MAX_SWEEPS_PER_EIGENVALUE = 60;

/**
 * Eigenvalues of the symmetric tridiagonal matrix with diagonal `diagonal` (length n) and
 * off-diagonal `offDiagonal` (length n − 1, entry i couples rows i and i + 1), in ascending order.
 * The inputs are not modified. Throws if an eigenvalue fails to converge (which for a finite
 * matrix does not happen in practice).
 */
export function symmetricTridiagonalEigenvalues(
  diagonal: ArrayLike<number>,
  offDiagonal: ArrayLike<number>
): Float64Array {
  const n = diagonal.length;
  if (offDiagonal.length !== Math.max(n - 1, 0)) {
    throw new RangeError(
      `symmetricTridiagonalEigenvalues: off-diagonal needs length ${Math.max(n - 1, 0)}, got ${
        offDiagonal.length
      }`
    );
  }
  const d = Float64Array.from(diagonal);
  // e[i] couples d[i] and d[i + 1]; e[n − 1] = 0 is the sentinel the deflation test relies on.
  const e = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) e[i] = offDiagonal[i]!;

  for (let l = 0; l < n; l++) {
    let sweeps = 0;
    for (;;) {
      // Find the first negligible off-diagonal element at or after l: the block l..m is unreduced.
      let m = l;
      for (; m < n - 1; m++) {
        const scale = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * scale) break;
      }
      if (m === l) break;
      if (++sweeps > MAX_SWEEPS_PER_EIGENVALUE) {
        throw new Error(`symmetricTridiagonalEigenvalues: no convergence for eigenvalue ${l}`);
      }
      // Wilkinson shift from the leading 2×2 block, then chase the bulge from m up to l with
      // Givens rotations (implicit QL step).
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // Recover from underflow: deflate and restart this eigenvalue.
          d[i + 1] = d[i + 1]! - p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (underflow) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return d.sort();
}
