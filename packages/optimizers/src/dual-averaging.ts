/**
 * Step-size adaptation of HMC/NUTS by Nesterov's dual averaging (Hoffman & Gelman 2014, Algorithm 5 and
 * §3.2.1, eq. 6), with Stan's constants: target acceptance δ = 0.8, γ = 0.05, t0 = 10, κ = 0.75, and
 * μ = log(10 ε₀):
 *   H̄_t = (1 − 1/(t + t0)) H̄_{t−1} + (δ − α_t)/(t + t0),
 *   log ε_t = μ − √t H̄_t / γ,     log ε̄_t = t^(−κ) log ε_t + (1 − t^(−κ)) log ε̄_{t−1};
 * ε_t is used during warm-up and ε̄ afterwards.
 */
export interface DualAveragingOptions {
  /** Target mean acceptance statistic δ (default 0.8, Stan's adapt_delta). */
  readonly targetAcceptance?: number;
  readonly gamma?: number;
  readonly t0?: number;
  readonly kappa?: number;
}

export class DualAveraging {
  private counter = 0;
  private sBar = 0;
  private xBar = 0;
  private mu = 0;
  readonly delta: number;
  private readonly gamma: number;
  private readonly t0: number;
  private readonly kappa: number;

  constructor(options: DualAveragingOptions = {}) {
    this.delta = options.targetAcceptance ?? 0.8;
    this.gamma = options.gamma ?? 0.05;
    this.t0 = options.t0 ?? 10;
    this.kappa = options.kappa ?? 0.75;
    if (!(this.delta > 0 && this.delta < 1)) throw new RangeError(`DualAveraging: the target acceptance must lie in (0, 1), got ${this.delta}`);
  }

  /** Start again, shrinking toward μ = log(10 ε). */
  restart(stepSize: number): void {
    this.counter = 0;
    this.sBar = 0;
    this.xBar = 0;
    this.mu = Math.log(10 * stepSize);
  }

  /** The next step size after a transition with acceptance statistic `acceptance`. */
  learn(acceptance: number): number {
    this.counter++;
    const a = acceptance > 1 ? 1 : Number.isNaN(acceptance) ? 0 : acceptance;
    const eta = 1 / (this.counter + this.t0);
    this.sBar = (1 - eta) * this.sBar + eta * (this.delta - a);
    const x = this.mu - (this.sBar * Math.sqrt(this.counter)) / this.gamma;
    const xEta = Math.pow(this.counter, -this.kappa);
    this.xBar = (1 - xEta) * this.xBar + xEta * x;
    return Math.exp(x);
  }

  /** ε̄, the step size to keep after warm-up. */
  final(): number {
    return Math.exp(this.xBar);
  }
}
