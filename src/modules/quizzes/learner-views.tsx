/**
 * The quiz activity pages: the quiz's rules and the learner's attempts, an attempt as one plain HTML form
 * (radio buttons and checkboxes, a "Lưu" button per question and "Nộp bài"; no JavaScript needed), and
 * the result of an attempt with its review when the quiz shows it.
 */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Layout } from '../../views/layout.js';
import { CsrfField, formatDateTime } from '../../views/form-parts.js';
import type { DrawRule } from './draw.js';
import type { AttemptRow, QuizRow } from './repository.js';
import type { QuizActivity, QuizStanding } from './learner-service.js';
import type { QuestionToAnswerDto, ReviewDto } from './schema.js';
import { Lines, percentText } from './view-parts.js';
import './messages.js';

const quizHref = (activityId: number) => `/hoc-tap/quiz/${activityId}`;

function Back({ ctx, a }: { ctx: ViewCtx; a: QuizActivity }) {
  return (
    <p>
      <a href={`/khoa-hoc/${a.activity.course_slug}`}>{ctx.t('quiz.backToCourse', { course: a.activity.course_title })}</a>
    </p>
  );
}

function Notices(props: { ctx: ViewCtx; notice?: string; error?: string }) {
  return (
    <>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      {props.error && <ErrorSummary ctx={props.ctx} errors={{ _form: props.error }} labels={{}} />}
    </>
  );
}

function QuizFacts({ ctx, quiz }: { ctx: ViewCtx; quiz: QuizRow }) {
  const count = (JSON.parse(quiz.rules) as DrawRule[]).reduce((n, r) => n + r.count, 0);
  return (
    <dl class="facts">
      <dt>{ctx.t('quiz.fact.questions')}</dt>
      <dd>{count}</dd>
      <dt>{ctx.t('quiz.fact.time')}</dt>
      <dd>{quiz.time_limit_seconds ? ctx.t('quiz.minutes', { n: Math.round(quiz.time_limit_seconds / 60) }) : ctx.t('quiz.noTimeLimit')}</dd>
      <dt>{ctx.t('quiz.fact.attempts')}</dt>
      <dd>{quiz.attempts_allowed ?? ctx.t('quiz.unlimited')}</dd>
      <dt>{ctx.t('quiz.fact.grading')}</dt>
      <dd>{ctx.t(`quiz.grading.${quiz.grading}`)}</dd>
      <dt>{ctx.t('quiz.fact.passMark')}</dt>
      <dd>{quiz.pass_percent === null ? ctx.t('quiz.noPassMark') : `${quiz.pass_percent}%`}</dd>
    </dl>
  );
}

function resultText(ctx: ViewCtx, a: AttemptRow): string {
  if (a.passed === null) return '—';
  return ctx.t(a.passed === 1 ? 'quiz.passed' : 'quiz.failed');
}

