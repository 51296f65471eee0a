/**
 * What a dashboard shows, as data: key figures and sections, each with its table (and a chart drawn from the same
 * numbers). The page renders these tables under their charts; the .xlsx export writes exactly the same tables — so
 * the file is always "the page's tables".
 *
 * Figures come from indicators.ts (`indicatorsTree`: the unit and the units right below
 * it), the time series from one grouped query per source (below), the community targets from each community
 * module's `communityFigures` (current figures, no period).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Dialect } from '../../db/database.js';
import type { CommunityFigure } from '../../core/figures.js';
import { t as translate, type Lang } from '../../core/i18n.js';
import { TARGET_GROUPS } from '../accounts/people-input.js';
import { communityFigures as teamFigures } from '../teams/figures.js';
import { communityFigures as ambassadorFigures } from '../ambassadors/figures.js';
import { communityFigures as familyFigures } from '../families/figures.js';
import { communityFigures as eventFigures } from '../events/figures.js';
import { communityFigures as initiativeFigures } from '../initiatives/figures.js';
import { AGE_BANDS, indicatorsTree, periodBounds, type Indicators, type Period } from './indicators.js';
import { addDays, daysBetween, displayDay, monthStart } from './dashboard-period.js';
import { barChartSvg, lineChartSvg, pieChartSvg } from './charts.js';
import './messages-dashboards.js';

/** A table cell: a count, a share 0..1 (`{ share }`, null = unknown), a text, or nothing. */
export type Cell = number | string | { share: number | null } | null;

export interface DashRow {
  label: string;
  href?: string;
  cells: Cell[];
}

export interface DashTable {
  key: string;
  title: string;
  /** Column headings; the first one heads the row labels. */
  head: string[];
  rows: DashRow[];
  total?: DashRow;
}

export interface DashSection {
  key: string;
  title: string;
  intro?: string[];
  /** The chart as SVG, drawn only when a page needs it (not for the .xlsx). */
  chart?: () => string;
  /** A sentence under the chart when it shows only part of the table. */
  chartNote?: string;
  table: DashTable;
}

export interface Dashboard {
  unit: { id: number; code: string; name: string; path: string };
  period: Period;
  indicators: Indicators;
  cards: Array<{ label: string; value: Cell }>;
  sections: DashSection[];
}

const CHART_MAX_UNITS = 20;
const CHART_MAX_COURSES = 10;

/** Days (or months, for periods over 62 days) of the period with enrolments, completions and contest registrations. */
export async function activitySeries(db: Kysely<DB>, dialect: Dialect, unitPath: string, period: Period) {
  const { fromTs, toTs } = periodBounds(period);
  const inUnits = db.selectFrom('units').select('units.id').where('units.path', 'like', `${unitPath}%`);
  // People of the subtree; for the whole tree (the city) that is everyone (users.unit_id is required): no filter.
  const outside = await db.selectFrom('units').select('units.id').where('units.path', 'not like', `${unitPath}%`).limit(1).executeTakeFirst();
  const peopleIn = db.selectFrom('users').select('users.id').where('users.unit_id', 'in', inUnits);
  const monthly = daysBetween(period) > 62;
  const keys: string[] = [];
  if (monthly) for (let m = monthStart(period.from); m < period.to; m = monthStart(m, 1)) keys.push(m.slice(0, 7));
  else for (let d = period.from; d < period.to; d = addDays(d, 1)) keys.push(d);
  type Rows = Array<{ day: string; n: number | string }>;
  let enrolled: Rows, completed: Rows, registered: Rows;
  if (dialect === 'postgres') {
    // One count per day (or month) over its range of an index on the timestamp (migration 016): no per-row
    // date arithmetic over a year's 2 million enrolments. Vietnam midnights bound the ranges (UTC+7, no DST).
    const at = (d: string) => new Date(`${d}T00:00:00+07:00`).toISOString();
    const ranges = keys.map((key) => {
      const start = monthly ? (`${key}-01` > period.from ? `${key}-01` : period.from) : key;
      const next = monthly ? monthStart(`${key}-01`, 1) : addDays(key, 1);
      return sql`(${key}, ${at(start)}::timestamptz, ${at(next < period.to ? next : period.to)}::timestamptz)`;
    });
    const counts = (count: (b: { s: any; e: any }) => any) =>
      sql<{ day: string; n: string }>`select b.k as day, (${count({ s: sql.ref('b.s'), e: sql.ref('b.e') })}) as n from (values ${sql.join(ranges)}) as b(k, s, e)`
        .execute(db)
        .then((r) => r.rows);
    const byUser = outside ? sql`and enrolments.user_id in (${peopleIn})` : sql``;
    [enrolled, completed, registered] = await Promise.all([
      counts((b) => sql`select count(*) from enrolments where enrolments.enrolled_at >= ${b.s} and enrolments.enrolled_at < ${b.e} ${byUser}`),
      counts((b) => sql`select count(*) from enrolments where enrolments.completed_at >= ${b.s} and enrolments.completed_at < ${b.e} and enrolments.status = 'completed' ${byUser}`),
      counts((b) => sql`select count(*) from contest_registrations where contest_registrations.registered_at >= ${b.s} and contest_registrations.registered_at < ${b.e} and contest_registrations.unit_id in (${inUnits})`),
    ]);
  } else {
    const day = (column: string) => sql<string>`date(${sql.ref(column)}, '+7 hours')`;
    const grouped = (table: 'enrolments' | 'contest_registrations', column: string, unitFilter: (q: any) => any, extra?: (q: any) => any) => {
      let q = db
        .selectFrom(table as 'enrolments')
        .select((eb) => [day(column).as('day'), eb.fn.countAll<number>().as('n')])
        .where(sql.ref(column), '>=', fromTs)
        .where(sql.ref(column), '<', toTs);
      q = unitFilter(q);
      if (extra) q = extra(q);
      return q.groupBy(day(column)).execute() as Promise<Rows>;
    };
    const byUser = (q: any) => (outside ? q.where('enrolments.user_id', 'in', peopleIn) : q);
    [enrolled, completed, registered] = await Promise.all([
      grouped('enrolments', 'enrolments.enrolled_at', byUser),
      grouped('enrolments', 'enrolments.completed_at', byUser, (q) => q.where('enrolments.status', '=', 'completed')),
      grouped('contest_registrations', 'contest_registrations.registered_at', (q) => q.where('contest_registrations.unit_id', 'in', inUnits)),
    ]);
  }
  const points = new Map(keys.map((k) => [k, { enrolments: 0, completions: 0, registrations: 0 }]));
  const add = (rows: Rows, field: 'enrolments' | 'completions' | 'registrations') => {
    for (const r of rows) {
      const p = points.get(monthly ? String(r.day).slice(0, 7) : String(r.day));
      if (p) p[field] += Number(r.n);
    }
  };
  add(enrolled, 'enrolments');
  add(completed, 'completions');
  add(registered, 'registrations');
  return { monthly, points: keys.map((key) => ({ key, ...points.get(key)! })) };
}

