/**
 * The charts of the generated report (.docx), section I, drawn from the same figures as its text with the
 * dashboards' chart code (charts.ts, ECharts SVG) and turned into PNG (chart-png.ts):
 *
 *  - 2.3, after the classes: learners and completions of each class held ("Lớp 1", "Lớp 2", … as the text numbers
 *    them), when the agency held at least one;
 *  - 2.4: learners by target group; the share of people attaining basic digital skills (of the population, of the
 *    public servants with an account), when the city has set the rule and a population or staff is known;
 *  - 2.5, after the contest and the initiatives: contest registrants of the units below the report's unit, the ten
 *    with most (when at least two units have registrants).
 *
 * Each chart is drawn 640 units wide with 15-unit text, so at the text width of the page (164 mm) its text reads at
 * about 11 pt beside the 14 pt body, and rasterized 1600 px wide (about 250 dpi at that width).
 * No PNG library on this machine: no charts (the caller logs it); the report is complete without them.
 */
import { t } from '../../core/i18n.js';
import { TARGET_GROUPS } from '../accounts/people-input.js';
import { barChartSvg } from './charts.js';
import { PNG_FONT_FAMILY, type Png, type Rasterize } from './chart-png.js';
import type { ReportData } from './report-data.js';

/** Where a chart goes: after the passage of this template (see report-docx.ts). */
export type ChartPlace = 'lop' | 'pho_cap' | 'mo_hinh';

export interface ReportChart {
  place: ChartPlace;
  /** The caption after "Biểu đồ N: ". */
  caption: string;
  /** A sentence for the image's alternative text. */
  description: string;
  png: Png;
}

/** A unit below the report's unit with its contest registrants in the period. */
export interface UnitRegistrants {
  name: string;
  registrants: number;
}

export const CHART_WIDTH = 640;
export const PNG_WIDTH = 1600;
export const CONTEST_TOP = 10;

interface Spec {
  place: ChartPlace;
  caption: string;
  description: string;
  svg: () => string;
}

const base = { locale: 'vi-VN', fontFamily: PNG_FONT_FAMILY, width: CHART_WIDTH } as const;

/** The chart specifications of a report, in the order of the document (without rendering them). */
export function reportChartSpecs(data: ReportData, byUnit: UnitRegistrants[] = []): Spec[] {
  const ind = data.indicators;
  const specs: Spec[] = [];

  const classes = data.classesHeld;
  if (classes.length > 0) {
    specs.push({
      place: 'lop',
      caption: 'Số học viên tham gia và hoàn thành các lớp đã tổ chức trên Hệ thống',
      description: classes.map((c, i) => `Lớp ${i + 1} (${c.title}): ${c.enrolments} học viên tham gia, ${c.completions} hoàn thành.`).join(' '),
      svg: () =>
        barChartSvg({
          ...base,
          title: 'Học viên các lớp',
          categories: classes.map((_, i) => `Lớp ${i + 1}`),
          series: [
            { name: 'Học viên tham gia', values: classes.map((c) => c.enrolments) },
            { name: 'Học viên hoàn thành', values: classes.map((c) => c.completions) },
          ],
          height: 340,
        }),
    });
  }

  if (ind.learners.total > 0) {
    const known = new Set<string>(TARGET_GROUPS);
    const groups = [...TARGET_GROUPS, ...Object.keys(ind.learners.byTargetGroup).filter((g) => !known.has(g))].filter((g) => (ind.learners.byTargetGroup[g] ?? 0) > 0);
    const label = (g: string) => (t('vi', `targetGroup.${g}`) === `targetGroup.${g}` ? g : t('vi', `targetGroup.${g}`));
    specs.push({
      place: 'pho_cap',
      caption: 'Người tham gia học tập trên Hệ thống theo nhóm đối tượng',
      description: groups.map((g) => `${label(g)}: ${ind.learners.byTargetGroup[g]}.`).join(' '),
      svg: () =>
        barChartSvg({
          ...base,
          title: 'Người học theo nhóm đối tượng',
          horizontal: true,
          categories: groups.map(label),
          series: [{ name: 'Người học', values: groups.map((g) => ind.learners.byTargetGroup[g] ?? 0) }],
        }),
    });
  }

  const b = ind.basicSkills;
  const rows = [
    { name: 'Dân số', share: b.shareOfPopulation },
    { name: 'Cán bộ, công chức, viên chức', share: b.shareOfStaff },
  ].filter((r): r is { name: string; share: number } => r.share !== null);
  if (b.ruleSet && rows.length > 0) {
    const pct = (v: number) => `${(Math.min(1, v) * 100).toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;
    specs.push({
      place: 'pho_cap',
      caption: 'Tỷ lệ người đạt chuẩn phổ cập kỹ năng số',
      description: rows.map((r) => `${r.name}: ${pct(r.share)} đạt chuẩn.`).join(' '),
      svg: () =>
        barChartSvg({
          ...base,
          title: 'Tỷ lệ đạt chuẩn phổ cập kỹ năng số',
          horizontal: true,
          stacked: true,
          percent: true,
          categories: rows.map((r) => r.name),
          series: [
            { name: 'Đạt chuẩn', values: rows.map((r) => Math.min(1, r.share)) },
            { name: 'Chưa đạt', values: rows.map((r) => Math.max(0, 1 - r.share)) },
          ],
        }),
    });
  }

  const units = byUnit.filter((u) => u.registrants > 0).sort((x, y) => y.registrants - x.registrants || x.name.localeCompare(y.name, 'vi'));
  if (units.length >= 2) {
    const top = units.slice(0, CONTEST_TOP);
    specs.push({
      place: 'mo_hinh',
      caption:
        units.length > top.length
          ? `${top.length} đơn vị có nhiều thí sinh đăng ký dự thi nhất (trong ${units.length} đơn vị có thí sinh)`
          : 'Thí sinh đăng ký dự thi theo đơn vị',
      description: top.map((u) => `${u.name}: ${u.registrants}.`).join(' '),
      svg: () =>
        barChartSvg({
          ...base,
          title: 'Thí sinh đăng ký dự thi theo đơn vị',
          horizontal: true,
          categories: top.map((u) => u.name),
          series: [{ name: 'Thí sinh đăng ký', values: top.map((u) => u.registrants) }],
        }),
    });
  }
  return specs;
}

/** The report's charts as PNG; none without a rasterizer. */
export async function reportCharts(data: ReportData, byUnit: UnitRegistrants[], rasterize: Rasterize | null): Promise<ReportChart[]> {
  if (!rasterize) return [];
  const out: ReportChart[] = [];
  // One at a time: each render is short, and the thread pool stays free for the rest of the server.
  for (const s of reportChartSpecs(data, byUnit)) out.push({ place: s.place, caption: s.caption, description: s.description, png: await rasterize(s.svg(), PNG_WIDTH) });
  return out;
}
