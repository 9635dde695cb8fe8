# Inference references from lme4 (tight PIRLS) and glmmTMB: profile and Wald confidence intervals, exact
# profile-likelihood roots, and likelihood-ratio tables of nested models. Run once on a development machine
# (apt-get install r-cran-lme4 r-cran-glmmtmb r-cran-jsonlite r-cran-minqa) from the repository root:
#   Rscript reference/scripts/lme4-inference.R ../shared
# It writes reference/data/slope-q2.csv (a simulated correlated random-slope data set) and
# reference/lme4-inference-checks.json. Never run in CI.
#
# confint(method = "profile") interpolates a spline through a coarse profile, so its bounds are accurate to
# about 1e-4; "profile_exact" solves zeta(c) = -/+ qnorm(0.975) by uniroot on the deviance function with the
# other parameters re-optimised by bobyqa (rhoend 1e-10) at each c, which is what an exact profile gives.
suppressMessages({ library(lme4); library(jsonlite); library(minqa); library(glmmTMB) })
args <- commandArgs(trailingOnly = TRUE)
shared <- if (length(args) > 0) args[[1]] else "../shared"
ctrl <- glmerControl(tolPwrss = 1e-12, optimizer = "bobyqa", optCtrl = list(rhoend = 1e-10, maxfun = 1e5))
z975 <- qnorm(0.975)

# --- the simulated correlated random slope (50 groups x 20 observations, sd = (1, 1), cor = 0.3) ---
set.seed(20260313)
J <- 50; m <- 20
g <- rep(seq_len(J), each = m); x <- round(rnorm(J * m), 4)
S <- matrix(c(1, 0.3, 0.3, 1), 2)
b <- t(chol(S)) %*% matrix(rnorm(2 * J), 2)
y <- rbinom(J * m, 1, plogis(-0.5 + 0.8 * x + b[1, g] + b[2, g] * x))
write.csv(data.frame(y, x, g), "reference/data/slope-q2.csv", row.names = FALSE, quote = FALSE)

ci_list <- function(ci) list(lower = as.list(setNames(ci[, 1], rownames(ci))), upper = as.list(setNames(ci[, 2], rownames(ci))))

# Exact profile roots on lme4's stage-2 deviance function d(theta, beta). `maps` turns (c, free) into the full
# parameter vector for each profiled quantity; bobyqa re-optimises `free` at every c.
exact_roots <- function(fit, formula, data, quantities, nAGQ = 1) {
  dd <- glmer(formula, data = data, family = binomial, control = ctrl, devFunOnly = TRUE, nAGQ = nAGQ)
  pars <- c(getME(fit, "theta"), fixef(fit))
  lowerAll <- c(getME(fit, "lower"), rep(-Inf, length(fixef(fit))))
  dev0 <- dd(pars)
  out <- list(lower = list(), upper = list())
  for (q in quantities) {
    prof <- function(c) {
      start <- q$free(pars)
      f <- function(v) dd(q$full(c, v))
      o <- bobyqa(start, f, lower = q$lower(lowerAll), upper = q$upper(length(start)),
                  control = list(rhoend = 1e-10, maxfun = 1e5))
      o$fval
    }
    zeta <- function(c) sign(c - q$estimate(pars)) * sqrt(max(0, prof(c) - dev0))
    est <- q$estimate(pars)
    lo_end <- if (!is.null(q$zero) && q$zero) 0 else est - 6 * q$scale
    lo <- if (!is.null(q$zero) && q$zero && zeta(0) > -z975) 0 else
      uniroot(function(c) zeta(c) + z975, c(lo_end, est), tol = 1e-10)$root
    hi <- uniroot(function(c) zeta(c) - z975, c(est, est + 6 * q$scale), extendInt = "upX", tol = 1e-10)$root
    out$lower[[q$name]] <- lo; out$upper[[q$name]] <- hi
  }
  out
}
# A coordinate of (theta, beta) fixed at c (a beta, or a scalar term's theta = its SD for binomial models).
coordinate <- function(name, k, scale, zero = FALSE) list(
  name = name, zero = zero, scale = scale,
  estimate = function(p) p[[k]],
  free = function(p) unname(p[-k]),
  full = function(c, v) append(v, c, after = k - 1),
  lower = function(l) l[-k],
  upper = function(n) rep(Inf, n))
# The SD of the second effect of a q = 2 term whose theta block is (L11, L21, L22) at positions k..k+2:
# L21 = c cos(phi), L22 = c sin(phi), phi in [0, pi].
second_sd <- function(name, k, scale) list(
  name = name, zero = TRUE, scale = scale,
  estimate = function(p) sqrt(p[[k + 1]]^2 + p[[k + 2]]^2),
  free = function(p) c(unname(p[-c(k + 1, k + 2)]), atan2(p[[k + 2]], p[[k + 1]])),
  full = function(c, v) { n <- length(v); phi <- v[[n]]; r <- v[-n]
    append(r, c(c * cos(phi), c * sin(phi)), after = k) },
  lower = function(l) c(l[-c(k + 1, k + 2)], 0),
  upper = function(n) c(rep(Inf, n - 1), pi))

