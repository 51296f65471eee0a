/** The learner's skill profile and the city administrator's basic-skills rule page (no JavaScript needed). */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Layout } from '../../views/layout.js';
import type { CommuneSkillsCount, BasicSkillsRule } from './basic-skills.js';
import type { CompetenceRow, CourseChoice } from './repository.js';
import type { BasicSkillsStatus, Named, SkillProfile } from './service.js';
import './messages.js';

const nameIn = (ctx: ViewCtx, n: Named) => (ctx.lang === 'en' ? n.en : n.vi);
const fmt = (ctx: ViewCtx, n: number) => n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');
export const percent = (ctx: ViewCtx, part: number, whole: number) =>
  whole ? `${(Math.round((part / whole) * 1000) / 10).toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB')} %` : '—';

function BasicSkillsBox({ ctx, status }: { ctx: ViewCtx; status: BasicSkillsStatus }) {
  if (!status.configured) return <p class="notice">{ctx.t('skills.basicNotSet')}</p>;
  if (status.met) {
    return (
      <section class="notice ok" aria-labelledby="basic-skills">
        <h2 id="basic-skills">{ctx.t('skills.basicMet')}</h2>
        <p>{ctx.t('skills.basicMetText')}</p>
      </section>
    );
  }
  return (
    <section class="notice" aria-labelledby="basic-skills">
      <h2 id="basic-skills">{ctx.t('skills.basicNotMet')}</h2>
      <p>{ctx.t('skills.basicNotMetText')}</p>
      {status.courses.length > 0 && (
        <>
          <p>{ctx.t(status.mode === 'all' ? 'skills.needAllCourses' : 'skills.needAnyCourse')}</p>
          <ul>
            {status.courses.map((c) => (
              <li>
                {c.title} — {ctx.t(c.completed ? 'skills.done' : 'skills.notDone')}
              </li>
            ))}
          </ul>
        </>
      )}
      {status.competences.length > 0 && (
        <>
          <p>{ctx.t('skills.needCompetences')}</p>
          <ul>
            {status.competences.map((c) => (
              <li>
                {c.code} {nameIn(ctx, c.name)} — {ctx.t(c.covered ? 'skills.attained' : 'skills.notAttained').toLowerCase()}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function SkillProfilePage({ ctx, profile }: { ctx: ViewCtx; profile: SkillProfile }) {
  return (
    <Layout ctx={ctx} title={ctx.t('skills.title')}>
      <h1>{ctx.t('skills.title')}</h1>
      <p class="lead">{ctx.t('skills.lead')}</p>
      <BasicSkillsBox ctx={ctx} status={profile.basicSkills} />
      {profile.total === 0 ? (
        <p>{ctx.t('skills.noFramework')}</p>
      ) : (
        <p>
          <strong>{ctx.t('skills.summary', { attained: fmt(ctx, profile.attained), total: fmt(ctx, profile.total) })}</strong>
        </p>
      )}
      {profile.domains.map((d) => (
        <section aria-labelledby={`domain-${d.domain}`}>
          <h2 id={`domain-${d.domain}`}>
            {d.domain}. {nameIn(ctx, d.name)}{' '}
            <span class="muted">({ctx.t('skills.domainCount', { attained: d.attained, total: d.competences.length })})</span>
          </h2>
          <ul>
            {d.competences.map((c) => (
              <li>
                <strong>{c.attained ? `✓ ${ctx.t('skills.attained')}` : ctx.t('skills.notAttained')}:</strong> {c.code} {nameIn(ctx, c.name)}
                {c.attained && <span class="muted"> — {ctx.t('skills.through', { courses: c.courses.map((x) => x.title).join(', ') })}</span>}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <p>
        <a href="/hoc-tap/chung-nhan">{ctx.t('skills.certificates')}</a>
      </p>
    </Layout>
  );
}

export interface RuleFormValues {
  courses: number[];
  mode: string;
  competences: string[];
}

function Check(props: { id: string; name: string; value: string; checked: boolean; label: string; type?: 'checkbox' | 'radio' }) {
  return (
    <div class="checkbox">
      <input type={props.type ?? 'checkbox'} id={props.id} name={props.name} value={props.value} checked={props.checked} />
      <label for={props.id}>{props.label}</label>
    </div>
  );
}

export function RulePage(props: {
  ctx: ViewCtx;
  rule: BasicSkillsRule | undefined;
  values: RuleFormValues;
  courses: CourseChoice[];
  framework: CompetenceRow[];
  counts: CommuneSkillsCount[];
  errors: Record<string, string>;
  saved?: boolean;
}) {
  const { ctx, values, errors: e } = props;
  const labels = { courses: ctx.t('rule.courses'), mode: ctx.t('rule.mode'), competences: ctx.t('rule.competences') };
  const domains = [...new Set(props.framework.map((c) => c.domain))];
  const total = props.counts.reduce((acc, c) => ({ people: acc.people + c.people, attained: acc.attained + c.attained }), { people: 0, attained: 0 });
  return (
    <Layout ctx={ctx} title={ctx.t('rule.title')}>
      <h1>{ctx.t('rule.title')}</h1>
      <p class="lead">{ctx.t('rule.lead')}</p>
      {props.saved && (
        <p class="notice ok" role="status">
          {ctx.t('rule.saved')}
        </p>
      )}
      {!props.rule && <p class="notice">{ctx.t('rule.none')}</p>}
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="post" action="/quan-tri/pho-cap-ky-nang">
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <fieldset id="f-courses" class={e.courses ? 'field field-error' : 'field'} aria-describedby="f-courses-hint">
          <legend>{labels.courses}</legend>
          <p class="hint" id="f-courses-hint">
            {ctx.t('rule.coursesHint')}
          </p>
          {e.courses && <p class="error-text">{e.courses}</p>}
          {props.courses.length === 0 && <p>{ctx.t('rule.noCourses')}</p>}
          {props.courses.map((c) => (
            <Check
              id={`course-${c.id}`}
              name="courses"
              value={String(c.id)}
              checked={values.courses.includes(c.id)}
              label={c.status === 'published' ? c.title : `${c.title} ${ctx.t('rule.archived')}`}
            />
          ))}
        </fieldset>
        <fieldset id="f-mode" class={e.mode ? 'field field-error' : 'field'}>
          <legend>{labels.mode}</legend>
          {e.mode && <p class="error-text">{e.mode}</p>}
          {(['all', 'any'] as const).map((m) => (
            <Check type="radio" id={`mode-${m}`} name="mode" value={m} checked={values.mode === m} label={ctx.t(`rule.mode.${m}`)} />
          ))}
        </fieldset>
        <fieldset id="f-competences" class={e.competences ? 'field field-error' : 'field'} aria-describedby="f-competences-hint">
          <legend>{labels.competences}</legend>
          <p class="hint" id="f-competences-hint">
            {ctx.t('rule.competencesHint')}
          </p>
          {e.competences && <p class="error-text">{e.competences}</p>}
          {domains.map((d) => {
            const list = props.framework.filter((c) => c.domain === d);
            return (
              <fieldset>
                <legend>
                  {d}. {ctx.lang === 'en' ? list[0].domain_en : list[0].domain_vi}
                </legend>
                {list.map((c) => (
                  <Check
                    id={`competence-${c.code.replace(/\W/g, '-')}`}
                    name="competences"
                    value={c.code}
                    checked={values.competences.includes(c.code)}
                    label={`${c.code} ${ctx.lang === 'en' ? c.name_en : c.name_vi}`}
                  />
                ))}
              </fieldset>
            );
          })}
        </fieldset>
        <button type="submit" class="primary">
          {ctx.t('rule.save')}
        </button>
      </form>
      {props.rule && props.counts.length > 0 && (
        <section aria-labelledby="by-commune">
          <h2 id="by-commune">{ctx.t('rule.byCommune')}</h2>
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="by-commune">
            <table>
              <thead>
                <tr>
                  <th scope="col">{ctx.t('rule.col.unit')}</th>
                  <th scope="col">{ctx.t('rule.col.people')}</th>
                  <th scope="col">{ctx.t('rule.col.attained')}</th>
                  <th scope="col">{ctx.t('rule.col.rate')}</th>
                </tr>
              </thead>
              <tbody>
                {props.counts.map((c) => (
                  <tr>
                    <th scope="row">{c.unitName ?? ctx.t('rule.cityLevel')}</th>
                    <td>{fmt(ctx, c.people)}</td>
                    <td>{fmt(ctx, c.attained)}</td>
                    <td>{percent(ctx, c.attained, c.people)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{ctx.t('rule.total')}</th>
                  <td>{fmt(ctx, total.people)}</td>
                  <td>{fmt(ctx, total.attained)}</td>
                  <td>{percent(ctx, total.attained, total.people)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </section>
      )}
    </Layout>
  );
}
