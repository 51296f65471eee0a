/** Administrators add, rename, move and retire units. A retired unit keeps its people and history. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { canAt, declareCapabilities, type Actor } from '../../core/policy.js';
import { cleanName } from '../../core/text.js';
import { defineMessages } from '../../core/i18n.js';
import { allowedParentTypes, isUnitType, type UnitType } from './types.js';
import { insertUnit, moveSubtree, unitByCode, unitById, updateUnit, type UnitRow } from './repository.js';

declareCapabilities({ 'unit:manage': ['unit_admin'] });

defineMessages({
  vi: {
    'error.UNIT_CODE_TAKEN': 'Mã đơn vị "{code}" đã được dùng.',
    'error.UNIT_PARENT_INVALID': 'Không thể đặt đơn vị loại này dưới đơn vị đã chọn.',
    'error.UNIT_HAS_CHILDREN': 'Đơn vị còn đơn vị trực thuộc đang hoạt động; hãy chuyển hoặc ngừng chúng trước.',
    'error.UNIT_INVALID': 'Thông tin đơn vị không hợp lệ: {detail}',
  },
  en: {
    'error.UNIT_CODE_TAKEN': 'Unit code "{code}" is already used.',
    'error.UNIT_PARENT_INVALID': 'A unit of this type cannot be placed under the chosen unit.',
    'error.UNIT_HAS_CHILDREN': 'This unit still has active units below it; move or retire them first.',
    'error.UNIT_INVALID': 'The unit details are not valid: {detail}',
  },
});

/** You manage a unit when you hold unit:manage at its parent (the city root: city administrators only). */
export function canManageUnit(actor: Actor | undefined, unit: UnitRow, parent: UnitRow | undefined): boolean {
  if (!parent) return !!actor?.grants.some((g) => g.role === 'city_admin' && g.unitPath === unit.path);
  return canAt(actor, 'unit:manage', parent.path);
}

async function loadManaged(db: Kysely<DB>, actor: Actor | undefined, id: number) {
  const unit = await unitById(db, id);
  if (!unit) throw new AppError('NOT_FOUND', 404);
  const parent = unit.parent_id ? await unitById(db, unit.parent_id) : undefined;
  if (!canManageUnit(actor, unit, parent)) throw new AppError('NOT_FOUND', 404);
  return { unit, parent };
}

function checkName(name: string): string {
  const clean = cleanName(name);
  if (!clean || clean.length > 255) throw new AppError('UNIT_INVALID', 422, { detail: 'name' }, { name: 'UNIT_INVALID' });
  return clean;
}

export async function createUnit(
  db: Kysely<DB>,
  actor: Actor | undefined,
  input: { parentId: number; code: string; name: string; type: string; population?: number | null },
): Promise<UnitRow> {
  const parent = await unitById(db, input.parentId);
  if (!parent || parent.retired_at || !canAt(actor, 'unit:manage', parent.path)) throw new AppError('NOT_FOUND', 404);
  if (!/^[\w.-]{1,64}$/.test(input.code)) throw new AppError('UNIT_INVALID', 422, { detail: 'code' }, { code: 'UNIT_INVALID' });
  if (!isUnitType(input.type) || !allowedParentTypes(input.type).includes(parent.type as UnitType)) {
    throw new AppError('UNIT_PARENT_INVALID', 422, {}, { type: 'UNIT_PARENT_INVALID' });
  }
  const name = checkName(input.name);
  return db.transaction().execute(async (trx) => {
    if (await unitByCode(trx, input.code)) throw new AppError('UNIT_CODE_TAKEN', 409, { code: input.code }, { code: 'UNIT_CODE_TAKEN' });
    const unit = await insertUnit(trx, { code: input.code, name, type: input.type, parent, population: input.population });
    await audit(trx, actor, { action: 'unit.create', unitId: unit.id, targetType: 'unit', targetId: unit.id, details: { code: unit.code } });
    return unit;
  });
}

export async function editUnit(
  db: Kysely<DB>,
  actor: Actor | undefined,
  id: number,
  input: { name?: string; parentId?: number; population?: number | null },
): Promise<UnitRow> {
  const { unit, parent } = await loadManaged(db, actor, id);
  return db.transaction().execute(async (trx) => {
    const changes: Record<string, unknown> = {};
    if (input.name !== undefined) {
      const name = checkName(input.name);
      if (name !== unit.name) {
        await updateUnit(trx, unit.id, { name });
        changes.name = { from: unit.name, to: name };
      }
    }
    if (input.population !== undefined && input.population !== unit.population) {
      await updateUnit(trx, unit.id, { population: input.population });
      changes.population = input.population;
    }
    if (input.parentId !== undefined && input.parentId !== parent?.id) {
      const target = await unitById(trx, input.parentId);
      if (!target || target.retired_at || !canAt(actor, 'unit:manage', target.path)) throw new AppError('NOT_FOUND', 404);
      if (target.path.startsWith(unit.path) || !allowedParentTypes(unit.type as UnitType).includes(target.type as UnitType)) {
        throw new AppError('UNIT_PARENT_INVALID', 422, {}, { parentId: 'UNIT_PARENT_INVALID' });
      }
      await moveSubtree(trx, unit, target);
      changes.parent = { from: parent?.code, to: target.code };
    }
    if (Object.keys(changes).length) {
      await audit(trx, actor, { action: 'unit.update', unitId: unit.id, targetType: 'unit', targetId: unit.id, details: changes });
    }
    return (await unitById(trx, unit.id))!;
  });
}

export async function setUnitRetired(db: Kysely<DB>, actor: Actor | undefined, id: number, retired: boolean): Promise<UnitRow> {
  const { unit, parent } = await loadManaged(db, actor, id);
  return db.transaction().execute(async (trx) => {
    if (retired) {
      const child = await trx
        .selectFrom('units')
        .select('id')
        .where('parent_id', '=', unit.id)
        .where('retired_at', 'is', null)
        .executeTakeFirst();
      if (child) throw new AppError('UNIT_HAS_CHILDREN', 409);
    } else if (parent?.retired_at) {
      throw new AppError('UNIT_PARENT_INVALID', 422);
    }
    await updateUnit(trx, unit.id, { retired_at: retired ? new Date().toISOString() : null });
    await audit(trx, actor, { action: retired ? 'unit.retire' : 'unit.restore', unitId: unit.id, targetType: 'unit', targetId: unit.id });
    return (await unitById(trx, unit.id))!;
  });
}
