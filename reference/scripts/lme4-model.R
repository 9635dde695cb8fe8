# Reference values for the model language of issue #11 (part A): GLMMs with the probit, cloglog, loglog and
# cauchit links (Laplace and adaptive Gauss-Hermite, one and several grouping factors, binary and counts), plain
# GLMs by ML for every link (with an offset and with a proportion response and weights), formula functions
# (I(), log, exp, sqrt, abs, scale, poly, factor, offset) with R's coefficient names, and predictions on new data
# (link and response scale, with and without random effects, known and new levels, poly/scale coefficients
# carried over as makepredictcall does). Also the mlmRev Contraception models of the robustness items.
#
# Run once on a development machine from the repository root:
#   apt-get install -y r-cran-lme4 r-cran-jsonlite r-cran-mlmrev r-cran-glmmtmb
#   Rscript reference/scripts/lme4-model.R ../shared
# writes reference/lme4-model.json and the data copies reference/data/{contraception,bacteria}.csv. Never run in CI.
suppressMessages({ library(lme4); library(jsonlite); library(glmmTMB) })
args <- commandArgs(trailingOnly = TRUE)
shared <- if (length(args) > 0) args[[1]] else "../shared"
dir.create("reference/data", showWarnings = FALSE)

ctrl <- glmerControl(tolPwrss = 1e-12, optimizer = "bobyqa", optCtrl = list(rhoend = 1e-10, maxfun = 1e5))

# R's binomial family has no log-log link: the reflection of cloglog, mu = exp(-exp(-eta)).
loglog <- structure(list(
  linkfun = function(mu) -log(-log(mu)),
  linkinv = function(eta) pmax(pmin(exp(-exp(-eta)), 1 - .Machine$double.eps), .Machine$double.eps),
  mu.eta = function(eta) pmax(exp(-eta - exp(-eta)), .Machine$double.eps),
  valideta = function(eta) TRUE,
  name = "loglog"), class = "link-glm")
family_for <- function(link) if (link == "loglog") binomial(link = loglog) else binomial(link = link)

# Data exactly as glmmkit reads the CSV files: read.csv, text columns as factors in sorted order.
read_data <- function(path) read.csv(path, stringsAsFactors = TRUE)
cbpp <- read_data(file.path(shared, "data", "cbpp.csv"))
cbpp$period <- factor(cbpp$period); cbpp$herd <- factor(cbpp$herd)
toenail <- read_data(file.path(shared, "data", "toenail.csv"))
toenail$patientID <- factor(toenail$patientID)
# glmmkit's --success "moderate or severe": 1 for that level (R's factor response would count the other one).
toenail$outcome <- as.integer(toenail$outcome == "moderate or severe")
sal <- read_data(file.path(shared, "data", "salamander.csv"))
sal$Female <- factor(sal$Female); sal$Male <- factor(sal$Male)

# Shipped copies of two R data sets (GPL >= 2): mlmRev's Contraception and MASS's bacteria.
data(Contraception, package = "mlmRev")
contra <- Contraception[, c("woman", "district", "use", "livch", "age", "urban")]
# livch (0, 1, 2, 3+) is a factor in R; glmm reads the CSV column as R's read.csv does (a category code
# with a text label), so no --factors is needed for it.
write.csv(contra, "reference/data/contraception.csv", row.names = FALSE)
contra <- read_data("reference/data/contraception.csv")
contra$district <- factor(contra$district)
data(bacteria, package = "MASS")
write.csv(bacteria, "reference/data/bacteria.csv", row.names = FALSE)
bacteria <- read_data("reference/data/bacteria.csv")

named <- function(v) as.list(v)
se_of <- function(fit) { s <- sqrt(diag(as.matrix(vcov(fit)))); names(s) <- names(fixef(fit)); as.list(s) }
sds_of <- function(fit) {
  vc <- VarCorr(fit)
  lapply(vc, function(m) list(sd = unname(attr(m, "stddev")), cor = unname(attr(m, "correlation")),
                              eigen = unname(eigen(m, symmetric = TRUE, only.values = TRUE)$values)))
}

