/** Plain-text tables for the summaries: columns separated by one space, like R's print of a character matrix. */

/** Column alignment for `table`. */
export type Align = "left" | "right";

/** Lay out rows of cells in columns (missing alignments are right-aligned); trailing blanks trimmed. */
export function table(rows: readonly (readonly string[])[], align: readonly Align[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, k) => (widths[k] = Math.max(widths[k] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, k) => ((align[k] ?? "right") === "left" ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!)))
      .join(" ")
      .trimEnd(),
  );
}
