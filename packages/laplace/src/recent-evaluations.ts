/**
 * The last few evaluations of ℓ with their gradient and the conditional modes they converged to. A
 * minimiser comes back to a point it has evaluated: Newton refreshes its Hessian at the iterate after a
 * line-search trial elsewhere was rejected or shortened. With the value, the gradient and the modes kept,
 * that costs nothing at the point itself, and the perturbations of a differenced Hessian warm-start from
 * the point's exact modes.
 */
export interface RecentEvaluation {
  readonly theta: Float64Array;
  value: number;
  readonly gradient: Float64Array;
  readonly modes: Float64Array;
}

export class RecentEvaluations {
  private readonly entries: RecentEvaluation[];
  private next = 0;
  private count = 0;

  constructor(capacity: number, dim: number, modeCount: number) {
    this.entries = [];
    for (let k = 0; k < capacity; k++) {
      this.entries.push({ theta: new Float64Array(dim), value: Number.NaN, gradient: new Float64Array(dim), modes: new Float64Array(modeCount) });
    }
  }

  /** Remember an evaluation (copies), replacing the oldest when full. */
  remember(theta: Float64Array, value: number, gradient: Float64Array, modes: Float64Array): void {
    const entry = this.entries[this.next]!;
    entry.theta.set(theta);
    entry.value = value;
    entry.gradient.set(gradient);
    entry.modes.set(modes);
    this.next = (this.next + 1) % this.entries.length;
    this.count = Math.min(this.count + 1, this.entries.length);
  }

  /** The entry at exactly θ (bit for bit), or null. */
  find(theta: Float64Array): RecentEvaluation | null {
    for (let e = 0; e < this.count; e++) {
      const entry = this.entries[e]!;
      let same = true;
      for (let k = 0; k < theta.length && same; k++) same = Object.is(theta[k], entry.theta[k]);
      if (same) return entry;
    }
    return null;
  }

  clear(): void {
    this.count = 0;
    this.next = 0;
  }
}
