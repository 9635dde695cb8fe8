/**
 * Text rendering of confidence intervals, laid out as R prints confint(): one row per parameter, the
 * bounds in columns labelled by their tail probabilities ("2.5 %", "97.5 %"). A bound that is not a plain
 * value says so in place: "0" on the boundary σ = 0 (with a note), "<-12.3" / ">40.2" when the profile or
 * the bootstrap never crossed the cut within the range searched, "NA" when unavailable (with the reason).
 */
import type { BootstrapType, BoundStatus, ConfidenceIntervals, IntervalMethod } from "./confidence-intervals.js";
import { formatNumbers } from "./format-number.js";
import { table } from "./text-table.js";

const BOOT_TITLES: Record<BootstrapType, string> = { perc: "percentile", basic: "basic", bca: "BCa", invert: "test inversion" };

const TITLES: Record<IntervalMethod, string> = {
  wald: "Wald",
  profile: "Profile-likelihood",
  boot: "Parametric bootstrap (percentile)",
};

/** "2.5 %" as R labels a tail probability (up to 3 significant digits, trailing zeros dropped). */
export function percentLabel(p: number): string {
  return `${Number((100 * p).toPrecision(3))} %`;
}

function boundText(value: string, status: BoundStatus, side: "lower" | "upper"): string {
  switch (status) {
    case "found":
    case "boundary":
      return value;
    case "not-reached":
      return side === "lower" ? `<${value}` : `>${value}`;
    case "unavailable":
      return "NA";
  }
}

export function formatConfidenceIntervals(ci: ConfidenceIntervals, digits = 5): string[] {
  const tail = (1 - ci.level) / 2;
  const lowerText = formatNumbers(
    ci.intervals.map((i) => i.lower),
    digits,
  );
  const upperText = formatNumbers(
    ci.intervals.map((i) => i.upper),
    digits,
  );
  const rows: string[][] = [["", percentLabel(tail), percentLabel(1 - tail)]];
  ci.intervals.forEach((i, k) => {
    rows.push([i.parameter, boundText(lowerText[k]!, i.lowerStatus, "lower"), boundText(upperText[k]!, i.upperStatus, "upper")]);
  });
  const title = ci.bootstrap === undefined ? TITLES[ci.method] : `Parametric bootstrap (${BOOT_TITLES[ci.bootstrap.type]})`;
  const lines = [`${title} ${percentLabel(ci.level)} confidence intervals:`, ...table(rows, ["left", "right", "right"])];
  lines.push(`  basis: ${ci.basis}`);
  if (ci.bootstrap !== undefined) {
    const b = ci.bootstrap;
    lines.push(`  bootstrap: ${b.replicates} replicates, seed ${b.seed}; ${b.failed} failed refit${b.failed === 1 ? "" : "s"} left out of the percentiles`);
    if (b.jackknife !== undefined) {
      const j = b.jackknife;
      lines.push(`  jackknife: ${j.refits} leave-one-${j.unit}-out refits for the acceleration; ${j.failed} failed`);
      for (const f of j.failures) lines.push(`  failed leave-one-out refit: ${f}`);
    }
    if (b.inversion !== undefined) {
      const v = b.inversion;
      lines.push(
        `  test inversion: ${v.parameter} from ${v.evaluations} values of σ₀ × ${b.replicates} data sets (${v.refits} refits, ${v.reused} reused where the data repeated, ${v.failed} failed); fixed effects: percentile intervals of the refits at the estimate`,
      );
    }
    for (const f of b.failures) lines.push(`  failed replicate ${f}`);
    if (b.failed > b.failures.length) lines.push(`  … and ${b.failed - b.failures.length} more failed replicates`);
  }
  for (const i of ci.intervals) {
    if (i.lowerStatus === "boundary") lines.push(`  note: ${i.parameter}: σ = 0 lies within the interval (the lower bound is the boundary)`);
    if (i.note !== undefined) lines.push(`  note: ${i.parameter}: ${i.note}`);
  }
  for (const note of ci.notes) lines.push(`  note: ${note}`);
  return lines;
}
