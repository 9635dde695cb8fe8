/**
 * Number formatting in the manner of R's `format(x, digits = d)` (formatReal in R's format.c):
 * a column shares one layout; each value needs at most d significant digits; the column is
 * printed in fixed notation with the largest number of decimals any value needs, unless
 * scientific notation is narrower.
 */

/** Significant digits (≤ digits) needed to show x to `digits` significant digits, and its exponent. */
function significance(x: number, digits: number): { sig: number; exponent: number } {
  if (x === 0) return { sig: 1, exponent: 0 };
  const [mantissa, exp] = Math.abs(x).toExponential(digits - 1).split("e") as [string, string];
  const stripped = mantissa.replace(/\.?0+$/, "");
  const sig = stripped.replace(".", "").length;
  return { sig, exponent: Number(exp) };
}

function nonFinite(x: number): string {
  return Number.isNaN(x) ? "NaN" : x > 0 ? "Inf" : "-Inf";
}

/** R-style exponent: at least two digits (1e-05, 2.1e+10). */
function scientific(x: number, mantissaDigits: number): string {
  const [m, e] = x.toExponential(mantissaDigits).split("e") as [string, string];
  const sign = e.startsWith("-") ? "-" : "+";
  const digits = e.replace(/^[+-]/, "").padStart(2, "0");
  return `${m}e${sign}${digits}`;
}

/** Format a column of numbers with a common layout (not padded; see `padStart` at the caller). */
export function formatNumbers(values: readonly number[], digits = 4): string[] {
  const finite = values.filter((x) => Number.isFinite(x));
  if (finite.length === 0) return values.map(nonFinite);
  let decimals = 0;
  let maxSig = 1;
  let fixedWidth = 0;
  let anyNegative = false;
  let maxExponent = -Infinity;
  for (const x of finite) {
    const { sig, exponent } = significance(x, digits);
    decimals = Math.max(decimals, sig - 1 - exponent);
    maxSig = Math.max(maxSig, sig);
    maxExponent = Math.max(maxExponent, exponent);
    if (x < 0) anyNegative = true;
  }
  decimals = Math.min(Math.max(decimals, 0), 15);
  const integerDigits = Math.max(1, maxExponent + 1);
  fixedWidth = (anyNegative ? 1 : 0) + integerDigits + (decimals > 0 ? decimals + 1 : 0);
  const sciWidth = (anyNegative ? 1 : 0) + (maxSig > 1 ? maxSig + 1 : 1) + 4;
  const useFixed = fixedWidth <= sciWidth;
  return values.map((x) => {
    if (!Number.isFinite(x)) return nonFinite(x);
    return useFixed ? x.toFixed(decimals) : scientific(x, maxSig - 1);
  });
}

/** One number, formatted on its own. */
export function formatNumber(x: number, digits = 4): string {
  return formatNumbers([x], digits)[0]!;
}

/**
 * p-values as R's format.pval: values below `eps` print as "<2e-16" or "< 2e-16"; values with
 * exponent ≥ −3 (or −4 when digits > 1) are formatted together in one layout, smaller ones
 * together in another.
 */
export function formatPValues(values: readonly number[], digits = 3, eps = 2.220446049250313e-16): string[] {
  const out: string[] = values.map((p) => (Number.isNaN(p) ? "NaN" : ""));
  const fixed: number[] = [];
  const small: number[] = [];
  const tiny: number[] = [];
  values.forEach((p, i) => {
    if (Number.isNaN(p)) return;
    const exponent = Math.floor(Math.log10(p > 0 ? p : 1e-50));
    if (p < eps) tiny.push(i);
    else if (exponent >= -3 || (exponent === -4 && digits > 1)) fixed.push(i);
    else small.push(i);
  });
  for (const group of [fixed, small]) {
    const formatted = formatNumbers(group.map((i) => values[i]!), digits);
    group.forEach((i, k) => (out[i] = formatted[k]!));
  }
  if (tiny.length > 0) {
    let epsDigits = Math.max(1, digits - 2);
    let sep: string;
    const others = [...fixed, ...small];
    if (others.length > 0) {
      let width = 0;
      for (const i of others) width = Math.max(width, out[i]!.length);
      if (epsDigits > 1 && epsDigits + 6 > width) epsDigits = Math.max(1, width - 7);
      sep = epsDigits === 1 && width <= 6 ? "" : " ";
    } else {
      sep = epsDigits === 1 ? "" : " ";
    }
    const text = `<${sep}${formatNumber(eps, epsDigits)}`;
    for (const i of tiny) out[i] = text;
  }
  return out;
}