reference_fit <- function(label, formula, data, quantities, wald_tmb = TRUE, nAGQ = 1) {
  fit <- glmer(formula, data = data, family = binomial, control = ctrl, nAGQ = nAGQ)
  t0 <- proc.time()[["elapsed"]]
  prof <- confint(fit, method = "profile", oldNames = FALSE)
  seconds <- proc.time()[["elapsed"]] - t0
  res <- list(
    formula = paste(deparse(formula), collapse = " "), logLik = as.numeric(logLik(fit)), fixef = as.list(fixef(fit)),
    theta = unname(getME(fit, "theta")), singular = isSingular(fit),
    confint_profile = ci_list(prof), profile_seconds = seconds,
    confint_wald = ci_list(confint(fit, method = "Wald", oldNames = FALSE)),
    nAGQ = nAGQ, profile_exact = exact_roots(fit, formula, data, quantities, nAGQ))
  if (wald_tmb && nAGQ == 1) {
    tmb <- glmmTMB(formula, data = data, family = binomial)
    res$glmmtmb_wald <- ci_list(confint(tmb, method = "wald")[, 1:2, drop = FALSE])
  }
  message(label, " done")
  res
}

cbpp <- read.csv(file.path(shared, "data", "cbpp.csv"))
cbpp$period <- factor(cbpp$period); cbpp$herd <- factor(cbpp$herd); cbpp$obs <- factor(seq_len(nrow(cbpp)))
sal <- read.csv(file.path(shared, "data", "salamander.csv"))
sal$Female <- factor(sal$Female); sal$Male <- factor(sal$Male)
toe <- read.csv(file.path(shared, "data", "toenail.csv"))
toe$y <- as.integer(toe$outcome == "moderate or severe"); toe$patientID <- factor(toe$patientID)
q2 <- read.csv("reference/data/slope-q2.csv"); q2$g <- factor(q2$g)

fbeta <- function(names, offset) lapply(seq_along(names), function(j) coordinate(names[[j]], offset + j, 0.5))

out <- list(
  `_note` = paste("lme4", packageVersion("lme4"), "(tolPwrss = 1e-12, bobyqa rhoend = 1e-10) and glmmTMB", packageVersion("glmmTMB"),
                  "on the data in ../shared/data and reference/data/slope-q2.csv. confint_profile = confint(method = 'profile',",
                  "oldNames = FALSE) (spline-interpolated, ~1e-4); profile_exact = roots of the signed root deviance found by",
                  "uniroot (tol 1e-10) with every other parameter re-optimised by bobyqa; confint_wald = lme4 Wald (NA for SDs);",
                  "glmmtmb_wald = glmmTMB's Wald intervals (SDs on the log scale); anova = lme4's anova() of nested fits.",
                  "Made by reference/scripts/lme4-inference.R"),
  cbpp = reference_fit("cbpp", cbind(incidence, size - incidence) ~ period + (1 | herd), cbpp,
                       c(list(coordinate("sd_(Intercept)|herd", 1, 0.3, zero = TRUE)),
                         fbeta(c("(Intercept)", "period2", "period3", "period4"), 1))),
  cbpp_agq25 = reference_fit("cbpp_agq25", cbind(incidence, size - incidence) ~ period + (1 | herd), cbpp,
                             c(list(coordinate("sd_(Intercept)|herd", 1, 0.3, zero = TRUE)),
                               fbeta(c("(Intercept)", "period2", "period3", "period4"), 1)), nAGQ = 25),
  cbpp_obs = reference_fit("cbpp_obs", cbind(incidence, size - incidence) ~ period + (1 | herd) + (1 | obs), cbpp,
                           c(list(coordinate("sd_(Intercept)|obs", 1, 0.3, zero = TRUE),
                                  coordinate("sd_(Intercept)|herd", 2, 0.3, zero = TRUE)),
                             fbeta(c("(Intercept)", "period2", "period3", "period4"), 2))),
  salamander = reference_fit("salamander", Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male), sal,
                             c(list(coordinate("sd_(Intercept)|Female", 1, 0.3, zero = TRUE),
                                    coordinate("sd_(Intercept)|Male", 2, 0.3, zero = TRUE)),
                               fbeta(c("(Intercept)", "TypeFW", "TypeMW", "TypeFW:TypeMW"), 2))),
  slope_q2 = reference_fit("slope_q2", y ~ x + (1 + x | g), q2,
                           c(list(coordinate("sd_(Intercept)|g", 1, 0.3, zero = TRUE),
                                  second_sd("sd_x|g", 1, 0.3)),
                             fbeta(c("(Intercept)", "x"), 3)))
)

anova_table <- function(data_name, data, formulas) {
  fits <- lapply(formulas, function(f) glmer(f, data = data, family = binomial, control = ctrl))
  names(fits) <- NULL
  a <- do.call(anova, unname(fits))
  # anova() sorts the models by npar and names them MODEL1, MODEL2, ... in the order given.
  given <- match(rownames(a), paste0("MODEL", seq_along(fits)))
  list(data = data_name, formulas = vapply(formulas[given], function(f) paste(deparse(f), collapse = " "), ""),
       npar = a$npar, AIC = a$AIC, BIC = a$BIC, logLik = a$logLik, deviance = a$deviance,
       Chisq = a$Chisq, Df = a$Df, p = a[["Pr(>Chisq)"]])
}
out$anova <- list(
  cbpp_period = anova_table("cbpp.csv", cbpp, list(cbind(incidence, size - incidence) ~ 1 + (1 | herd),
                                                    cbind(incidence, size - incidence) ~ period + (1 | herd))),
  toenail_interaction = anova_table("toenail.csv", toe, list(y ~ treatment + time + (1 | patientID),
                                                              y ~ treatment * time + (1 | patientID))),
  salamander_interaction = anova_table("salamander.csv", sal, list(Mate ~ TypeF + TypeM + (1 | Female) + (1 | Male),
                                                                    Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male))),
  slope_q2_random = anova_table("slope-q2.csv", q2, list(y ~ x + (1 | g), y ~ x + (1 + x | g), y ~ 1 + (1 + x | g)))
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "string"), "reference/lme4-inference-checks.json")
