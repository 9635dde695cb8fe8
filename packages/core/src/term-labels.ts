/**
 * Names for random-effects terms when several share a grouping factor (`(time || patientID)` gives two
 * terms on patientID). lme4 prints such components with R's make.unique: "patientID", "patientID.1";
 * its "groups:" line counts each grouping factor once.
 */
import type { ModelFrame } from "./model-frame.js";

/** R's make.unique: the first occurrence keeps its name, later ones get ".1", ".2", … (skipping taken names). */
export function makeUnique(names: readonly string[]): string[] {
  const taken = new Set(names);
  const counters = new Map<string, number>();
  const seen = new Set<string>();
  // Built by push in a loop, not map with an arrow: every fit asks for these labels, and a closure made per
  // call (or an array whose elements kind depends on the tier that built it) costs recompilations downstream.
  const out: string[] = [];
  for (const name of names) {
    if (!seen.has(name)) {
      seen.add(name);
      out.push(name);
      continue;
    }
    let k = counters.get(name) ?? 0;
    let candidate: string;
    do candidate = `${name}.${++k}`;
    while (taken.has(candidate));
    counters.set(name, k);
    taken.add(candidate);
    out.push(candidate);
  }
  return out;
}

/** One label per random-effects term, unique across the model (make.unique of the group names). */
export function termLabels(frame: Pick<ModelFrame, "terms">): string[] {
  const groups: string[] = [];
  for (const t of frame.terms) groups.push(t.group);
  return makeUnique(groups);
}

/** Each grouping factor once, in term order, with its number of levels (lme4's ngrps). */
export function groupingFactors(frame: Pick<ModelFrame, "terms">): { group: string; levels: number }[] {
  const out: { group: string; levels: number }[] = [];
  for (const t of frame.terms) if (!hasGroup(out, t.group)) out.push({ group: t.group, levels: t.levels.length });
  return out;
}

function hasGroup(factors: readonly { group: string }[], group: string): boolean {
  for (const g of factors) if (g.group === group) return true;
  return false;
}
