/**
 * The organisers' forms, checked field by field: a contest, a round, a prize. Pure: what needs the database
 * (slug taken, quiz in scope, round number taken) is checked by the caller, which adds its codes to the same
 * errors object before anything is written.
 *
 * Times are typed as `datetime-local` values in Vietnam's time zone (Asia/Ho_Chi_Minh, UTC+7 all year, no
 * daylight saving) and stored as ISO-8601 UTC.
 */
import { TARGET_GROUPS } from '../accounts/people-input.js';
import { RANK_KEYS, type RankKey } from './ranking.js';

export type Form = Record<string, string | undefined>;

export const CONTEST_STATUSES = ['draft', 'published', 'archived'] as const;
export type ContestStatus = (typeof CONTEST_STATUSES)[number];
export const PRIZE_KINDS = ['individual', 'collective'] as const;
export type PrizeKind = (typeof PRIZE_KINDS)[number];

export const TITLE_MAX = 255;
export const SLUG_MAX = 80;
export const SUMMARY_MAX = 2000;
export const LONG_TEXT_MAX = 20_000;
export const PREDICTION_MAX = 500;
export const ROUND_ATTEMPTS_MAX = 10;
export const PRIZE_QUANTITY_MAX = 1000;
export const PRIZE_NAME_MAX = 200;
export const REWARD_MAX = 1000;

const clean = (s: string | undefined) => (s ?? '').normalize('NFC').trim();
const oneLine = (s: string | undefined) => clean(s).replace(/\s+/g, ' ');
/** Paragraphs kept, Windows line ends and trailing spaces tidied. */
const multiLine = (s: string | undefined) =>
  clean(s)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n');

function intIn(raw: string | undefined, min: number, max: number): number | null | undefined {
  const s = clean(raw);
  if (s === '') return null;
  if (!/^\d{1,9}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= max ? n : undefined;
}

// ---- Vietnam's local time ----

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "2026-11-25T08:00" (Vietnam) → "2026-11-25T01:00:00.000Z"; undefined when not a real date and time. */
export function parseLocalDateTime(raw: string | undefined): string | undefined {
  const m = LOCAL_RE.exec(clean(raw));
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '00'].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const utc = Date.UTC(y, mo - 1, d, h - 7, mi, s);
  // 31 February and the like roll over: refuse them.
  const back = new Date(utc + 7 * 3600_000);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1) return undefined;
  return new Date(utc).toISOString();
}

/** ISO UTC → "2026-11-25T08:00", the value of a datetime-local input in Vietnam's time zone. */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 16);
}

// ---- Contest ----

export interface ContestValues {
  title: string;
  slug: string;
  unitCode: string;
  summary: string;
  rules: string;
  prizesText: string;
  targetGroups: string[];
  rankingOrder: RankKey[];
  showScoreOnSubmit: boolean;
  registrationOpensAt: string | null;
  registrationClosesAt: string | null;
  status: ContestStatus;
}

/** Target groups are checkboxes tg_<code>; the ranking order is four selects rank1..rank4. */
export const targetGroupField = (code: string) => `tg_${code}`;
export const RANK_FIELDS = ['rank1', 'rank2', 'rank3', 'rank4'] as const;