export function QuizIntroPage(props: { ctx: ViewCtx; a: QuizActivity; standing?: QuizStanding; notice?: string; error?: string }) {
  const { ctx, a, standing: s } = props;
  const quiz = a.quiz;
  return (
    <Layout ctx={ctx} title={a.activity.title}>
      <Back ctx={ctx} a={a} />
      <h1>{a.activity.title}</h1>
      <Notices ctx={ctx} notice={props.notice} error={props.error} />
      {!quiz || !s ? (
        <p class="notice">{ctx.t('quiz.notSet')}</p>
      ) : (
        <>
          <QuizFacts ctx={ctx} quiz={quiz} />
          {quiz.time_limit_seconds && <p class="hint">{ctx.t('quiz.timeHint')}</p>}
          {s.grade !== null && (
            <p class="lead" role="status">
              {ctx.t('quiz.grade', { grade: percentText(ctx, s.grade) })}
              {s.passed !== null && ` — ${ctx.t(s.passed ? 'quiz.passed' : 'quiz.failed')}`}
            </p>
          )}
          {s.attempts.length > 0 && (
            <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('quiz.attempts')}>
              <table>
                <caption>{ctx.t('quiz.attempts')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{ctx.t('quiz.col.number')}</th>
                    <th scope="col">{ctx.t('quiz.col.state')}</th>
                    <th scope="col">{ctx.t('quiz.col.started')}</th>
                    <th scope="col">{ctx.t('quiz.col.score')}</th>
                    <th scope="col">{ctx.t('quiz.col.result')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.attempts.map((at) => (
                    <tr>
                      <th scope="row">
                        {at.state === 'in_progress' ? at.number : <a href={`${quizHref(a.activity.id)}/lan/${at.id}`}>{ctx.t('quiz.attemptN', { n: at.number })}</a>}
                      </th>
                      <td>{ctx.t(`quiz.state.${at.state}`)}</td>
                      <td class="nowrap">{formatDateTime(at.started_at)}</td>
                      <td>{at.percent === null ? '—' : `${at.score}/${at.max_score} (${percentText(ctx, at.percent)})`}</td>
                      <td>{resultText(ctx, at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {s.left === 0 ? (
            <p class="notice">{ctx.t('quiz.noAttemptsLeft')}</p>
          ) : (
            <form method="post" action={`${quizHref(a.activity.id)}/bat-dau`}>
              <CsrfField ctx={ctx} />
              {s.left !== null && <p class="hint">{ctx.t('quiz.attemptsLeft', { n: s.left })}</p>}
              <button type="submit" class="primary">
                {ctx.t(s.attempts.length ? 'quiz.startAgain' : 'quiz.start')}
              </button>
            </form>
          )}
        </>
      )}
    </Layout>
  );
}

function QuestionFields({ ctx, q, saved }: { ctx: ViewCtx; q: QuestionToAnswerDto; saved: boolean }) {
  const name = `q${q.position}`;
  const multiple = q.type === 'multiple';
  return (
    <fieldset class="field choices quiz-question" id={`q-${q.position}`} aria-describedby={`q-${q.position}-hint`}>
      <legend>
        <strong>{ctx.t('quiz.questionN', { n: q.position })}. </strong>
        <Lines text={q.text} />
      </legend>
      <p class="hint" id={`q-${q.position}-hint`}>
        {ctx.t(multiple ? 'quiz.hint.multiple' : 'quiz.hint.single')}
      </p>
      {q.options.map((o) => (
        <div class="checkbox">
          <input type={multiple ? 'checkbox' : 'radio'} id={`${name}-${o.place}`} name={name} value={String(o.place)} checked={q.chosen.includes(o.place)} />
          <label for={`${name}-${o.place}`}>
            {q.type === 'true_false' ? '' : `${String.fromCharCode(65 + o.place)}. `}
            {o.text}
          </label>
        </div>
      ))}
      <p class="row-actions">
        <button type="submit" name="luu" value={String(q.position)} class="small-button" aria-label={ctx.t('quiz.saveN', { n: q.position })}>
          {ctx.t('quiz.save')}
        </button>
        {q.answered && <span class={saved ? 'badge' : 'muted'}>{ctx.t(saved ? 'quiz.savedNow' : 'quiz.saved')}</span>}
      </p>
    </fieldset>
  );
}

export function AttemptPage(props: { ctx: ViewCtx; a: QuizActivity; attempt: AttemptRow; questions: QuestionToAnswerDto[]; savedPosition?: number; error?: string }) {
  const { ctx, a, attempt } = props;
  const answered = props.questions.filter((q) => q.answered).length;
  return (
    <Layout ctx={ctx} title={a.activity.title}>
      <Back ctx={ctx} a={a} />
      <h1>{a.activity.title}</h1>
      <p class="lead">{ctx.t('quiz.attemptN', { n: attempt.number })}</p>
      <Notices ctx={ctx} error={props.error} />
      {attempt.deadline_at && (
        <p class="notice" role="note">
          {ctx.t('quiz.deadline', { at: formatDateTime(attempt.deadline_at) })} {ctx.t('quiz.deadlineHint')}
        </p>
      )}
      <p class="muted">{ctx.t('quiz.answeredCount', { n: answered, total: props.questions.length })}</p>
      <form method="post" action={`${quizHref(a.activity.id)}/lan/${attempt.id}`} novalidate>
        <CsrfField ctx={ctx} />
        {props.questions.map((q) => (
          <QuestionFields ctx={ctx} q={q} saved={props.savedPosition === q.position} />
        ))}
        <p class="hint">{ctx.t('quiz.submitHint')}</p>
        <button type="submit" name="nop" value="1" class="primary">
          {ctx.t('quiz.submit')}
        </button>
      </form>
    </Layout>
  );
}

function ReviewList({ ctx, review }: { ctx: ViewCtx; review: ReviewDto[] }) {
  return (
    <ol class="quiz-review">
      {review.map((q) => (
        <li id={`q-${q.position}`}>
          <p>
            <strong>
              <Lines text={q.text} />
            </strong>
          </p>
          <p class={q.right ? 'badge' : 'error-text'}>{ctx.t(q.right ? 'quiz.review.right' : 'quiz.review.wrong')}</p>
          <ul>
            {q.options.map((o) => (
              <li>
                {o.text}
                {o.chosen && <strong>{` — ${ctx.t('quiz.review.yourChoice')}`}</strong>}
                {o.correct && <strong>{` — ${ctx.t('quiz.review.key')}`}</strong>}
              </li>
            ))}
          </ul>
          {q.explanation && (
            <p>
              <strong>{ctx.t('quiz.review.explanation')}: </strong>
              <Lines text={q.explanation} />
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}

export function ResultPage(props: { ctx: ViewCtx; a: QuizActivity; attempt: AttemptRow; review?: ReviewDto[]; notice?: string; error?: string }) {
  const { ctx, a, attempt } = props;
  const quiz = a.quiz!;
  return (
    <Layout ctx={ctx} title={a.activity.title}>
      <p>
        <a href={quizHref(a.activity.id)}>{ctx.t('quiz.backToQuiz')}</a>
      </p>
      <h1>{ctx.t('quiz.resultTitle', { n: attempt.number })}</h1>
      <Notices ctx={ctx} notice={props.notice} error={props.error} />
      {attempt.finish_reason === 'timeout' && <p class="notice">{ctx.t(attempt.state === 'abandoned' ? 'quiz.abandonedNote' : 'quiz.timeoutNote')}</p>}
      <p class="lead" role="status">
        {ctx.t('quiz.score', { score: attempt.score ?? 0, max: attempt.max_score, percent: percentText(ctx, attempt.percent ?? 0) })}
        {attempt.passed !== null && ` — ${ctx.t(attempt.passed === 1 ? 'quiz.passed' : 'quiz.failed')}`}
      </p>
      {quiz.pass_percent !== null && <p class="muted">{ctx.t('quiz.passMarkIs', { percent: quiz.pass_percent })}</p>}
      {props.review ? (
        <section aria-labelledby="review-title">
          <h2 id="review-title">{ctx.t('quiz.review.title')}</h2>
          <ReviewList ctx={ctx} review={props.review} />
        </section>
      ) : (
        <p class="notice">{ctx.t(quiz.review === 'never' ? 'quiz.review.never' : 'quiz.review.later')}</p>
      )}
      <p>
        <a class="button secondary" href={quizHref(a.activity.id)}>
          {ctx.t('quiz.backToQuiz')}
        </a>
      </p>
    </Layout>
  );
}
