/** Everything a study's report reads: its cells with their truth, its columns with rows, the decoded rows and published.json. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createSimulator } from "@glmmkit/simulate";
import { repoRoot } from "../../paths.js";
import type { StoredRow } from "../runner/stored-row.js";
import { studyCellLabels } from "../runner/study-task.js";
import type { StudyDefinition } from "../study-definition.js";
import { decodeRows } from "./decode-rows.js";
import type { CellTruth, PublishedNumbers, StudyReportInput } from "./report-types.js";

/** The vendored copy of ../shared/reference/published.json (present in every clone, CI included). */
export function readPublished(): PublishedNumbers {
  return JSON.parse(readFileSync(resolve(repoRoot, "vendor", "shared", "reference", "published.json"), "utf8")) as PublishedNumbers;
}

/** The truth of a cell: replicate 1's (every replicate of a cell shares its parameters). */
export function cellTruth(study: StudyDefinition, input: Record<string, string | number>, seed: string): CellTruth {
  const truth = createSimulator(study.design, input, { seed }).replicate(1).truth;
  const sd: Record<string, number> = {};
  for (const term of truth.randomEffects) {
    term.terms.forEach((name, k) => {
      sd[term.terms.length === 1 ? `sd(${term.group})` : `sd(${term.group}:${name})`] = term.sd[k]!;
    });
  }
  return { beta: truth.beta, sd };
}

export function reportInput(study: StudyDefinition, seed: string, stored: readonly StoredRow[]): StudyReportInput {
  const rows = decodeRows(stored);
  const labels = new Set(rows.map((r) => r.estimator));
  return {
    cells: studyCellLabels(study).map(({ label, input }) => ({ label, input, truth: cellTruth(study, { ...input }, seed) })),
    estimators: study.estimators.filter((e) => labels.has(e.label)),
    rows,
    published: readPublished(),
  };
}