export /** Paths under /cuoc-thi/ the public pages use for themselves (/cuoc-thi/bai-thi/:attemptId). */
const RESERVED_SLUGS = new Set(['bai-thi']);
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function validateContest(form: Form): { values?: ContestValues; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const title = oneLine(form.title);
  if (!title) errors.title = 'CONTEST_TITLE_REQUIRED';
  else if (title.length > TITLE_MAX) errors.title = 'CONTEST_TITLE_TOO_LONG';

  const slug = clean(form.slug).toLowerCase();
  if (!slug) errors.slug = 'CONTEST_SLUG_REQUIRED';
  else if (slug.length > SLUG_MAX || !SLUG_RE.test(slug)) errors.slug = 'CONTEST_SLUG_INVALID';
  else if (RESERVED_SLUGS.has(slug)) errors.slug = 'CONTEST_SLUG_RESERVED';

  const unitCode = clean(form.unit);
  if (!unitCode) errors.unit = 'CONTEST_UNIT_REQUIRED';

  const summary = multiLine(form.summary);
  if (!summary) errors.summary = 'CONTEST_SUMMARY_REQUIRED';
  else if (summary.length > SUMMARY_MAX) errors.summary = 'CONTEST_TEXT_TOO_LONG';
  const rules = multiLine(form.rules);
  if (rules.length > LONG_TEXT_MAX) errors.rules = 'CONTEST_TEXT_TOO_LONG';
  const prizesText = multiLine(form.prizesText);
  if (prizesText.length > LONG_TEXT_MAX) errors.prizesText = 'CONTEST_TEXT_TOO_LONG';

  const targetGroups = TARGET_GROUPS.filter((g) => form[targetGroupField(g)] === '1');
  if (targetGroups.length === 0) errors.targetGroups = 'CONTEST_TARGET_GROUPS_REQUIRED';

  const rankingOrder: RankKey[] = [];
  let gap = false;
  for (const f of RANK_FIELDS) {
    const key = clean(form[f]);
    if (!key) {
      gap = true;
      continue;
    }
    if (!(RANK_KEYS as readonly string[]).includes(key)) errors[f] = 'CONTEST_RANK_KEY_UNKNOWN';
    else if (rankingOrder.includes(key as RankKey)) errors[f] = 'CONTEST_RANK_KEY_TWICE';
    else if (gap) errors[f] = 'CONTEST_RANK_GAP';
    else rankingOrder.push(key as RankKey);
  }
  if (rankingOrder.length === 0 && !errors.rank1) errors.rank1 = 'CONTEST_RANK_REQUIRED';

  const opensRaw = clean(form.registrationOpensAt);
  const closesRaw = clean(form.registrationClosesAt);
  const registrationOpensAt = opensRaw ? parseLocalDateTime(opensRaw) : null;
  const registrationClosesAt = closesRaw ? parseLocalDateTime(closesRaw) : null;
  if (registrationOpensAt === undefined) errors.registrationOpensAt = 'CONTEST_DATETIME_INVALID';
  if (registrationClosesAt === undefined) errors.registrationClosesAt = 'CONTEST_DATETIME_INVALID';
  if (registrationOpensAt && registrationClosesAt && registrationClosesAt <= registrationOpensAt) errors.registrationClosesAt = 'CONTEST_CLOSES_BEFORE_OPENS';

  const status = clean(form.status) || 'draft';
  if (!(CONTEST_STATUSES as readonly string[]).includes(status)) errors.status = 'CONTEST_STATUS_INVALID';

  if (Object.keys(errors).length) return { errors };
  return {
    values: {
      title,
      slug,
      unitCode,
      summary,
      rules,
      prizesText,
      targetGroups,
      rankingOrder,
      showScoreOnSubmit: form.showScoreOnSubmit === '1',
      registrationOpensAt: registrationOpensAt ?? null,
      registrationClosesAt: registrationClosesAt ?? null,
      status: status as ContestStatus,
    },
    errors,
  };
}

export function contestForm(c: {
  title: string;
  slug: string;
  unit_code: string;
  summary: string;
  rules: string;
  prizes_text: string;
  target_groups: string;
  ranking_order: string;
  show_score_on_submit: number;
  registration_opens_at: string | null;
  registration_closes_at: string | null;
  status: string;
}): Form {
  const form: Form = {
    title: c.title,
    slug: c.slug,
    unit: c.unit_code,
    summary: c.summary,
    rules: c.rules,
    prizesText: c.prizes_text,
    showScoreOnSubmit: c.show_score_on_submit ? '1' : undefined,
    registrationOpensAt: toLocalInput(c.registration_opens_at),
    registrationClosesAt: toLocalInput(c.registration_closes_at),
    status: c.status,
  };
  for (const g of JSON.parse(c.target_groups) as string[]) form[targetGroupField(g)] = '1';
  (JSON.parse(c.ranking_order) as string[]).forEach((k, i) => {
    if (i < RANK_FIELDS.length) form[RANK_FIELDS[i]] = k;
  });
  return form;
}

export const newContestForm = (unitCode: string | undefined): Form => ({
  unit: unitCode,
  status: 'draft',
  rank1: 'correct',
  rank2: 'prediction',
  rank3: 'duration',
  rank4: 'submitted',
  ...Object.fromEntries(TARGET_GROUPS.map((g) => [targetGroupField(g), '1'])),
});

// ---- Round ----

export interface RoundValues {
  number: number;
  title: string;
  opensAt: string;
  closesAt: string;
  quizId: number;
  attemptsAllowed: number;
  predictionQuestion: string | null;
}

