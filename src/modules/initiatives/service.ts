/** Commands of initiatives: propose, edit/resubmit, accept/return, replicate; files checked by their bytes. */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { canAt, scopePaths, type Actor } from '../../core/policy.js';
import { nowIso } from '../../db/database.js';
import { unitByCode } from '../units/repository.js';
import { INITIATIVE_PROPOSE, INITIATIVE_REVIEW } from './capabilities.js';
import { MAX_FILES_PER_INITIATIVE, checkFile, cleanFileName, removeStored, storeFile, type FileKind } from './files.js';
import * as repo from './repository.js';
import { PROPOSING_TYPES, type InitiativeWithUnit } from './repository.js';
import './messages.js';

export interface InitiativeFields {
  unit?: string;
  title?: string;
  description?: string;
  results?: string;
}

const TEXT_MAX = 10_000;
const COMMENT_MAX = 5_000;

/** Paths under which the actor sees initiatives in the administration: their proposing scope and their review scope. */
export function visiblePaths(actor: Actor | undefined): string[] {
  const all = [...scopePaths(actor, INITIATIVE_PROPOSE), ...scopePaths(actor, INITIATIVE_REVIEW)].sort((a, b) => a.length - b.length);
  return all.filter((p, i) => !all.slice(0, i).some((q) => p.startsWith(q)));
}

export async function visibleInitiative(db: Kysely<DB>, actor: Actor | undefined, id: number): Promise<InitiativeWithUnit> {
  const it = await repo.initiativeById(db, id);
  if (!it || !visiblePaths(actor).some((p) => it.unit_path.startsWith(p))) throw new AppError('NOT_FOUND', 404);
  return it;
}

function validateText(f: InitiativeFields): { title: string; description: string; results: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const title = (f.title ?? '').trim();
  const description = (f.description ?? '').trim();
  const results = (f.results ?? '').trim();
  if (title.length < 3 || title.length > 200) fields.title = 'INITIATIVE_TITLE_REQUIRED';
  if (!description || description.length > TEXT_MAX) fields.description = 'INITIATIVE_TEXT_REQUIRED';
  if (!results || results.length > TEXT_MAX) fields.results = 'INITIATIVE_TEXT_REQUIRED';
  return { title, description, results, fields };
}

type Checked = Array<{ name: string; data: Buffer; kind: FileKind }>;

function checkFiles(files: Array<{ name: string; data: Buffer }>): Checked {
  return files.map((f) => {
    const name = cleanFileName(f.name);
    const kind = checkFile(name, f.data);
    if (!kind) throw new AppError('INITIATIVE_FILE_TYPE', 400, { name }, { files: 'INITIATIVE_FILE_TYPE' });
    return { name, data: f.data, kind };
  });
}

async function store(config: Config, files: Checked): Promise<Array<Checked[number] & { key: string }>> {
  const stored: Array<Checked[number] & { key: string }> = [];
  try {
    for (const f of files) stored.push({ ...f, key: await storeFile(config.dataDir, f.data) });
  } catch (err) {
    await removeStored(config.dataDir, stored.map((s) => s.key));
    throw err;
  }
  return stored;
}

function fieldError(fields: Record<string, string>, params: Record<string, string | number> = {}): AppError {
  return new AppError('VALIDATION', 400, { detail: Object.keys(fields).join(', '), ...params }, fields);
}

export async function propose(db: Kysely<DB>, config: Config, actor: Actor, f: InitiativeFields, files: Array<{ name: string; data: Buffer }>): Promise<number> {
  const v = validateText(f);
  const unit = f.unit ? await unitByCode(db, f.unit.trim()) : undefined;
  if (!unit || unit.retired_at || !PROPOSING_TYPES.includes(unit.type) || !canAt(actor, INITIATIVE_PROPOSE, unit.path)) v.fields.unit = 'INITIATIVE_UNIT_INVALID';
  if (Object.keys(v.fields).length) throw fieldError(v.fields);
  if (files.length > MAX_FILES_PER_INITIATIVE) throw new AppError('INITIATIVE_TOO_MANY_FILES', 400, { max: MAX_FILES_PER_INITIATIVE }, { files: 'INITIATIVE_TOO_MANY_FILES' });
  const stored = await store(config, checkFiles(files));
  const now = nowIso();
  try {
    return await db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto('initiatives')
        .values({ unit_id: unit!.id, title: v.title, description: v.description, results: v.results, status: 'submitted', created_by: actor.userId, submitted_at: now, decided_at: null, decided_by: null, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('initiative_history').values({ initiative_id: id, action: 'submitted', comment: null, actor_id: actor.userId, at: now }).execute();
      for (const s of stored) {
        await trx.insertInto('initiative_files').values({ initiative_id: id, storage_key: s.key, file_name: s.name, kind: s.kind, size: s.data.length, created_at: now }).execute();
      }
      await audit(trx, actor, { action: 'initiative.propose', unitId: unit!.id, targetType: 'initiative', targetId: id });
      return id;
    });
  } catch (err) {
    await removeStored(config.dataDir, stored.map((s) => s.key));
    throw err;
  }
}

