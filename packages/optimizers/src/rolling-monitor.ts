/**
 * The convergence monitor of Song & Tan (2022), Appendix A: record a norm at every iteration
 * (‖θ_{t−1/2} − θ_{t−1}‖∞ for IMSA, ‖∂/∂θ log f(y, u_t; θ)‖∞ for ScoreSA), average it over a rolling window
 * of 250 iterations, and call a run converged when the smallest rolling average falls below 0.05.
 */
export const DEFAULT_MONITOR_WINDOW = 250;
export const DEFAULT_MONITOR_THRESHOLD = 0.05;

export class RollingMonitor {
  private readonly ring: Float64Array;
  private sum = 0;
  private count = 0;
  private smallest = Number.POSITIVE_INFINITY;
  private firstBelow: number | null = null;

  constructor(
    readonly window = DEFAULT_MONITOR_WINDOW,
    readonly threshold = DEFAULT_MONITOR_THRESHOLD,
  ) {
    if (!Number.isInteger(window) || window < 1) throw new RangeError(`RollingMonitor: window must be a positive integer, got ${window}`);
    this.ring = new Float64Array(window);
  }

  /** Records iteration t's norm; returns the rolling mean (NaN until the window is full or if a norm is NaN). */
  push(norm: number): number {
    const slot = this.count % this.window;
    if (this.count >= this.window) this.sum -= this.ring[slot];
    this.ring[slot] = norm;
    this.sum += norm;
    this.count++;
    if (this.count < this.window) return Number.NaN;
    // Re-add the window every `window` pushes so rounding in the running sum cannot accumulate.
    if (this.count % this.window === 0) {
      let s = 0;
      for (let k = 0; k < this.window; k++) s += this.ring[k];
      this.sum = s;
    }
    const rolling = this.sum / this.window;
    if (rolling < this.smallest) this.smallest = rolling;
    if (this.firstBelow === null && rolling < this.threshold) this.firstBelow = this.count;
    return rolling;
  }

  /** Smallest rolling mean so far (∞ before the window first fills). */
  get minimum(): number {
    return this.smallest;
  }

  /** Iteration at which the rolling mean first fell below the threshold, or null. */
  get convergedAt(): number | null {
    return this.firstBelow;
  }

  get converged(): boolean {
    return this.smallest < this.threshold;
  }
}
