/** L M Lᵀ for a lower-triangular L and a symmetric M (q × q, column-major), written at out[offset..]. */
export function congruence(L: Float64Array, M: Float64Array, q: number, out: Float64Array, offset: number): void {
  for (let c = 0; c < q; c++) {
    for (let r = c; r < q; r++) {
      let s = 0;
      for (let a = 0; a <= r; a++) {
        const lra = L[a * q + r]!;
        if (lra === 0) continue;
        for (let b = 0; b <= c; b++) s += lra * M[b * q + a]! * L[b * q + c]!;
      }
      out[offset + c * q + r] = s;
      out[offset + r * q + c] = s;
    }
  }
}
