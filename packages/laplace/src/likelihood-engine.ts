/**
 * What `GlmmLikelihood` needs from an engine that evaluates ℓ(θ) for a model structure. Two engines:
 * one grouping factor (`cluster-likelihood.ts`: J independent q×q problems, adaptive quadrature, an
 * exact Hessian) and any number of terms (`sparse-likelihood.ts`: one sparse penalised system).
 * Engines own all their scratch memory, so several likelihoods can be evaluated side by side.
 */
/** PIRLS iteration counts and unconverged clusters of the last evaluation. */
export interface PirlsStatistics {
  /** Total PIRLS Newton iterations in the last evaluation. */
  readonly iterations: number;
  /** Clusters (or, for the joint system, 1) whose PIRLS did not reach the tolerance in the last evaluation. */
  readonly unconvergedClusters: number;
}

export interface LikelihoodEngine {
  /** dim θ = p + Σ_t q_t(q_t + 1)/2. */
  readonly dim: number;
  /** Spherical modes u of the last evaluation (the warm start of the next one); callers may save and restore them. */
  readonly modes: Float64Array;
  /** Forget what the last evaluation knew beyond `modes` (the next PIRLS starts from `modes` as set). */
  resetWarmStart(): void;
  /** ℓ(θ) (with the binomial constant), writing ∇ℓ into `gradient` when given. */
  evaluate(theta: Float64Array, gradient: Float64Array | null): number;
  /** True when `exactHessianAtLastPoint` is available. */
  readonly hasExactHessian: boolean;
  /** ∇²ℓ at the θ of the last evaluation (d × d, column-major). */
  exactHessianAtLastPoint(out: Float64Array): void;
  /** Conditional modes of the last evaluation on the b = Λu scale, per term (levels × q, row-major). */
  conditionalModesByTerm(): Float64Array[];
  /**
   * Conditional covariances of the random effects on the b scale at the last evaluation, per term
   * (levels × q × q, each level's block column-major): Λ_t (H⁻¹)_{jj} Λ_tᵀ, lme4's condVar.
   */
  conditionalCovariancesByTerm(): Float64Array[];
  pirlsStatistics(): PirlsStatistics;
}
