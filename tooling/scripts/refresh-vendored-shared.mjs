#!/usr/bin/env node
// Refreshes vendor/shared/ (the test data and reference numbers the tests read) from ../shared, so that
// `pnpm test` passes in a clone without ../shared. Run `pnpm vendor:shared` after ../shared changes and
// commit the result; `pnpm vendor:shared --check` exits 1 when the copy differs from ../shared.
// Copied: every reference/*.json and every data/*.csv except those listed in BENCH_ONLY (large files that
// only `pnpm bench` reads, from ../shared directly).
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const source = process.env["GLMMKIT_SHARED"] ?? resolve(repoRoot, "..", "shared");
const target = join(repoRoot, "vendor", "shared");
const BENCH_ONLY = new Set(["sim_large_J2000.csv"]);
const FOLDERS = { data: /\.csv$/, reference: /\.json$/ };
const check = process.argv.includes("--check");

if (!existsSync(source)) {
  console.error(`error: ${source} not found (set GLMMKIT_SHARED to the shared folder)`);
  process.exit(2);
}
let differences = 0;
for (const [folder, pattern] of Object.entries(FOLDERS)) {
  const from = join(source, folder);
  const to = join(target, folder);
  const wanted = readdirSync(from).filter((f) => pattern.test(f) && !BENCH_ONLY.has(f)).sort();
  const present = existsSync(to) ? readdirSync(to).sort() : [];
  for (const file of wanted) {
    const same = existsSync(join(to, file)) && readFileSync(join(to, file)).equals(readFileSync(join(from, file)));
    if (same) continue;
    differences++;
    if (check) console.error(`differs: vendor/shared/${folder}/${file}`);
    else {
      mkdirSync(to, { recursive: true });
      copyFileSync(join(from, file), join(to, file));
      chmodSync(join(to, file), 0o644); // ../shared is read-only; the copy must stay editable by the next refresh
      console.log(`copied ${folder}/${file}`);
    }
  }
  for (const stale of present.filter((f) => !wanted.includes(f))) {
    differences++;
    if (check) console.error(`not in ../shared: vendor/shared/${folder}/${stale}`);
    else {
      rmSync(join(to, stale));
      console.log(`removed ${folder}/${stale}`);
    }
  }
}
if (check && differences > 0) process.exit(1);
console.log(check ? "vendor/shared matches ../shared" : `vendor/shared refreshed (${differences} change(s))`);
