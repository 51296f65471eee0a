/** Digital families: pages under /quan-tri/gia-dinh-so (coverage, households, members) and the JSON API under /api/families. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { formBody, text } from '../../core/forms.js';
import { ErrorResponse } from '../../core/schemas.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { FAMILY_MANAGE } from './capabilities.js';
import { CoverageSchema, HouseholdParams, HouseholdSchema, MemberParams } from './schema.js';
import { addMember, coverageOf, createHousehold, householdDetail, householdList, removeHousehold, removeMember, villageChoices } from './service.js';
import { CoveragePage, HouseholdListPage, HouseholdPage, NewHouseholdPage } from './views.js';

const access = { capability: FAMILY_MANAGE };
const tags = ['families'];
const NOTICES = { xoa: 'fam.hh.deleted', moi: 'fam.hh.created', them: 'fam.hh.memberAdded', bot: 'fam.hh.memberRemoved' } as const;
const Notice = Type.Optional(Type.Union(Object.keys(NOTICES).map((k) => Type.Literal(k))));
const noticeKey = (k: string | undefined) => (k ? NOTICES[k as keyof typeof NOTICES] : undefined);

/** Form refusals of a service (field errors) are shown on the form; anything else goes to the error page. */
const isFormError = (err: unknown): err is AppError => err instanceof AppError && Object.keys(err.fields).length > 0;

export async function familiesModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  app.get('/quan-tri/gia-dinh-so', { config: { access }, schema: { hide: true, querystring: Type.Object({ ok: Notice }) } }, async (req, reply) => {
    const ctx = viewCtx(req, reply);
    const key = noticeKey(req.query.ok);
    return sendPage(reply, <CoveragePage ctx={ctx} view={await coverageOf(db, req.actor)} notice={key && ctx.t(key)} />);
  });

  app.get(
    '/quan-tri/gia-dinh-so/ho',
    {
      config: { access },
      schema: {
        hide: true,
        querystring: Type.Object({ unit: text(12), q: text(100), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })), ok: Notice }),
      },
    },
    async (req, reply) => {
      const ctx = viewCtx(req, reply);
      const unit = req.query.unit && /^\d{1,10}$/.test(req.query.unit) ? req.query.unit : undefined;
      const q = req.query.q?.trim() || undefined;
      const [list, villages] = await Promise.all([householdList(db, req.actor, { unitId: unit ? Number(unit) : undefined, q, page: req.query.page ?? 1 }), villageChoices(db, req.actor)]);
      const key = noticeKey(req.query.ok);
      return sendPage(reply, <HouseholdListPage ctx={ctx} list={list} villages={villages} filters={{ unit, q }} notice={key && ctx.t(key)} />);
    },
  );

  const householdForm = formBody({ unitId: text(12), address: text(400), headName: text(300) });

  app.get('/quan-tri/gia-dinh-so/ho-moi', { config: { access }, schema: { hide: true, querystring: Type.Object({ unit: text(12) }) } }, async (req, reply) =>
    sendPage(reply, <NewHouseholdPage ctx={viewCtx(req, reply)} villages={await villageChoices(db, req.actor)} values={{ unitId: req.query.unit }} errors={{}} />),
  );

  app.post('/quan-tri/gia-dinh-so/ho-moi', { config: { access }, schema: { hide: true, body: householdForm } }, async (req, reply) => {
    try {
      const id = await createHousehold(db, req.actor!, req.body);
      return reply.redirect(`/quan-tri/gia-dinh-so/ho/${id}?ok=moi`, 303);
    } catch (err) {
      if (!isFormError(err)) throw err;
      const ctx = viewCtx(req, reply);
      const { _csrf, ...values } = req.body;
      return sendPage(reply, <NewHouseholdPage ctx={ctx} villages={await villageChoices(db, req.actor)} values={values} errors={formErrors(ctx, err)} />, err.statusCode);
    }
  });

  async function householdPage(req: FastifyRequest, reply: FastifyReply, id: number, opts: { values?: Record<string, string | undefined>; error?: AppError; notice?: string } = {}) {
    const ctx = viewCtx(req, reply);
    const d = await householdDetail(db, req.actor, id);
    return sendPage(
      reply,
      <HouseholdPage
        ctx={ctx}
        household={d.household}
        members={d.members}
        ruleSet={d.ruleSet}
        digital={d.digital}
        values={opts.values ?? {}}
        errors={opts.error ? formErrors(ctx, opts.error) : {}}
        notice={opts.notice}
      />,
      opts.error?.statusCode ?? 200,
    );
  }

  app.get('/quan-tri/gia-dinh-so/ho/:id', { config: { access }, schema: { hide: true, params: HouseholdParams, querystring: Type.Object({ ok: Notice }) } }, async (req, reply) => {
    const key = noticeKey(req.query.ok);
    return householdPage(req, reply, req.params.id, { notice: key && viewCtx(req, reply).t(key) });
  });

  app.post(
    '/quan-tri/gia-dinh-so/ho/:id/thanh-vien',
    { config: { access }, schema: { hide: true, params: HouseholdParams, body: formBody({ kind: text(10), login: text(300), fullName: text(300), birthYear: text(10) }) } },
    async (req, reply) => {
      try {
        await addMember(db, req.actor!, req.params.id, req.body);
        return reply.redirect(`/quan-tri/gia-dinh-so/ho/${req.params.id}?ok=them`, 303);
      } catch (err) {
        if (!isFormError(err)) throw err;
        const { _csrf, kind: _k, ...values } = req.body;
        return householdPage(req, reply, req.params.id, { values, error: err });
      }
    },
  );

  app.post('/quan-tri/gia-dinh-so/ho/:id/thanh-vien/:memberId/xoa', { config: { access }, schema: { hide: true, params: MemberParams, body: formBody({}) } }, async (req, reply) => {
    await removeMember(db, req.actor!, req.params.id, req.params.memberId);
    return reply.redirect(`/quan-tri/gia-dinh-so/ho/${req.params.id}?ok=bot`, 303);
  });

  app.post('/quan-tri/gia-dinh-so/ho/:id/xoa', { config: { access }, schema: { hide: true, params: HouseholdParams, body: formBody({}) } }, async (req, reply) => {
    await removeHousehold(db, req.actor!, req.params.id);
    return reply.redirect('/quan-tri/gia-dinh-so/ho?ok=xoa', 303);
  });

  // ---- JSON API ----

  app.get(
    '/api/families/coverage',
    {
      config: { access },
      schema: { tags, summary: 'Households and digital families of your scope, per village and per commune', response: { 200: CoverageSchema, '4xx': ErrorResponse } },
    },
    async (req) => coverageOf(db, req.actor),
  );

  app.get(
    '/api/families/households/:id',
    {
      config: { access },
      schema: { tags, summary: 'One household of your scope: its members and whether it is a digital family', params: HouseholdParams, response: { 200: HouseholdSchema, '4xx': ErrorResponse } },
    },
    async (req) => {
      const d = await householdDetail(db, req.actor, req.params.id);
      return { id: d.household.id, unitName: d.household.unitName, address: d.household.address, headName: d.household.headName, digital: d.digital, members: d.members };
    },
  );
}
