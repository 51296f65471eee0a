/**
 * Unit administration pages (work without JavaScript): the tree in the caller's unit:manage scope,
 * adding a unit, and one unit's page to rename, set its population, move, retire or restore it.
 * Every change goes through service.ts, which checks scope and writes the audit entry.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError, notFound } from '../../core/errors.js';
import { formBody, text } from '../../core/forms.js';
import { canAt, scopePaths, type Actor } from '../../core/policy.js';
import { searchKey } from '../../core/text.js';
import { sendPage, viewCtx, type ViewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { unitByCode, unitById, unitsUnder, type UnitRow } from './repository.js';
import { canManageUnit, createUnit, editUnit, setUnitRetired } from './service.js';
import { UNIT_TYPES, allowedParentTypes, type UnitType } from './types.js';
import { UnitListPage, type TreeRow } from './admin-views.js';
import { UnitEditPage } from './admin-edit-view.js';
import { treeOrder } from './tree.js';

const access = { capability: 'unit:manage' } as const;
/** Types that can have units below them (city, communes). */
const PARENT_TYPES = new Set(UNIT_TYPES.flatMap((t) => allowedParentTypes(t)));
const childTypesOf = (parents: UnitRow[]): UnitType[] =>
  UNIT_TYPES.filter((t) => parents.some((p) => allowedParentTypes(t).includes(p.type as UnitType)));

/** The tree in reading order; a unit is editable when the caller manages its parent (see canManageUnit). */
function treeRows(units: UnitRow[], actor: Actor | undefined): TreeRow[] {
  return treeOrder(units).map(({ unit, level, parent }) => ({
    unit,
    level,
    manageable: (unit.parent_id === null || parent !== undefined) && canManageUnit(actor, unit, parent),
  }));
}

/** '' → null, a whole number → itself, anything else → a field error. */
function parsePopulation(raw: string | undefined): number | null {
  const value = (raw ?? '').replace(/[\s.,]/g, '');
  if (value === '') return null;
  if (!/^\d{1,10}$/.test(value) || Number(value) > 2_000_000_000) {
    throw new AppError('UNIT_POPULATION_INVALID', 422, {}, { population: 'UNIT_POPULATION_INVALID' });
  }
  return Number(value);
}

const unitFormErrors = (ctx: ViewCtx, err: AppError) =>
  formErrors(ctx, err, (field, code) => (code === 'UNIT_INVALID' ? ctx.t(`unitAdmin.invalid.${field}`) : undefined));

/** A refusal to show on the form again; anything else (including 404 for the unit itself) propagates. */
function formRefusal(err: unknown): AppError {
  if (err instanceof AppError && err.statusCode < 500 && err.code !== 'NOT_FOUND') return err;
  throw err;
}

