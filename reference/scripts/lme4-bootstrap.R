# Parametric-bootstrap reference for `glmm fit --ci boot`: lme4's bootMer (simulate from the fit, refit)
# on cbpp with B = 4000 replicates, and the type-7 quantiles of the refitted SD and fixed effects (the
# percentile interval glmmkit reports), each with its Monte-Carlo standard error (from the binomial
# distribution of order statistics: half the width of the 95 % order-statistic interval / 1.96).
# Run once on a development machine from the repository root (about 5 minutes on 2 cores):
#   Rscript reference/scripts/lme4-bootstrap.R ../shared
# Writes reference/lme4-bootstrap.json. Never run in CI.
suppressMessages({ library(lme4); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
shared <- if (length(args) > 0) args[[1]] else "../shared"
ctrl <- glmerControl(tolPwrss = 1e-10)
cbpp <- read.csv(file.path(shared, "data", "cbpp.csv"))
cbpp$period <- factor(cbpp$period); cbpp$herd <- factor(cbpp$herd)
fit <- glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), data = cbpp, family = binomial, control = ctrl)
B <- 4000
stat <- function(m) c(`sd_(Intercept)|herd` = unname(getME(m, "theta")), fixef(m))
t0 <- proc.time()[["elapsed"]]
boot <- bootMer(fit, stat, nsim = B, seed = 20261130, use.u = FALSE, type = "parametric")
seconds <- proc.time()[["elapsed"]] - t0
ok <- apply(boot$t, 1, function(r) all(is.finite(r)))
t <- boot$t[ok, , drop = FALSE]
quantile_se <- function(x, p) {
  x <- sort(x); n <- length(x); d <- qnorm(0.975) * sqrt(p * (1 - p) / n)
  (x[min(n, ceiling(n * (p + d)))] - x[max(1, floor(n * (p - d)))]) / (2 * qnorm(0.975))
}
summ <- lapply(colnames(t), function(name) {
  x <- t[, name]
  list(lower = unname(quantile(x, 0.025, type = 7)), upper = unname(quantile(x, 0.975, type = 7)),
       lower_mc_se = quantile_se(x, 0.025), upper_mc_se = quantile_se(x, 0.975), mean = mean(x), sd = sd(x))
})
names(summ) <- colnames(t)
out <- list(
  `_note` = paste("lme4", packageVersion("lme4"), "bootMer(use.u = FALSE, type = 'parametric'), nsim =", B,
                  "seed 20261130, on cbpp: type-7 quantiles (2.5 %, 97.5 %) of the refitted SD and fixed effects with",
                  "Monte-Carlo standard errors of those quantiles; made by reference/scripts/lme4-bootstrap.R"),
  cbpp = list(formula = "cbind(incidence, size - incidence) ~ period + (1 | herd)", replicates = B, failed = sum(!ok),
              seconds = seconds, estimate = as.list(stat(fit)), percentile = summ)
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "reference/lme4-bootstrap.json")
