/**
 * Charts drawn on the server as SVG (Apache ECharts' server-side rendering, no browser, no client JavaScript).
 *
 * Each function returns one `<svg>` string ready to be placed in a page (or turned into an image for the report):
 *  - it carries `role="img"` and is named by its own `<title>` and described by its `<desc>`
 *    (`aria-labelledby`), with ids unique per chart;
 *  - it scales with its container (`viewBox`, width 100 %, at most its drawn width) so it never scrolls sideways;
 *  - every text comes from ECharts' SVG writer, which escapes `<`, `>` and `&` itself; the title and description
 *    are escaped here. Labels are data (unit names), never interpreted as ECharts templates or rich text.
 *
 * A chart is never the only way to read a figure: the page shows its data table right after it (the report has
 * the figures in its text and annex). The generated report embeds these charts as PNG (chart-png.ts, report-charts.ts).
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, SVGRenderer]);

/** Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart without relying on hue alone. */
export const PALETTE = ['#1d4f91', '#b5480e', '#2e7d32', '#6a1b9a', '#00695c', '#ad1457', '#5d4037', '#455a64'];
const TEXT = '#1f2933';
const FONT = 'system-ui, Segoe UI, Roboto, Arial, sans-serif';
/**
 * Charts are drawn 480 px wide with 15 px text: on a 360 px phone (about 330 px of content) the picture shrinks to
 * about 0.7, so the text stays near 10 px; on a wide screen it is shown at its drawn size.
 */
const DEFAULT_WIDTH = 480;
const FONT_SIZE = 15;

export interface ChartSeries {
  name: string;
  values: number[];
}

export interface ChartBase {
  /** Short name of the chart: the SVG's <title> (its accessible name). */
  title: string;
  /** One or two sentences telling what the chart shows (the SVG's <desc>). */
  description?: string;
  /** Number formatting of axis labels and value labels (default: the Vietnamese grouping). */
  locale?: string;
  /** Values are shares 0..1 shown as percentages. */
  percent?: boolean;
  /** CSS font families of the text (default: the system's UI font); the report's PNG charts name installed fonts. */
  fontFamily?: string;
}

export interface BarChartSpec extends ChartBase {
  categories: string[];
  series: ChartSeries[];
  /** Bars drawn left to right with the categories down the side: for long names and many units. */
  horizontal?: boolean;
  /** Series stacked on one bar per category (shares of a whole). */
  stacked?: boolean;
  width?: number;
  height?: number;
}

export interface LineChartSpec extends ChartBase {
  categories: string[];
  series: ChartSeries[];
  width?: number;
  height?: number;
}

export interface PieChartSpec extends ChartBase {
  slices: Array<{ name: string; value: number }>;
  width?: number;
  height?: number;
}

let chartCounter = 0;

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * A category or series name as ECharts should print it: control characters become spaces, and `{` `}` `|` are
 * replaced by look-alikes so nothing can be read as a rich-text or template marker.
 */
export function plainLabel(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/\{/g, '(')
    .replace(/\}/g, ')')
    .replace(/\|/g, '/');
}

function formatter(spec: ChartBase): (v: number) => string {
  const locale = spec.locale ?? 'vi-VN';
  return spec.percent
    ? (v) => `${(v * 100).toLocaleString(locale, { maximumFractionDigits: v > 0 && v < 0.01 ? 2 : 1 })} %`
    : (v) => v.toLocaleString(locale, { maximumFractionDigits: 1 });
}

/** Renders one option with ECharts' SSR SVG renderer and makes the SVG accessible and responsive. */
function render(option: Record<string, unknown>, spec: ChartBase, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    chart.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: spec.fontFamily ?? FONT, color: TEXT, fontSize: FONT_SIZE },
      ...option,
    });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  const id = `chart-${++chartCounter}`;
  const open = svg.indexOf('>', svg.indexOf('<svg'));
  const head =
    `<svg role="img" aria-labelledby="${id}-title${spec.description ? ` ${id}-desc` : ''}" focusable="false" class="chart-svg"` +
    ` style="display:block;width:100%;max-width:${width}px;height:auto" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}">` +
    `<title id="${id}-title">${escapeXml(spec.title)}</title>` +
    (spec.description ? `<desc id="${id}-desc">${escapeXml(spec.description)}</desc>` : '');
  // The hover styles ECharts adds are for interactive use only; the chart here is a picture.
  const body = svg
    .slice(open + 1)
    .replace(/<style\s*>[\s\S]*?<\/style>/g, '')
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '');
  return head + body;
}

