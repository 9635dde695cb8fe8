/**
 * The CLI's version: inlined by the bundler (scripts/build-bundle.mjs defines __GLMM_VERSION__); when
 * running from source it is read from package.json (one directory above src/ and dist/ alike).
 */
import { createRequire } from "node:module";

declare const __GLMM_VERSION__: string | undefined;

/** The version `glmm --version` prints (the @glmmkit/cli package version). */
export function cliVersion(): string {
  if (typeof __GLMM_VERSION__ === "string") return __GLMM_VERSION__;
  const manifest = createRequire(import.meta.url)("../package.json") as { version: string };
  return manifest.version;
}
