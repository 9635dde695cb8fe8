#!/usr/bin/env node
// The packages as a user gets them: pack every publishable package (after `pnpm build`), check that no
// test, test helper or test data is in a tarball, install the tarballs into an empty project outside the
// workspace, run an ESM script against them (fitGlmm, the /node entry, the glmm bin) and type-check a
// consumer file with a strict tsc. Exits non-zero on the first failure. Used by .ci/run.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const work = mkdtempSync(join(tmpdir(), "glmmkit-consumer-"));
const tarballs = join(work, "tarballs");
const project = join(work, "project");
const run = (command, args, cwd) => execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

const dirs = [...readdirSync(join(repoRoot, "packages")).map((d) => join("packages", d)), join("apps", "cli")].filter((d) =>
  existsSync(join(repoRoot, d, "package.json")),
);
const packed = {};
for (const dir of dirs) {
  const manifest = JSON.parse(readFileSync(join(repoRoot, dir, "package.json"), "utf8"));
  if (!existsSync(join(repoRoot, dir, "dist"))) throw new Error(`${dir}/dist is missing: run pnpm build first`);
  const out = run("pnpm", ["pack", "--pack-destination", tarballs], join(repoRoot, dir)).trim().split("\n").pop();
  const files = run("tar", ["-tzf", out], work).split("\n").filter(Boolean);
  const leaked = files.filter((f) => /\.test\.|test-support|vendor\/|\.csv$|\.inputs\.json$/.test(f));
  if (leaked.length > 0) throw new Error(`${manifest.name}: test files in the tarball: ${leaked.join(", ")}`);
  for (const required of ["package/package.json", "package/README.md", "package/LICENSE", "package/dist/index.js", "package/dist/index.d.ts"]) {
    if (!files.includes(required)) throw new Error(`${manifest.name}: ${required} is not in the tarball`);
  }
  packed[manifest.name] = `file:${out}`;
  console.log(`packed ${manifest.name}: ${files.length} files`);
}

// The empty project: every @glmmkit dependency (direct or transitive) comes from the tarballs.
run("mkdir", ["-p", project], work);
writeFileSync(
  join(project, "package.json"),
  JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: packed, pnpm: { overrides: packed } }, null, 2),
);
copyFileSync(join(repoRoot, "vendor", "shared", "data", "culcita.csv"), join(project, "culcita.csv"));
run("pnpm", ["install", "--ignore-workspace", "--prefer-offline", "--config.confirmModulesPurge=false"], project);

writeFileSync(
  join(project, "consumer.mjs"),
  `import { fitGlmm, fitGlmmAsync } from "@glmmkit/estimators";
import { GlmmInputError, formatFitSummary, listEstimators } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import corePackage from "@glmmkit/core/package.json" with { type: "json" };

const table = readCsvFile("culcita.csv");
const fit = await fitGlmmAsync({ data: table, formula: "predation ~ ttt + (1 | block)" });
if (!fit.converged || Math.abs(fit.logLik - -30.35) > 0.01) throw new Error("unexpected fit: " + fit.logLik);
const rows = [{ y: 1, x: 0.1, g: "a" }, { y: 0, x: 1.2, g: "a" }, { y: 1, x: -0.4, g: "b" }, { y: 0, x: 2, g: "b" }];
try { fitGlmm({ data: rows, formula: "y ~ x + (1 | g" }); throw new Error("no error"); }
catch (e) { if (!GlmmInputError.isInstance(e) || e.kind !== "formula") throw e; }
console.log(formatFitSummary(fit).split("\\n")[0]);
console.log("estimators:", listEstimators().map((e) => e.name).join(","), "core", corePackage.version);
`,
);
console.log(run("node", ["consumer.mjs"], project).trim());
const version = run(join(project, "node_modules", ".bin", "glmm"), ["--version"], project).trim();
const cliFit = run(join(project, "node_modules", ".bin", "glmm"), ["fit", "culcita.csv", "--formula", "predation ~ ttt + (1 | block)"], project);
if (!cliFit.includes("converged: yes")) throw new Error(`glmm fit from the tarball:\n${cliFit}`);
console.log(`glmm ${version} from the tarball: fit ok`);

writeFileSync(
  join(project, "consumer.ts"),
  `import { fitGlmm, type FitGlmmRequest } from "@glmmkit/estimators";
import { dataTableFromColumns, formatFitSummary, type FitResult } from "@glmmkit/core";
import { readCsvFile } from "@glmmkit/core/node";
import { configureHighs } from "@glmmkit/separation-detect";
import { expit } from "@glmmkit/math";

configureHighs({ locateFile: (file: string) => file });
const request: FitGlmmRequest = { data: dataTableFromColumns({ y: [1, 0], x: [expit(0.2), 1], g: ["a", "b"] }), formula: "y ~ x + (1 | g)" };
const fit: FitResult = fitGlmm(request);
const text: string = formatFitSummary(fit);
const table = readCsvFile("culcita.csv");
export const rows: number = table.rows + text.length;
`,
);
writeFileSync(
  join(project, "tsconfig.json"),
  JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      noEmit: true,
      types: [],
    },
    files: ["consumer.ts"],
  }),
);
const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
try {
  run("node", [tsc, "-p", "tsconfig.json"], project);
} catch (error) {
  throw new Error(`strict tsc against the tarballs failed:\n${error.stdout}${error.stderr}`);
}
console.log("strict tsc against the tarballs: ok");
console.log(`consumer test passed (${Object.keys(packed).length} packages) in ${work}`);
