# Reference for `bench simulate-checks` (boundary): the share of ML fits of the Booth-Hobert design whose
# random-effect variance is estimated on the boundary, from lme4 on data simulated in R (R's own random
# numbers: an independent simulation of the same model, so the shares agree within Monte-Carlo error).
# Model (Song & Tan 2022, section 4.1): logit P(y_ij = 1) = 5 x_ij + u_i, x_ij = j/15, u_i ~ N(0, 0.5),
# i = 1..10, j = 1..15, no intercept. Run once with Debian's r-cran-lme4:
#   Rscript apps/bench/reference/booth-hobert-lme4.R > apps/bench/reference/booth-hobert-lme4.json
suppressPackageStartupMessages(library(lme4))
set.seed(20221)
R <- 1000
cluster <- factor(rep(1:10, each = 15))
x <- rep((1:15) / 15, 10)
singular <- c(laplace = 0, agq25 = 0)
beta <- c(laplace = 0, agq25 = 0)
for (r in seq_len(R)) {
  u <- rnorm(10, 0, sqrt(0.5))
  d <- data.frame(y = rbinom(150, 1, plogis(5 * x + u[cluster])), x = x, i = cluster)
  for (method in names(singular)) {
    fit <- suppressMessages(suppressWarnings(
      glmer(y ~ 0 + x + (1 | i), data = d, family = binomial, nAGQ = if (method == "laplace") 1 else 25)
    ))
    singular[method] <- singular[method] + isSingular(fit, tol = 1e-4)
    beta[method] <- beta[method] + fixef(fit)[["x"]] / R
  }
}
cat(sprintf(
  paste0('{\n  "source": "lme4 %s, R %s, set.seed(20221), %d data sets simulated in R; isSingular(tol = 1e-4)",\n',
         '  "replicates": %d,\n',
         '  "laplace": { "singular": %d, "share": %.4f, "meanBeta": %.4f },\n',
         '  "agq25": { "singular": %d, "share": %.4f, "meanBeta": %.4f }\n}\n'),
  as.character(packageVersion("lme4")), getRversion(), R, R,
  as.integer(singular[["laplace"]]), singular[["laplace"]] / R, beta[["laplace"]],
  as.integer(singular[["agq25"]]), singular[["agq25"]] / R, beta[["agq25"]]
))
