/**
 * R's orthogonal polynomials, `poly(x, degree)`: the columns P_1 … P_k of the centred powers of x made
 * orthogonal to each other and to the constant, each scaled to unit length, with the coefficients that
 * evaluate the same polynomials at new x (R's `coefs`: α_1 … α_k and norm2 = (1, n, ‖P_1‖², …, ‖P_k‖²)).
 * Both directions use the three-term (Stieltjes) recurrence that R's predict branch uses,
 *   P_0 = 1,  P_1 = x − α_1,  P_{j+1} = (x − α_{j+1}) P_j − (norm2[j+1] / norm2[j]) P_{j−1},
 * with α_{j+1} = Σ x P_j² / Σ P_j² on the fitted data; these are the columns R obtains from the QR of the
 * centred Vandermonde matrix (the Gram–Schmidt residuals of x^j), so coefficients match lme4's.
 */

export interface PolyCoefficients {
  readonly alpha: readonly number[];
  readonly norm2: readonly number[];
}

export interface OrthogonalPolynomial {
  /** k columns of length n. */
  readonly columns: Float64Array[];
  readonly coefficients: PolyCoefficients;
}

/** The orthogonal polynomial columns of x; with `coefficients`, those of a previous fit (new data). */
export function orthogonalPolynomial(x: Float64Array, degree: number, coefficients?: PolyCoefficients): OrthogonalPolynomial {
  const n = x.length;
  const alpha: number[] = coefficients === undefined ? [] : [...coefficients.alpha];
  const norm2: number[] = coefficients === undefined ? [1, n] : [...coefficients.norm2];
  let previous = new Float64Array(n);
  let current = new Float64Array(n).fill(1);
  const raw: Float64Array[] = [];
  for (let j = 0; j < degree; j++) {
    if (coefficients === undefined) {
      let weighted = 0;
      let squared = 0;
      for (let i = 0; i < n; i++) {
        const p2 = current[i]! * current[i]!;
        weighted += x[i]! * p2;
        squared += p2;
      }
      alpha.push(weighted / squared);
    }
    const a = alpha[j]!;
    const ratio = j === 0 ? 0 : norm2[j + 1]! / norm2[j]!;
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) next[i] = (x[i]! - a) * current[i]! - ratio * previous[i]!;
    if (coefficients === undefined) {
      let squared = 0;
      for (let i = 0; i < n; i++) squared += next[i]! * next[i]!;
      norm2.push(squared);
    }
    raw.push(next);
    previous = current;
    current = next;
  }
  const columns = raw.map((column, j) => {
    const scale = Math.sqrt(norm2[j + 2]!);
    return column.map((v) => v / scale);
  });
  return { columns, coefficients: { alpha, norm2 } };
}