# Tight PIRLS first; where lme4's PIRLS cannot reach 1e-12 (it happens with the non-canonical links), the
# tolerance used is recorded and the entry is compared on estimates, not on the last digits of logLik.
fit_glmer <- function(formula, data, link, nAGQ, tol) {
  control <- glmerControl(tolPwrss = tol, optimizer = "bobyqa", optCtrl = list(rhoend = 1e-10, maxfun = 1e5))
  glmer(as.formula(formula), data = data, family = family_for(link), nAGQ = nAGQ, control = control, weights = .w)
}
glmm_entry <- function(data, dataName, formula, link = "logit", nAGQ = 1, cli = list(), weights = NULL) {
  message(dataName, " ", formula, " ", link, " nAGQ=", nAGQ)
  data$.w <- if (is.null(weights)) rep(1, nrow(data)) else data[[weights]]
  tolPwrss <- 1e-12
  fit <- NULL
  for (tol in c(1e-12, 1e-10, 1e-8, 1e-7)) {
    fit <- tryCatch(fit_glmer(formula, data, link, nAGQ, tol), error = function(e) NULL)
    if (!is.null(fit)) { tolPwrss <- tol; break }
  }
  if (is.null(fit)) { message("  lme4 failed: entry left out"); return(NULL) }
  list(data = dataName, formula = formula, link = link, nAGQ = nAGQ, cli = cli, tolPwrss = tolPwrss,
       lme4_messages = as.list(fit@optinfo$conv$lme4$messages),
       logLik = as.numeric(logLik(fit)), fixef = named(fixef(fit)), se = se_of(fit),
       theta = unname(getME(fit, "theta")), varcorr = sds_of(fit), isSingular = isSingular(fit))
}

glm_entry <- function(data, dataName, formula, link = "logit", cli = list(), weights = NULL) {
  fit <- if (is.null(weights)) {
    glm(as.formula(formula), data = data, family = family_for(link), control = glm.control(epsilon = 1e-14, maxit = 100))
  } else {
    data$.w <- data[[weights]]
    glm(as.formula(formula), data = data, family = family_for(link), weights = .w, control = glm.control(epsilon = 1e-14, maxit = 100))
  }
  s <- summary(fit)$coefficients
  list(data = dataName, formula = formula, link = link, cli = cli, logLik = as.numeric(logLik(fit)),
       coef = named(coef(fit)), se = as.list(setNames(s[, 2], rownames(s))))
}

cbppCli <- list(factors = "period")
toeCli <- list(success = "moderate or severe")
cbind_f <- "cbind(incidence, size - incidence) ~ period + (1 | herd)"
glmm <- list()
for (link in c("logit", "probit", "cloglog", "loglog", "cauchit")) {
  glmm[[paste0("cbpp_", link)]] <- glmm_entry(cbpp, "cbpp.csv", cbind_f, link, 1, cbppCli)
  glmm[[paste0("cbpp_", link, "_agq25")]] <- glmm_entry(cbpp, "cbpp.csv", cbind_f, link, 25, cbppCli)
  glmm[[paste0("toenail_", link)]] <- glmm_entry(toenail, "toenail.csv", "outcome ~ treatment * time + (1 | patientID)", link, 1, toeCli)
  glmm[[paste0("toenail_", link, "_agq9")]] <- glmm_entry(toenail, "toenail.csv", "outcome ~ treatment * time + (1 | patientID)", link, 9, toeCli)
}
for (link in c("probit", "cloglog")) {
  glmm[[paste0("salamander_", link)]] <- glmm_entry(sal, "salamander.csv", "Mate ~ TypeF * TypeM + (1 | Female) + (1 | Male)", link, 1,
                                                     list(factors = "Female,Male"))
  glmm[[paste0("toenail_slope_", link)]] <- glmm_entry(toenail, "toenail.csv", "outcome ~ treatment * time + (time | patientID)", link, 1, toeCli)
  glmm[[paste0("culcita_", link)]] <- glmm_entry(read_data(file.path(shared, "data", "culcita.csv")), "culcita.csv", "predation ~ ttt + (1 | block)", link, 1, list())
}
glmm[["cbpp_offset_probit"]] <- glmm_entry(cbpp, "cbpp.csv", "cbind(incidence, size - incidence) ~ period + offset(log(size)/10) + (1 | herd)", "probit", 1, cbppCli)
glmm[["cbpp_weights_cloglog"]] <- glmm_entry(cbpp, "cbpp.csv", "incidence/size ~ period + (1 | herd)", "cloglog", 1, c(cbppCli, list(weights = "size")), weights = "size")

