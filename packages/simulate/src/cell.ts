/**
 * Design cells: a design's grid of keys (n, lambda, J, sigma2, ...) and one point of it. A cell is
 * always held in canonical form — every key present, each value spelled as the grid spells it — so
 * "sigma2=1.50" and "sigma2=1.5" name the same cell and, through `cellLabel`, the same random
 * stream.
 */
import { GlmmInputError } from "@glmmkit/core";

export interface CellKey {
  readonly name: string;
  readonly description: string;
  /** The grid, as canonical labels ("50", "-8", "5-50", "partial_separation"). */
  readonly values: readonly string[];
  /** Numeric keys match a value by number ("1.50" is "1.5"); others by exact text. */
  readonly numeric: boolean;
  /** Value used when the key is not given; a key without a default must be given. */
  readonly default?: string;
}

/** Canonical labels for every key of a design. */
export type Cell = Readonly<Record<string, string>>;

/** Raw `key=value` pairs as a user wrote them (not yet checked against a design). */
export type CellInput = Readonly<Record<string, string | number>>;

function quoteList(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(", ");
}

/** "n=100,lambda=-8" → { n: "100", lambda: "-8" }; names the malformed or repeated token. */
export function parseCellText(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (text.trim() === "") return out;
  for (const token of text.split(",")) {
    const eq = token.indexOf("=");
    const key = eq < 0 ? "" : token.slice(0, eq).trim();
    const value = eq < 0 ? "" : token.slice(eq + 1).trim();
    if (key === "" || value === "") {
      throw new GlmmInputError("option", `--cell expects KEY=VALUE items separated by commas, got "${token.trim()}" in "${text}"`);
    }
    if (key in out) throw new GlmmInputError("option", `--cell gives "${key}" twice in "${text}"`);
    out[key] = value;
  }
  return out;
}

/** The grid label a value matches, or undefined. */
function matchValue(key: CellKey, raw: string | number): string | undefined {
  const text = String(raw).trim();
  if (!key.numeric) return key.values.find((v) => v === text);
  const x = typeof raw === "number" ? raw : text === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(x)) return undefined;
  return key.values.find((v) => Number(v) === x);
}

/**
 * Checks a user's cell against the design's keys: unknown keys, values outside the grid and missing
 * keys without a default are errors naming the key and listing what is allowed.
 */
export function resolveCell(design: string, keys: readonly CellKey[], input: CellInput): Cell {
  for (const name of Object.keys(input)) {
    if (!keys.some((k) => k.name === name)) {
      const known = keys.length === 0 ? `design "${design}" has no cell keys` : `its keys are ${quoteList(keys.map((k) => k.name))}`;
      throw new GlmmInputError("option", `unknown cell key "${name}" for design "${design}": ${known}`);
    }
  }
  const cell: Record<string, string> = {};
  for (const key of keys) {
    const raw = input[key.name];
    if (raw === undefined) {
      if (key.default === undefined) {
        throw new GlmmInputError(
          "option",
          `design "${design}" needs the cell key "${key.name}" (one of ${quoteList(key.values)}), e.g. --cell ${key.name}=${key.values[0]}`,
        );
      }
      cell[key.name] = key.default;
      continue;
    }
    const value = matchValue(key, raw);
    if (value === undefined) {
      throw new GlmmInputError(
        "option",
        `cell value ${key.name}=${String(raw)} is outside the grid of design "${design}": ${key.name} is one of ${quoteList(key.values)}`,
      );
    }
    cell[key.name] = value;
  }
  return cell;
}

/** "n=100,lambda=-8": the cell in the design's key order (the stream key of the cell). */
export function cellLabel(keys: readonly CellKey[], cell: Cell): string {
  return keys.map((k) => `${k.name}=${cell[k.name]}`).join(",");
}

/**
 * Every cell with the given keys fixed: keys in `fixed` keep their value, keys with a default stay at
 * it, and the remaining keys run over their whole grid (the last key varying fastest).
 */
export function enumerateCells(design: string, keys: readonly CellKey[], fixed: CellInput): Cell[] {
  const given = resolveCell(
    design,
    keys.map((k) => ({ ...k, default: k.default ?? k.values[0]! })),
    fixed,
  );
  let cells: Record<string, string>[] = [{}];
  for (const key of keys) {
    const choices = fixed[key.name] !== undefined || key.default !== undefined ? [given[key.name]!] : key.values;
    cells = cells.flatMap((partial) => choices.map((value) => ({ ...partial, [key.name]: value })));
  }
  return cells;
}
