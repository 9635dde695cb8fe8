/** What `glmm fit` builds from a replicate's CSV (text → CSV parser → model frame), for comparisons. */
import { buildModelFrame, parseCsv, type ModelFrame } from "@glmmkit/core";
import { expect } from "vitest";
import type { SimulatedReplicate } from "../simulate.js";
import { toCsv } from "../simulated-table.js";

export function frameReadBack(replicate: SimulatedReplicate): ModelFrame {
  const table = parseCsv(toCsv(replicate.table), "replicate.csv");
  return buildModelFrame(table, replicate.truth.formula, replicate.truth.frameOptions);
}

/** The replicate's frame (the one its data were drawn from) equals the one read back from its CSV, exactly. */
export function expectFrameReadBack(replicate: SimulatedReplicate): void {
  const read = frameReadBack(replicate);
  const drawn = replicate.frame;
  expect(read.n).toBe(drawn.n);
  expect(read.betaNames).toEqual(drawn.betaNames);
  expect(read.binary).toBe(drawn.binary);
  expect(Array.from(read.y)).toEqual(Array.from(drawn.y));
  expect(Array.from(read.trials)).toEqual(Array.from(drawn.trials));
  expect(Array.from(read.X)).toEqual(Array.from(drawn.X));
  expect(read.terms.length).toBe(drawn.terms.length);
  read.terms.forEach((term, t) => {
    const other = drawn.terms[t]!;
    expect(term.group).toBe(other.group);
    expect(term.termNames).toEqual(other.termNames);
    expect(term.levels).toEqual(other.levels);
    expect(Array.from(term.groupIndex)).toEqual(Array.from(other.groupIndex));
    expect(Array.from(term.Z)).toEqual(Array.from(other.Z));
  });
  expect(Object.keys(replicate.truth.beta)).toEqual(read.betaNames);
}
