/**
 * Distinct byte strings → small integer codes, in order of first appearance: the levels of a text
 * column are interned from the file's bytes (FNV-1a hash, open addressing), so a column of a million
 * cells with twenty thousand distinct values makes twenty thousand strings, not a million. Entries point
 * into the source bytes; escaped quoted fields (`""`) are unescaped into a side buffer first.
 */
export class ByteDictionary {
  private slots: Int32Array = new Int32Array(64).fill(-1);
  private readonly hashes: number[] = [];
  /** Entry k is source[starts[k], starts[k] + lengths[k]) — or the side buffer when starts[k] < 0 (offset −starts[k] − 1). */
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  /** First row and line where each entry appeared (for messages). */
  readonly firstRow: number[] = [];
  readonly firstLine: number[] = [];
  private side = new Uint8Array(0);
  private sideLength = 0;

  constructor(private readonly source: Uint8Array) {}

  get size(): number {
    return this.starts.length;
  }

  /** The code of bytes[start, end) (unescaping `""` when `escaped`), adding it when new. */
  code(start: number, end: number, escaped: boolean, row: number, line: number): number {
    if (escaped) {
      const unescaped = this.unescape(start, end);
      return this.lookup(this.side, unescaped.start, unescaped.end, true, row, line);
    }
    return this.lookup(this.source, start, end, false, row, line);
  }

  private unescape(start: number, end: number): { start: number; end: number } {
    const need = this.sideLength + (end - start);
    if (need > this.side.length) {
      const grown = new Uint8Array(Math.max(need, 2 * this.side.length, 256));
      grown.set(this.side.subarray(0, this.sideLength));
      this.side = grown;
    }
    const from = this.sideLength;
    let k = from;
    for (let i = start; i < end; i++) {
      this.side[k++] = this.source[i]!;
      if (this.source[i] === 0x22 && i + 1 < end && this.source[i + 1] === 0x22) i++;
    }
    return { start: from, end: k };
  }

  private lookup(bytes: Uint8Array, start: number, end: number, inSide: boolean, row: number, line: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    hash >>>= 0;
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry < 0) break;
      // A probe copied into the side buffer is simply overwritten next time (sideLength is unchanged).
      if (this.hashes[entry] === hash && this.equals(entry, bytes, start, end)) return entry;
      slot = (slot + 1) & mask;
    }
    const entry = this.starts.length;
    this.hashes.push(hash);
    this.starts.push(inSide ? -start - 1 : start);
    this.lengths.push(end - start);
    this.firstRow.push(row);
    this.firstLine.push(line);
    if (inSide) this.sideLength = end;
    this.slots[slot] = entry;
    if (2 * this.starts.length > this.slots.length) this.rehash();
    return entry;
  }

  private entryBytes(entry: number): Uint8Array {
    const start = this.starts[entry]!;
    const length = this.lengths[entry]!;
    return start >= 0 ? this.source.subarray(start, start + length) : this.side.subarray(-start - 1, -start - 1 + length);
  }

  private equals(entry: number, bytes: Uint8Array, start: number, end: number): boolean {
    const length = this.lengths[entry]!;
    if (length !== end - start) return false;
    const stored = this.starts[entry]!;
    const storedBytes = stored >= 0 ? this.source : this.side;
    const from = stored >= 0 ? stored : -stored - 1;
    for (let k = 0; k < length; k++) if (storedBytes[from + k] !== bytes[start + k]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.starts.length; entry++) {
      let slot = this.hashes[entry]! & mask;
      while (slots[slot]! >= 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
    }
    this.slots = slots;
  }

  /** The bytes of every entry, in code order (views: valid while the source bytes are). */
  entries(): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let entry = 0; entry < this.starts.length; entry++) out.push(this.entryBytes(entry));
    return out;
  }
}
