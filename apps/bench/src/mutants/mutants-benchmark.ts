/**
 * `bench mutants`: mutation testing with a fixed list of planted bugs (planted-mutations.ts). Each bug is
 * applied to the working tree, the tests of the edited package and of every package that depends on it
 * run (nearest first, `vitest --bail=1`, stopping at the first package whose tests fail), and the file is
 * restored. A mutant is killed when some test fails (or the run times out); the score of a package is
 * the share of its planted bugs that are killed, with the share its own tests kill beside it.
 * Not part of CI: it runs the affected suites once per mutant (tens of minutes on two cores).
 *
 *   pnpm bench mutants [--only id,id] [--root DIR] [--timeout-seconds N] [--json-out FILE] [--no-baseline] [--list]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { flagValue, intFlag } from "../args.js";
import { repoRoot } from "../paths.js";
import { plantedMutations, type PlantedMutation } from "./planted-mutations.js";
import { ReversibleEditor } from "./reversible-edit.js";
import { runPackageTests, type PackageTestOutcome } from "./run-package-tests.js";
import { packageOfFile, packageWithDependents, workspacePackages, type WorkspacePackage } from "./workspace-packages.js";

export interface MutantResult {
  readonly id: string;
  readonly package: string;
  readonly description: string;
  /** "killed", "survived" or "stale" (the `find` text is not in the file exactly once). */
  readonly status: "killed" | "survived" | "stale";
  /** The package whose tests killed it, and the first failing test file. */
  readonly killedBy: string | null;
  readonly failingTest: string | null;
  readonly packagesRun: string[];
  readonly seconds: number;
}

function selectedMutations(args: readonly string[]): PlantedMutation[] {
  const only = flagValue(args, "--only");
  if (only === undefined) return [...plantedMutations];
  const ids = only.split(",").map((s) => s.trim());
  const unknown = ids.filter((id) => !plantedMutations.some((m) => m.id === id));
  if (unknown.length > 0) throw new Error(`--only: unknown mutation ${unknown.map((u) => `"${u}"`).join(", ")}`);
  return plantedMutations.filter((m) => ids.includes(m.id));
}

async function runTests(editor: ReversibleEditor, root: string, pkg: WorkspacePackage, timeoutSeconds: number): Promise<PackageTestOutcome> {
  const running = runPackageTests(root, pkg.dir, timeoutSeconds);
  const remove = editor.addSignalCleanup(() => running.stop());
  try {
    return await running.done;
  } finally {
    remove();
  }
}

export async function runMutantsBenchmark(args: readonly string[]): Promise<void> {
  const root = resolve(flagValue(args, "--root") ?? repoRoot);
  const timeoutSeconds = intFlag(args, "--timeout-seconds", 900);
  const mutations = selectedMutations(args);
  const packages = workspacePackages(root);
  if (args.includes("--list")) {
    for (const m of mutations) process.stdout.write(`${m.id.padEnd(36)} ${m.file}: ${m.description}\n`);
    return;
  }
  const editor = new ReversibleEditor(join(root, "bench-results", "mutants-journal.json"));
  const recovered = editor.recoverFromJournal();
  if (recovered !== null) process.stdout.write(`restored ${recovered}, left edited by an interrupted run\n`);
  editor.open();
  try {
    const plans = mutations.map((m) => ({ mutation: m, owner: packageOfFile(packages, root, m.file) }));
    if (!args.includes("--no-baseline")) {
      // Every suite a mutant may run must pass on the unmutated tree, or "killed" means nothing.
      const involved = new Map<string, WorkspacePackage>();
      for (const { owner } of plans) for (const p of packageWithDependents(packages, owner)) involved.set(p.name, p);
      for (const p of involved.values()) {
        const outcome = await runTests(editor, root, p, timeoutSeconds);
        process.stdout.write(`baseline ${p.name}: ${outcome.status} (${outcome.seconds.toFixed(0)} s)\n`);
        if (outcome.status !== "passed") throw new Error(`the unmutated tests of ${p.name} do not pass (${outcome.firstFailure ?? outcome.status})`);
      }
    }
    const results: MutantResult[] = [];
    for (const { mutation, owner } of plans) {
      const result = await runMutant(editor, root, packages, mutation, owner, timeoutSeconds);
      results.push(result);
      const where = result.killedBy === null ? "" : ` by ${result.killedBy}${result.failingTest === null ? "" : ` (${result.failingTest})`}`;
      process.stdout.write(`${result.status.padEnd(8)} ${mutation.id.padEnd(36)} ${result.seconds.toFixed(0).padStart(4)} s${where}\n`);
    }
    process.stdout.write(`\n${scoreTable(results).join("\n")}\n`);
    const out = resolve(flagValue(args, "--json-out") ?? join(root, "bench-results", "mutants.json"));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ root, results }, null, 2)}\n`);
    process.stdout.write(`results written to ${out}\n`);
  } finally {
    editor.close();
  }
}

async function runMutant(
  editor: ReversibleEditor,
  root: string,
  packages: readonly WorkspacePackage[],
  mutation: PlantedMutation,
  owner: WorkspacePackage,
  timeoutSeconds: number,
): Promise<MutantResult> {
  const started = process.hrtime.bigint();
  const packagesRun: string[] = [];
  const base = { id: mutation.id, package: owner.name, description: mutation.description, packagesRun };
  const outcome = await editor.withEdit(join(root, mutation.file), mutation.find, mutation.replace, async () => {
    for (const pkg of packageWithDependents(packages, owner)) {
      packagesRun.push(pkg.name);
      const tests = await runTests(editor, root, pkg, timeoutSeconds);
      if (tests.status !== "passed") return { killedBy: pkg.name, failingTest: tests.firstFailure ?? tests.status };
    }
    return { killedBy: null, failingTest: null };
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (outcome === null) return { ...base, status: "stale", killedBy: null, failingTest: null, seconds };
  return { ...base, status: outcome.killedBy === null ? "survived" : "killed", ...outcome, seconds };
}

/** Per package of the edited files: mutants, killed (by any suite / by its own tests), score. */
export function scoreTable(results: readonly MutantResult[]): string[] {
  const byPackage = new Map<string, MutantResult[]>();
  for (const r of results) byPackage.set(r.package, [...(byPackage.get(r.package) ?? []), r]);
  const lines = [`${"package".padEnd(28)} ${"mutants".padStart(7)} ${"killed".padStart(6)} ${"by own".padStart(6)} ${"stale".padStart(5)}  score`];
  let total = 0;
  let killed = 0;
  for (const [name, rows] of [...byPackage.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const live = rows.filter((r) => r.status !== "stale");
    const k = live.filter((r) => r.status === "killed").length;
    const own = live.filter((r) => r.killedBy === name).length;
    total += live.length;
    killed += k;
    const score = live.length === 0 ? "-" : `${((100 * k) / live.length).toFixed(0)} %`;
    lines.push(`${name.padEnd(28)} ${String(live.length).padStart(7)} ${String(k).padStart(6)} ${String(own).padStart(6)} ${String(rows.length - live.length).padStart(5)}  ${score}`);
  }
  lines.push(`${"all".padEnd(28)} ${String(total).padStart(7)} ${String(killed).padStart(6)} ${"".padStart(6)} ${"".padStart(5)}  ${total === 0 ? "-" : `${((100 * killed) / total).toFixed(0)} %`}`);
  const survivors = results.filter((r) => r.status === "survived").map((r) => r.id);
  if (survivors.length > 0) lines.push(`survived: ${survivors.join(", ")}`);
  return lines;
}
