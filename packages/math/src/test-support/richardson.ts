/** Central difference with one Richardson extrapolation, (4 D(h/2) − D(h)) / 3: error O(h⁴). */
export function richardson(f: (t: number) => number, h: number): number {
  const d = (step: number) => (f(step) - f(-step)) / (2 * step);
  return (4 * d(h / 2) - d(h)) / 3;
}
