# Exact optima of the MSPL objective (and of a few ML fits whose published values are loose), computed
# independently of glmmkit with lme4's own deviance function. Writes reference/exact-optima.json.
#
#   Rscript reference/scripts/exact-optima.R [path/to/shared] [path/to/output.json]
#
# Needs R with lme4 (Debian: apt-get install -y r-cran-lme4, which brings minqa, numDeriv and jsonlite).
# Never run in CI: the JSON it writes is committed, and the tests read that.
#
# The objective, in glmmkit's parameters x = (beta, psi), psi the log-Cholesky entries of the random-effects
# covariance (log of the diagonal, raw off-diagonal; lme4's theta = (exp(psi1), psi2, exp(psi3)) for q = 2):
#   ML:    l(x)                                   (lme4's Laplace / AGQ deviance: l = -deviance / 2)
#   MSPL:  l(x) + c * ( 1/2 log det(X' W(beta) X) + sum_k D(psi_k) ),   c = 2 sqrt(p / n)
# with W = diag(mu_i (1 - mu_i)), mu = expit(X beta) (fixed effects only), and the negative Huber loss
# D(t) = -t^2 / 2 for |t| <= 1, -|t| + 1/2 otherwise (Sterzinger & Kosmidis 2023; shared/papers/001 and
# its README). The data are binary, so lme4's deviance is exactly -2 l (the saturated log-likelihood is 0).
# The deviance function is lme4's stage-2 devfun with PIRLS converged to tolPwrss = 1e-12.
#
# Optimisation: bobyqa (derivative-free) from several starts, each polished by optim's BFGS and then by
# Newton steps on Richardson-extrapolated numerical derivatives (numDeriv) while they still improve; the
# JSON records the best optimum, max |gradient| there and the length of one more Newton step (the
# estimated distance to the exact optimum), and every start's end point so a second local optimum shows.
suppressPackageStartupMessages({
  library(lme4)
  library(minqa)
  library(numDeriv)
  library(jsonlite)
})

script_dir <- local({
  file_arg <- grep("^--file=", commandArgs(FALSE), value = TRUE)
  if (length(file_arg) == 1) dirname(normalizePath(sub("^--file=", "", file_arg))) else getwd()
})
source(file.path(script_dir, "reference-data.R"))
out_path <- output_path("exact-optima.json")

# ---- data ----------------------------------------------------------------------------------------
culcita <- load_culcita()
atypical <- culcita$block == "10" & culcita$ttt == "none" & culcita$predation == 0
stopifnot(sum(atypical) == 1)
culcita_drop <- culcita[!atypical, ]
toenail <- load_toenail()

# ---- the objective -------------------------------------------------------------------------------
negative_huber <- function(t) ifelse(abs(t) <= 1, -t^2 / 2, -abs(t) + 1 / 2)

# psi -> lme4's theta for a q x q lower-triangular relative factor stored column by column.
theta_from_psi <- function(psi, q) {
  theta <- psi
  k <- 0
  for (col in seq_len(q)) for (row in col:q) {
    k <- k + 1
    if (row == col) theta[k] <- exp(psi[k])
  }
  theta
}

