/**
 * Vega-Lite → Vega → SVG headless (no browser, no canvas: vega's SVG string renderer), then SVG → PNG
 * with resvg at twice the size. Text is set in DejaVu Sans when the system has it (resvg loads system
 * fonts); the SVG keeps vega's own font names.
 */
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import * as vegaLite from "vega-lite";

export const PNG_SCALE = 2;

export interface RenderedPlot {
  readonly svg: string;
  readonly png: Buffer;
  /** Size of the SVG in CSS pixels; the PNG is PNG_SCALE times it. */
  readonly width: number;
  readonly height: number;
}

export async function renderPlot(spec: Readonly<Record<string, unknown>>): Promise<RenderedPlot> {
  const compiled = vegaLite.compile(spec as unknown as vegaLite.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  const size = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  if (size === null) throw new Error("vega produced an SVG without width and height");
  const width = Number(size[1]);
  const height = Number(size[2]);
  const png = new Resvg(svg, {
    fitTo: { mode: "zoom", value: PNG_SCALE },
    background: "white",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  })
    .render()
    .asPng();
  return { svg, png, width, height };
}
