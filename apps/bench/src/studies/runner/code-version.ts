/**
 * The code version every stored row carries: the bench package's version and the git commit of the
 * checkout (with "+dirty" when tracked files differ from it), or GLMMKIT_CODE_VERSION when set (a worker
 * machine running from an unpacked copy). Computed once per process.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { repoRoot } from "../../paths.js";

let cached: string | undefined;

function git(args: string[]): string | null {
  try {
    return execFileSync("git", args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

export function codeVersion(): string {
  if (cached !== undefined) return cached;
  const fromEnvironment = process.env["GLMMKIT_CODE_VERSION"];
  if (fromEnvironment !== undefined && fromEnvironment !== "") return (cached = fromEnvironment);
  const manifest = JSON.parse(readFileSync(resolve(repoRoot, "apps", "bench", "package.json"), "utf8")) as { version: string };
  const commit = git(["rev-parse", "--short=12", "HEAD"]);
  const dirty = commit !== null && (git(["status", "--porcelain", "--untracked-files=no"]) ?? "") !== "";
  cached = `bench ${manifest.version}${commit === null ? "" : ` ${commit}${dirty ? "+dirty" : ""}`}`;
  return cached;
}