/** Edit a proposal that is not accepted yet; a returned one goes back to the city ("resubmitted"). */
export async function edit(
  db: Kysely<DB>,
  config: Config,
  actor: Actor,
  id: number,
  f: InitiativeFields,
  files: Array<{ name: string; data: Buffer }>,
  removeFileIds: number[],
): Promise<void> {
  const it = await repo.initiativeById(db, id);
  if (!it || !canAt(actor, INITIATIVE_PROPOSE, it.unit_path)) throw new AppError('NOT_FOUND', 404);
  if (it.status === 'accepted') throw new AppError('INITIATIVE_NOT_EDITABLE', 409);
  const v = validateText(f);
  if (Object.keys(v.fields).length) throw fieldError(v.fields);
  const existing = await repo.filesOf(db, id);
  const removing = existing.filter((x) => removeFileIds.includes(x.id));
  if (existing.length - removing.length + files.length > MAX_FILES_PER_INITIATIVE) {
    throw new AppError('INITIATIVE_TOO_MANY_FILES', 400, { max: MAX_FILES_PER_INITIATIVE }, { files: 'INITIATIVE_TOO_MANY_FILES' });
  }
  const stored = await store(config, checkFiles(files));
  const now = nowIso();
  const action = it.status === 'returned' ? 'resubmitted' : 'edited';
  try {
    await db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('initiatives')
        .set({ title: v.title, description: v.description, results: v.results, status: 'submitted', updated_at: now, ...(action === 'resubmitted' ? { submitted_at: now } : {}) })
        .where('id', '=', id)
        .where('status', '=', it.status)
        .executeTakeFirst();
      // The city decided meanwhile: nothing changes.
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('INITIATIVE_NOT_EDITABLE', 409);
      await trx.insertInto('initiative_history').values({ initiative_id: id, action, comment: null, actor_id: actor.userId, at: now }).execute();
      if (removing.length) await trx.deleteFrom('initiative_files').where('id', 'in', removing.map((x) => x.id)).execute();
      for (const s of stored) {
        await trx.insertInto('initiative_files').values({ initiative_id: id, storage_key: s.key, file_name: s.name, kind: s.kind, size: s.data.length, created_at: now }).execute();
      }
      await audit(trx, actor, { action: `initiative.${action}`, unitId: it.unit_id, targetType: 'initiative', targetId: id });
    });
  } catch (err) {
    await removeStored(config.dataDir, stored.map((s) => s.key));
    throw err;
  }
  await removeStored(config.dataDir, removing.map((x) => x.storage_key));
}

export async function review(db: Kysely<DB>, actor: Actor, id: number, input: { decision?: string; comment?: string }): Promise<'accepted' | 'returned'> {
  const it = await repo.initiativeById(db, id);
  if (!it || !canAt(actor, INITIATIVE_REVIEW, it.unit_path)) throw new AppError('NOT_FOUND', 404);
  const decision = input.decision === 'accept' ? 'accepted' : input.decision === 'return' ? 'returned' : undefined;
  const comment = (input.comment ?? '').trim();
  const fields: Record<string, string> = {};
  if (!decision) fields.decision = 'INITIATIVE_DECISION_REQUIRED';
  if ((decision === 'returned' && !comment) || comment.length > COMMENT_MAX) fields.comment = 'INITIATIVE_COMMENT_REQUIRED';
  if (Object.keys(fields).length) throw fieldError(fields);
  if (it.status !== 'submitted') throw new AppError('INITIATIVE_NOT_PENDING', 409);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('initiatives')
      .set({ status: decision!, decided_at: now, decided_by: actor.userId, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'submitted')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new AppError('INITIATIVE_NOT_PENDING', 409);
    await trx.insertInto('initiative_history').values({ initiative_id: id, action: decision!, comment: comment || null, actor_id: actor.userId, at: now }).execute();
    await audit(trx, actor, { action: `initiative.${decision}`, unitId: it.unit_id, targetType: 'initiative', targetId: id });
  });
  return decision!;
}

export async function replicate(db: Kysely<DB>, actor: Actor, id: number, input: { unit?: string; date?: string; note?: string }, today = new Date()): Promise<void> {
  const it = await repo.initiativeById(db, id);
  if (!it || it.status !== 'accepted') throw new AppError('NOT_FOUND', 404);
  const fields: Record<string, string> = {};
  const unit = input.unit ? await unitByCode(db, input.unit.trim()) : undefined;
  if (!unit || unit.retired_at || !PROPOSING_TYPES.includes(unit.type) || !canAt(actor, INITIATIVE_PROPOSE, unit.path)) fields.repUnit = 'INITIATIVE_UNIT_INVALID';
  else if (unit.id === it.unit_id) fields.repUnit = 'INITIATIVE_OWN_UNIT';
  const date = (input.date ?? '').trim();
  const todayVn = new Date(today.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date)) && new Date(Date.parse(date)).toISOString().slice(0, 10) === date;
  if (!valid || date > todayVn || date < '2000-01-01') fields.repDate = 'INITIATIVE_DATE_INVALID';
  const note = (input.note ?? '').trim();
  if (note.length > 2000) fields.repNote = 'INITIATIVE_TEXT_REQUIRED';
  if (Object.keys(fields).length) throw fieldError(fields);
  const row = await db
    .insertInto('initiative_replications')
    .values({ initiative_id: id, unit_id: unit!.id, replicated_on: date, note: note || null, recorded_by: actor.userId, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['initiative_id', 'unit_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError('INITIATIVE_ALREADY_REPLICATED', 409, {}, { repUnit: 'INITIATIVE_ALREADY_REPLICATED' });
  await audit(db, actor, { action: 'initiative.replicate', unitId: unit!.id, targetType: 'initiative', targetId: id });
}

/** A file of an initiative the actor may read: in their scope, or of an accepted initiative for any proposer. */
export async function readableFile(db: Kysely<DB>, actor: Actor | undefined, id: number, fileId: number) {
  const it = await repo.initiativeById(db, id);
  const allowed = it && (visiblePaths(actor).some((p) => it.unit_path.startsWith(p)) || (it.status === 'accepted' && scopePaths(actor, INITIATIVE_PROPOSE).length > 0));
  if (!allowed) throw new AppError('NOT_FOUND', 404);
  const file = (await repo.filesOf(db, id)).find((f) => f.id === fileId);
  if (!file) throw new AppError('NOT_FOUND', 404);
  return file;
}