# The formula language on real data (coefficient names as R prints them).
formulas <- list()
formulas[["toenail_functions"]] <- glmm_entry(toenail, "toenail.csv",
  "outcome ~ treatment + poly(time, 2) + log(time + 1) + factor(visit) + (1 | patientID)", "logit", 1, toeCli)
formulas[["toenail_raw_poly"]] <- glmm_entry(toenail, "toenail.csv",
  "outcome ~ treatment + poly(time, 2, raw = TRUE) + sqrt(time) + abs(time - 6) + (1 | patientID)", "logit", 1, toeCli)
formulas[["toenail_scale_exp"]] <- glmm_entry(toenail, "toenail.csv",
  "outcome ~ treatment * scale(time) + exp(-time/10) + I(time > 6) + (1 | patientID)", "logit", 1, toeCli)
formulas[["bacteria_week"]] <- glmm_entry(bacteria, "bacteria.csv", "y ~ trt + I(week > 2) + (1 | ID)", "logit", 1, list(success = "y"))
formulas[["contraception_age2"]] <- glmm_entry(contra, "contraception.csv",
  "use ~ urban + age + I(age^2) + livch + (1 | district)", "logit", 1, list(success = "Y", factors = "district"))
formulas[["cbpp_poly_size"]] <- glmm_entry(cbpp, "cbpp.csv",
  "cbind(incidence, size - incidence) ~ period + poly(size, 2) + (1 | herd)", "logit", 1, cbppCli)

# Robustness: the correlated q = 3 term of the issue (Newton hit its iteration limit there).
robust <- list()
robust[["contraception_q3"]] <- glmm_entry(contra, "contraception.csv",
  "use ~ urban + age + livch + (1 + urban + age | district)", "logit", 1, list(success = "Y", factors = "district"))
tmb <- glmmTMB(use ~ urban + age + livch + (1 + urban + age | district), data = contra, family = binomial)
robust[["contraception_q3"]]$glmmTMB_logLik <- as.numeric(logLik(tmb))
# A singular q = 3 covariance that neither an SD nor a pairwise correlation shows: the true slope of x2 is
# 0.6 b0 + 0.7 b1 (rank 2); lme4's fit has SDs 1.08, 0.73, 0.60, correlations −0.26, 0.69, 0.53 and
# isSingular() TRUE (the third diagonal entry of the relative Cholesky factor is 0).
set.seed(20251131)
J <- 60; nj <- 25
g <- rep(1:J, each = nj); x1 <- round(rnorm(J * nj), 4); x2 <- round(rnorm(J * nj), 4)
b0 <- rnorm(J, 0, 1); b1 <- rnorm(J, 0, 0.8); b2 <- 0.6 * b0 + 0.7 * b1
y <- rbinom(J * nj, 1, plogis(-0.5 + 0.5 * x1 - 0.3 * x2 + b0[g] + b1[g] * x1 + b2[g] * x2))
write.csv(data.frame(y, x1, x2, g), "reference/data/singular-q3.csv", row.names = FALSE)
singular <- read_data("reference/data/singular-q3.csv"); singular$g <- factor(singular$g)
robust[["singular_q3"]] <- glmm_entry(singular, "singular-q3.csv", "y ~ x1 + x2 + (1 + x1 + x2 | g)", "logit", 1, list(factors = "g"))

# Plain GLMs by ML for every link (glm), binary and counts, with an offset and with a proportion and weights.
glms <- list()
for (link in c("logit", "probit", "cloglog", "loglog", "cauchit")) {
  glms[[paste0("cbpp_", link)]] <- glm_entry(cbpp, "cbpp.csv", "cbind(incidence, size - incidence) ~ period", link, cbppCli)
  glms[[paste0("cbpp_offset_", link)]] <- glm_entry(cbpp, "cbpp.csv", "cbind(incidence, size - incidence) ~ period + offset(log(size)/10)", link, cbppCli)
  glms[[paste0("cbpp_weights_", link)]] <- glm_entry(cbpp, "cbpp.csv", "incidence/size ~ period", link, c(cbppCli, list(weights = "size")), weights = "size")
  glms[[paste0("toenail_", link)]] <- glm_entry(toenail, "toenail.csv", "outcome ~ treatment * time", link, toeCli)
}

