#!/usr/bin/env node
// One template for every publishable package's package.json (packages/* and apps/cli): repository,
// engines, keywords, licence, the files that go into the tarball (no tests, no test data), an exports map
// whose every entry has the "@glmmkit/source" condition (src/*.ts, for tests and tools) before types and
// the built JavaScript, and "./package.json". It also copies the root LICENSE into each package (npm puts
// a package's own LICENSE in its tarball). `--check` changes nothing and exits 1 when a manifest or a
// LICENSE differs from the template (CI runs it), so a new package or a hand edit cannot drift.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const check = process.argv.includes("--check");
const root = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
const license = readFileSync(join(repoRoot, "LICENSE"), "utf8");

const REPOSITORY_URL = "git+https://github.com/glmmkit/glmmkit.git";
const BASE_KEYWORDS = ["glmm", "mixed-effects", "logistic-regression", "statistics", "lme4"];
/** Package-specific keywords (appended to the base list). */
const EXTRA_KEYWORDS = {
  math: ["special-functions", "gauss-hermite", "random-numbers"],
  linalg: ["cholesky", "linear-algebra", "float64array"],
  core: ["formula", "model-frame", "csv"],
  laplace: ["laplace-approximation", "pirls", "quadrature"],
  optimizers: ["newton", "bfgs", "optimization"],
  penalties: ["jeffreys-prior", "penalized-likelihood", "firth"],
  "separation-detect": ["separation", "linear-programming", "highs"],
  estimators: ["maximum-likelihood", "penalized-likelihood", "firth"],
  cli: ["cli", "command-line"],
};
/** What goes into every tarball besides package.json, README.md and LICENSE (npm adds those itself). */
const FILES = ["dist", "!dist/**/*.test.*", "!dist/**/test-support", "!dist/*.inputs.json", "src", "!src/**/*.test.ts", "!src/**/test-support"];

function packageDirs() {
  const dirs = readdirSync(join(repoRoot, "packages")).map((d) => join("packages", d));
  dirs.push(join("apps", "cli"));
  return dirs.filter((d) => existsSync(join(repoRoot, d, "package.json")));
}

/** "./node" → src/node.ts / dist/node.{js,d.ts}; "." → index. */
function exportEntry(key) {
  const base = key === "." ? "index" : key.slice(2);
  return { "@glmmkit/source": `./src/${base}.ts`, types: `./dist/${base}.d.ts`, default: `./dist/${base}.js` };
}

function withTemplate(dir, manifest) {
  const short = dir.split("/").pop();
  const next = {};
  // Key order: identity first, then metadata, then entry points, then scripts and dependencies.
  for (const key of ["name", "version", "description", "type", "license"]) if (key in manifest) next[key] = manifest[key];
  next.license = "MIT";
  next.type = "module";
  next.keywords = [...BASE_KEYWORDS, ...(EXTRA_KEYWORDS[short] ?? [])];
  next.repository = { type: "git", url: REPOSITORY_URL, directory: dir };
  next.engines = { node: root.engines.node };
  const subpaths = Object.keys(manifest.exports ?? { ".": null }).filter((k) => k !== "./package.json");
  next.exports = Object.fromEntries([...subpaths.map((k) => [k, exportEntry(k)]), ["./package.json", "./package.json"]]);
  next.files = manifest.bin ? [...FILES, "bin"] : FILES;
  for (const [key, value] of Object.entries(manifest)) if (!(key in next)) next[key] = value;
  delete next.private;
  next.publishConfig = { access: "public" };
  return next;
}

let drift = 0;
for (const dir of packageDirs()) {
  const path = join(repoRoot, dir, "package.json");
  const before = readFileSync(path, "utf8");
  const after = `${JSON.stringify(withTemplate(dir, JSON.parse(before)), null, 2)}\n`;
  const licensePath = join(repoRoot, dir, "LICENSE");
  const licenseBefore = existsSync(licensePath) ? readFileSync(licensePath, "utf8") : null;
  for (const [file, old, now] of [[path, before, after], [licensePath, licenseBefore, license]]) {
    if (old === now) continue;
    drift++;
    if (check) console.error(`differs from the template: ${file.slice(repoRoot.length + 1)}`);
    else writeFileSync(file, now);
  }
}
if (check && drift > 0) {
  console.error("run `pnpm manifests` and commit the result");
  process.exit(1);
}
console.log(check ? "package manifests match the template" : `package manifests synced (${drift} file(s) written)`);
