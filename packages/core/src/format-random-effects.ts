/**
 * The conditional modes of the random effects with their conditional SDs (lme4's
 * ranef(condVar = TRUE)), one table per term: a row per level, for each effect its mode and then its
 * conditional SD √(Λ (H⁻¹)_jj Λᵀ)_kk.
 */
import type { FitResult } from "./fit-result.js";
import { formatNumbers } from "./format-number.js";
import { makeUnique } from "./term-labels.js";
import { table, type Align } from "./text-table.js";

export function formatRandomEffects(fit: FitResult, digits = 4): string[] {
  if (fit.ranef.length === 0) return ["Conditional modes: the model has no random effects"];
  const lines = ["Conditional modes of the random effects, with conditional SDs (lme4's ranef(condVar = TRUE)):"];
  const labels = makeUnique(fit.ranef.map((r) => r.group));
  fit.ranef.forEach((r, t) => {
    const q = r.termNames.length;
    const levels = r.levels.length;
    const header = ["level"];
    const columns: string[][] = [];
    for (let k = 0; k < q; k++) {
      const modes = new Array<number>(levels);
      const sds = new Array<number>(levels);
      for (let j = 0; j < levels; j++) {
        modes[j] = r.values[j * q + k]!;
        sds[j] = r.conditionalSd === undefined ? Number.NaN : r.conditionalSd[j * q + k]!;
      }
      header.push(r.termNames[k]!, `cond.sd(${r.termNames[k]})`);
      columns.push(formatNumbers(modes, digits), r.conditionalSd === undefined ? sds.map(() => "NA") : formatNumbers(sds, digits));
    }
    const rows: string[][] = [header];
    for (let j = 0; j < levels; j++) {
      const row = [r.levels[j]!];
      for (const column of columns) row.push(column[j]!);
      rows.push(row);
    }
    const align: Align[] = ["left"];
    lines.push("", `${labels[t]} (${levels} levels):`, ...table(rows, align).map((l) => ` ${l}`));
  });
  return lines;
}
