import { CliError } from "./cli-error.js";

/** "a,b , c" → ["a", "b", "c"] (empty items rejected). */
export function parseList(text: string): string[] {
  const items = text.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) throw new CliError(`empty item in the list "${text}"`);
  return items;
}

/** ["f=a", "g=b"] → { f: "a", g: "b" }, naming the flag and the token on error; a name given twice is an error. */
export function parseAssignments(values: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf("=");
    if (eq <= 0 || eq === v.length - 1) throw new CliError(`${flag} expects NAME=VALUE, got "${v}"`);
    const name = v.slice(0, eq).trim();
    if (Object.hasOwn(out, name)) throw new CliError(`${flag} is given twice for "${name}" ("${out[name]}" and "${v.slice(eq + 1).trim()}"): give it once`);
    out[name] = v.slice(eq + 1).trim();
  }
  return out;
}

/**
 * Commander option parsers that refuse a second occurrence of a flag (commander keeps the last one
 * silently). One `once()` per command registration, so each run of the CLI starts afresh.
 */
export function once(): (flag: string) => (value: string, previous: string | undefined) => string {
  const seen = new Set<string>();
  return (flag) => (value) => {
    if (seen.has(flag)) throw new CliError(`${flag} is given more than once: give it once`);
    seen.add(flag);
    return value;
  };
}

export function parsePositiveNumber(text: string, flag: string): number {
  const x = Number(text);
  if (text.trim() === "" || !Number.isFinite(x) || x <= 0) throw new CliError(`${flag} expects a positive number, got "${text}"`);
  return x;
}

export function parsePositiveInteger(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag} expects a positive integer, got "${text}"`);
  return n;
}

export function parseNonNegativeNumber(text: string, flag: string): number {
  const x = Number(text);
  if (text.trim() === "" || !Number.isFinite(x) || x < 0) {
    throw new CliError(`${flag} expects a non-negative number, got "${text}"`);
  }
  return x;
}

export function parseNonNegativeInteger(text: string, flag: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < 0) throw new CliError(`${flag} expects a non-negative integer, got "${text}"`);
  return n;
}

/** A seed: any non-empty text without spaces (numbers and words alike; "7" and 7 are the same seed). */
export function parseSeed(text: string, flag: string): string {
  const seed = text.trim();
  if (seed === "" || /\s/.test(seed)) throw new CliError(`${flag} expects a non-empty seed without spaces, got "${text}"`);
  return seed;
}
