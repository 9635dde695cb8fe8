/**
 * What a design's cells produce, checked on the data as the entropy paper's Figures 2–3 check its own
 * (../shared/papers/000_…, §4.2): per cell, over R replicates, the realised prevalence, the share of
 * replicates whose fixed-effects design is separated (Konis's LP, @glmmkit/separation-detect) and the
 * share of clusters perfectly predicted (all responses 0, or all at their trial counts).
 */
import type { ModelFrame } from "@glmmkit/core";
import { detectSeparation } from "@glmmkit/separation-detect";
import { enumerateCells, type Cell, type CellInput } from "./cell.js";
import type { SimulationDesign } from "./design.js";
import { createSimulator } from "./simulate.js";

export interface CellDescription {
  readonly cell: Cell;
  readonly cellLabel: string;
  readonly replicates: number;
  /** Mean number of rows per replicate. */
  readonly meanRows: number;
  /** Mean over replicates of the share of successes among all trials, and its Monte-Carlo SE. */
  readonly prevalence: number;
  readonly prevalenceSe: number;
  /** Share of replicates whose X is separated according to the LP. */
  readonly separatedShare: number;
  /** Per random-effects term: the share of its clusters (pooled over replicates) perfectly predicted. */
  readonly perfectlyPredicted: readonly { readonly group: string; readonly share: number }[];
}

export interface DescribeOptions {
  readonly seed: string | number;
  readonly replicates: number;
  /** Called as each cell is done (for progress output). */
  readonly onCell?: (description: CellDescription, index: number, total: number) => void;
}

/** Number of levels of term `t` whose responses are all 0 or all equal to their trials. */
export function countPerfectlyPredictedClusters(frame: ModelFrame, t: number): number {
  const term = frame.terms[t]!;
  const J = term.levels.length;
  // Per cluster: -1 unseen, 0 only failures so far, 1 only successes so far, 2 mixed.
  const state = new Int8Array(J).fill(-1);
  for (let i = 0; i < frame.n; i++) {
    const j = term.groupIndex[i]!;
    const y = frame.y[i]!;
    const m = frame.trials[i]!;
    if (m === 0) continue;
    const kind = y === 0 ? 0 : y === m ? 1 : 2;
    const before = state[j]!;
    state[j] = before === -1 || before === kind ? kind : 2;
  }
  let count = 0;
  for (let j = 0; j < J; j++) if (state[j] === 0 || state[j] === 1) count++;
  return count;
}

export async function describeCells(
  design: SimulationDesign,
  fixed: CellInput,
  options: DescribeOptions,
): Promise<CellDescription[]> {
  const cells = enumerateCells(design.name, design.cellKeys, fixed);
  const out: CellDescription[] = [];
  for (const cell of cells) {
    const simulator = createSimulator(design, cell, { seed: options.seed });
    let rows = 0;
    let prevalenceSum = 0;
    let prevalenceSquares = 0;
    let separated = 0;
    let groups: string[] = [];
    let perfect: number[] = [];
    let clusters: number[] = [];
    for (let k = 1; k <= options.replicates; k++) {
      const { frame } = simulator.replicate(k);
      if (k === 1) {
        groups = frame.terms.map((t) => t.group);
        perfect = groups.map(() => 0);
        clusters = groups.map(() => 0);
      }
      let successes = 0;
      let trials = 0;
      for (let i = 0; i < frame.n; i++) {
        successes += frame.y[i]!;
        trials += frame.trials[i]!;
      }
      const prevalence = successes / trials;
      prevalenceSum += prevalence;
      prevalenceSquares += prevalence * prevalence;
      rows += frame.n;
      const report = await detectSeparation(frame.X, frame.n, frame.p, frame.y, frame.binary ? null : frame.trials, {
        columnNames: [...frame.betaNames],
      });
      if (report.separated) separated++;
      frame.terms.forEach((term, t) => {
        perfect[t] = perfect[t]! + countPerfectlyPredictedClusters(frame, t);
        clusters[t] = clusters[t]! + term.levels.length;
      });
    }
    const R = options.replicates;
    const mean = prevalenceSum / R;
    const variance = R > 1 ? Math.max(0, (prevalenceSquares - R * mean * mean) / (R - 1)) : Number.NaN;
    const description: CellDescription = {
      cell,
      cellLabel: simulator.cellLabel,
      replicates: R,
      meanRows: rows / R,
      prevalence: mean,
      prevalenceSe: Math.sqrt(variance / R),
      separatedShare: separated / R,
      perfectlyPredicted: groups.map((group, t) => ({ group, share: perfect[t]! / clusters[t]! })),
    };
    out.push(description);
    options.onCell?.(description, out.length - 1, cells.length);
  }
  return out;
}

const STATISTICS = ["rows", "prevalence", "(MC SE)", "X separated (LP)", "clusters perfectly predicted"];

/** Column widths: each cell key as wide as its name or longest value, each statistic as its header. */
function widths(design: SimulationDesign): number[] {
  return [
    ...design.cellKeys.map((k) => Math.max(k.name.length, ...k.values.map((v) => v.length))),
    ...STATISTICS.map((h) => Math.max(h.length, 8)),
  ];
}

function alignedRow(cells: readonly string[], columnWidths: readonly number[]): string {
  return cells.map((c, k) => (k === cells.length - 1 ? c : c.padEnd(columnWidths[k]!))).join("  ");
}

/** The header line of the table `formatCellDescription` rows belong to. */
export function formatCellDescriptionHeader(design: SimulationDesign): string {
  return alignedRow([...design.cellKeys.map((k) => k.name), ...STATISTICS], widths(design));
}

/** One row per cell: its keys, mean rows, prevalence (MC SE), separated share, perfectly predicted share. */
export function formatCellDescription(design: SimulationDesign, d: CellDescription): string {
  const perfect = d.perfectlyPredicted
    .map((p) => (d.perfectlyPredicted.length > 1 ? `${p.group} ${p.share.toFixed(3)}` : p.share.toFixed(3)))
    .join(", ");
  return alignedRow(
    [
      ...design.cellKeys.map((k) => d.cell[k.name]!),
      d.meanRows.toFixed(1),
      d.prevalence.toFixed(4),
      `(${d.prevalenceSe.toFixed(4)})`,
      d.separatedShare.toFixed(3),
      perfect,
    ],
    widths(design),
  );
}