# Predictions on new data (lme4's predict.merMod): rows with known and new herds and periods, and a model with
# poly() and scale() whose coefficients must come from the fitted data (makepredictcall).
newCbpp <- data.frame(herd = factor(c("1", "7", "16", "3"), levels = c(levels(cbpp$herd), "16")),
                      period = factor(c("1", "4", "2", "3"), levels = levels(cbpp$period)),
                      size = c(10, 20, 15, 5), incidence = 0)
write.csv(newCbpp[, c("herd", "period", "size")], "reference/data/cbpp-new.csv", row.names = FALSE)
pr <- list()
mC <- glmer(as.formula(cbind_f), data = cbpp, family = binomial, control = ctrl)
mP <- glmer(cbind(incidence, size - incidence) ~ period + offset(log(size)/10) + (1 | herd), data = cbpp, family = binomial(link = "probit"), control = ctrl)
pred <- function(fit, newdata) list(
  link_full = unname(predict(fit, newdata = newdata, type = "link", allow.new.levels = TRUE)),
  response_full = unname(predict(fit, newdata = newdata, type = "response", allow.new.levels = TRUE)),
  link_none = unname(predict(fit, newdata = newdata, type = "link", re.form = NA)),
  response_none = unname(predict(fit, newdata = newdata, type = "response", re.form = NA)))
pr[["cbpp_logit"]] <- c(list(formula = cbind_f, link = "logit", data = "cbpp.csv", newdata = "cbpp-new.csv", cli = cbppCli), pred(mC, newCbpp))
pr[["cbpp_offset_probit"]] <- c(list(formula = "cbind(incidence, size - incidence) ~ period + offset(log(size)/10) + (1 | herd)", link = "probit",
                                     data = "cbpp.csv", newdata = "cbpp-new.csv", cli = cbppCli), pred(mP, newCbpp))
toeNew <- data.frame(patientID = factor(c("1", "3", "999", "45"), levels = c(levels(toenail$patientID), "999")),
                     treatment = factor(c("terbinafine", "itraconazole", "terbinafine", "itraconazole"), levels = levels(toenail$treatment)),
                     time = c(0, 2.5, 7, 13), visit = c(1, 3, 5, 7))
write.csv(toeNew, "reference/data/toenail-new.csv", row.names = FALSE)
fT <- "outcome ~ treatment + poly(time, 2) + scale(visit):treatment + (1 | patientID)"
mT <- glmer(as.formula(fT), data = toenail, family = binomial, control = ctrl)
pr[["toenail_poly_scale"]] <- c(list(formula = fT, link = "logit", data = "toenail.csv", newdata = "toenail-new.csv", cli = toeCli,
                                     logLik = as.numeric(logLik(mT)), fixef = named(fixef(mT))), pred(mT, toeNew))
mS <- glmer(outcome ~ treatment * time + (time | patientID), data = toenail, family = binomial, control = ctrl)
pr[["toenail_slope_logit"]] <- c(list(formula = "outcome ~ treatment * time + (time | patientID)", link = "logit", data = "toenail.csv",
                                      newdata = "toenail-new.csv", cli = toeCli, logLik = as.numeric(logLik(mS))), pred(mS, toeNew))

# Orthogonal polynomial columns and their coefficients (R's poly) on toenail's time.
P <- poly(toenail$time, 3)
polyRef <- list(x = "toenail.csv time", degree = 3, alpha = attr(P, "coefs")$alpha, norm2 = attr(P, "coefs")$norm2,
                firstRows = unname(P[1:8, ]))

out <- list(
  `_note` = paste("lme4", packageVersion("lme4"), "glmer with tolPwrss = 1e-12, bobyqa rhoend = 1e-10; glm with epsilon = 1e-14;",
                  "glmmTMB", packageVersion("glmmTMB"), "; loglog is a custom link-glm (R has none); for binomial counts at nAGQ > 1",
                  "lme4's logLik drops the constants (compare estimates there); made by reference/scripts/lme4-model.R"),
  glmm = glmm, formulas = formulas, robustness = robust, glm = glms, predict = pr, poly = polyRef)
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE, na = "string"), "reference/lme4-model.json")