const COMMUNITY_SOURCES = [teamFigures, ambassadorFigures, familyFigures, eventFigures, initiativeFigures];

export async function communityTargets(db: Kysely<DB>, unitPath: string): Promise<CommunityFigure[]> {
  const all = await Promise.all(COMMUNITY_SOURCES.map((f) => f(db, unitPath)));
  return all.flat();
}

export interface DashboardInput {
  unit: { id: number; code: string; name: string; path: string };
  period: Period;
  lang: Lang;
  /** The dashboard link of a unit below, keeping the period. */
  linkFor?: (code: string) => string;
}

const share = (num: number, den: number | null | undefined): { share: number | null } => ({ share: den ? num / den : null });

export async function buildDashboard(db: Kysely<DB>, dialect: Dialect, input: DashboardInput): Promise<Dashboard> {
  const { unit, period, lang } = input;
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
  const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
  const [{ total: ind, children }, series, community] = await Promise.all([
    indicatorsTree(db, unit.path, period),
    activitySeries(db, dialect, unit.path, period),
    communityTargets(db, unit.path),
  ]);

  const cards: Dashboard['cards'] = [
    { label: t('dash.card.learners'), value: ind.learners.total },
    { label: t('dash.card.enrolments'), value: ind.enrolments.total },
    { label: t('dash.card.completions'), value: ind.enrolments.completions },
    { label: t('dash.card.attained'), value: ind.basicSkills.attained },
    { label: t('dash.card.share'), value: { share: ind.basicSkills.shareOfPopulation } },
    { label: t('dash.card.registrants'), value: ind.contest.registrants },
    { label: t('dash.card.helped'), value: ind.community.peopleHelped },
  ];
  const sections: DashSection[] = [];

  // By unit below.
  if (children.length > 0) {
    const head = ['unit', 'learners', 'publicServants', 'enrolments', 'completions', 'attained', 'population', 'share', 'registrants', 'helped'].map((c) => t(`dash.col.${c}`));
    const cellsOf = (x: Indicators): Cell[] => [
      x.learners.total,
      x.learners.publicServants,
      x.enrolments.total,
      x.enrolments.completions,
      x.basicSkills.attained,
      x.basicSkills.population,
      { share: x.basicSkills.shareOfPopulation },
      x.contest.registrants,
      x.community.peopleHelped,
    ];
    const rows = children.map((c) => ({ label: c.unit.name, href: input.linkFor?.(c.unit.code), cells: cellsOf(c.indicators) }));
    const top = [...children].sort((a, b) => b.indicators.learners.total - a.indicators.learners.total || a.unit.name.localeCompare(b.unit.name, 'vi')).slice(0, CHART_MAX_UNITS);
    sections.push({
      key: 'by-unit',
      title: t('dash.byUnit'),
      chart: () =>
        barChartSvg({
          title: t('dash.byUnit.chart'),
          description: t('dash.chartNote'),
          horizontal: true,
          locale,
          categories: top.map((c) => c.unit.name),
          series: [{ name: t('dash.col.learners'), values: top.map((c) => c.indicators.learners.total) }],
        }),
      chartNote: children.length > CHART_MAX_UNITS ? t('dash.byUnit.chartTop', { shown: CHART_MAX_UNITS, count: children.length }) : undefined,
      table: { key: 'by-unit', title: t('dash.byUnit'), head, rows, total: { label: unit.name, cells: cellsOf(ind) } },
    });
  }

  // By target group.
  const groups = [...TARGET_GROUPS, ...Object.keys(ind.learners.byTargetGroup).filter((g) => !(TARGET_GROUPS as readonly string[]).includes(g))];
  const groupLabel = (g: string) => (translate(lang, `targetGroup.${g}`) === `targetGroup.${g}` ? g : t(`targetGroup.${g}`));
  sections.push({
    key: 'by-group',
    title: t('dash.byGroup'),
    chart: () =>
      barChartSvg({
        title: t('dash.byGroup.chart'),
        description: t('dash.chartNote'),
        horizontal: true,
        locale,
        categories: groups.map(groupLabel),
        series: [{ name: t('dash.col.learners'), values: groups.map((g) => ind.learners.byTargetGroup[g] ?? 0) }],
      }),
    table: {
      key: 'by-group',
      title: t('dash.byGroup'),
      head: [t('dash.col.group'), t('dash.col.learners'), t('dash.col.shareOfLearners')],
      rows: groups.map((g) => ({ label: groupLabel(g), cells: [ind.learners.byTargetGroup[g] ?? 0, share(ind.learners.byTargetGroup[g] ?? 0, ind.learners.total)] })),
      total: { label: t('dash.total'), cells: [ind.learners.total, share(ind.learners.total, ind.learners.total)] },
    },
  });

  // By age band (shares).
  sections.push({
    key: 'by-age',
    title: t('dash.byAge'),
    chart: ind.learners.total
      ? () =>
          pieChartSvg({
            title: t('dash.byAge.chart'),
            description: t('dash.chartNote'),
            locale,
            slices: AGE_BANDS.map((b) => ({ name: t(`dash.age.${b}`), value: ind.learners.byAgeBand[b] })).filter((s) => s.value > 0),
          })
      : undefined,
    table: {
      key: 'by-age',
      title: t('dash.byAge'),
      head: [t('dash.col.age'), t('dash.col.learners'), t('dash.col.shareOfLearners')],
      rows: AGE_BANDS.map((b) => ({ label: t(`dash.age.${b}`), cells: [ind.learners.byAgeBand[b], share(ind.learners.byAgeBand[b], ind.learners.total)] })),
      total: { label: t('dash.total'), cells: [ind.learners.total, share(ind.learners.total, ind.learners.total)] },
    },
  });

  // Over time.
  const pointLabel = (key: string) => (series.monthly ? `${key.slice(5, 7)}/${key.slice(0, 4)}` : displayDay(key).slice(0, 5));
  sections.push({
    key: 'over-time',
    title: t('dash.overTime'),
    chart: () =>
      lineChartSvg({
        title: t(series.monthly ? 'dash.overTime.chartMonth' : 'dash.overTime.chartDay'),
        description: t('dash.chartNote'),
        locale,
        categories: series.points.map((p) => pointLabel(p.key)),
        series: [
          { name: t('dash.col.enrolments'), values: series.points.map((p) => p.enrolments) },
          { name: t('dash.col.completions'), values: series.points.map((p) => p.completions) },
          { name: t('dash.col.registrations'), values: series.points.map((p) => p.registrations) },
        ],
      }),
    table: {
      key: 'over-time',
      title: t('dash.overTime'),
      head: [t(series.monthly ? 'dash.col.month' : 'dash.col.day'), t('dash.col.enrolments'), t('dash.col.completions'), t('dash.col.registrations')],
      rows: series.points.map((p) => ({ label: series.monthly ? pointLabel(p.key) : displayDay(p.key), cells: [p.enrolments, p.completions, p.registrations] })),
      total: {
        label: t('dash.total'),
        cells: (['enrolments', 'completions', 'registrations'] as const).map((f) => series.points.reduce((s, p) => s + p[f], 0)),
      },
    },
  });

  // Each unit against its targets: basic digital skills of the population (and of the public servants).
  const targetRows = (children.length ? children : [{ unit: { name: unit.name, code: unit.code }, indicators: ind }]).map((c) => ({
    name: c.unit.name,
    code: c.unit.code,
    x: c.indicators.basicSkills,
  }));
  const withPopulation = targetRows.filter((r) => r.x.shareOfPopulation !== null).sort((a, b) => a.x.shareOfPopulation! - b.x.shareOfPopulation! || a.name.localeCompare(b.name, 'vi'));
  const lowest = withPopulation.slice(0, CHART_MAX_UNITS);
  const targetsIntro = [t('dash.targets.lead')];
  if (!ind.basicSkills.ruleSet) targetsIntro.push(t('dash.ruleNotSet'));
  if (withPopulation.length === 0) targetsIntro.push(t('dash.targets.noPopulation'));
  sections.push({
    key: 'targets',
    title: t('dash.targets'),
    intro: targetsIntro,
    chart: lowest.length
      ? () =>
          barChartSvg({
            title: t('dash.targets.chart'),
            description: t('dash.chartNote'),
            horizontal: true,
            stacked: true,
            percent: true,
            locale,
            categories: lowest.map((r) => r.name),
            series: [
              { name: t('dash.col.attained'), values: lowest.map((r) => Math.min(1, r.x.shareOfPopulation!)) },
              { name: t('dash.notAttained'), values: lowest.map((r) => Math.max(0, 1 - r.x.shareOfPopulation!)) },
            ],
          })
      : undefined,
    chartNote: withPopulation.length > CHART_MAX_UNITS ? t('dash.targets.chartLowest', { shown: CHART_MAX_UNITS, count: withPopulation.length }) : undefined,
    table: {
      key: 'targets',
      title: t('dash.targets'),
      head: ['unit', 'attained', 'population', 'share', 'staff', 'staffShare'].map((c) => t(`dash.col.${c}`)),
      rows: [...withPopulation, ...targetRows.filter((r) => r.x.shareOfPopulation === null)].map((r) => ({
        label: r.name,
        href: children.length ? input.linkFor?.(r.code) : undefined,
        cells: [r.x.attained, r.x.population, { share: r.x.shareOfPopulation }, r.x.staff, { share: r.x.shareOfStaff }],
      })),
      total: children.length
        ? { label: unit.name, cells: [ind.basicSkills.attained, ind.basicSkills.population, { share: ind.basicSkills.shareOfPopulation }, ind.basicSkills.staff, { share: ind.basicSkills.shareOfStaff }] }
        : undefined,
    },
  });

  // The community network against its targets (current figures of the unit).
  const targeted = community.filter((f) => f.target !== undefined && f.target > 0);
  sections.push({
    key: 'community',
    title: t('dash.community'),
    intro: [t('dash.community.lead', { unit: unit.name })],
    chart: targeted.length
      ? () =>
          barChartSvg({
            title: t('dash.community.chart'),
            description: t('dash.chartNote'),
            horizontal: true,
            percent: true,
            locale,
            categories: targeted.map((f) => f.label[lang]),
            series: [{ name: t('dash.col.reached'), values: targeted.map((f) => f.value / f.target!) }],
          })
      : undefined,
    table: {
      key: 'community',
      title: t('dash.community'),
      head: ['figure', 'value', 'target', 'reached'].map((c) => t(`dash.col.${c}`)),
      rows: community.map((f) => ({ label: f.label[lang], cells: [f.value, f.target ?? null, f.target ? { share: f.value / f.target } : null] })),
    },
  });

  // By course.
  const courses = ind.enrolments.byCourse;
  const topCourses = courses.slice(0, CHART_MAX_COURSES);
  sections.push({
    key: 'courses',
    title: t('dash.courses'),
    chart: topCourses.length
      ? () =>
          barChartSvg({
            title: t('dash.courses.chart'),
            description: t('dash.chartNote'),
            horizontal: true,
            locale,
            categories: topCourses.map((c) => c.title),
            series: [
              { name: t('dash.col.enrolments'), values: topCourses.map((c) => c.enrolments) },
              { name: t('dash.col.completions'), values: topCourses.map((c) => c.completions) },
            ],
          })
      : undefined,
    chartNote: courses.length > CHART_MAX_COURSES ? t('dash.courses.chartTop', { shown: CHART_MAX_COURSES, count: courses.length }) : undefined,
    table: {
      key: 'courses',
      title: t('dash.courses'),
      head: [t('dash.col.course'), t('dash.col.host'), t('dash.col.enrolments'), t('dash.col.completions')],
      rows: courses.map((c) => ({ label: c.title, cells: [c.hostUnitName, c.enrolments, c.completions] })),
      total: { label: t('dash.total'), cells: ['', ind.enrolments.total, ind.enrolments.completions] },
    },
  });

  return { unit, period, indicators: ind, cards, sections };
}
