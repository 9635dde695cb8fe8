/**
 * JSON that round-trips every double and is the same bytes for the same values: keys in insertion order
 * (records are built field by field), numbers in JavaScript's shortest round-trip form, and the three
 * non-finite values, which JSON lacks, as the strings "NaN", "Infinity" and "-Infinity".
 */
export function toCanonicalJson(value: unknown): string {
  return JSON.stringify(value, canonicalValue);
}

/** The replacer (a module function: an arrow made per call loses its optimised code at each full GC). */
function canonicalValue(_key: string, v: unknown): unknown {
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  if (v instanceof Float64Array) return Array.from(v);
  return v;
}

/** Reads numbers written by toCanonicalJson back, non-finite ones included. */
export function fromCanonicalJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === "NaN") return Number.NaN;
    if (v === "Infinity") return Number.POSITIVE_INFINITY;
    if (v === "-Infinity") return Number.NEGATIVE_INFINITY;
    return v;
  }) as T;
}
