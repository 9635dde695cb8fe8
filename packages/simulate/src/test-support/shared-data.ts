/** Paths to ../shared (data and reference numbers beside the repository). */
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";

export function sharedDataPath(file: string): string {
  return fileURLToPath(new URL(`../../../../../shared/data/${file}`, import.meta.url));
}

export function sharedReferencePath(file: string): string {
  return fileURLToPath(new URL(`../../../../../shared/reference/${file}`, import.meta.url));
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
