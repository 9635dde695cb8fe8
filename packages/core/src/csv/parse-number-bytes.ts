/**
 * A decimal number read straight from the bytes of a CSV cell, without making a string: the grammar of
 * R's read.csv for doubles (`[+-]digits[.digits][e[+-]digits]`, no hex, no thousands separators), with
 * surrounding spaces allowed. The result is exactly `Number(text)`: when the decimal significand fits in
 * 2^53 and the power of ten is at most 22, m·10^e (or m/10^−e) is one correctly rounded IEEE operation on
 * exact operands (Clinger 1990, "How to read floating point numbers accurately", the fast path); any
 * other spelling falls back to `Number` on the cell's text.
 */

/** What a cell holds when read as a number. */
export enum NumberCell {
  /** A finite decimal number (in `parsedNumber.value`). */
  Finite,
  /** Not a decimal number. */
  NotANumber,
  /** A decimal number whose magnitude overflows a double (1e400). */
  Overflow,
  /** An integer literal beyond 2^53: as a number it would merge with its neighbours. */
  UnsafeInteger,
}

const POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);
const TWO_POW_53 = 2 ** 53;

/** The value of the last cell parsed as NumberCell.Finite (a module scalar avoids an object per cell). */
export const parsedNumber = { value: 0 };

const SPACE = 0x20;
const TAB = 0x09;

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/**
 * Classify bytes[start, end) as a number. `decimalComma` also accepts "," as the decimal mark (R's
 * read.csv2 convention for semicolon-separated files). Tabs count as spaces unless `tabIsDelimiter`.
 */
export function parseNumberBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  decimalComma: boolean,
  tabIsDelimiter: boolean,
): NumberCell {
  while (start < end && (bytes[start] === SPACE || (!tabIsDelimiter && bytes[start] === TAB))) start++;
  while (end > start && (bytes[end - 1] === SPACE || (!tabIsDelimiter && bytes[end - 1] === TAB))) end--;
  if (start === end) return NumberCell.NotANumber;
  let i = start;
  let negative = false;
  if (bytes[i] === 0x2b || bytes[i] === 0x2d) {
    negative = bytes[i] === 0x2d;
    i++;
  }
  let mantissa = 0;
  let exactMantissa = true;
  let digits = 0;
  let decimalExponent = 0;
  let integerDigits = 0;
  while (i < end && isDigit(bytes[i]!)) {
    const d = bytes[i]! - 0x30;
    if (mantissa * 10 + d <= TWO_POW_53) mantissa = mantissa * 10 + d;
    else {
      exactMantissa = false;
      decimalExponent++;
    }
    digits++;
    integerDigits++;
    i++;
  }
  let fraction = false;
  if (i < end && (bytes[i] === 0x2e || (decimalComma && bytes[i] === 0x2c))) {
    fraction = true;
    i++;
    while (i < end && isDigit(bytes[i]!)) {
      const d = bytes[i]! - 0x30;
      if (mantissa * 10 + d <= TWO_POW_53) {
        mantissa = mantissa * 10 + d;
        decimalExponent--;
      } else if (d !== 0) exactMantissa = false;
      digits++;
      i++;
    }
  }
  if (digits === 0) return NumberCell.NotANumber;
  let exponent = 0;
  let hasExponent = false;
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    hasExponent = true;
    i++;
    let negativeExponent = false;
    if (i < end && (bytes[i] === 0x2b || bytes[i] === 0x2d)) {
      negativeExponent = bytes[i] === 0x2d;
      i++;
    }
    const exponentStart = i;
    while (i < end && isDigit(bytes[i]!)) {
      if (exponent < 100000) exponent = exponent * 10 + (bytes[i]! - 0x30);
      i++;
    }
    if (i === exponentStart) return NumberCell.NotANumber;
    if (negativeExponent) exponent = -exponent;
  }
  if (i !== end) return NumberCell.NotANumber;
  if (!fraction && !hasExponent && integerDigits > 15 && (!exactMantissa || mantissa > Number.MAX_SAFE_INTEGER)) {
    return NumberCell.UnsafeInteger;
  }
  const e = decimalExponent + exponent;
  let value: number;
  if (exactMantissa && e >= -22 && e <= 22) {
    value = e >= 0 ? mantissa * POWERS_OF_TEN[e]! : mantissa / POWERS_OF_TEN[-e]!;
  } else {
    let text = "";
    for (let k = start; k < end; k++) text += String.fromCharCode(bytes[k] === 0x2c ? 0x2e : bytes[k]!);
    value = Math.abs(Number(text));
  }
  if (!Number.isFinite(value)) return NumberCell.Overflow;
  parsedNumber.value = negative ? -value : value;
  return NumberCell.Finite;
}
