/** Question bank pages: the banks of the scope, a bank's questions with filters, the question form, the import page. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { CsrfField, SelectField, type SelectOption } from '../../views/form-parts.js';
import { DIFFICULTIES, LETTERS, QUESTION_TYPES, type QuestionInput } from './question-input.js';
import type { BankRow, QuestionFilter, QuestionRow } from './repository.js';
import type { ImportIssue } from './bank-service.js';
import { Lines, Pager, TextArea } from './view-parts.js';
import './messages.js';

export const BANKS = '/quan-tri/ngan-hang-cau-hoi';
export const bankHref = (id: number) => `${BANKS}/${id}`;

function Notice({ text }: { text?: string }) {
  return text ? (
    <p class="notice ok" role="status">
      {text}
    </p>
  ) : null;
}

function AdminNav({ ctx }: { ctx: ViewCtx }) {
  return (
    <p class="actions">
      <a href={BANKS}>{ctx.t('qb.title')}</a>
      <a href="/quan-tri/bai-kiem-tra">{ctx.t('qz.title')}</a>
    </p>
  );
}

export function BanksPage(props: {
  ctx: ViewCtx;
  banks: Array<BankRow & { question_count: number }>;
  units: SelectOption[];
  values: Record<string, string | undefined>;
  errors: Record<string, string>;
}) {
  const { ctx, values: v, errors: e } = props;
  const labels = { name: ctx.t('qb.field.name'), unit: ctx.t('qb.field.unit'), description: ctx.t('qb.field.description') };
  return (
    <Layout ctx={ctx} title={ctx.t('qb.title')}>
      <AdminNav ctx={ctx} />
      <h1>{ctx.t('qb.title')}</h1>
      <p class="lead">{ctx.t('qb.lead')}</p>
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      {props.banks.length === 0 ? (
        <p>{ctx.t('qb.none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('qb.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('qb.col.bank')}</th>
                <th scope="col">{ctx.t('qb.col.unit')}</th>
                <th scope="col">{ctx.t('qb.col.count')}</th>
              </tr>
            </thead>
            <tbody>
              {props.banks.map((b) => (
                <tr>
                  <th scope="row">
                    <a href={bankHref(b.id)}>{b.name}</a>
                  </th>
                  <td>{b.unit_name}</td>
                  <td>{b.question_count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section aria-labelledby="new-bank">
        <h2 id="new-bank">{ctx.t('qb.new')}</h2>
        <form method="post" action={BANKS} novalidate>
          <CsrfField ctx={ctx} />
          <Field ctx={ctx} name="name" label={labels.name} value={v.name} error={e.name} required />
          <SelectField ctx={ctx} name="unit" label={labels.unit} options={props.units} value={v.unit} error={e.unit} required emptyLabel={ctx.t('qb.chooseUnit')} />
          <TextArea ctx={ctx} name="description" label={labels.description} value={v.description} error={e.description} rows={3} />
          <button type="submit" class="primary">
            {ctx.t('qb.create')}
          </button>
        </form>
      </section>
    </Layout>
  );
}

export interface BankPageProps {
  ctx: ViewCtx;
  bank: BankRow;
  rows: QuestionRow[];
  total: number;
  page: number;
  pages: number;
  filter: QuestionFilter;
  topics: string[];
  competences: SelectOption[];
  notice?: string;
  rename: { values: Record<string, string | undefined>; errors: Record<string, string> };
}

function filterQuery(f: QuestionFilter, page?: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') params.set(k, String(v));
  if (page && page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `?${s}` : '';
}

const short = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function BankPage(props: BankPageProps) {
  const { ctx, bank, filter: f } = props;
  const base = bankHref(bank.id);
  const renameLabels = { name: ctx.t('qb.field.name'), description: ctx.t('qb.field.description') };
  return (
    <Layout ctx={ctx} title={bank.name}>
      <AdminNav ctx={ctx} />
      <h1>{bank.name}</h1>
      <p class="muted">{ctx.t('qb.ofUnit', { unit: bank.unit_name })}</p>
      {bank.description && (
        <p>
          <Lines text={bank.description} />
        </p>
      )}
      <Notice text={props.notice} />
      <ErrorSummary ctx={ctx} errors={props.rename.errors} labels={renameLabels} />
      <p class="actions">
        <a class="button" href={`${base}/cau-hoi/moi`}>
          {ctx.t('qb.addQuestion')}
        </a>
        <a class="button secondary" href={`${base}/nhap`}>
          {ctx.t('qb.import')}
        </a>
        <a class="button secondary" href={`${base}/xuat.xlsx`}>
          {ctx.t('qb.exportXlsx')}
        </a>
        <a class="button secondary" href={`${base}/xuat.gift`}>
          {ctx.t('qb.exportGift')}
        </a>
        <a class="button secondary" href={`/quan-tri/bai-kiem-tra/moi?bank=${bank.id}`}>
          {ctx.t('qz.newFromBank')}
        </a>
      </p>
      <details open={Object.keys(props.rename.errors).length > 0}>
        <summary>{ctx.t('qb.rename')}</summary>
        <form method="post" action={base} novalidate>
          <CsrfField ctx={ctx} />
          <Field ctx={ctx} name="name" label={renameLabels.name} value={props.rename.values.name} error={props.rename.errors.name} required />
          <TextArea ctx={ctx} name="description" label={renameLabels.description} value={props.rename.values.description} error={props.rename.errors.description} rows={3} />
          <button type="submit" class="primary">
            {ctx.t('qb.save')}
          </button>
        </form>
      </details>

      <h2>{ctx.t('qb.questions')}</h2>
      <form method="get" action={base} class="filters">
        <div class="field field-search">
          <label for="f-q">{ctx.t('qb.filter.q')}</label>
          <input id="f-q" name="q" type="search" value={f.q ?? ''} />
        </div>
        <SelectField ctx={ctx} name="type" label={ctx.t('qb.field.type')} value={f.type} emptyLabel={ctx.t('qb.filter.all')} required
          options={QUESTION_TYPES.map((t) => ({ value: t, label: ctx.t(`qb.type.${t}`) }))} />
        <SelectField ctx={ctx} name="topic" label={ctx.t('qb.field.topic')} value={f.topic} emptyLabel={ctx.t('qb.filter.all')} required
          options={props.topics.map((t) => ({ value: t, label: t }))} />
        <SelectField ctx={ctx} name="competence" label={ctx.t('qb.field.competence')} value={f.competence} emptyLabel={ctx.t('qb.filter.all')} required options={props.competences} />
        <SelectField ctx={ctx} name="difficulty" label={ctx.t('qb.field.difficulty')} value={f.difficulty ? String(f.difficulty) : undefined} emptyLabel={ctx.t('qb.filter.all')} required
          options={DIFFICULTIES.map((d) => ({ value: String(d), label: ctx.t(`qb.difficulty.${d}`) }))} />
        <button type="submit" class="primary">
          {ctx.t('qb.filter.submit')}
        </button>
      </form>
      <p class="muted">{ctx.t('qb.count', { n: props.total })}</p>
      {props.rows.length === 0 ? (
        <p>{ctx.t('qb.noQuestions')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('qb.questions')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('qb.field.text')}</th>
                <th scope="col">{ctx.t('qb.field.type')}</th>
                <th scope="col">{ctx.t('qb.field.topic')}</th>
                <th scope="col">{ctx.t('qb.field.competence')}</th>
                <th scope="col">{ctx.t('qb.field.difficulty')}</th>
                <th scope="col">{ctx.t('qb.col.action')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((q) => (
                <tr>
                  <th scope="row">
                    <a href={`${base}/cau-hoi/${q.id}`}>{short(q.text)}</a>
                  </th>
                  <td>{ctx.t(`qb.type.${q.type}`)}</td>
                  <td>{q.topic ?? '—'}</td>
                  <td>{q.competence ?? '—'}</td>
                  <td>{ctx.t(`qb.difficulty.${q.difficulty}`)}</td>
                  <td>
                    <form method="post" action={`${base}/cau-hoi/${q.id}/xoa`} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="link-button" aria-label={ctx.t('qb.deleteLabel', { text: short(q.text, 60) })}>
                        {ctx.t('qb.delete')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager ctx={ctx} page={props.page} pages={props.pages} href={(p) => `${base}${filterQuery(f, p)}`} />
    </Layout>
  );
}

/** The question form's fields: option0…option5, correct (letters), tf ('true'|'false'). */
export type QuestionForm = Record<string, string | string[] | undefined>;

