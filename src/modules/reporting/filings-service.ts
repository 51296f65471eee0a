/**
 * Commands of unit filings: the city defines forms and periods; a unit saves a draft and submits; the city accepts
 * or returns with a comment; a returned filing is edited and resubmitted. Every write checks first, then changes
 * everything in one transaction, conditional on the revision the form was opened at — a refused or replayed form
 * changes nothing. Also `filedFigures`, the sums the generated report uses, and the units that have not filed.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { canAt, scopePaths, type Actor } from '../../core/policy.js';
import { nowIso } from '../../db/database.js';
import { unitByCode, type UnitRow } from '../units/repository.js';
import { REPORT_MANAGE, REPORT_VIEW } from './capabilities.js';
import {
  EDITABLE,
  FILED,
  PERIOD_KINDS,
  checkFigures,
  checkValues,
  isDate,
  isOverdue,
  periodRange,
  type FilingStatus,
  type PeriodKind,
  type Values,
} from './filings-model.js';
import * as repo from './filings-repository.js';
import './messages-filings.js';

const COMMENT_MAX = 5_000;

function fieldError(fields: Record<string, string>, params: Record<string, string | number> = {}): AppError {
  return new AppError('VALIDATION', 400, { detail: Object.keys(fields).join(', '), ...params }, fields);
}

/** A unit that files (depth 1) which the actor may see with `capability`; 404 otherwise. */
export async function filingUnit(db: Kysely<DB>, actor: Actor | undefined, code: string, capability = REPORT_VIEW): Promise<UnitRow> {
  const unit = await unitByCode(db, code);
  if (!unit || unit.depth !== 1 || !canAt(actor, capability, unit.path)) throw new AppError('NOT_FOUND', 404);
  return unit;
}

export async function period(db: Kysely<DB>, id: number): Promise<repo.PeriodRow> {
  const p = await repo.periodById(db, id);
  if (!p) throw new AppError('NOT_FOUND', 404);
  return p;
}

// ---- forms ----

export interface FigureRowInput {
  code?: string;
  labelVi?: string;
  labelEn?: string;
  kind?: string;
  required?: boolean;
}

function checkName(name: string | undefined, fields: Record<string, string>): string {
  const n = (name ?? '').trim();
  if (n.length < 3 || n.length > 200) fields.name = 'FILING_FORM_NAME';
  return n;
}

