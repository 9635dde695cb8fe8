/** The workspace's packages (packages/* and apps/*), which one holds a file, and who depends on it. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

export interface WorkspacePackage {
  /** npm name, e.g. "@glmmkit/laplace". */
  readonly name: string;
  /** Folder relative to the repository root, e.g. "packages/laplace". */
  readonly dir: string;
  /** Workspace packages it depends on (dependencies and devDependencies). */
  readonly dependsOn: readonly string[];
}

export function workspacePackages(root: string): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  for (const folder of ["packages", "apps"]) {
    const base = join(root, folder);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base).sort()) {
      const manifestPath = join(base, entry, "package.json");
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
        name: string;
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      };
      const all = { ...manifest.dependencies, ...manifest.devDependencies };
      const dependsOn = Object.keys(all).filter((dep) => all[dep]!.startsWith("workspace:"));
      found.push({ name: manifest.name, dir: `${folder}/${entry}`, dependsOn });
    }
  }
  return found;
}

/** The package whose folder holds `file` (relative to the root). */
export function packageOfFile(packages: readonly WorkspacePackage[], root: string, file: string): WorkspacePackage {
  const rel = relative(root, join(root, file)).split(sep).join("/");
  const owner = packages.find((p) => rel.startsWith(`${p.dir}/`));
  if (owner === undefined) throw new Error(`${file} is in no workspace package`);
  return owner;
}

/**
 * `start` and every package that depends on it directly or through others, `start` first and each
 * package after all of its dependencies among them (so the nearest tests run first).
 */
export function packageWithDependents(packages: readonly WorkspacePackage[], start: WorkspacePackage): WorkspacePackage[] {
  const affected = new Set([start.name]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of packages) {
      if (!affected.has(p.name) && p.dependsOn.some((d) => affected.has(d))) {
        affected.add(p.name);
        grew = true;
      }
    }
  }
  const ordered: WorkspacePackage[] = [];
  const placed = new Set<string>();
  while (ordered.length < affected.size) {
    const before = ordered.length;
    for (const p of packages) {
      if (!affected.has(p.name) || placed.has(p.name)) continue;
      if (p.dependsOn.every((d) => !affected.has(d) || placed.has(d))) {
        ordered.push(p);
        placed.add(p.name);
      }
    }
    if (ordered.length === before) throw new Error("the workspace dependencies form a cycle");
  }
  return ordered;
}