export function validateRound(form: Form): { values?: RoundValues; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const number = intIn(form.number, 1, 100);
  if (number === null) errors.number = 'CONTEST_ROUND_NUMBER_REQUIRED';
  else if (number === undefined) errors.number = 'CONTEST_ROUND_NUMBER_INVALID';
  const title = oneLine(form.title);
  if (!title) errors.title = 'CONTEST_ROUND_TITLE_REQUIRED';
  else if (title.length > TITLE_MAX) errors.title = 'CONTEST_TITLE_TOO_LONG';
  const opensAt = clean(form.opensAt) ? parseLocalDateTime(form.opensAt) : null;
  const closesAt = clean(form.closesAt) ? parseLocalDateTime(form.closesAt) : null;
  if (opensAt === null) errors.opensAt = 'CONTEST_DATETIME_REQUIRED';
  else if (opensAt === undefined) errors.opensAt = 'CONTEST_DATETIME_INVALID';
  if (closesAt === null) errors.closesAt = 'CONTEST_DATETIME_REQUIRED';
  else if (closesAt === undefined) errors.closesAt = 'CONTEST_DATETIME_INVALID';
  if (opensAt && closesAt && closesAt <= opensAt) errors.closesAt = 'CONTEST_CLOSES_BEFORE_OPENS';
  const quizId = intIn(form.quiz, 1, 1e9);
  if (!quizId) errors.quiz = 'CONTEST_QUIZ_REQUIRED';
  const attempts = intIn(form.attemptsAllowed, 1, ROUND_ATTEMPTS_MAX);
  if (attempts === undefined) errors.attemptsAllowed = 'CONTEST_ATTEMPTS_INVALID';
  const prediction = multiLine(form.predictionQuestion);
  if (prediction.length > PREDICTION_MAX) errors.predictionQuestion = 'CONTEST_TEXT_TOO_LONG';
  if (Object.keys(errors).length) return { errors };
  return {
    values: { number: number!, title, opensAt: opensAt!, closesAt: closesAt!, quizId: quizId!, attemptsAllowed: attempts ?? 1, predictionQuestion: prediction || null },
    errors,
  };
}

export function roundForm(r: { number: number; title: string; opens_at: string; closes_at: string; quiz_id: number; attempts_allowed: number; prediction_question: string | null }): Form {
  return {
    number: String(r.number),
    title: r.title,
    opensAt: toLocalInput(r.opens_at),
    closesAt: toLocalInput(r.closes_at),
    quiz: String(r.quiz_id),
    attemptsAllowed: String(r.attempts_allowed),
    predictionQuestion: r.prediction_question ?? '',
  };
}

// ---- Prize ----

export interface PrizeValues {
  kind: PrizeKind;
  /** null: the overall ranking. */
  roundId: number | null;
  name: string;
  rankOrder: number;
  quantity: number;
  reward: string;
}

/** `ranking` is "overall" or a round id of the contest (`roundIds`). */
export function validatePrize(form: Form, roundIds: number[]): { values?: PrizeValues; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const kind = clean(form.kind) || 'individual';
  if (!(PRIZE_KINDS as readonly string[]).includes(kind)) errors.kind = 'CONTEST_PRIZE_KIND_INVALID';
  const ranking = clean(form.ranking) || 'overall';
  let roundId: number | null = null;
  if (ranking !== 'overall') {
    const id = intIn(ranking, 1, 1e9);
    if (!id || !roundIds.includes(id)) errors.ranking = 'CONTEST_PRIZE_RANKING_UNKNOWN';
    else roundId = id;
  }
  const name = oneLine(form.name);
  if (!name) errors.name = 'CONTEST_PRIZE_NAME_REQUIRED';
  else if (name.length > PRIZE_NAME_MAX) errors.name = 'CONTEST_TITLE_TOO_LONG';
  const rankOrder = intIn(form.rankOrder, 1, 100);
  if (rankOrder === null) errors.rankOrder = 'CONTEST_PRIZE_ORDER_REQUIRED';
  else if (rankOrder === undefined) errors.rankOrder = 'CONTEST_PRIZE_ORDER_INVALID';
  const quantity = intIn(form.quantity, 1, PRIZE_QUANTITY_MAX);
  if (quantity === null) errors.quantity = 'CONTEST_PRIZE_QUANTITY_REQUIRED';
  else if (quantity === undefined) errors.quantity = 'CONTEST_PRIZE_QUANTITY_INVALID';
  const reward = multiLine(form.reward);
  if (reward.length > REWARD_MAX) errors.reward = 'CONTEST_TEXT_TOO_LONG';
  if (Object.keys(errors).length) return { errors };
  return { values: { kind: kind as PrizeKind, roundId, name, rankOrder: rankOrder!, quantity: quantity!, reward }, errors };
}

export function prizeForm(p: { kind: string; round_id: number | null; name: string; rank_order: number; quantity: number; reward: string }): Form {
  return { kind: p.kind, ranking: p.round_id === null ? 'overall' : String(p.round_id), name: p.name, rankOrder: String(p.rank_order), quantity: String(p.quantity), reward: p.reward };
}
