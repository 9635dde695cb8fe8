# Reference values of the convergence diagnostics (rank-normalised split-Rhat, bulk-ESS, tail-ESS, ESS of the
# mean) from the R package posterior for a few fixed sets of chains, drawn here from a fixed seed and stored
# with the values. Run once on a development machine (apt-get install r-cran-posterior r-cran-jsonlite);
# writes reference/posterior-diagnostics.json. Never run in CI.
suppressMessages({ library(posterior); library(jsonlite) })
set.seed(20260601)
ar1 <- function(n, phi, mu = 0) {
  x <- numeric(n); x[1] <- rnorm(1, mu, 1 / sqrt(1 - phi^2))
  for (i in 2:n) x[i] <- mu + phi * (x[i - 1] - mu) + rnorm(1)
  x
}
cases <- list(
  # Well-mixed autocorrelated chains: Rhat near 1, ESS near S (1 - phi) / (1 + phi).
  ar1_phi07 = sapply(1:4, function(j) ar1(250, 0.7)),
  # One chain sits elsewhere: Rhat well above 1.
  shifted = cbind(sapply(1:3, function(j) ar1(250, 0.5)), ar1(250, 0.5, mu = 1.5)),
  # Heavy tails (Cauchy): rank normalisation keeps the diagnostics finite and sensible.
  cauchy = sapply(1:4, function(j) rcauchy(250)),
  # Odd chain length: split chains drop the middle draw.
  odd_length = sapply(1:3, function(j) ar1(201, 0.3)),
  # Ties (values rounded to one decimal) and antithetic chains (negative lag-1 autocorrelation).
  ties = sapply(1:4, function(j) round(ar1(250, 0.2), 1)),
  antithetic = sapply(1:4, function(j) ar1(250, -0.6)),
  # Chains whose scales differ: the folded Rhat (tails) catches what the bulk one misses.
  scales = sapply(c(1, 1, 1, 3), function(s) s * rnorm(250))
)
out <- list(`_note` = paste("posterior", packageVersion("posterior"),
                            "rhat, ess_bulk, ess_tail, ess_mean on draws (iterations x chains, column = chain);",
                            "made by reference/scripts/posterior-diagnostics.R"))
for (name in names(cases)) {
  # The JSON keeps 15 significant digits: compute on exactly the draws it stores.
  x <- signif(cases[[name]], 15)
  out[[name]] <- list(
    chains = lapply(seq_len(ncol(x)), function(j) x[, j]),
    rhat = rhat(x), ess_bulk = ess_bulk(x), ess_tail = ess_tail(x), ess_mean = ess_mean(x)
  )
}
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = FALSE), "reference/posterior-diagnostics.json")