export function barChartSvg(spec: BarChartSpec): string {
  const fmt = formatter(spec);
  const categories = spec.categories.map(plainLabel);
  const horizontal = !!spec.horizontal;
  const width = spec.width ?? DEFAULT_WIDTH;
  const legend = spec.series.length > 1;
  const height = spec.height ?? (horizontal ? Math.max(160, 48 + categories.length * (spec.stacked || spec.series.length === 1 ? 30 : 20 * spec.series.length + 10) + (legend ? 28 * Math.ceil(spec.series.length / 2) : 0)) : 320);
  // The names' column has a fixed width (long names end with "…"; the table below has them in full). ECharts measures
  // text without the browser's font, so names are cut at 85 % of the column to stay inside the picture.
  const labelWidth = Math.round(width * 0.44);
  const categoryAxis = {
    type: 'category',
    data: categories,
    inverse: horizontal, // the first category on top, as in the table below
    axisLabel: { color: TEXT, fontSize: FONT_SIZE, interval: 0, width: horizontal ? Math.round(labelWidth * 0.85) : undefined, overflow: horizontal ? 'truncate' : undefined, rotate: !horizontal && categories.length > 6 ? 30 : 0 },
    axisTick: { show: false },
  };
  const valueAxis = {
    type: 'value',
    max: spec.percent && spec.stacked ? 1 : undefined,
    splitNumber: horizontal ? 3 : 5,
    minInterval: spec.percent ? undefined : 1, // counts: no 0,2 ticks
    interval: spec.percent && spec.stacked ? 0.25 : undefined,
    axisLabel: { color: TEXT, fontSize: FONT_SIZE, formatter: fmt, hideOverlap: true },
    splitLine: { lineStyle: { color: '#d5dae0' } },
  };
  const option = {
    legend: legend ? { top: 0, left: 0, textStyle: { color: TEXT, fontSize: FONT_SIZE }, data: spec.series.map((s) => plainLabel(s.name)) } : undefined,
    grid: horizontal
      ? { left: labelWidth + 12, right: 64, top: legend ? 24 + 28 * Math.ceil(spec.series.length / 2) : 12, bottom: 28, outerBoundsMode: 'none' }
      : { left: 8, right: 16, top: legend ? 24 + 28 * Math.ceil(spec.series.length / 2) : 12, bottom: 16 },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: spec.series.map((s) => ({
      type: 'bar',
      name: plainLabel(s.name),
      stack: spec.stacked ? 'total' : undefined,
      data: s.values,
      barMaxWidth: 40,
      label: {
        show: !spec.stacked && (horizontal || categories.length <= 12),
        position: horizontal ? 'right' : 'top',
        color: TEXT,
        fontSize: FONT_SIZE,
        formatter: (p: { value: number }) => fmt(p.value),
      },
    })),
  };
  return render(option, spec, width, height);
}

export function lineChartSvg(spec: LineChartSpec): string {
  const fmt = formatter(spec);
  const width = spec.width ?? DEFAULT_WIDTH;
  const height = spec.height ?? 300;
  const legend = spec.series.length > 1;
  const categories = spec.categories.map(plainLabel);
  const option = {
    legend: legend ? { top: 0, left: 0, textStyle: { color: TEXT, fontSize: FONT_SIZE }, data: spec.series.map((s) => plainLabel(s.name)) } : undefined,
    // Up to three series: the legend may take two lines at this width.
    grid: { left: 8, right: 24, top: legend ? 24 + 28 * Math.ceil(spec.series.length / 2) : 16, bottom: 8 },
    xAxis: { type: 'category', data: categories, boundaryGap: false, axisLabel: { color: TEXT, fontSize: FONT_SIZE, hideOverlap: true } },
    yAxis: { type: 'value', minInterval: spec.percent ? undefined : 1, axisLabel: { color: TEXT, fontSize: FONT_SIZE, formatter: fmt, hideOverlap: true }, splitLine: { lineStyle: { color: '#d5dae0' } } },
    series: spec.series.map((s, i) => ({
      type: 'line',
      name: plainLabel(s.name),
      data: s.values,
      // Different marker shapes as well as colours, so series are told apart without colour.
      symbol: ['circle', 'rect', 'triangle', 'diamond'][i % 4],
      symbolSize: categories.length > 40 ? 0 : 7,
      lineStyle: { width: 2, type: i % 2 ? 'dashed' : 'solid' },
    })),
  };
  return render(option, spec, width, height);
}

export function pieChartSvg(spec: PieChartSpec): string {
  const fmt = formatter(spec);
  const width = spec.width ?? DEFAULT_WIDTH;
  const pie = 220;
  const height = spec.height ?? pie + 16 + spec.slices.length * 26;
  const total = spec.slices.reduce((s, x) => s + x.value, 0);
  const locale = spec.locale ?? 'vi-VN';
  // The slices are named in a legend under the pie ("name: value (share)"), one per line: labels around a pie
  // collide on a narrow picture.
  const texts = new Map(
    spec.slices.map((s) => [plainLabel(s.name), `${plainLabel(s.name)}: ${fmt(s.value)} (${total ? (Math.round((s.value / total) * 1000) / 10).toLocaleString(locale) : 0} %)`]),
  );
  const option = {
    legend: {
      orient: 'vertical',
      left: 8,
      top: pie + 8,
      itemGap: 8,
      textStyle: { color: TEXT, fontSize: FONT_SIZE },
      data: [...texts.keys()],
      formatter: (name: string) => texts.get(name) ?? name,
    },
    series: [
      {
        type: 'pie',
        radius: ['0%', pie / 2 - 8],
        center: ['50%', pie / 2],
        data: spec.slices.map((s) => ({ name: plainLabel(s.name), value: s.value })),
        label: { show: false },
        labelLine: { show: false },
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
      },
    ],
  };
  return render(option, spec, width, height);
}
