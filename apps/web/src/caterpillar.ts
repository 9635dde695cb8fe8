/**
 * A caterpillar plot of the random effects as plain SVG: one panel per random-effects term and column,
 * levels sorted by their conditional mode, a dot per level and a zero line. The FitResult carries the
 * conditional modes only (no conditional SDs), so the plot draws no intervals.
 */
import type { CaterpillarTerm } from "./protocol.js";

const WIDTH = 440;
const MARGIN = { left: 110, right: 16, top: 28, bottom: 28 };
/** Above this many levels the labels are dropped and the rows packed tighter. */
const LABELLED_LEVELS = 60;

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/** The SVG markup of one panel: term column `k` of a random-effects term. */
export function caterpillarPanel(term: CaterpillarTerm, k: number): string {
  const q = term.termNames.length;
  const points = term.levels.map((level, j) => ({ level, value: term.values[j * q + k]! })).sort((a, b) => a.value - b.value);
  const extent = Math.max(1e-12, ...points.map((p) => Math.abs(p.value)));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const x = (v: number) => MARGIN.left + ((v + extent) / (2 * extent)) * plotWidth;
  const showLabels = points.length <= LABELLED_LEVELS;
  const ROW = showLabels ? 14 : 4;
  const radius = showLabels ? 3 : 1.6;
  const height = MARGIN.top + MARGIN.bottom + points.length * ROW;
  const rows = points
    .map((p, i) => {
      const y = MARGIN.top + i * ROW + ROW / 2;
      const label = showLabels
        ? `<text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end" font-size="10">${escapeXml(p.level)}</text>`
        : "";
      return `${label}<circle cx="${x(p.value).toFixed(2)}" cy="${y}" r="${radius}" fill="#1f5f99"><title>${escapeXml(p.level)}: ${p.value.toPrecision(4)}</title></circle>`;
    })
    .join("");
  const zero = x(0).toFixed(2);
  const title = `${escapeXml(term.group)}: ${escapeXml(term.termNames[k]!)} (conditional modes, sorted)`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="caterpillar" width="${WIDTH}" height="${height}" role="img" aria-label="${title}">` +
    `<text x="4" y="16" font-size="12" font-weight="bold">${title}</text>` +
    `<line x1="${zero}" x2="${zero}" y1="${MARGIN.top}" y2="${height - MARGIN.bottom}" stroke="#999" stroke-dasharray="3,3"/>` +
    rows +
    `<text x="${MARGIN.left}" y="${height - 8}" font-size="10">${(-extent).toPrecision(3)}</text>` +
    `<text x="${zero}" y="${height - 8}" font-size="10" text-anchor="middle">0</text>` +
    `<text x="${WIDTH - MARGIN.right}" y="${height - 8}" font-size="10" text-anchor="end">${extent.toPrecision(3)}</text>` +
    `</svg>`
  );
}

/** Every panel of a fit's random effects. */
export function caterpillarPlots(terms: readonly CaterpillarTerm[]): string {
  return terms.flatMap((t) => t.termNames.map((_, k) => caterpillarPanel(t, k))).join("\n");
}
