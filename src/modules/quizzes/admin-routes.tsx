/**
 * Question bank pages under /quan-tri/ngan-hang-cau-hoi (capability quiz:manage; a bank outside the
 * caller's scope is 404): banks, a bank's questions with filters, the question form, the import
 * (.xlsx, GIFT, Aiken — multipart, CSRF checked before the file is read) and the exports (.xlsx, GIFT).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { t as translate } from '../../core/i18n.js';
import { formBody, text } from '../../core/forms.js';
import { scopePaths } from '../../core/policy.js';
import { sendPage, viewCtx, type ViewCtx } from '../../views/render.js';
import { formErrors, type SelectOption } from '../../views/form-parts.js';
import { treeOptions } from '../units/tree.js';
import { SheetError } from '../people/xlsx-read.js';
import { XLSX_TYPE, attachment } from '../people/xlsx-write.js';
import { QUIZ_MANAGE } from './capabilities.js';
import { QUESTION_TYPES } from './question-input.js';
import {
  ImportFileError,
  bankUnits,
  createBank,
  importFormat,
  importQuestions,
  loadBank,
  questionValues,
  removeQuestion,
  renameBank,
  saveQuestion,
} from './bank-service.js';
import * as repo from './repository.js';
import { BANKS, BankPage, BanksPage, ImportPage, QuestionFormPage, bankHref, questionFormOf, questionInputOf, type ImportView, type QuestionForm } from './bank-views.js';
import { exportWorkbook, templateWorkbook } from './xlsx-questions.js';
import { writeGift } from './gift.js';
import { IdParams } from './schema.js';
import { readUploadWithFields } from './upload.js';

const access = { capability: QUIZ_MANAGE } as const;
const PAGE_SIZE = 50;
const DONE = ['created', 'saved', 'deleted', 'renamed'] as const;

const isFieldError = (err: unknown): err is AppError => err instanceof AppError && err.statusCode < 500 && Object.keys(err.fields).length > 0;

export const QuestionFormBody = formBody({
  type: text(32),
  text: text(20_000),
  option0: text(4000),
  option1: text(4000),
  option2: text(4000),
  option3: text(4000),
  option4: text(4000),
  option5: text(4000),
  correct: Type.Optional(Type.Array(Type.String({ maxLength: 1 }), { maxItems: 6 })),
  tf: text(8),
  explanation: text(20_000),
  topic: text(400),
  competence: text(16),
  difficulty: text(20),
});

const QuestionQuery = Type.Object({
  q: text(200),
  type: Type.Optional(Type.Union([Type.Literal(''), ...QUESTION_TYPES.map((t) => Type.Literal(t))])),
  topic: text(200),
  competence: text(16),
  difficulty: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('1'), Type.Literal('2'), Type.Literal('3')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  done: text(20),
});

export async function competenceOptions(db: repo.Conn, ctx: ViewCtx): Promise<SelectOption[]> {
  return (await repo.competenceList(db)).map((c) => ({ value: c.code, label: `${c.code} — ${ctx.lang === 'en' ? c.name_en : c.name_vi}` }));
}

export async function bankAdminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;
  const tr = (req: FastifyRequest) => (key: string, params?: Record<string, string | number>) => translate(req.lang, key, params);

  async function renderBanks(req: FastifyRequest, reply: FastifyReply, values: Record<string, string | undefined> = {}, error?: AppError) {
    const ctx = viewCtx(req, reply);
    const [banks, units] = await Promise.all([repo.banksInScope(db, scopePaths(req.actor, QUIZ_MANAGE)), bankUnits(db, req.actor)]);
    const page = <BanksPage ctx={ctx} banks={banks} units={treeOptions(units)} values={values} errors={error ? formErrors(ctx, error) : {}} />;
    return sendPage(reply, page, error?.statusCode ?? 200);
  }

  app.get(BANKS, { config: { access }, schema: { hide: true } }, async (req, reply) => {
    const units = await bankUnits(db, req.actor);
    return renderBanks(req, reply, { unit: units.length === 1 ? units[0].code : undefined });
  });

  app.post(BANKS, { config: { access }, schema: { hide: true, body: formBody({ name: text(1000), unit: text(64), description: text(10_000) }) } }, async (req, reply) => {
    const { _csrf, ...values } = req.body;
    try {
      const id = await createBank(db, req.actor!, values);
      return reply.redirect(`${bankHref(id)}?done=created`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      return renderBanks(req, reply, values, err);
    }
  });

  app.get(
    `${BANKS}/mau-nhap.xlsx`,
    { config: { access }, schema: { hide: true } },
    async (req, reply) => {
      const t = tr(req);
      const competences = (await repo.competenceList(db)).map((c) => ({ code: c.code, name: req.lang === 'en' ? c.name_en : c.name_vi }));
      const file = await templateWorkbook(t, competences);
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(t('qb.templateFile'))).header('cache-control', 'no-store').send(file);
    },
  );

  async function renderBank(
    req: FastifyRequest,
    reply: FastifyReply,
    bankId: number,
    query: { q?: string; type?: string; topic?: string; competence?: string; difficulty?: string; page?: number; done?: string },
    rename?: { values: Record<string, string | undefined>; error: AppError },
  ) {
    const ctx = viewCtx(req, reply);
    const bank = await loadBank(db, req.actor, bankId);
    const filter: repo.QuestionFilter = {
      q: query.q?.trim() || undefined,
      type: query.type || undefined,
      topic: query.topic || undefined,
      competence: query.competence || undefined,
      difficulty: query.difficulty ? Number(query.difficulty) : undefined,
    };
    const page = query.page ?? 1;
    const { rows, total } = await repo.listQuestions(db, bank.id, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE);
    const done = query.done && (DONE as readonly string[]).includes(query.done) ? ctx.t(`qb.done.${query.done}`) : undefined;
    const view = (
      <BankPage
        ctx={ctx}
        bank={bank}
        rows={rows}
        total={total}
        page={page}
        pages={Math.max(1, Math.ceil(total / PAGE_SIZE))}
        filter={filter}
        topics={await repo.topicsOf(db, bank.id)}
        competences={await competenceOptions(db, ctx)}
        notice={done}
        rename={rename ? { values: rename.values, errors: formErrors(ctx, rename.error) } : { values: { name: bank.name, description: bank.description }, errors: {} }}
      />
    );
    return sendPage(reply, view, rename?.error.statusCode ?? 200);
  }

  app.get(`${BANKS}/:id`, { config: { access }, schema: { hide: true, params: IdParams, querystring: QuestionQuery } }, async (req, reply) =>
    renderBank(req, reply, req.params.id, req.query),
  );

  app.post(
    `${BANKS}/:id`,
    { config: { access }, schema: { hide: true, params: IdParams, body: formBody({ name: text(1000), description: text(10_000) }) } },
    async (req, reply) => {
      const { _csrf, ...values } = req.body;
      try {
        await renameBank(db, req.actor!, req.params.id, values);
        return reply.redirect(`${bankHref(req.params.id)}?done=renamed`, 303);
      } catch (err) {
        if (!isFieldError(err)) throw err;
        return renderBank(req, reply, req.params.id, {}, { values, error: err });
      }
    },
  );

  async function renderQuestionForm(req: FastifyRequest, reply: FastifyReply, bankId: number, values: QuestionForm, questionId?: number, error?: AppError) {
    const ctx = viewCtx(req, reply);
    const bank = await loadBank(db, req.actor, bankId);
    const question = questionId === undefined ? undefined : await repo.questionInBank(db, bank.id, questionId);
    if (questionId !== undefined && !question) throw new AppError('NOT_FOUND', 404);
    const page = (
      <QuestionFormPage
        ctx={ctx}
        bank={bank}
        question={question}
        values={values}
        errors={error ? formErrors(ctx, error) : {}}
        competences={await competenceOptions(db, ctx)}
      />
    );
    return sendPage(reply, page, error?.statusCode ?? 200);
  }

  const QuestionParams = Type.Object({ id: IdParams.properties.id, questionId: IdParams.properties.id });

  app.get(`${BANKS}/:id/cau-hoi/moi`, { config: { access }, schema: { hide: true, params: IdParams } }, async (req, reply) =>
    renderQuestionForm(req, reply, req.params.id, { type: 'single', difficulty: '1' }),
  );

  app.post(`${BANKS}/:id/cau-hoi`, { config: { access }, schema: { hide: true, params: IdParams, body: QuestionFormBody } }, async (req, reply) => {
    const { _csrf, ...values } = req.body;
    try {
      await saveQuestion(db, req.actor!, req.params.id, questionInputOf(values));
      return reply.redirect(`${bankHref(req.params.id)}?done=created`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      return renderQuestionForm(req, reply, req.params.id, values, undefined, err);
    }
  });

  app.get(`${BANKS}/:id/cau-hoi/:questionId`, { config: { access }, schema: { hide: true, params: QuestionParams } }, async (req, reply) => {
    const bank = await loadBank(db, req.actor, req.params.id);
    const question = await repo.questionInBank(db, bank.id, req.params.questionId);
    if (!question) throw new AppError('NOT_FOUND', 404);
    return renderQuestionForm(req, reply, bank.id, questionFormOf(question), question.id);
  });

  app.post(
    `${BANKS}/:id/cau-hoi/:questionId`,
    { config: { access }, schema: { hide: true, params: QuestionParams, body: QuestionFormBody } },
    async (req, reply) => {
      const { _csrf, ...values } = req.body;
      try {
        await saveQuestion(db, req.actor!, req.params.id, questionInputOf(values), req.params.questionId);
        return reply.redirect(`${bankHref(req.params.id)}?done=saved`, 303);
      } catch (err) {
        if (!isFieldError(err)) throw err;
        return renderQuestionForm(req, reply, req.params.id, values, req.params.questionId, err);
      }
    },
  );

  app.post(
    `${BANKS}/:id/cau-hoi/:questionId/xoa`,
    { config: { access }, schema: { hide: true, params: QuestionParams, body: formBody({}) } },
    async (req, reply) => {
      await removeQuestion(db, req.actor!, req.params.id, req.params.questionId);
      return reply.redirect(`${bankHref(req.params.id)}?done=deleted`, 303);
    },
  );

  /* ---------- import ---------- */

  async function renderImport(req: FastifyRequest, reply: FastifyReply, bankId: number, view: ImportView, status = 200) {
    const ctx = viewCtx(req, reply);
    const bank = await loadBank(db, req.actor, bankId);
    return sendPage(reply, <ImportPage ctx={ctx} bank={bank} view={view} competences={await competenceOptions(db, ctx)} />, status);
  }

  app.get(`${BANKS}/:id/nhap`, { config: { access }, schema: { hide: true, params: IdParams } }, async (req, reply) => renderImport(req, reply, req.params.id, {}));

  app.post(`${BANKS}/:id/nhap`, { config: { access, csrf: false }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
    // Scope first: nothing of a file for a bank outside the scope is read.
    await loadBank(db, req.actor, req.params.id);
    const upload = await readUploadWithFields(app, req, reply);
    if (upload.kind === 'refused') return reply;
    const t = tr(req);
    const values = { format: upload.fields.format, topic: upload.fields.topic, competence: upload.fields.competence, difficulty: upload.fields.difficulty };
    if (upload.kind === 'none') return renderImport(req, reply, req.params.id, { fileError: t('error.QB_NO_FILE'), values }, 422);
    const format = importFormat(values.format, upload.name, upload.data);
    if (!format) return renderImport(req, reply, req.params.id, { fileError: t('error.QB_FORMAT_REQUIRED'), values }, 422);
    try {
      const outcome = await importQuestions(db, req.actor!, req.params.id, upload, format, values);
      if (outcome.ok) return renderImport(req, reply, req.params.id, { imported: outcome.imported, ignoredColumns: outcome.ignoredColumns, values: { format } });
      return renderImport(req, reply, req.params.id, { failure: outcome, ignoredColumns: outcome.ignoredColumns, values }, 422);
    } catch (err) {
      if (err instanceof SheetError) return renderImport(req, reply, req.params.id, { fileError: err.describe(t, req.lang === 'vi' ? 'vi-VN' : 'en-GB'), values }, 422);
      if (err instanceof ImportFileError) return renderImport(req, reply, req.params.id, { fileError: t(`error.${err.code}`, err.params), values }, 422);
      if (isFieldError(err)) {
        const ctx = viewCtx(req, reply);
        return renderImport(req, reply, req.params.id, { errors: formErrors(ctx, err), values }, 422);
      }
      throw err;
    }
  });

  /* ---------- export ---------- */

  const fileName = (bank: repo.BankRow, ext: string) => `ngan-hang-cau-hoi-${bank.id}.${ext}`;

  app.get(`${BANKS}/:id/xuat.xlsx`, { config: { access }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const bank = await loadBank(db, req.actor, req.params.id);
    const questions = (await repo.allQuestions(db, bank.id)).map(questionValues);
    const file = await exportWorkbook(questions, tr(req));
    return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(fileName(bank, 'xlsx'))).header('cache-control', 'no-store').send(file);
  });

  app.get(`${BANKS}/:id/xuat.gift`, { config: { access }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const bank = await loadBank(db, req.actor, req.params.id);
    const questions = (await repo.allQuestions(db, bank.id)).map(questionValues);
    const header = `${bank.name}\n${tr(req)('qb.giftHeader', { count: questions.length })}`;
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('content-disposition', attachment(fileName(bank, 'gift.txt')))
      .header('cache-control', 'no-store')
      .send(writeGift(questions, header));
  });
}