make_problem <- function(label, formula, data, nAGQ, q) {
  devfun <- glmer(formula, data = data, family = binomial, nAGQ = nAGQ,
                  control = glmerControl(tolPwrss = 1e-12), devFunOnly = TRUE)
  fit <- glmer(formula, data = data, family = binomial, nAGQ = nAGQ, control = glmerControl(tolPwrss = 1e-12))
  X <- getME(fit, "X")
  p <- ncol(X)
  n <- nrow(X)
  n_psi <- q * (q + 1) / 2
  loglik <- function(x) {
    beta <- x[seq_len(p)]
    psi <- x[p + seq_len(n_psi)]
    -devfun(c(theta_from_psi(psi, q), beta)) / 2
  }
  penalty <- function(x) {
    beta <- x[seq_len(p)]
    psi <- x[p + seq_len(n_psi)]
    mu <- plogis(drop(X %*% beta))
    information <- crossprod(X, X * (mu * (1 - mu)))
    0.5 * as.numeric(determinant(information, logarithm = TRUE)$modulus) + sum(negative_huber(psi))
  }
  # lme4's own estimate in glmmkit's parameters (for q = 2 the factor's diagonal is positive here).
  theta_hat <- getME(fit, "theta")
  psi_hat <- theta_hat
  k <- 0
  for (col in seq_len(q)) for (row in col:q) {
    k <- k + 1
    if (row == col) psi_hat[k] <- log(theta_hat[k])
  }
  names_x <- c(colnames(X), paste0("psi", seq_len(n_psi)))
  glm_start <- coef(glm(nobars(formula), data = data, family = binomial))
  list(label = label, formula = deparse(formula), nAGQ = nAGQ, n = n, p = p, q = q, loglik = loglik,
       penalty = penalty, c = 2 * sqrt(p / n), names = names_x,
       lme4_estimate = c(fixef(fit), psi_hat), lme4_loglik = as.numeric(logLik(fit)),
       glm_start = c(glm_start, rep(0, n_psi)))
}

# ---- the optimiser -------------------------------------------------------------------------------
newton_step <- function(f, x) {
  g <- grad(f, x)
  H <- hessian(f, x)
  list(gradient = g, step = -solve(H, g))
}

# Minimise f from x0: bobyqa, then BFGS, then Newton steps while they lower f. A point where PIRLS
# fails counts as +Inf (a huge finite value for bobyqa).
minimise <- function(f_raw, x0) {
  f <- function(x) {
    v <- tryCatch(f_raw(x), error = function(e) Inf)
    if (is.finite(v)) v else 1e100
  }
  b <- bobyqa(x0, f, control = list(rhobeg = 0.5, rhoend = 1e-10, maxfun = 50000))
  o <- optim(b$par, f, method = "BFGS", control = list(reltol = 1e-15, maxit = 5000, ndeps = rep(1e-6, length(x0))))
  x <- if (o$value <= b$fval) o$par else b$par
  value <- f(x)
  for (it in 1:20) {
    ns <- newton_step(f, x)
    if (max(abs(ns$step)) < 1e-12) break
    accepted <- FALSE
    t <- 1
    for (halving in 1:30) {
      trial <- x + t * ns$step
      v <- f(trial)
      if (is.finite(v) && v <= value) {
        x <- trial
        value <- v
        accepted <- TRUE
        break
      }
      t <- t / 2
    }
    if (!accepted) break
  }
  final <- newton_step(f, x)
  list(x = x, value = value, max_abs_gradient = max(abs(final$gradient)), newton_step = max(abs(final$step)))
}

default_starts <- function(problem) list(glm = problem$glm_start, lme4 = problem$lme4_estimate)

solve_problem <- function(problem, estimator, starts = default_starts(problem)) {
  objective <- if (estimator == "mspl") {
    function(x) -(problem$loglik(x) + problem$c * problem$penalty(x))
  } else {
    function(x) -problem$loglik(x)
  }
  ends <- lapply(names(starts), function(s) {
    r <- minimise(objective, unname(starts[[s]]))
    cat(sprintf("%-28s %-5s start %-10s objective %.10f  max|g| %.1e  newton step %.1e\n",
                problem$label, estimator, s, -r$value, r$max_abs_gradient, r$newton_step))
    c(r, list(start = s))
  })
  best <- ends[[which.min(sapply(ends, function(e) e$value))]]
  x <- setNames(best$x, problem$names)
  entry <- list(
    formula = problem$formula, nAGQ = problem$nAGQ, n = problem$n, p = problem$p,
    estimate = as.list(x),
    logLik = problem$loglik(best$x),
    maxAbsGradient = best$max_abs_gradient,
    newtonStep = best$newton_step,
    start = best$start,
    otherStarts = lapply(ends, function(e) list(start = e$start, objective = -e$value, estimate = unname(e$x)))
  )
  if (estimator == "mspl") {
    entry$c <- problem$c
    entry$penalisedLogLik <- -best$value
  }
  entry
}

