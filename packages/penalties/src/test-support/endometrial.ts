/** The endometrial data (brglm2) as a column-major design X = [1, NV, PI, EH] with response HG. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SHARED = fileURLToPath(new URL("../../../../vendor/shared/", import.meta.url));

export interface Endometrial {
  n: number;
  p: number;
  X: Float64Array;
  y: Float64Array;
  trials: Float64Array;
  names: string[];
}

export function loadEndometrial(): Endometrial {
  const text = readFileSync(`${SHARED}data/endometrial.csv`, "utf8").trim();
  const [header, ...lines] = text.split(/\r?\n/);
  const cols = header!.split(",");
  const at = (name: string) => {
    const j = cols.indexOf(name);
    if (j < 0) throw new Error(`endometrial.csv has no column ${name}`);
    return j;
  };
  const jNV = at("NV");
  const jPI = at("PI");
  const jEH = at("EH");
  const jHG = at("HG");
  const n = lines.length;
  const p = 4;
  const X = new Float64Array(n * p);
  const y = new Float64Array(n);
  lines.forEach((line, i) => {
    const f = line.split(",").map(Number);
    X[i] = 1;
    X[n + i] = f[jNV]!;
    X[2 * n + i] = f[jPI]!;
    X[3 * n + i] = f[jEH]!;
    y[i] = f[jHG]!;
  });
  return { n, p, X, y, trials: new Float64Array(n).fill(1), names: ["(Intercept)", "NV", "PI", "EH"] };
}
