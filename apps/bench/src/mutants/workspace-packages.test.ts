import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../paths.js";
import { packageOfFile, packageWithDependents, workspacePackages } from "./workspace-packages.js";
import { plantedMutations } from "./planted-mutations.js";

describe("workspace packages", () => {
  const packages = workspacePackages(repoRoot);

  it("a laplace edit runs laplace's tests first, then every package that imports it, dependencies first", () => {
    const laplace = packageOfFile(packages, repoRoot, "packages/laplace/src/glmm-likelihood.ts");
    const order = packageWithDependents(packages, laplace).map((p) => p.name);
    expect(order[0]).toBe("@glmmkit/laplace");
    expect(order).toContain("@glmmkit/estimators");
    expect(order).toContain("@glmmkit/cli");
    expect(order).not.toContain("@glmmkit/math");
    expect(order.indexOf("@glmmkit/estimators")).toBeLessThan(order.indexOf("@glmmkit/cli"));
  });

  it("every planted mutation names a file inside a workspace package, with a unique id", () => {
    for (const m of plantedMutations) expect(() => packageOfFile(packages, repoRoot, m.file), m.id).not.toThrow();
    expect(new Set(plantedMutations.map((m) => m.id)).size).toBe(plantedMutations.length);
  });

  // A refactor that moves the code a mutation edits makes it stale: `pnpm bench mutants` reports it, but
  // only this test makes it fail CI, so the list is updated with the code.
  it("every planted mutation's text occurs exactly once in its file (none is stale)", () => {
    for (const m of plantedMutations) {
      const occurrences = readFileSync(join(repoRoot, m.file), "utf8").split(m.find).length - 1;
      expect(occurrences, `${m.id}: "${m.find}" in ${m.file}`).toBe(1);
    }
  });
});