const str = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);

export function questionInputOf(form: QuestionForm): QuestionInput {
  const type = str(form.type);
  const tf = str(form.tf);
  return {
    type,
    text: str(form.text),
    options: type === 'true_false' ? [] : LETTERS.map((_l, i) => str(form[`option${i}`])),
    answer: type === 'true_false' ? (tf === 'true' ? [0] : tf === 'false' ? [1] : []) : list(form.correct).join(','),
    explanation: str(form.explanation),
    topic: str(form.topic),
    competence: str(form.competence),
    difficulty: str(form.difficulty),
  };
}

export function questionFormOf(q: QuestionRow): QuestionForm {
  const options = JSON.parse(q.options) as string[];
  const answer = JSON.parse(q.answer_key) as number[];
  const form: QuestionForm = {
    type: q.type,
    text: q.text,
    explanation: q.explanation,
    topic: q.topic ?? '',
    competence: q.competence ?? '',
    difficulty: String(q.difficulty),
  };
  if (q.type === 'true_false') form.tf = answer[0] === 0 ? 'true' : 'false';
  else {
    options.forEach((o, i) => (form[`option${i}`] = o));
    form.correct = answer.map((i) => LETTERS[i]);
  }
  return form;
}

export function QuestionFormPage(props: { ctx: ViewCtx; bank: BankRow; question?: QuestionRow; values: QuestionForm; errors: Record<string, string>; competences: SelectOption[] }) {
  const { ctx, bank, question, errors: e } = props;
  const v = props.values;
  const type = str(v.type) || 'single';
  const correct = list(v.correct);
  const labels: Record<string, string> = {
    type: ctx.t('qb.field.type'),
    text: ctx.t('qb.field.text'),
    options: ctx.t('qb.field.options'),
    answer: ctx.t('qb.field.answer'),
    explanation: ctx.t('qb.field.explanation'),
    topic: ctx.t('qb.field.topic'),
    competence: ctx.t('qb.field.competence'),
    difficulty: ctx.t('qb.field.difficulty'),
    ...Object.fromEntries(LETTERS.map((l, i) => [`option${i}`, ctx.t('qb.field.option', { letter: l })])),
  };
  const title = question ? ctx.t('qb.editQuestion') : ctx.t('qb.addQuestion');
  const action = question ? `${bankHref(bank.id)}/cau-hoi/${question.id}` : `${bankHref(bank.id)}/cau-hoi`;
  const tfError = type === 'true_false' ? e.answer : undefined;
  const letterError = type === 'true_false' ? undefined : e.answer;
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={bankHref(bank.id)}>{ctx.t('qb.backToBank', { bank: bank.name })}</a>
      </p>
      <h1>{title}</h1>
      {question && <p class="hint">{ctx.t('qb.editHint')}</p>}
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        <fieldset class={e.type ? 'field choices field-error' : 'field choices'} id="f-type">
          <legend>{labels.type}</legend>
          {e.type && <p class="error-text">{e.type}</p>}
          {QUESTION_TYPES.map((t) => (
            <div class="checkbox">
              <input type="radio" id={`f-type-${t}`} name="type" value={t} checked={type === t} />
              <label for={`f-type-${t}`}>{ctx.t(`qb.type.${t}`)}</label>
            </div>
          ))}
        </fieldset>
        <TextArea ctx={ctx} name="text" label={labels.text} value={str(v.text)} error={e.text} required rows={4} />
        <fieldset class={e.options ? 'field choices field-error' : 'field choices'} id="f-options" aria-describedby="f-options-hint">
          <legend>{labels.options}</legend>
          <p class="hint" id="f-options-hint">
            {ctx.t('qb.hint.options')}
          </p>
          {e.options && <p class="error-text">{e.options}</p>}
          {LETTERS.map((l, i) => (
            <Field ctx={ctx} name={`option${i}`} label={labels[`option${i}`]} value={str(v[`option${i}`])} error={e[`option${i}`]} required={i < 2} />
          ))}
        </fieldset>
        <fieldset class={letterError ? 'field choices field-error' : 'field choices'} id={type === 'true_false' ? 'f-correct' : 'f-answer'} aria-describedby="f-correct-hint">
          <legend>{labels.answer}</legend>
          <p class="hint" id="f-correct-hint">
            {ctx.t('qb.hint.correct')}
          </p>
          {letterError && <p class="error-text">{letterError}</p>}
          {LETTERS.map((l) => (
            <div class="checkbox">
              <input type="checkbox" id={`f-correct-${l}`} name="correct" value={l} checked={correct.includes(l)} />
              <label for={`f-correct-${l}`}>{ctx.t('qb.field.option', { letter: l })}</label>
            </div>
          ))}
        </fieldset>
        <fieldset class={tfError ? 'field choices field-error' : 'field choices'} id={type === 'true_false' ? 'f-answer' : 'f-tf'}>
          <legend>{ctx.t('qb.field.tf')}</legend>
          {tfError && <p class="error-text">{tfError}</p>}
          {(['true', 'false'] as const).map((x) => (
            <div class="checkbox">
              <input type="radio" id={`f-tf-${x}`} name="tf" value={x} checked={str(v.tf) === x} />
              <label for={`f-tf-${x}`}>{ctx.t(`quiz.${x}`)}</label>
            </div>
          ))}
        </fieldset>
        <TextArea ctx={ctx} name="explanation" label={labels.explanation} value={str(v.explanation)} error={e.explanation} rows={3} hint={ctx.t('qb.hint.explanation')} />
        <Field ctx={ctx} name="topic" label={labels.topic} value={str(v.topic)} error={e.topic} hint={ctx.t('qb.hint.topic')} />
        <SelectField ctx={ctx} name="competence" label={labels.competence} options={props.competences} value={str(v.competence)} error={e.competence} emptyLabel={ctx.t('qb.noCompetence')} />
        <SelectField ctx={ctx} name="difficulty" label={labels.difficulty} required value={str(v.difficulty) || '1'} error={e.difficulty}
          options={DIFFICULTIES.map((d) => ({ value: String(d), label: ctx.t(`qb.difficulty.${d}`) }))} />
        <button type="submit" class="primary">
          {ctx.t(question ? 'qb.save' : 'qb.addQuestion')}
        </button>
      </form>
    </Layout>
  );
}

