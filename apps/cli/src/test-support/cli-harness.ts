/** Running the CLI in-process and writing small CSV files, for the command tests. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { main, type CliIo } from "../main.js";

export const sharedDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "vendor", "shared");

export async function runCli(args: string[], stdin?: string | Uint8Array): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    readStdin: () => (typeof stdin === "string" ? new TextEncoder().encode(stdin) : (stdin ?? new Uint8Array(0))),
  };
  const code = await main(args, io);
  return { code, out, err };
}

/** Write `text` to a new temporary file called `name`; returns its path. */
export function writeTempCsv(name: string, text: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), "glmm-cli-")), name);
  writeFileSync(path, text);
  return path;
}
