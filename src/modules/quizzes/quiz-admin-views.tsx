/** Quiz pages for content managers: the quizzes of the scope and the quiz form (bank, draw rules, settings). */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { CsrfField, SelectField, type SelectOption } from '../../views/form-parts.js';
import { DIFFICULTIES, QUESTION_TYPES } from './question-input.js';
import { GRADING_METHODS } from './grading.js';
import { MAX_RULES, REVIEW_MODES, ruleFields, type QuizForm } from './quiz-input.js';
import type { DrawRule } from './draw.js';
import type { QuizRow } from './repository.js';
import './messages.js';

export const QUIZZES = '/quan-tri/bai-kiem-tra';

export function QuizListPage(props: { ctx: ViewCtx; quizzes: QuizRow[]; notice?: string }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('qz.title')}>
      <p class="actions">
        <a href="/quan-tri/ngan-hang-cau-hoi">{ctx.t('qb.title')}</a>
      </p>
      <h1>{ctx.t('qz.title')}</h1>
      <p class="lead">{ctx.t('qz.lead')}</p>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <p>
        <a class="button" href={`${QUIZZES}/moi`}>
          {ctx.t('qz.new')}
        </a>
      </p>
      {props.quizzes.length === 0 ? (
        <p>{ctx.t('qz.none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('qz.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('qz.col.title')}</th>
                <th scope="col">{ctx.t('qz.col.bank')}</th>
                <th scope="col">{ctx.t('qz.col.unit')}</th>
                <th scope="col">{ctx.t('qz.col.questions')}</th>
                <th scope="col">{ctx.t('qz.col.id')}</th>
              </tr>
            </thead>
            <tbody>
              {props.quizzes.map((q) => (
                <tr>
                  <th scope="row">
                    <a href={`${QUIZZES}/${q.id}`}>{q.title}</a>
                  </th>
                  <td>{q.bank_name}</td>
                  <td>{q.unit_name}</td>
                  <td>{(JSON.parse(q.rules) as DrawRule[]).reduce((n, r) => n + r.count, 0)}</td>
                  <td>{q.id}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

function Radios(p: { ctx: ViewCtx; name: string; label: string; values: readonly string[]; value: string; labelOf: (v: string) => string; error?: string; hint?: string }) {
  return (
    <fieldset class={p.error ? 'field choices field-error' : 'field choices'} id={`f-${p.name}`}>
      <legend>{p.label}</legend>
      {p.hint && <p class="hint">{p.hint}</p>}
      {p.error && <p class="error-text">{p.error}</p>}
      {p.values.map((v) => (
        <div class="checkbox">
          <input type="radio" id={`f-${p.name}-${v}`} name={p.name} value={v} checked={p.value === v} />
          <label for={`f-${p.name}-${v}`}>{p.labelOf(v)}</label>
        </div>
      ))}
    </fieldset>
  );
}

export function QuizFormPage(props: { ctx: ViewCtx; quiz?: QuizRow; banks: SelectOption[]; competences: SelectOption[]; values: QuizForm; errors: Record<string, string> }) {
  const { ctx, quiz, values: v, errors: e } = props;
  const title = quiz ? ctx.t('qz.edit', { title: quiz.title }) : ctx.t('qz.new');
  const labels: Record<string, string> = {
    title: ctx.t('qz.field.title'),
    bank: ctx.t('qz.field.bank'),
    timeLimit: ctx.t('qz.field.timeLimit'),
    attempts: ctx.t('qz.field.attempts'),
    passPercent: ctx.t('qz.field.passPercent'),
    grading: ctx.t('qz.field.grading'),
    review: ctx.t('qz.field.review'),
  };
  for (let n = 1; n <= MAX_RULES; n++) {
    const f = ruleFields(n);
    labels[f.count] = ctx.t('qz.rule.countOf', { n });
    labels[f.topic] = ctx.t('qz.rule.topicOf', { n });
    labels[f.competence] = ctx.t('qz.rule.competenceOf', { n });
    labels[f.difficulty] = ctx.t('qz.rule.difficultyOf', { n });
    labels[f.type] = ctx.t('qz.rule.typeOf', { n });
  }
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={QUIZZES}>{ctx.t('qz.back')}</a>
      </p>
      <h1>{title}</h1>
      {quiz && <p class="hint">{ctx.t('qz.idHint', { id: quiz.id })}</p>}
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="post" action={quiz ? `${QUIZZES}/${quiz.id}` : QUIZZES} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} name="title" label={labels.title} value={v.title} error={e.title} required />
        <SelectField ctx={ctx} name="bank" label={labels.bank} options={props.banks} value={v.bank} error={e.bank} required emptyLabel={ctx.t('qz.chooseBank')} />
        <h2>{ctx.t('qz.rules')}</h2>
        <p class="hint">{ctx.t('qz.rulesHint')}</p>
        {Array.from({ length: MAX_RULES }, (_x, i) => {
          const n = i + 1;
          const f = ruleFields(n);
          return (
            <fieldset class="field choices field-wide" id={`f-rule-${n}`}>
              <legend>{ctx.t('qz.rule', { n })}</legend>
              <div class="input-row">
                <Field ctx={ctx} name={f.count} label={ctx.t('qz.rule.count')} value={v[f.count]} error={e[f.count]} inputMode="numeric" required={n === 1} />
                <Field ctx={ctx} name={f.topic} label={ctx.t('qb.field.topic')} value={v[f.topic]} error={e[f.topic]} />
                <SelectField ctx={ctx} name={f.competence} label={ctx.t('qb.field.competence')} options={props.competences} value={v[f.competence]} error={e[f.competence]} emptyLabel={ctx.t('qb.filter.all')} />
                <SelectField ctx={ctx} name={f.difficulty} label={ctx.t('qb.field.difficulty')} value={v[f.difficulty]} error={e[f.difficulty]} emptyLabel={ctx.t('qb.filter.all')}
                  options={DIFFICULTIES.map((d) => ({ value: String(d), label: ctx.t(`qb.difficulty.${d}`) }))} />
                <SelectField ctx={ctx} name={f.type} label={ctx.t('qb.field.type')} value={v[f.type]} error={e[f.type]} emptyLabel={ctx.t('qb.filter.all')}
                  options={QUESTION_TYPES.map((t) => ({ value: t, label: ctx.t(`qb.type.${t}`) }))} />
              </div>
            </fieldset>
          );
        })}
        <h2>{ctx.t('qz.settings')}</h2>
        <div class="checkbox">
          <input type="checkbox" id="f-shuffleQuestions" name="shuffleQuestions" value="1" checked={v.shuffleQuestions === '1'} />
          <label for="f-shuffleQuestions">{ctx.t('qz.field.shuffleQuestions')}</label>
        </div>
        <div class="checkbox">
          <input type="checkbox" id="f-shuffleOptions" name="shuffleOptions" value="1" checked={v.shuffleOptions === '1'} />
          <label for="f-shuffleOptions">{ctx.t('qz.field.shuffleOptions')}</label>
        </div>
        <Field ctx={ctx} name="timeLimit" label={labels.timeLimit} value={v.timeLimit} error={e.timeLimit} inputMode="numeric" hint={ctx.t('qz.hint.timeLimit')} />
        <Field ctx={ctx} name="attempts" label={labels.attempts} value={v.attempts} error={e.attempts} inputMode="numeric" hint={ctx.t('qz.hint.attempts')} />
        <Radios ctx={ctx} name="grading" label={labels.grading} values={GRADING_METHODS} value={v.grading ?? 'highest'} error={e.grading} labelOf={(g) => ctx.t(`quiz.grading.${g}`)} />
        <Field ctx={ctx} name="passPercent" label={labels.passPercent} value={v.passPercent} error={e.passPercent} inputMode="numeric" hint={ctx.t('qz.hint.passPercent')} />
        <Radios ctx={ctx} name="review" label={labels.review} values={REVIEW_MODES} value={v.review ?? 'after_submit'} error={e.review} labelOf={(r) => ctx.t(`qz.review.${r}`)} />
        <p class="hint">{ctx.t('qz.gradingNote')}</p>
        <button type="submit" class="primary">
          {ctx.t(quiz ? 'qz.save' : 'qz.create')}
        </button>
      </form>
    </Layout>
  );
}
