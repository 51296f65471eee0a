/**
 * Learning days and events (src/modules/events): organisers' pages under /quan-tri/su-kien, the rotating
 * QR code page, and the attendee's check-in link /diem-danh/:id?t=… (see token.ts for the design).
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import QRCode from 'qrcode';
import { AppError } from '../../core/errors.js';
import { formBody, text } from '../../core/forms.js';
import { scopePaths } from '../../core/policy.js';
import { t as translate } from '../../core/i18n.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { attachment, XLSX_TYPE } from '../people/xlsx-write.js';
import { EVENT_MANAGE } from './capabilities.js';
import * as repo from './repository.js';
import * as service from './service.js';
import { attendanceWorkbook } from './export.js';
import { isMonth, monthRange, vietnamMonth } from './time.js';
import { OPENS_BEFORE_MS, QR_REFRESH_SECONDS, checkinWindow, passToken, qrToken } from './token.js';
import { CheckinPage, EventFormPage, EventPage, EventsDashboardPage, EventsListPage, QrPage } from './views.js';

const access = { capability: EVENT_MANAGE };
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const MonthQuery = Type.Object({ thang: text(7) });
const EventBody = formBody({ unit: text(32), kind: text(32), title: text(400), place: text(400), date: text(10), start: text(5), end: text(5) });

const pickMonth = (raw: string | undefined) => (isMonth(raw) ? raw : vietnamMonth(new Date()));
const isFormError = (err: unknown): err is AppError => err instanceof AppError && err.code !== 'NOT_FOUND' && err.statusCode < 500;

export async function eventsModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.services;

  app.get('/quan-tri/su-kien', { config: { access }, schema: { hide: true, querystring: MonthQuery } }, async (req, reply) => {
    const month = pickMonth(req.query.thang);
    const events = await repo.eventsUnder(db, scopePaths(req.actor, EVENT_MANAGE), monthRange(month));
    return sendPage(reply, <EventsListPage ctx={viewCtx(req, reply)} month={month} events={events} />);
  });

  app.get('/quan-tri/su-kien/bao-cao', { config: { access }, schema: { hide: true, querystring: MonthQuery } }, async (req, reply) => {
    const month = pickMonth(req.query.thang);
    const paths = scopePaths(req.actor, EVENT_MANAGE);
    const range = monthRange(month);
    const [villages, events] = await Promise.all([repo.villagesMonth(db, paths, range), repo.eventsUnder(db, paths, range)]);
    const attendance = events.reduce((s, e) => s + e.named + e.guests, 0);
    return sendPage(reply, <EventsDashboardPage ctx={viewCtx(req, reply)} month={month} villages={villages} events={events.length} attendance={attendance} />);
  });

  const formPage = async (req: FastifyRequest, reply: FastifyReply, values: service.EventForm, err?: AppError, eventId?: number) => {
    const ctx = viewCtx(req, reply);
    const units = await repo.eventUnitsUnder(db, scopePaths(req.actor, EVENT_MANAGE));
    return sendPage(reply, <EventFormPage ctx={ctx} units={units} values={values} errors={err ? formErrors(ctx, err) : {}} eventId={eventId} />, err?.statusCode ?? 200);
  };

  app.get('/quan-tri/su-kien/moi', { config: { access }, schema: { hide: true } }, async (req, reply) => formPage(req, reply, {}));

  app.post('/quan-tri/su-kien/moi', { config: { access }, schema: { hide: true, body: EventBody } }, async (req, reply) => {
    try {
      const id = await service.createEvent(db, req.actor!, req.body);
      return reply.redirect(`/quan-tri/su-kien/${id}?xong=luu`, 303);
    } catch (err) {
      if (!isFormError(err)) throw err;
      return formPage(req, reply, req.body, err);
    }
  });

  app.get('/quan-tri/su-kien/:id/sua', { config: { access }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const ev = await service.managedEvent(db, req.actor, req.params.id);
    return formPage(req, reply, service.formOf(ev), undefined, ev.id);
  });

  app.post('/quan-tri/su-kien/:id/sua', { config: { access }, schema: { hide: true, params: IdParams, body: EventBody } }, async (req, reply) => {
    try {
      await service.updateEvent(db, req.actor!, req.params.id, req.body);
      return reply.redirect(`/quan-tri/su-kien/${req.params.id}?xong=luu`, 303);
    } catch (err) {
      if (!isFormError(err)) throw err;
      return formPage(req, reply, req.body, err, req.params.id);
    }
  });

  const eventPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    opts: { notice?: string; err?: AppError; values?: { phone?: string; band?: string; count?: string } } = {},
  ) => {
    const ctx = viewCtx(req, reply);
    const ev = await service.managedEvent(db, req.actor, id);
    const attendance = await service.attendanceOf(db, ev.id);
    const errors = opts.err ? formErrors(ctx, opts.err) : {};
    return sendPage(
      reply,
      <EventPage ctx={ctx} event={ev} attendance={attendance} entryKey={crypto.randomBytes(16).toString('base64url')} notice={opts.notice} errors={errors} values={opts.values ?? {}} />,
      opts.err?.statusCode ?? 200,
    );
  };

  app.get(
    '/quan-tri/su-kien/:id',
    { config: { access }, schema: { hide: true, params: IdParams, querystring: Type.Object({ xong: Type.Optional(Type.Union([Type.Literal('luu'), Type.Literal('khach')])), n: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })) }) } },
    async (req, reply) => {
      const t = (k: string, p?: Record<string, string | number>) => translate(req.lang, k, p);
      const notice = req.query.xong === 'luu' ? t('event.saved') : req.query.xong === 'khach' ? t('event.guestsAdded', { n: req.query.n ?? 0 }) : undefined;
      return eventPage(req, reply, req.params.id, { notice });
    },
  );

  app.post('/quan-tri/su-kien/:id/diem-danh', { config: { access }, schema: { hide: true, params: IdParams, body: formBody({ phone: text(40) }) } }, async (req, reply) => {
    try {
      const r = await service.checkInByPhone(db, req.actor!, req.params.id, req.body.phone ?? '');
      return eventPage(req, reply, req.params.id, { notice: translate(req.lang, r.added ? 'event.personAdded' : 'event.personAlready', { name: r.name }) });
    } catch (err) {
      if (!isFormError(err)) throw err;
      return eventPage(req, reply, req.params.id, { err, values: { phone: req.body.phone } });
    }
  });

  app.post(
    '/quan-tri/su-kien/:id/khach',
    { config: { access }, schema: { hide: true, params: IdParams, body: formBody({ band: text(16), count: text(12), entryKey: text(64) }) } },
    async (req, reply) => {
      try {
        const r = await service.addGuestCount(db, req.actor!, req.params.id, req.body);
        // A re-posted form (same entry key) changes nothing and says so with n=0.
        return reply.redirect(`/quan-tri/su-kien/${req.params.id}?xong=khach&n=${r.added ? r.count : 0}`, 303);
      } catch (err) {
        if (!isFormError(err) || err.code === 'BAD_REQUEST') throw err;
        return eventPage(req, reply, req.params.id, { err, values: { band: req.body.band, count: req.body.count } });
      }
    },
  );

  app.get('/quan-tri/su-kien/:id/danh-sach.xlsx', { config: { access }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const ev = await service.managedEvent(db, req.actor, req.params.id);
    const data = await attendanceWorkbook(req.lang, ev, await service.attendanceOf(db, ev.id));
    return reply
      .header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment(translate(req.lang, 'event.fileName', { id: ev.id })))
      .header('cache-control', 'no-store')
      .send(data);
  });

  app.get('/quan-tri/su-kien/:id/ma-qr', { config: { access }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const ev = await service.managedEvent(db, req.actor, req.params.id);
    const now = new Date();
    const state = checkinWindow(ev, now);
    let svg: string | undefined;
    let url: string | undefined;
    if (state === 'open') {
      url = `${config.publicUrl}/diem-danh/${ev.id}?t=${qrToken(ev, now)}`;
      svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 300 });
    }
    // The code rotates every minute: the page reloads itself without JavaScript (the Refresh header).
    if (state !== 'after') reply.header('refresh', String(QR_REFRESH_SECONDS));
    const opensAt = new Date(Date.parse(ev.starts_at) - OPENS_BEFORE_MS).toISOString();
    return sendPage(reply, <QrPage ctx={viewCtx(req, reply)} event={ev} state={state} svg={svg} url={url} refreshSeconds={QR_REFRESH_SECONDS} opensAt={opensAt} />);
  });

  // The attendee's side. Public, so that a valid code opened without a session can be exchanged for a
  // 15-minute pass before the sign-in page (see token.ts).
  app.get(
    '/diem-danh/:id',
    { config: { access: 'public' }, schema: { hide: true, params: IdParams, querystring: Type.Object({ t: Type.String({ maxLength: 64 }) }) } },
    async (req, reply) => {
      reply.header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex, nofollow');
      const now = new Date();
      const result = await service.checkInByQr(db, req.actor, req.params.id, req.query.t, now);
      if (result.kind === 'sign-in') {
        const next = `/diem-danh/${result.event.id}?t=${passToken(result.event, now)}`;
        return reply.redirect(`/dang-nhap?next=${encodeURIComponent(next)}`, 303);
      }
      return sendPage(reply, <CheckinPage ctx={viewCtx(req, reply)} event={result.event} already={result.kind === 'already'} />);
    },
  );
}
