/** Minimal flag reading for the benchmark suites: `--name value`. */
export function flagValue(args: readonly string[], name: string): string | undefined {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
}

export function intFlag(args: readonly string[], name: string, fallback: number): number {
  const v = flagValue(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} expects a positive integer, got "${v}"`);
  return n;
}
