/** Types of study-bundles.mjs (a plain script, so `pnpm install` runs it without a compiler). */
import type { NodeBundleResult } from "@glmmkit/node-bundle";

export const STUDY_COMMANDS: readonly string[];
export const STUDY_BUNDLES: { readonly thread: string; readonly commands: string };
export function buildStudyBundles(): Promise<NodeBundleResult>;
export function currentStudyBundles(): Promise<{ readonly thread: string; readonly commands: string }>;
