# Conditional modes and conditional SDs (ranef(condVar = TRUE)) from lme4 with tight PIRLS, for the
# one-factor cbpp fit and the crossed salamander fit. Run once on a development machine
# (apt-get install r-cran-lme4 r-cran-jsonlite); writes reference/lme4-ranef.json. Never run in CI.
suppressMessages({ library(lme4); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
shared <- if (length(args) > 0) args[[1]] else "../shared"
ctrl <- glmerControl(tolPwrss = 1e-12, optimizer = "bobyqa", optCtrl = list(rhoend = 1e-10, maxfun = 1e5))
modes <- function(fit) {
  r <- ranef(fit, condVar = TRUE)
  lapply(r, function(df) {
    pv <- attr(df, "postVar")
    list(
      terms = names(df),
      levels = rownames(df),
      modes = unname(as.matrix(df)),
      # levels × q, like the modes
      condsd = do.call(rbind, lapply(seq_len(nrow(df)), function(j) sqrt(diag(matrix(pv[, , j], nrow = ncol(df))))))
    )
  })
}
cbpp <- read.csv(file.path(shared, "data", "cbpp.csv"))
cbpp$period <- factor(cbpp$period); cbpp$herd <- factor(cbpp$herd)
m1 <- glmer(cbind(incidence, size - incidence) ~ period + (1 | herd), data = cbpp, family = binomial, control = ctrl)
sal <- read.csv(file.path(shared, "data", "salamander.csv"))
sal$Female <- factor(sal$Female); sal$Male <- factor(sal$Male)
m2 <- glmer(Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male), data = sal, family = binomial, control = ctrl)
out <- list(
  `_note` = paste("lme4", packageVersion("lme4"), "glmer Laplace, tolPwrss = 1e-12, bobyqa rhoend = 1e-10;",
                  "ranef(condVar = TRUE): modes on the b scale and sqrt(diag(postVar)) per level; made by reference/scripts/lme4-ranef.R"),
  cbpp = list(formula = "cbind(incidence, size - incidence) ~ period + (1 | herd)", logLik = as.numeric(logLik(m1)),
              fixef = as.list(fixef(m1)), theta = unname(getME(m1, "theta")), ranef = modes(m1)),
  salamander = list(formula = "Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male)", logLik = as.numeric(logLik(m2)),
                    fixef = as.list(fixef(m2)), theta = unname(getME(m2, "theta")), ranef = modes(m2))
)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "reference/lme4-ranef.json")
