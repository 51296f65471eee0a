/** The audit trail for city administrators ('audit:read'): an HTML page and a paginated JSON API. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { text } from '../../core/forms.js';
import { t } from '../../core/i18n.js';
import { scopePaths } from '../../core/policy.js';
import { ErrorResponse } from '../../core/schemas.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { unitsUnder } from '../units/repository.js';
import { treeOptions } from '../units/tree.js';
import { auditActions, listAudit } from './repository.js';
import { AuditListSchema, AuditQuery, actionLabel, presentAuditEntry } from './schema.js';
import { auditFilterFor, isCalendarDay, type AuditRequest } from './service.js';
import { AuditPage, type AuditFilters } from './views.js';

const access = { capability: 'audit:read' } as const;
const PAGE_SIZE = 50;

export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  app.get(
    '/api/audit',
    {
      config: { access },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first (city administrators)',
        querystring: AuditQuery,
        response: { 200: AuditListSchema, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? PAGE_SIZE;
      const filter = await auditFilterFor(db, req.actor, { ...req.query, page, pageSize });
      const { rows, total } = await listAudit(db, filter);
      return { items: rows.map((r) => presentAuditEntry(r, (key) => t(req.lang, key))), total, page, pageSize };
    },
  );

  app.get(
    '/quan-tri/nhat-ky',
    {
      config: { access },
      schema: {
        hide: true,
        querystring: Type.Object({
          action: text(64),
          unitCode: text(64),
          from: text(10),
          to: text(10),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
        }),
      },
    },
    async (req, reply) => {
      const ctx = viewCtx(req, reply);
      const filters: AuditFilters = { action: req.query.action, unitCode: req.query.unitCode, from: req.query.from, to: req.query.to };
      const request: AuditRequest = { ...filters, page: req.query.page ?? 1, pageSize: PAGE_SIZE };
      const errors: Record<string, string> = {};
      // A bad date is shown next to its field and ignored, so the page still answers.
      for (const field of ['from', 'to'] as const) {
        if (request[field] && !isCalendarDay(request[field])) {
          errors[field] = ctx.t('error.AUDIT_DATE_INVALID');
          request[field] = undefined;
        }
      }
      const { rows, total } = await listAudit(db, await auditFilterFor(db, req.actor, request));
      const units = (await unitsUnder(db, scopePaths(req.actor, 'audit:read'))).filter((u) => u.depth <= 1);
      const actions = (await auditActions(db)).map((a) => ({ value: a, label: actionLabel(ctx.t, a) }));
      return sendPage(
        reply,
        <AuditPage
          ctx={ctx}
          entries={rows.map((r) => presentAuditEntry(r, ctx.t))}
          total={total}
          page={request.page}
          pageSize={PAGE_SIZE}
          filters={filters}
          actions={actions}
          units={treeOptions(units)}
          errors={errors}
        />,
      );
    },
  );
}