export async function createForm(db: Kysely<DB>, actor: Actor, input: { name?: string }): Promise<number> {
  const fields: Record<string, string> = {};
  const name = checkName(input.name, fields);
  if (Object.keys(fields).length) throw fieldError(fields);
  // A new form starts from the default one (the first), which the city then edits.
  const first = (await repo.forms(db))[0];
  const now = nowIso();
  const { id } = await db
    .insertInto('filing_forms')
    .values({ name, figures: first?.figures ?? '[]', created_by: actor.userId, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await audit(db, actor, { action: 'filing.form.create', targetType: 'filing_form', targetId: id });
  return id;
}

export async function updateForm(db: Kysely<DB>, actor: Actor, id: number, input: { name?: string; rows: FigureRowInput[] }): Promise<void> {
  if (!(await repo.formById(db, id))) throw new AppError('NOT_FOUND', 404);
  const { figures, fields } = checkFigures(input.rows);
  const name = checkName(input.name, fields);
  if (Object.keys(fields).length) throw fieldError(fields);
  await db.updateTable('filing_forms').set({ name, figures: JSON.stringify(figures), updated_at: nowIso() }).where('id', '=', id).execute();
  await audit(db, actor, { action: 'filing.form.update', targetType: 'filing_form', targetId: id });
}

// ---- periods ----

export interface PeriodInput {
  form?: string;
  kind?: string;
  year?: string;
  month?: string;
  quarter?: string;
  name?: string;
  startsOn?: string;
  endsOn?: string;
  deadline?: string;
}

export async function createPeriod(db: Kysely<DB>, actor: Actor, input: PeriodInput): Promise<number> {
  const fields: Record<string, string> = {};
  const form = /^\d{1,9}$/.test(input.form ?? '') ? await repo.formById(db, Number(input.form)) : undefined;
  if (!form) fields.form = 'FILING_FORM_REQUIRED';
  const kind = (PERIOD_KINDS as readonly string[]).includes(input.kind ?? '') ? (input.kind as PeriodKind) : undefined;
  if (!kind) fields.kind = 'FILING_PERIOD_KIND';
  let startsOn = '';
  let endsOn = '';
  let name = '';
  if (kind && kind !== 'campaign') {
    const year = Number(input.year);
    if (!/^\d{4}$/.test(input.year ?? '') || year < 2000 || year > 2100) fields.year = 'FILING_PERIOD_YEAR';
    let n = 1;
    if (kind === 'month') {
      n = Number(input.month);
      if (!/^\d{1,2}$/.test(input.month ?? '') || n < 1 || n > 12) fields.month = 'FILING_PERIOD_MONTH';
    }
    if (kind === 'quarter') {
      n = Number(input.quarter);
      if (!/^[1-4]$/.test(input.quarter ?? '')) fields.quarter = 'FILING_PERIOD_QUARTER';
    }
    if (!fields.year && !fields.month && !fields.quarter) ({ startsOn, endsOn } = periodRange(kind, year, n));
  } else if (kind === 'campaign') {
    name = (input.name ?? '').trim();
    if (name.length < 3 || name.length > 200) fields.name = 'FILING_PERIOD_NAME';
    startsOn = (input.startsOn ?? '').trim();
    endsOn = (input.endsOn ?? '').trim();
    if (!isDate(startsOn)) fields.startsOn = 'FILING_DATE_INVALID';
    if (!isDate(endsOn)) fields.endsOn = 'FILING_DATE_INVALID';
    else if (!fields.startsOn && endsOn < startsOn) fields.endsOn = 'FILING_PERIOD_ENDS_BEFORE';
  }
  const deadline = (input.deadline ?? '').trim();
  if (!isDate(deadline)) fields.deadline = 'FILING_DATE_INVALID';
  else if (startsOn && deadline < startsOn) fields.deadline = 'FILING_DEADLINE_BEFORE';
  if (Object.keys(fields).length) throw fieldError(fields);
  const row = await db
    .insertInto('filing_periods')
    .values({ form_id: form!.id, kind: kind!, name, starts_on: startsOn, ends_on: endsOn, deadline, figures: form!.figures, created_by: actor.userId, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['form_id', 'kind', 'starts_on', 'ends_on', 'name']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw fieldError({ kind: 'FILING_PERIOD_EXISTS' });
  await audit(db, actor, { action: 'filing.period.create', targetType: 'filing_period', targetId: row.id });
  return row.id;
}

// ---- filings ----

export interface FilingInput {
  /** Raw values by figure code. */
  values: Record<string, string | undefined>;
  /** The revision the form was opened at (0 for a filing not created yet). */
  revision: number;
  action: 'save' | 'submit';
}

export type SaveOutcome = 'saved' | 'submitted' | 'already';

/**
 * Saves (partially: empty values allowed, the others must be valid) or submits (every required value) a unit's
 * filing of a period. Submitting a filing already submitted or accepted changes nothing and answers 'already'
 * (a double click, a replayed form); a form opened at an older revision is refused (409) and changes nothing.
 */
export async function saveFiling(db: Kysely<DB>, actor: Actor, periodId: number, unitCode: string, input: FilingInput): Promise<SaveOutcome> {
  const p = await period(db, periodId);
  const unit = await filingUnit(db, actor, unitCode);
  const current = await repo.filingOf(db, p.id, unit.id);
  const status = (current?.status as FilingStatus | undefined) ?? 'draft';
  if (current && !EDITABLE.includes(status)) {
    if (input.action === 'submit') return 'already';
    throw new AppError('FILING_NOT_EDITABLE', 409);
  }
  const submit = input.action === 'submit';
  const { values, fields } = checkValues(repo.periodFigures(p), input.values, submit);
  if (Object.keys(fields).length) throw fieldError(fields);
  if (input.revision !== (current?.revision ?? 0)) throw new AppError('FILING_STALE', 409);

  const now = nowIso();
  const newStatus: FilingStatus = submit ? 'submitted' : status;
  const submittedBefore = current ? await db.selectFrom('filing_history').select('id').where('filing_id', '=', current.id).where('action', 'in', ['submitted', 'resubmitted']).executeTakeFirst() : undefined;
  try {
    await db.transaction().execute(async (trx) => {
      let id = current?.id;
      if (!id) {
        const created = await trx
          .insertInto('filings')
          .values({ period_id: p.id, unit_id: unit.id, status: 'draft', revision: 0, submitted_at: null, decided_at: null, decided_by: null, created_by: actor.userId, updated_by: actor.userId, created_at: now, updated_at: now })
          .onConflict((oc) => oc.columns(['period_id', 'unit_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        // Someone created it meanwhile (another tab, another administrator of the unit): this form is stale.
        if (!created) throw new AppError('FILING_STALE', 409);
        id = created.id;
        await trx.insertInto('filing_history').values({ filing_id: id, action: 'drafted', comment: null, values_json: null, actor_id: actor.userId, at: now }).execute();
      }
      const res = await trx
        .updateTable('filings')
        .set({ status: newStatus, revision: input.revision + 1, updated_by: actor.userId, updated_at: now, ...(submit ? { submitted_at: now } : {}) })
        .where('id', '=', id)
        .where('revision', '=', input.revision)
        .where('status', 'in', EDITABLE)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('FILING_STALE', 409);
      await trx.deleteFrom('filing_values').where('filing_id', '=', id).execute();
      const rows = Object.entries(values)
        .filter(([, v]) => v !== null)
        .map(([code, v]) => ({ filing_id: id!, code, number_value: typeof v === 'number' ? v : null, text_value: typeof v === 'string' ? v : null }));
      if (rows.length) await trx.insertInto('filing_values').values(rows).execute();
      if (submit) {
        const action = submittedBefore ? 'resubmitted' : 'submitted';
        await trx.insertInto('filing_history').values({ filing_id: id, action, comment: null, values_json: JSON.stringify(values), actor_id: actor.userId, at: now }).execute();
      }
      await audit(trx, actor, { action: submit ? 'filing.submit' : 'filing.save', unitId: unit.id, targetType: 'filing', targetId: id });
    });
  } catch (err) {
    // Two submissions at once (a double click): the one that lost finds the filing submitted — nothing to do.
    if (submit && err instanceof AppError && err.code === 'FILING_STALE') {
      const latest = await repo.filingOf(db, p.id, unit.id);
      if (latest && FILED.includes(latest.status as FilingStatus)) return 'already';
    }
    throw err;
  }
  return submit ? 'submitted' : 'saved';
}

export type ReviewOutcome = 'accepted' | 'returned' | 'already';

/**
 * The city accepts a submitted filing or returns it with a comment (required). A replayed decision changes
 * nothing: the same decision again answers 'already'; a form opened at an older revision is refused (409).
 */
export async function reviewFiling(db: Kysely<DB>, actor: Actor, periodId: number, unitCode: string, input: { decision?: string; comment?: string; revision?: number }): Promise<ReviewOutcome> {
  const p = await period(db, periodId);
  const unit = await filingUnit(db, actor, unitCode, REPORT_MANAGE);
  const filing = await repo.filingOf(db, p.id, unit.id);
  if (!filing) throw new AppError('NOT_FOUND', 404);
  const decision = input.decision === 'accept' ? 'accepted' : input.decision === 'return' ? 'returned' : undefined;
  const comment = (input.comment ?? '').trim();
  const fields: Record<string, string> = {};
  if (!decision) fields.decision = 'FILING_DECISION_REQUIRED';
  if (decision === 'returned' && !comment) fields.comment = 'FILING_COMMENT_REQUIRED';
  if (comment.length > COMMENT_MAX) fields.comment = 'FILING_COMMENT_TOO_LONG';
  if (Object.keys(fields).length) throw fieldError(fields);
  if (filing.status !== 'submitted') {
    if (filing.status === decision) return 'already';
    throw new AppError('FILING_NOT_PENDING', 409);
  }
  // The form shows one submission: a decision replayed after the unit resubmitted is not applied to the new one.
  if (input.revision !== undefined && input.revision !== filing.revision) throw new AppError('FILING_STALE', 409);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('filings')
      .set({ status: decision!, revision: filing.revision + 1, decided_at: now, decided_by: actor.userId, updated_at: now })
      .where('id', '=', filing.id)
      .where('status', '=', 'submitted')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('FILING_NOT_PENDING', 409);
    await trx.insertInto('filing_history').values({ filing_id: filing.id, action: decision!, comment: comment || null, values_json: null, actor_id: actor.userId, at: now }).execute();
    await audit(trx, actor, { action: `filing.${decision}`, unitId: unit.id, targetType: 'filing', targetId: filing.id });
  });
  return decision!;
}

// ---- the period's overview ----

export interface PeriodOverview {
  counts: Record<FilingStatus | 'none', number>;
  total: number;
  filed: number;
  rows: repo.UnitStatus[];
  /** Units that have not filed (no filing, draft or returned), by name. */
  nonFilers: repo.UnitStatus[];
  overdue: boolean;
}

export async function periodOverview(db: Kysely<DB>, actor: Actor | undefined, p: repo.PeriodRow, now = new Date()): Promise<PeriodOverview> {
  const rows = await repo.statusesOf(db, p.id, scopePaths(actor, REPORT_MANAGE));
  const counts = { none: 0, draft: 0, submitted: 0, returned: 0, accepted: 0 };
  for (const r of rows) counts[r.status]++;
  const nonFilers = rows.filter((r) => !FILED.includes(r.status as FilingStatus));
  return { counts, total: rows.length, filed: rows.length - nonFilers.length, rows, nonFilers, overdue: isOverdue(p.deadline, now) };
}

// ---- for the generated report ----

/**
 * Sums of the whole-number figures of the ACCEPTED filings of the units under `unitPath` whose filing period lies
 * within `period` (from ≤ starts_on and ends_on ≤ to, YYYY-MM-DD), by figure code. When one unit has accepted
 * filings for nested periods (a month inside a quarter inside the year), only the outermost counts, so the same
 * work is not counted twice; periods that merely overlap are added. Every count figure of the periods found is
 * present (0 when nobody entered it).
 */
export async function filedFigures(db: Kysely<DB>, unitPath: string, period: { from: string; to: string }): Promise<Record<string, number>> {
  const filings = await db
    .selectFrom('filings')
    .innerJoin('filing_periods', 'filing_periods.id', 'filings.period_id')
    .innerJoin('units', 'units.id', 'filings.unit_id')
    .select(['filings.id', 'filings.unit_id', 'filing_periods.starts_on', 'filing_periods.ends_on'])
    .where('filings.status', '=', 'accepted')
    .where('units.path', 'like', `${unitPath}%`)
    .where('filing_periods.starts_on', '>=', period.from)
    .where('filing_periods.ends_on', '<=', period.to)
    .execute();
  const out: Record<string, number> = {};
  if (filings.length === 0) return out;
  const values: Array<{ filing_id: number; code: string; number_value: number | null }> = [];
  const ids = filings.map((f) => f.id);
  for (let i = 0; i < ids.length; i += 500) {
    values.push(
      ...(await db
        .selectFrom('filing_values')
        .select(['filing_id', 'code', 'number_value'])
        .where('filing_id', 'in', ids.slice(i, i + 500))
        .where('number_value', 'is not', null)
        .execute()),
    );
  }
  const byId = new Map(filings.map((f) => [f.id, f]));
  const filled = new Set(values.map((v) => `${v.filing_id}:${v.code}`));
  // Per unit and figure, drop a value whose filing's period lies inside that of another accepted filing of the unit
  // that also gives this figure (same range: keep the first), so a month is not counted again inside its quarter.
  // Figures of different forms never hide each other; a figure no accepted filing gave stays absent ("…" in the report).
  for (const v of values) {
    const f = byId.get(v.filing_id)!;
    const covered = filings.some(
      (g) =>
        g.unit_id === f.unit_id &&
        g.id !== f.id &&
        filled.has(`${g.id}:${v.code}`) &&
        g.starts_on <= f.starts_on &&
        f.ends_on <= g.ends_on &&
        (g.starts_on !== f.starts_on || g.ends_on !== f.ends_on || g.id < f.id),
    );
    if (!covered) out[v.code] = (out[v.code] ?? 0) + Number(v.number_value);
  }
  return out;
}

export type { Values };
