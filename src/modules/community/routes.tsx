/**
 * The community hub (/quan-tri/cong-dong): for one unit in the caller's scope, every figure the community modules
 * report (teams, digital ambassadors, digital families, learning days, initiatives) against its target, with the
 * figures below target marked, and links to each module's own dashboard (which lists who is below target).
 * Who may open it: whoever manages any part of the community network somewhere; the unit must be in their scope.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.js';
import type { CommunityFigure } from '../../core/figures.js';
import { defineMessages } from '../../core/i18n.js';
import { canAt, scopePaths, type Actor } from '../../core/policy.js';
import { Layout } from '../../views/layout.js';
import { sendPage, viewCtx, type ViewCtx } from '../../views/render.js';
import { unitByCode, unitsUnder, type UnitRow } from '../units/repository.js';
import { communityFigures as teamFigures } from '../teams/figures.js';
import { communityFigures as ambassadorFigures } from '../ambassadors/figures.js';
import { communityFigures as familyFigures } from '../families/figures.js';
import { communityFigures as eventFigures } from '../events/figures.js';
import { communityFigures as initiativeFigures } from '../initiatives/figures.js';
import '../teams/capabilities.js';
import '../ambassadors/capabilities.js';
import '../families/capabilities.js';
import '../events/capabilities.js';
import '../initiatives/capabilities.js';

type Source = (db: Parameters<typeof teamFigures>[0], unitPath: string) => Promise<CommunityFigure[]>;

/** [capability that opens the module's dashboard, its href, title key, figures]. */
const SECTIONS: Array<[string, string, string, Source]> = [
  ['team:manage', '/quan-tri/to-cong-nghe-so/so-lieu', 'community.teams', teamFigures],
  ['ambassador:manage', '/quan-tri/dai-su-so', 'community.ambassadors', ambassadorFigures],
  ['family:manage', '/quan-tri/gia-dinh-so', 'community.families', familyFigures],
  ['event:manage', '/quan-tri/su-kien/bao-cao', 'community.events', eventFigures],
  ['initiative:propose', '/quan-tri/sang-kien', 'community.initiatives', initiativeFigures],
];
const CAPABILITIES = [...new Set(SECTIONS.map(([cap]) => cap))];

/** The units (tops of scope) the actor manages some part of the community network at. */
function scopeOf(actor: Actor | undefined): string[] {
  return [...new Set(CAPABILITIES.flatMap((cap) => scopePaths(actor, cap)))];
}

interface Section {
  href: string | undefined;
  title: string;
  figures: CommunityFigure[];
}

export async function communityModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  app.get(
    '/quan-tri/cong-dong',
    { config: { access: 'signed-in' }, schema: { hide: true, querystring: Type.Object({ don_vi: Type.Optional(Type.String({ maxLength: 64 })) }) } },
    async (req, reply) => {
      const paths = scopeOf(req.actor);
      if (paths.length === 0) throw notFound();
      const tops = (await unitsUnder(db, paths)).filter((u) => paths.includes(u.path));
      let unit: UnitRow | undefined = tops[0];
      if (req.query.don_vi) {
        unit = await unitByCode(db, req.query.don_vi);
        if (!unit || !paths.some((p) => unit!.path.startsWith(p))) throw notFound();
      }
      if (!unit) throw notFound();
      const sections: Section[] = [];
      for (const [cap, href, title, figures] of SECTIONS) {
        sections.push({ href: canAt(req.actor, cap, unit.path) ? href : undefined, title, figures: await figures(db, unit.path) });
      }
      return sendPage(reply, <CommunityHub ctx={viewCtx(req, reply)} unit={unit} tops={tops} sections={sections} />);
    },
  );
}

const below = (f: CommunityFigure) => f.target !== undefined && f.value < f.target;

function CommunityHub(props: { ctx: ViewCtx; unit: UnitRow; tops: UnitRow[]; sections: Section[] }) {
  const { ctx, unit } = props;
  const num = (n: number) => n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');
  return (
    <Layout ctx={ctx} title={ctx.t('community.title')}>
      <h1>{ctx.t('community.title')}</h1>
      <p class="lead">{ctx.t('community.lead', { unit: unit.name })}</p>
      {props.tops.length > 1 && (
        <form method="get" action="/quan-tri/cong-dong">
          <label for="don_vi">{ctx.t('community.unit')}</label>
          <select id="don_vi" name="don_vi">
            {props.tops.map((u) => (
              <option value={u.code} selected={u.id === unit.id}>
                {u.name}
              </option>
            ))}
          </select>
          <button type="submit">{ctx.t('community.show')}</button>
        </form>
      )}
      {props.sections.map((s) => (
        <section>
          <h2>{ctx.t(s.title)}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{ctx.t('community.figure')}</th>
                  <th scope="col">{ctx.t('community.value')}</th>
                  <th scope="col">{ctx.t('community.target')}</th>
                </tr>
              </thead>
              <tbody>
                {s.figures.map((f) => (
                  <tr>
                    <th scope="row">{f.label[ctx.lang]}</th>
                    <td>{num(f.value)}</td>
                    <td>
                      {f.target === undefined ? '—' : num(f.target)}
                      {below(f) && <strong class="below-target"> {ctx.t('community.below')}</strong>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {s.href && (
            <p>
              <a href={s.href}>{ctx.t('community.details')}</a>
            </p>
          )}
        </section>
      ))}
    </Layout>
  );
}

defineMessages({
  vi: {
    'community.title': 'Mạng lưới cộng đồng',
    'community.lead': 'Số liệu của {unit} và các đơn vị trực thuộc, so với chỉ tiêu.',
    'community.unit': 'Đơn vị',
    'community.show': 'Xem',
    'community.figure': 'Chỉ số',
    'community.value': 'Hiện có',
    'community.target': 'Chỉ tiêu',
    'community.below': '(chưa đạt)',
    'community.details': 'Xem chi tiết và các đơn vị chưa đạt',
    'community.teams': 'Tổ công nghệ số cộng đồng',
    'community.ambassadors': 'Đại sứ số',
    'community.families': 'Gia đình số',
    'community.events': 'Một ngày học số và sự kiện',
    'community.initiatives': 'Sáng kiến, mô hình',
    'community.card': 'Mạng lưới cộng đồng',
    'community.cardText': 'Tổ công nghệ số, Đại sứ số, Gia đình số, ngày học số, sáng kiến: số liệu so với chỉ tiêu.',
  },
  en: {
    'community.title': 'Community network',
    'community.lead': 'Figures of {unit} and the units below it, against the targets.',
    'community.unit': 'Unit',
    'community.show': 'Show',
    'community.figure': 'Figure',
    'community.value': 'Now',
    'community.target': 'Target',
    'community.below': '(below target)',
    'community.details': 'Details and the units below target',
    'community.teams': 'Community digital technology teams',
    'community.ambassadors': 'Digital ambassadors',
    'community.families': 'Digital families',
    'community.events': 'Learning days and events',
    'community.initiatives': 'Initiatives and models',
    'community.card': 'Community network',
    'community.cardText': 'Digital tech teams, ambassadors, digital families, learning days, initiatives: figures against targets.',
  },
});
