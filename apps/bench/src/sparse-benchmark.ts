/**
 * `bench sparse`: the sparse Cholesky of @glmmkit/linalg on the mixed-model patterns Λᵀ Zᵀ W Z Λ + I
 * (crossed, partially crossed, nested, block-diagonal, three factors, observation-level). Per pattern:
 * the one-off analysis, then medians of repeated refactor / solve / selected inverse in a warm process,
 * nnz(L), supernodes, and the bytes of the analysis and of one factorisation. Each timing is a batch
 * of calls, as wall time and as the process's CPU time (on a shared machine the wall time also counts
 * the time the process waited for a core); the three operations interleave so load slows them alike.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyseSparseCholesky, SparseCholesky, type SparseCholeskySymbolic } from "@glmmkit/linalg";
import { designMatrix, observationLevelDesign, standardDesigns } from "@glmmkit/linalg/test-support/design-patterns";
import { flagValue, intFlag } from "./args.js";
import { resultsDir } from "./paths.js";
import { median } from "./timing.js";

/** The target for the 1 500 × 120 crossed pattern: refactor and selected inverse well under 5 ms. */
const TARGET_MS = 5;

/** Calls per timed batch, so the CPU clock's microsecond resolution is fine for 0.05 ms operations. */
const BATCH = 5;

function seconds(task: () => void): number {
  const t0 = process.hrtime.bigint();
  task();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Wall and CPU (user + system) seconds per call over a batch of calls. */
function timeBatch(task: () => void): { wall: number; cpu: number } {
  const cpu0 = process.cpuUsage();
  const wall = seconds(() => {
    for (let k = 0; k < BATCH; k++) task();
  });
  const cpu = process.cpuUsage(cpu0);
  return { wall: wall / BATCH, cpu: (cpu.user + cpu.system) / 1e6 / BATCH };
}

/** Bytes of every typed array the symbolic analysis holds (its pattern included). */
function symbolicBytes(symbolic: SparseCholeskySymbolic): number {
  let bytes = symbolic.pattern.colPtr.byteLength + symbolic.pattern.rowIndex.byteLength;
  for (const value of Object.values(symbolic)) if (ArrayBuffer.isView(value)) bytes += value.byteLength;
  return bytes;
}

export function runSparseBenchmark(args: readonly string[]): void {
  const runs = intFlag(args, "--runs", 21);
  const rows: Record<string, unknown>[] = [];
  // The patterns, plus an observation-level factor at the size of the large crossed data.
  for (const design of [...standardDesigns(), observationLevelDesign(70_000, 1500, 19)]) {
    const { system, values } = designMatrix(design, 7);
    const { pattern } = system;
    let symbolic = analyseSparseCholesky(pattern);
    const analyseSeconds = median(
      Array.from({ length: 5 }, () => seconds(() => (symbolic = analyseSparseCholesky(pattern)))),
    );
    const natural = analyseSparseCholesky(pattern, { ordering: "natural" });
    const cholesky = new SparseCholesky(symbolic);
    const rhs = new Float64Array(pattern.n);
    const inverse = new Float64Array(values.length);
    const refactor = { wall: [] as number[], cpu: [] as number[] };
    const solve = { wall: [] as number[], cpu: [] as number[] };
    const selectedInverse = { wall: [] as number[], cpu: [] as number[] };
    const record = (into: { wall: number[]; cpu: number[] }, timed: { wall: number; cpu: number }) => {
      into.wall.push(timed.wall);
      into.cpu.push(timed.cpu);
    };
    for (let run = -3; run < runs; run++) {
      const r = timeBatch(() => {
        if (!cholesky.refactor(values)) throw new Error(`${design.name}: not positive definite`);
      });
      const s = timeBatch(() => {
        rhs.fill(1);
        cholesky.solveInPlace(rhs);
      });
      const i = timeBatch(() => cholesky.inverseOnPattern(inverse));
      if (run < 0) continue; // warm-up
      record(refactor, r);
      record(solve, s);
      record(selectedInverse, i);
    }
    rows.push({
      pattern: design.name,
      observations: design.observations,
      n: pattern.n,
      nnzA: pattern.rowIndex.length,
      nnzL: symbolic.nnzFactor,
      nnzLNatural: natural.nnzFactor,
      supernodes: symbolic.supernodeCount,
      widestSupernode: symbolic.maxSupernodeColumns,
      analyseMs: analyseSeconds * 1e3,
      refactorMs: median(refactor.wall) * 1e3,
      refactorCpuMs: median(refactor.cpu) * 1e3,
      solveMs: median(solve.wall) * 1e3,
      solveCpuMs: median(solve.cpu) * 1e3,
      selectedInverseMs: median(selectedInverse.wall) * 1e3,
      selectedInverseCpuMs: median(selectedInverse.cpu) * 1e3,
      analysisBytes: symbolicBytes(symbolic),
      factorisationBytes: cholesky.memoryBytes(),
    });
  }
  printTable(rows, runs);
  const out = flagValue(args, "--json-out") ?? join(resultsDir, "sparse.json");
  mkdirSync(join(out, ".."), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ suite: "sparse", node: process.version, runs, targetMs: TARGET_MS, rows }, null, 2)}\n`);
  process.stdout.write(`\nwrote ${out}\n`);
}

function printTable(rows: Record<string, unknown>[], runs: number): void {
  const header = ["pattern", "n", "nnz(A)", "nnz(L)", "natural", "supernodes", "analyse ms", "refactor ms", "(cpu)", "solve ms", "(cpu)", "sel.inv ms", "(cpu)", "analysis KiB", "factor KiB"];
  const kib = (bytes: unknown) => ((bytes as number) / 1024).toFixed(0);
  const fixed = (value: unknown) => (value as number).toFixed(3);
  const body = rows.map((r) => [
    String(r["pattern"]),
    String(r["n"]),
    String(r["nnzA"]),
    String(r["nnzL"]),
    String(r["nnzLNatural"]),
    String(r["supernodes"]),
    (r["analyseMs"] as number).toFixed(1),
    fixed(r["refactorMs"]),
    fixed(r["refactorCpuMs"]),
    fixed(r["solveMs"]),
    fixed(r["solveCpuMs"]),
    fixed(r["selectedInverseMs"]),
    fixed(r["selectedInverseCpuMs"]),
    kib(r["analysisBytes"]),
    kib(r["factorisationBytes"]),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: string[]) => cells.map((s, c) => (c === 0 ? s.padEnd(widths[c]!) : s.padStart(widths[c]!))).join("  ");
  process.stdout.write(
    `Sparse Cholesky (AMD, supernodal) on Λᵀ Zᵀ W Z Λ + I: medians of ${runs} batches of ${BATCH} calls in a warm process, wall and CPU time per call\n`,
  );
  process.stdout.write(`(target for the 1500×120 crossed pattern: refactor and selected inverse well under ${TARGET_MS} ms)\n`);
  process.stdout.write(`${line(header)}\n`);
  for (const b of body) process.stdout.write(`${line(b)}\n`);
}