# ---- the cases -----------------------------------------------------------------------------------
f_culcita <- predation ~ ttt + (1 | block)
f_toenail <- y ~ treatment * time + (1 | patientID)
f_toenail_slope <- y ~ treatment * time + (1 + time | patientID)

problems <- list(
  culcita_drop_agq100 = make_problem("culcita_drop_agq100", f_culcita, culcita_drop, 100, 1),
  culcita_drop_laplace = make_problem("culcita_drop_laplace", f_culcita, culcita_drop, 1, 1),
  toenail_laplace = make_problem("toenail_laplace", f_toenail, toenail, 1, 1),
  toenail_slope_laplace = make_problem("toenail_slope_laplace", f_toenail_slope, toenail, 1, 2),
  toenail_agq20 = make_problem("toenail_agq20", f_toenail, toenail, 20, 1),
  culcita_full_laplace = make_problem("culcita_full_laplace", f_culcita, culcita, 1, 1)
)

# The Laplace surface of Culcita without the atypical row is multimodal (shared/README.md): start MSPL
# and ML there also from far along the ridge and from the quadrature estimate.
culcita_starts <- function(problem) c(default_starts(problem), list(
  ridge = c(30, -25, -28, -33, log(20)), agq = problems$culcita_drop_agq100$lme4_estimate))

mspl <- list(
  culcita_drop_agq100 = solve_problem(problems$culcita_drop_agq100, "mspl", culcita_starts(problems$culcita_drop_agq100)),
  culcita_drop_laplace = solve_problem(problems$culcita_drop_laplace, "mspl", culcita_starts(problems$culcita_drop_laplace)),
  toenail_laplace = solve_problem(problems$toenail_laplace, "mspl"),
  toenail_slope_laplace = solve_problem(problems$toenail_slope_laplace, "mspl")
)

# ML where the published values are loose or absent: toenail AGQ 20 (lme4's printed logLik comes from a
# loose PIRLS) and the local Laplace optimum of Culcita without the atypical row that lme4 stops near
# (started from lme4's estimate only: the point is that local optimum, polished). The other ML cases
# check this script against glmmTMB's Laplace optima in shared/reference/glmmtmb.json.
ml <- list(
  toenail_agq20 = solve_problem(problems$toenail_agq20, "ml"),
  culcita_drop_laplace_local = solve_problem(problems$culcita_drop_laplace, "ml",
                                             list(lme4 = problems$culcita_drop_laplace$lme4_estimate)),
  culcita_full_laplace = solve_problem(problems$culcita_full_laplace, "ml"),
  toenail_laplace = solve_problem(problems$toenail_laplace, "ml"),
  toenail_slope_laplace = solve_problem(problems$toenail_slope_laplace, "ml")
)

tmb <- fromJSON(file.path(shared, "reference", "glmmtmb.json"))
for (key in c("culcita_full_laplace", "toenail_laplace", "toenail_slope_laplace")) {
  cat(sprintf("check against glmmTMB %-24s logLik %.9f vs %.9f (difference %.1e)\n",
              key, ml[[key]]$logLik, tmb[[key]]$logLik, ml[[key]]$logLik - tmb[[key]]$logLik))
}

result <- list(
  `_note` = paste(
    "Written by reference/scripts/exact-optima.R (lme4 deviance at tolPwrss = 1e-12; bobyqa, then BFGS,",
    "then numerical Newton). estimate = (beta, psi) in glmmkit's parameters; logLik is the Laplace or AGQ",
    "log-likelihood there; for mspl, penalisedLogLik = logLik + c (1/2 log det X'W(beta)X + sum D(psi)),",
    "c = 2 sqrt(p/n). maxAbsGradient and newtonStep measure how exact each optimum is."),
  R = R.version.string,
  lme4 = as.character(packageVersion("lme4")),
  mspl = mspl,
  ml = ml
)
dir.create(dirname(out_path), recursive = TRUE, showWarnings = FALSE)
writeLines(toJSON(result, auto_unbox = TRUE, digits = NA, pretty = TRUE), out_path)
cat("wrote", out_path, "\n")
