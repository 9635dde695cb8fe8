/**
 * What encoding a data file is in, before any parsing: UTF-8 (with or without a byte-order mark) is read
 * as it is, UTF-16 with a BOM is converted to UTF-8, and everything else is an input error that names the
 * line and says what the file looks like — UTF-16 without a BOM (every other byte zero), a binary file
 * (a zero byte; known signatures named), or Latin-1 / Windows-1252 text (invalid UTF-8, found when the
 * cells are decoded: two values such as "café" and "cafï" must never merge into one "caf\uFFFD").
 */
import { GlmmInputError } from "../errors.js";

export interface DecodedInput {
  /** UTF-8 bytes without a byte-order mark. */
  readonly bytes: Uint8Array;
  readonly encoding: string;
}

const SIGNATURES: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0x1f, 0x8b], what: "a gzip-compressed file: decompress it first (gunzip)" },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "a zip archive (an .xlsx workbook is one): export the sheet as CSV" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel (.xls) or other Office file: export the sheet as CSV" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: "a Parquet file" },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: "an SQLite database" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0x42, 0x5a, 0x68], what: "a bzip2-compressed file: decompress it first" },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a], what: "an xz-compressed file: decompress it first" },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: "a zstd-compressed file: decompress it first" },
  { bytes: [0x58, 0x0a], what: "an R data file (RDS/RData, serialized): write it out with write.csv first" },
  { bytes: [0x52, 0x44, 0x58], what: "an R data file (RData): write it out with write.csv first" },
];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, k) => bytes[k] === b);
}

/** 1-based line of byte `offset` (counting \n, and lone \r, before it). */
export function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) line++;
    else if (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a && bytes[i + 1] !== 0x0d) line++;
  }
  return line;
}

/** Zero bytes at every other position of the start: UTF-16 text without a byte-order mark. */
function looksLikeUtf16(bytes: Uint8Array): "LE" | "BE" | null {
  const length = Math.min(bytes.length, 512) & ~1;
  if (length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros > 0.4 * pairs && evenZeros < 0.1 * pairs) return "LE";
  if (evenZeros > 0.4 * pairs && oddZeros < 0.1 * pairs) return "BE";
  return null;
}

function utf16ToUtf8(bytes: Uint8Array, littleEndian: boolean, source: string): Uint8Array {
  let text: string;
  try {
    text = new TextDecoder(littleEndian ? "utf-16le" : "utf-16be", { fatal: true }).decode(bytes);
  } catch {
    throw new GlmmInputError("csv", `"${source}" starts with a UTF-16 byte-order mark but is not valid UTF-16 text`);
  }
  return new TextEncoder().encode(text);
}

/** Check the bytes of a data file and return them as UTF-8 without a BOM, or throw naming the problem. */
export function decodeInput(input: Uint8Array, source: string): DecodedInput {
  // A plain Uint8Array view (a Node Buffer's subarray is much slower).
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const where = `"${source}"`;
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    throw new GlmmInputError("csv", `${where} is UTF-32 text, which is not read: save it as UTF-8`);
  }
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { bytes: bytes.subarray(3), encoding: "UTF-8 with BOM" };
  if (startsWith(bytes, [0xff, 0xfe])) return { bytes: utf16ToUtf8(bytes.subarray(2), true, source), encoding: "UTF-16LE with BOM" };
  if (startsWith(bytes, [0xfe, 0xff])) return { bytes: utf16ToUtf8(bytes.subarray(2), false, source), encoding: "UTF-16BE with BOM" };
  const zero = bytes.indexOf(0);
  if (zero >= 0) {
    const utf16 = looksLikeUtf16(bytes);
    if (utf16 !== null) {
      throw new GlmmInputError(
        "csv",
        `${where}, line 1: this looks like UTF-16${utf16} text without a byte-order mark (every other byte is zero); save it as UTF-8 (or UTF-16 with a BOM)`,
      );
    }
    const signature = SIGNATURES.find((s) => startsWith(bytes, s.bytes));
    const what = signature !== undefined ? `it looks like ${signature.what}` : "it looks like a binary file, not delimited text";
    throw new GlmmInputError(
      "csv",
      `${where}, line ${lineOfOffset(bytes, zero)}: a zero byte (at byte ${zero + 1}): ${what}`,
    );
  }
  const signature = SIGNATURES.find((s) => s.bytes.length >= 3 && startsWith(bytes, s.bytes));
  if (signature !== undefined && bytes.length > 0 && bytes[0]! >= 0x80) {
    throw new GlmmInputError("csv", `${where}, line 1: it looks like ${signature.what}`);
  }
  return { bytes, encoding: "UTF-8" };
}

/** Why a cell is not UTF-8, with a hint at the encoding it is probably in. */
export function describeInvalidUtf8(bytes: Uint8Array): string {
  let offending = -1;
  for (let i = 0; i < bytes.length && offending < 0; ) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) offending = i;
    else {
      for (let k = 1; k <= need; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) offending = i;
      i += need + 1;
    }
  }
  const byte = offending >= 0 ? bytes[offending]! : bytes.find((b) => b >= 0x80) ?? 0;
  const hex = `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  const latin1 = byte >= 0xa0 ? ` ("${String.fromCharCode(byte)}" in Latin-1)` : "";
  return (
    `the text is not valid UTF-8 (byte ${hex}${latin1}); the file is probably in Latin-1 or Windows-1252: ` +
    `convert it to UTF-8 first (e.g. iconv -f WINDOWS-1252 -t UTF-8), so that different values cannot merge into one`
  );
}
