/** The skills module: the learner's skill profile, and the basic-skills rule the city administrator sets. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { formBody } from '../../core/forms.js';
import { scopePaths } from '../../core/policy.js';
import { ErrorResponse } from '../../core/schemas.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { basicSkillsByCommune, loadBasicSkillsRule } from './basic-skills.js';
import { allCompetences, ruleCourseChoices } from './repository.js';
import { BasicRuleResponse, BasicRuleSchema, SkillProfileSchema } from './schema.js';
import { RULE_CAPABILITY, setBasicSkillsRule, skillProfile } from './service.js';
import { RulePage, SkillProfilePage, type RuleFormValues } from './views.js';

const ruleAccess = { capability: RULE_CAPABILITY };
const list = (max: number) => Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: max }));

export async function skillsModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  app.get('/hoc-tap/ky-nang', { config: { access: 'signed-in' }, schema: { hide: true } }, async (req, reply) =>
    sendPage(reply, <SkillProfilePage ctx={viewCtx(req, reply)} profile={await skillProfile(db, req.actor!.userId)} />),
  );

  app.get(
    '/api/skills/profile',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['skills'], summary: 'Your skill profile: competences by domain, and whether you attained basic digital skills', response: { 200: SkillProfileSchema, '4xx': ErrorResponse } },
    },
    async (req) => skillProfile(db, req.actor!.userId),
  );

  async function rulePage(req: FastifyRequest, reply: FastifyReply, opts: { values?: RuleFormValues; error?: AppError; saved?: boolean } = {}) {
    const ctx = viewCtx(req, reply);
    const rule = await loadBasicSkillsRule(db);
    const values = opts.values ?? { courses: rule?.courses ?? [], mode: rule?.mode ?? 'all', competences: rule?.competences ?? [] };
    const [courses, framework, counts] = await Promise.all([
      ruleCourseChoices(db, [...new Set([...(rule?.courses ?? []), ...values.courses])]),
      allCompetences(db),
      basicSkillsByCommune(db, scopePaths(req.actor, RULE_CAPABILITY), rule),
    ]);
    counts.sort((a, b) => (a.unitName ?? '').localeCompare(b.unitName ?? '', 'vi'));
    return sendPage(
      reply,
      <RulePage
        ctx={ctx}
        rule={rule}
        values={values}
        courses={courses}
        framework={framework}
        counts={counts}
        errors={opts.error ? formErrors(ctx, opts.error) : {}}
        saved={opts.saved}
      />,
      opts.error?.statusCode ?? 200,
    );
  }

  app.get(
    '/quan-tri/pho-cap-ky-nang',
    { config: { access: ruleAccess }, schema: { hide: true, querystring: Type.Object({ saved: Type.Optional(Type.Literal('1')) }) } },
    async (req, reply) => rulePage(req, reply, { saved: req.query.saved === '1' }),
  );

  app.post(
    '/quan-tri/pho-cap-ky-nang',
    { config: { access: ruleAccess }, schema: { hide: true, body: formBody({ courses: list(200), mode: Type.Optional(Type.String({ maxLength: 10 })), competences: list(100) }) } },
    async (req, reply) => {
      const input = { courses: req.body.courses ?? [], mode: req.body.mode ?? '', competences: req.body.competences ?? [] };
      try {
        await setBasicSkillsRule(db, req.actor!, input);
        return reply.redirect('/quan-tri/pho-cap-ky-nang?saved=1', 303);
      } catch (err) {
        if (!(err instanceof AppError) || err.statusCode !== 422) throw err;
        const values = { courses: input.courses.map(Number).filter(Number.isInteger), mode: input.mode, competences: input.competences };
        return rulePage(req, reply, { values, error: err });
      }
    },
  );

  app.get(
    '/api/skills/basic-rule',
    { config: { access: ruleAccess }, schema: { tags: ['skills'], summary: 'The city’s basic digital skills rule (null while unset)', response: { 200: BasicRuleResponse, '4xx': ErrorResponse } } },
    async () => ({ rule: (await loadBasicSkillsRule(db)) ?? null }),
  );

  app.put(
    '/api/skills/basic-rule',
    {
      config: { access: ruleAccess },
      schema: { tags: ['skills'], summary: 'Set the basic digital skills rule (city administrators)', body: BasicRuleSchema, response: { 200: BasicRuleResponse, '4xx': ErrorResponse } },
    },
    async (req) => ({ rule: await setBasicSkillsRule(db, req.actor!, req.body) }),
  );
}