export async function unitAdminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  async function renderList(
    req: FastifyRequest,
    reply: FastifyReply,
    opts: { q?: string; parentCode?: string; values?: Record<string, string | undefined>; error?: AppError; notice?: string },
  ) {
    const ctx = viewCtx(req, reply);
    const inScope = await unitsUnder(db, scopePaths(req.actor, 'unit:manage'), { includeRetired: true });
    let rows = treeRows(inScope, req.actor);
    const key = searchKey(opts.q ?? '');
    if (key) rows = rows.filter(({ unit }) => searchKey(unit.name).includes(key) || unit.code.toLowerCase().includes(key));
    const parents = inScope.filter((u) => !u.retired_at && PARENT_TYPES.has(u.type as UnitType));
    const chosen = parents.find((p) => p.code === (opts.values?.parentCode ?? opts.parentCode));
    const values = { parentCode: chosen?.code, ...opts.values };
    const errors = opts.error ? unitFormErrors(ctx, opts.error) : {};
    const page = (
      <UnitListPage
        ctx={ctx}
        rows={rows}
        q={opts.q}
        parents={parents}
        types={childTypesOf(chosen ? [chosen] : parents)}
        values={values}
        errors={errors}
        notice={opts.notice}
      />
    );
    return sendPage(reply, page, opts.error?.statusCode ?? 200);
  }

  app.get(
    '/quan-tri/don-vi',
    { config: { access }, schema: { hide: true, querystring: Type.Object({ q: text(100), parent: text(64), created: text(64) }) } },
    async (req, reply) => {
      const created = req.query.created ? await unitByCode(db, req.query.created) : undefined;
      const notice = created ? viewCtx(req, reply).t('unitAdmin.created', { name: created.name }) : undefined;
      return renderList(req, reply, { q: req.query.q, parentCode: req.query.parent, notice });
    },
  );

  app.post(
    '/quan-tri/don-vi',
    {
      config: { access },
      schema: { hide: true, body: formBody({ parentCode: text(64), type: text(32), code: text(64), name: text(300), population: text(20) }) },
    },
    async (req, reply) => {
      const { _csrf, ...values } = req.body;
      try {
        const fields: Record<string, string> = {};
        if (!values.parentCode) fields.parentCode = 'UNIT_PARENT_REQUIRED';
        if (!values.type) fields.type = 'UNIT_TYPE_REQUIRED';
        if (Object.keys(fields).length) throw new AppError(Object.values(fields)[0], 422, {}, fields);
        const population = parsePopulation(values.population);
        const parent = await unitByCode(db, values.parentCode!);
        const notInScope = new AppError('UNIT_PARENT_UNKNOWN', 404, {}, { parentCode: 'UNIT_PARENT_UNKNOWN' });
        if (!parent) throw notInScope;
        const input = { parentId: parent.id, code: (values.code ?? '').trim(), name: values.name ?? '', type: values.type!, population };
        const unit = await createUnit(db, req.actor, input).catch((err: unknown) => {
          throw err instanceof AppError && err.code === 'NOT_FOUND' ? notInScope : err;
        });
        return reply.redirect(`/quan-tri/don-vi?created=${encodeURIComponent(unit.code)}`, 303);
      } catch (err) {
        return renderList(req, reply, { values, error: formRefusal(err) });
      }
    },
  );

  /** The unit, when the caller manages it (unit:manage at its parent); otherwise 404. */
  async function loadEditable(actor: Actor | undefined, code: string) {
    const unit = await unitByCode(db, code);
    if (!unit) throw notFound();
    const parent = unit.parent_id ? await unitById(db, unit.parent_id) : undefined;
    if (!canManageUnit(actor, unit, parent)) throw notFound();
    return { unit, parent };
  }

  async function renderEdit(
    req: FastifyRequest,
    reply: FastifyReply,
    code: string,
    opts: { values?: Record<string, string | undefined>; error?: AppError; notice?: string } = {},
  ) {
    const { unit, parent } = await loadEditable(req.actor, code);
    const ctx = viewCtx(req, reply);
    const inScope = await unitsUnder(db, scopePaths(req.actor, 'unit:manage'));
    const allowed = allowedParentTypes(unit.type as UnitType);
    const moveTargets = inScope.filter((u) => allowed.includes(u.type as UnitType) && !u.path.startsWith(unit.path));
    const children = (await unitsUnder(db, [unit.path], { includeRetired: true })).filter((u) => u.parent_id === unit.id);
    const canAddChild = !unit.retired_at && PARENT_TYPES.has(unit.type as UnitType) && canAt(req.actor, 'unit:manage', unit.path);
    const page = (
      <UnitEditPage
        ctx={ctx}
        unit={unit}
        parent={parent}
        children={children}
        moveTargets={moveTargets}
        canAddChild={canAddChild}
        values={opts.values ?? {}}
        errors={opts.error ? unitFormErrors(ctx, opts.error) : {}}
        notice={opts.notice}
      />
    );
    return sendPage(reply, page, opts.error?.statusCode ?? 200);
  }

  const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });
  const SAVED = ['details', 'moved', 'retired', 'restored'];
  const savedRedirect = (reply: FastifyReply, code: string, what: string) =>
    reply.redirect(`/quan-tri/don-vi/${encodeURIComponent(code)}?saved=${what}`, 303);

  app.get(
    '/quan-tri/don-vi/:code',
    { config: { access }, schema: { hide: true, params: CodeParams, querystring: Type.Object({ saved: text(20) }) } },
    async (req, reply) => {
      const saved = req.query.saved && SAVED.includes(req.query.saved) ? req.query.saved : undefined;
      return renderEdit(req, reply, req.params.code, { notice: saved && viewCtx(req, reply).t(`unitAdmin.saved.${saved}`) });
    },
  );

  app.post(
    '/quan-tri/don-vi/:code',
    { config: { access }, schema: { hide: true, params: CodeParams, body: formBody({ name: text(300), population: text(20) }) } },
    async (req, reply) => {
      const { unit } = await loadEditable(req.actor, req.params.code);
      const { _csrf, ...values } = req.body;
      try {
        await editUnit(db, req.actor, unit.id, { name: values.name ?? '', population: parsePopulation(values.population) });
        return savedRedirect(reply, unit.code, 'details');
      } catch (err) {
        return renderEdit(req, reply, unit.code, { values, error: formRefusal(err) });
      }
    },
  );

  app.post(
    '/quan-tri/don-vi/:code/chuyen',
    { config: { access }, schema: { hide: true, params: CodeParams, body: formBody({ parentCode: text(64) }) } },
    async (req, reply) => {
      const { unit } = await loadEditable(req.actor, req.params.code);
      const parentCode = req.body.parentCode ?? '';
      try {
        const target = parentCode ? await unitByCode(db, parentCode) : undefined;
        const unknown = new AppError('UNIT_PARENT_UNKNOWN', 404, {}, { parentCode: 'UNIT_PARENT_UNKNOWN' });
        if (!parentCode) throw new AppError('UNIT_PARENT_REQUIRED', 422, {}, { parentCode: 'UNIT_PARENT_REQUIRED' });
        if (!target) throw unknown;
        await editUnit(db, req.actor, unit.id, { parentId: target.id }).catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'NOT_FOUND') throw unknown;
          if (err instanceof AppError && err.fields.parentId) throw new AppError(err.code, err.statusCode, err.params, { parentCode: err.fields.parentId });
          throw err;
        });
        return savedRedirect(reply, unit.code, 'moved');
      } catch (err) {
        return renderEdit(req, reply, unit.code, { values: { parentCode }, error: formRefusal(err) });
      }
    },
  );

  app.post(
    '/quan-tri/don-vi/:code/trang-thai',
    { config: { access }, schema: { hide: true, params: CodeParams, body: formBody({ retired: text(5) }) } },
    async (req, reply) => {
      const { unit } = await loadEditable(req.actor, req.params.code);
      const retired = req.body.retired === 'yes';
      try {
        await setUnitRetired(db, req.actor, unit.id, retired);
        return savedRedirect(reply, unit.code, retired ? 'retired' : 'restored');
      } catch (err) {
        return renderEdit(req, reply, unit.code, { error: formRefusal(err) });
      }
    },
  );
}
