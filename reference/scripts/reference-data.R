# Shared by the reference scripts: where the shared data and the output go, and the data sets as the tests
# build them (level orders as lme4's; toenail's response as 0/1). `source()` it after setting script_dir.
args <- commandArgs(trailingOnly = TRUE)
repo <- normalizePath(file.path(script_dir, "..", ".."))
shared <- if (length(args) >= 1) args[1] else file.path(repo, "..", "shared")
output_path <- function(default_name) {
  if (length(args) >= 2) args[2] else file.path(repo, "reference", default_name)
}

load_culcita <- function() {
  culcita <- read.csv(file.path(shared, "data", "culcita.csv"))
  culcita$ttt <- factor(culcita$ttt, levels = c("none", "crabs", "shrimp", "both"))
  culcita$block <- factor(culcita$block)
  culcita
}

load_toenail <- function() {
  toenail <- read.csv(file.path(shared, "data", "toenail.csv"))
  toenail$y <- as.integer(toenail$outcome == "moderate or severe")
  toenail$treatment <- factor(toenail$treatment)
  toenail$patientID <- factor(toenail$patientID)
  toenail
}

load_cbpp <- function() {
  cbpp <- read.csv(file.path(shared, "data", "cbpp.csv"))
  cbpp$herd <- factor(cbpp$herd)
  cbpp$period <- factor(cbpp$period)
  cbpp
}

load_salamander <- function() {
  salamander <- read.csv(file.path(shared, "data", "salamander.csv"))
  salamander$Female <- factor(salamander$Female)
  salamander$Male <- factor(salamander$Male)
  salamander
}
