/**
 * The learner's side: the player page (platform origin; signed in and enrolled), "start again" (a new
 * attempt on the activity's current package), the player scripts, and the commit endpoint.
 */
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { formBody } from '../../core/forms.js';
import { t } from '../../core/i18n.js';
import { ErrorResponse } from '../../core/schemas.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { assetUrl, sendAsset } from './assets.js';
import { commitAttempt } from './attempt-service.js';
import type { PlayerData } from './client/protocol.js';
import { openPlayer, type PlayerState } from './player-service.js';
import { PlayerPage } from './player-views.js';

const ActivityParams = Type.Object({ activityId: Type.Integer({ minimum: 1 }) });
const AttemptParams = Type.Object({ attemptId: Type.Integer({ minimum: 1 }) });

/** The whole CMI JSON of one SCO (about 2 KB typically), as scorm-again renders it. */
const CommitBody = Type.Object(
  {
    seq: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }),
    cmi: Type.Record(Type.String(), Type.Unknown()),
    sequencing: Type.Optional(Type.String({ maxLength: 900_000 })),
    /** A SCO that never calls the API: the page it shows, relative to the package folder (null: none). */
    page: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 1000 }), Type.Null()])),
    /** sendBeacon cannot set headers: the CSRF token may come in the body instead. */
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/**
 * Commits are limited per session, not per address: a class at a village hall shares one address.
 * 240 a minute is far above what a SCO sends (a few per page) and still stops a runaway script.
 */
const commitRateLimit = {
  max: 240,
  timeWindow: 60_000,
  keyGenerator: (req: FastifyRequest) => `scorm-commit:${crypto.createHash('sha256').update(String(req.cookies?.kns_sid ?? req.ip)).digest('base64url').slice(0, 22)}`,
};

const STRING_KEYS = ['saving', 'saved', 'offline', 'error', 'locked', 'ended', 'frame', 'chooseItem'];

export async function playerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.services;

  function pageData(state: PlayerState, lang: 'vi' | 'en', userId: number, csrf: string): PlayerData {
    const strings: Record<string, string> = {};
    for (const k of STRING_KEYS) strings[k] = t(lang, `scorm.player.${k}`);
    for (const s of ['not_attempted', 'incomplete', 'completed', 'passed', 'failed']) strings[`status.${s}`] = t(lang, `scorm.player.status.${s}`);
    const v = state.version === '1.2' ? '12' : '2004';
    return {
      version: state.version,
      activityId: state.activityId,
      attempt: state.attempt,
      userId,
      contentOrigin: config.contentUrl,
      launchPage: `${config.contentUrl}/launch?scorm=${v}`,
      packageBase: `/content/${state.pkg.storage_key}/`,
      commitUrl: '/api/scorm/attempts/:id/commit',
      csrf,
      items: state.items,
      startItem: state.startItem,
      sequencing: state.sequencing,
      seq: state.seq,
      silentCompletion: state.silentCompletion,
      strings,
    };
  }

  app.get('/hoc-tap/scorm/:activityId', { config: { access: 'signed-in' }, schema: { hide: true, params: ActivityParams } }, async (req, reply) => {
    const state = await openPlayer(db, req.actor!, req.params.activityId);
    const ctx = viewCtx(req, reply);
    const data = pageData(state, req.lang, req.actor!.userId, ctx.csrfToken);
    const script = await assetUrl(state.version === '1.2' ? 'scorm-player-12' : 'scorm-player-2004');
    reply.header('referrer-policy', 'same-origin');
    return sendPage(reply, <PlayerPage ctx={ctx} state={state} data={data} script={script} backUrl={`/khoa-hoc/${encodeURIComponent(state.courseSlug)}`} />);
  });

  app.post(
    '/hoc-tap/scorm/:activityId/hoc-lai',
    { config: { access: 'signed-in' }, schema: { hide: true, params: ActivityParams, body: formBody({}) } },
    async (req, reply) => {
      await openPlayer(db, req.actor!, req.params.activityId, { newAttempt: true });
      return reply.redirect(`/hoc-tap/scorm/${req.params.activityId}`, 303);
    },
  );

  for (const v of ['12', '2004'] as const) {
    app.get(`/static/scorm-player-${v}.js`, { config: { access: 'public', rateLimit: false }, schema: { hide: true } }, async (req, reply) =>
      sendAsset(req, reply, `scorm-player-${v}`),
    );
  }

  app.post(
    '/api/scorm/attempts/:attemptId/commit',
    {
      config: { access: 'signed-in', rateLimit: commitRateLimit, sessionCache: true },
      schema: {
        tags: ['scorm'],
        summary:
          "Store a SCO's whole CMI data; applied only when seq is higher than the stored one (else applied: false with the stored seq). CSRF token in x-csrf-token or, for sendBeacon, in the body as _csrf.",
        params: AttemptParams,
        body: CommitBody,
        response: {
          200: Type.Object({
            applied: Type.Boolean(),
            /** With applied: false, the stored seq: a later commit must carry a higher one. */
            seq: Type.Optional(Type.Integer({ minimum: 0 })),
          }),
          '4xx': ErrorResponse,
        },
      },
    },
    async (req) => commitAttempt(db, req.actor!.userId, req.params.attemptId, { seq: req.body.seq, cmi: req.body.cmi, sequencing: req.body.sequencing, page: req.body.page }),
  );
}
