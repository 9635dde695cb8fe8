/**
 * Bounds on a whole fit — every optimiser iteration of it, refits and λ searches included: a wall-clock
 * time limit and a total iteration budget. A FitLimits is a StopSignal that becomes aborted when either is
 * spent; estimators poll it (FitContext.signal) and count iterations through FitContext.onIteration.
 */
import type { FitContext, StopSignal } from "./estimator.js";

export interface FitLimitOptions {
  /** Wall-clock seconds for the whole fit. */
  readonly timeLimitSeconds?: number;
  /** Optimiser iterations for the whole fit. */
  readonly maxIterations?: number;
  /** Milliseconds clock (default performance.now); injectable for tests. */
  readonly now?: () => number;
}

export class FitLimits implements StopSignal {
  private readonly now: () => number;
  private readonly deadline: number;
  private iterations = 0;

  constructor(private readonly options: FitLimitOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.deadline = options.timeLimitSeconds === undefined ? Number.POSITIVE_INFINITY : this.now() + 1000 * options.timeLimitSeconds;
  }

  /** Iterations counted so far. */
  get iterationsUsed(): number {
    return this.iterations;
  }

  get aborted(): boolean {
    return this.reason !== undefined;
  }

  get reason(): string | undefined {
    const { maxIterations, timeLimitSeconds } = this.options;
    if (maxIterations !== undefined && this.iterations >= maxIterations) {
      return `the iteration limit of the whole fit (${maxIterations}) was reached`;
    }
    if (this.now() >= this.deadline) return `the time limit of ${timeLimitSeconds} s was reached`;
    return undefined;
  }

  countIteration(): void {
    this.iterations++;
  }

  /** A FitContext polling these limits (and counting into them), on top of `base`. */
  context(base: FitContext = {}): FitContext {
    const outer = base.onIteration;
    return {
      ...base,
      signal: base.signal === undefined ? this : anySignal(this, base.signal),
      onIteration: () => {
        this.countIteration();
        outer?.();
      },
    };
  }
}

/** Aborted as soon as any of the signals is (its reason first). */
export function anySignal(...signals: StopSignal[]): StopSignal {
  return {
    get aborted() {
      return signals.some((s) => s.aborted);
    },
    get reason() {
      return signals.find((s) => s.aborted)?.reason;
    },
  };
}

/** True once the context's signal is aborted (a function, so that a check after a fit is not narrowed away). */
export function isStopped(context: FitContext | undefined): boolean {
  return context?.signal?.aborted === true;
}

/** The reason of an aborted signal, as text. */
export function stopReason(signal: StopSignal | undefined): string | undefined {
  if (signal === undefined || !signal.aborted) return undefined;
  const reason = signal.reason;
  return reason instanceof Error ? reason.message : reason === undefined ? "the fit was stopped" : String(reason);
}
