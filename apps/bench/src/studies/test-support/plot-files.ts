/** Checks that a written plot opens: the SVG is an <svg> document with a size, the PNG has a valid header of twice that size. */
import { readFileSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";

export interface PlotCheck {
  readonly svgWidth: number;
  readonly svgHeight: number;
  readonly pngWidth: number;
  readonly pngHeight: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function checkPlotFiles(svgPath: string, pngPath: string): PlotCheck {
  const svg = readFileSync(svgPath, "utf8");
  if (!svg.startsWith("<svg") || !svg.trimEnd().endsWith("</svg>")) throw new Error(`${svgPath} is not an SVG document`);
  const size = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  if (size === null) throw new Error(`${svgPath} has no width and height`);
  // An independent parse: resvg must read the SVG back with the same size.
  const reparsed = new Resvg(svg);
  const png = readFileSync(pngPath);
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString("ascii", 12, 16) !== "IHDR") throw new Error(`${pngPath} is not a PNG`);
  if (reparsed.width !== Number(size[1]) || reparsed.height !== Number(size[2])) throw new Error(`${svgPath}: resvg reads ${reparsed.width}x${reparsed.height}`);
  return { svgWidth: Number(size[1]), svgHeight: Number(size[2]), pngWidth: png.readUInt32BE(16), pngHeight: png.readUInt32BE(20) };
}
