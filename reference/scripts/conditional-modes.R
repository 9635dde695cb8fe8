# Conditional modes (and conditional SDs) of the random effects from lme4 at tolPwrss = 1e-12, for the
# tests of FitResult.ranef. Writes reference/conditional-modes.json.
#
#   Rscript reference/scripts/conditional-modes.R [path/to/shared] [path/to/output.json]
#
# Needs R with lme4 (Debian: apt-get install -y r-cran-lme4); never run in CI.
# Why not ../shared/reference/lme4-inference.json: its cbpp "ranef" and "ranef_condsd" are 1.1768 times
# what lme4 1.1-31 returns for that model (herd 1: 0.694310 there, 0.590021 from ranef()), while the
# fitted probabilities in the same file agree with lme4's modes. This script records ranef() itself.
suppressPackageStartupMessages({
  library(lme4)
  library(jsonlite)
})

script_dir <- local({
  file_arg <- grep("^--file=", commandArgs(FALSE), value = TRUE)
  if (length(file_arg) == 1) dirname(normalizePath(sub("^--file=", "", file_arg))) else getwd()
})
source(file.path(script_dir, "reference-data.R"))
out_path <- output_path("conditional-modes.json")
cbpp <- load_cbpp()
toenail <- load_toenail()
salamander <- load_salamander()

tight <- glmerControl(tolPwrss = 1e-12)
describe <- function(fit, group) {
  r <- ranef(fit, condVar = TRUE)[[group]]
  post <- attr(r, "postVar")
  q <- ncol(r)
  list(
    formula = deparse(formula(fit)),
    logLik = as.numeric(logLik(fit)),
    fixef = as.list(fixef(fit)),
    theta = I(unname(getME(fit, "theta"))),
    levels = I(rownames(r)),
    termNames = I(colnames(r)),
    # levels x q, row by row (the layout of FitResult.ranef).
    modes = I(as.vector(t(as.matrix(r)))),
    conditionalSds = I(as.vector(sapply(seq_len(nrow(r)), function(j) sqrt(diag(matrix(post[, , j], q, q))))))
  )
}

result <- list(
  `_note` = "Written by reference/scripts/conditional-modes.R: lme4 ranef(condVar = TRUE) at tolPwrss = 1e-12; modes and conditional SDs are levels x q, row-major.",
  R = R.version.string,
  lme4 = as.character(packageVersion("lme4")),
  cbpp_laplace = describe(glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), cbpp, binomial, control = tight), "herd"),
  toenail_slope_laplace = describe(glmer(y ~ treatment * time + (1 + time | patientID), toenail, binomial, control = tight), "patientID")
)
# Crossed terms: one entry per grouping factor of the same fit.
salamander_fit <- glmer(Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male), salamander, binomial, control = tight)
result$salamander_laplace_Female <- describe(salamander_fit, "Female")
result$salamander_laplace_Male <- describe(salamander_fit, "Male")
writeLines(toJSON(result, auto_unbox = TRUE, digits = NA, pretty = TRUE), out_path)
cat("wrote", out_path, "\n")
