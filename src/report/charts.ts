// The pictures, drawn at build time as SVG by Vega (and Vega-Lite, compiled to Vega). Vega renders
// headless (renderer "none", View.toSVG) without a canvas or a browser, escapes every text it writes
// and puts each mark's `description` on the SVG element as aria-label, so the marks can be read back.
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export const CHART_CONFIG = {
  font: FONT,
  background: null,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 600, labelColor: '#3c4043', titleColor: '#3c4043', gridColor: '#e8eaed', domainColor: '#9aa0a6', tickColor: '#9aa0a6' },
  legend: { labelFontSize: 11, titleFontSize: 11, labelColor: '#3c4043', titleColor: '#3c4043', orient: 'bottom', labelLimit: 220 },
  title: { fontSize: 13, anchor: 'start', color: '#202124' },
} as const;

/** A Vega spec drawn as an SVG string. */
export async function vegaSvg(spec: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logLevel: vega.Error });
  try {
    const svg = await view.toSVG();
    // Scales with its container (the viewBox keeps the proportions), never above its natural width
    // (--w) and, on a narrow screen, not below three quarters of it: the figure scrolls in its own
    // box instead, so the chart's text stays readable on a phone (style.ts).
    const width = Number(/^<svg [^>]*?\bwidth="([\d.]+)"/.exec(svg)?.[1] ?? 0);
    return svg.replace(/^<svg /, `<svg preserveAspectRatio="xMinYMin meet"${width > 0 ? ` style="--w:${Math.ceil(width)}px"` : ''} `);
  } finally {
    view.finalize();
  }
}

/** A Vega-Lite spec drawn as an SVG string. */
export async function liteSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vl.compile({ config: CHART_CONFIG as never, ...spec } as TopLevelSpec).spec;
  return vegaSvg(compiled);
}