/** Issues shown on the page (a refused import lists at most this many). */
export const ISSUES_ON_PAGE = 300;

export interface ImportView {
  imported?: number;
  fileError?: string;
  failure?: { issues: ImportIssue[]; issueCount: number; badPlaces: number };
  ignoredColumns?: string[];
  values?: Record<string, string | undefined>;
  errors?: Record<string, string>;
}

export function issuePlace(ctx: ViewCtx, i: ImportIssue): string {
  return ctx.t(i.at === 'row' ? 'qb.import.row' : 'qb.import.line', { n: i.place }) + (i.column ? ` · ${ctx.t('qb.import.column', { column: i.column })}` : '');
}

export function issueText(ctx: ViewCtx, i: ImportIssue): string {
  return ctx.t(`error.${i.code}`, i.params);
}

export function ImportPage(props: { ctx: ViewCtx; bank: BankRow; view: ImportView; competences: SelectOption[] }) {
  const { ctx, bank, view } = props;
  const v = view.values ?? {};
  const e = view.errors ?? {};
  const format = v.format ?? 'auto';
  const summary: Record<string, string> = { ...e };
  if (view.fileError) summary._form = view.fileError;
  else if (view.failure) summary._form = ctx.t('qb.import.failed', { count: view.failure.issueCount, places: view.failure.badPlaces });
  const labels = { topic: ctx.t('qb.field.topic'), competence: ctx.t('qb.field.competence'), difficulty: ctx.t('qb.field.difficulty') };
  const shown = view.failure?.issues.slice(0, ISSUES_ON_PAGE) ?? [];
  return (
    <Layout ctx={ctx} title={ctx.t('qb.import.title')}>
      <p>
        <a href={bankHref(bank.id)}>{ctx.t('qb.backToBank', { bank: bank.name })}</a>
      </p>
      <h1>{ctx.t('qb.import.title')}</h1>
      <p class="lead">{ctx.t('qb.import.lead', { bank: bank.name })}</p>
      {view.imported !== undefined && (
        <p class="notice ok" role="status">
          {ctx.t('qb.import.done', { count: view.imported })}
        </p>
      )}
      <ErrorSummary ctx={ctx} errors={summary} labels={labels} />
      {view.ignoredColumns && view.ignoredColumns.length > 0 && <p class="notice">{ctx.t('qb.import.ignoredColumns', { columns: view.ignoredColumns.join(', ') })}</p>}
      {view.failure && (
        <section aria-labelledby="issues-title">
          <h2 id="issues-title">{ctx.t('qb.import.issues')}</h2>
          {view.failure.issueCount > shown.length && <p>{ctx.t('qb.import.shown', { shown: shown.length, count: view.failure.issueCount })}</p>}
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="issues-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{ctx.t('qb.import.place')}</th>
                  <th scope="col">{ctx.t('qb.import.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((i) => (
                  <tr>
                    <td class="nowrap">{issuePlace(ctx, i)}</td>
                    <td>{issueText(ctx, i)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <h2>{ctx.t('qb.import.how')}</h2>
      <ul>
        <li>
          {ctx.t('qb.import.xlsxHow')} <a href={`${BANKS}/mau-nhap.xlsx`}>{ctx.t('qb.import.template')}</a>
        </li>
        <li>{ctx.t('qb.import.giftHow')}</li>
        <li>{ctx.t('qb.import.aikenHow')}</li>
        <li>{ctx.t('qb.import.allOrNothing')}</li>
      </ul>
      <form method="post" action={`${bankHref(bank.id)}/nhap`} enctype="multipart/form-data" novalidate>
        {/* The token must come before the file: the server checks it before reading the file (see upload.ts). */}
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <fieldset class="field choices" id="f-format">
          <legend>{ctx.t('qb.import.format')}</legend>
          {(['auto', 'xlsx', 'gift', 'aiken'] as const).map((f) => (
            <div class="checkbox">
              <input type="radio" id={`f-format-${f}`} name="format" value={f} checked={format === f} />
              <label for={`f-format-${f}`}>{ctx.t(`qb.import.format.${f}`)}</label>
            </div>
          ))}
        </fieldset>
        <p class="hint">{ctx.t('qb.import.defaults')}</p>
        <Field ctx={ctx} name="topic" label={labels.topic} value={v.topic} error={e.topic} />
        <SelectField ctx={ctx} name="competence" label={labels.competence} options={props.competences} value={v.competence} error={e.competence} emptyLabel={ctx.t('qb.noCompetence')} />
        <SelectField ctx={ctx} name="difficulty" label={labels.difficulty} value={v.difficulty} error={e.difficulty} emptyLabel={ctx.t('qb.import.difficultyAsFile')}
          options={DIFFICULTIES.map((d) => ({ value: String(d), label: ctx.t(`qb.difficulty.${d}`) }))} />
        <div class="field">
          <label for="f-file">{ctx.t('qb.import.file')}</label>
          <p class="hint" id="f-file-hint">
            {ctx.t('qb.import.limits')}
          </p>
          <input id="f-file" name="file" type="file" required accept=".xlsx,.txt,.gift" aria-describedby="f-file-hint" />
        </div>
        <button type="submit" class="primary">
          {ctx.t('qb.import.submit')}
        </button>
      </form>
    </Layout>
  );
}
