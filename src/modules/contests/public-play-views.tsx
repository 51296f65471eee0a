/** The contest's pages for a contestant in a round: the round page, the attempt (play) page, the ended attempt. */
import type { ViewCtx } from '../../views/render.js';
import { Field, Layout } from '../../views/layout.js';
import { CsrfField, formatDateTime } from '../../views/form-parts.js';
import { Lines } from '../quizzes/view-parts.js';
import type { ContestantRoundResult, ContestRow, PlayView, RoundRow, RoundStatus } from './service.js';
import './messages-public.js';
import { numberText, clockText, roundName, when, Notices, StatusBadge, contestHref, roundHref, attemptHref } from './public-views.js';

/* ---------- a round ---------- */

export function durationText(ctx: ViewCtx, ms: number | null): string {
  if (ms === null) return '—';
  const total = Math.round(ms / 1000);
  return ctx.t('cp.duration', { m: Math.floor(total / 60), s: total % 60 });
}

export function RoundPage(props: {
  ctx: ViewCtx;
  contest: ContestRow;
  round: RoundRow;
  facts: { questions: number; timeLimitSeconds: number | null };
  /** undefined: not registered. */
  result?: ContestantRoundResult;
  status: RoundStatus;
  notice?: string;
  error?: string;
}) {
  const { ctx, contest, round, result, status } = props;
  const slug = contest.slug;
  return (
    <Layout ctx={ctx} title={`${roundName(ctx, round)} · ${contest.title}`}>
      <p>
        <a href={contestHref(slug)}>{ctx.t('cp.back')}</a>
      </p>
      <h1>{roundName(ctx, round)}</h1>
      <p class="lead">{contest.title}</p>
      <Notices ctx={ctx} notice={props.notice} error={props.error} />
      <dl class="facts">
        <dt>{ctx.t('cp.round.status')}</dt>
        <dd>
          <StatusBadge ctx={ctx} status={status} />
        </dd>
        <dt>{ctx.t('cp.round.time')}</dt>
        <dd>{ctx.t('cp.round.timeValue', { opens: formatDateTime(round.opens_at), closes: when(ctx, round.closes_at) })}</dd>
        <dt>{ctx.t('cp.round.questions')}</dt>
        <dd>{props.facts.questions}</dd>
        {props.facts.timeLimitSeconds !== null && (
          <>
            <dt>{ctx.t('cp.round.limit')}</dt>
            <dd>{ctx.t('cp.round.minutes', { n: Math.round(props.facts.timeLimitSeconds / 60) })}</dd>
          </>
        )}
        <dt>{ctx.t('cp.round.attemptsAllowed')}</dt>
        <dd>{round.attempts_allowed > 1 ? ctx.t('cp.round.bestOf', { n: round.attempts_allowed }) : round.attempts_allowed}</dd>
        {result && round.attempts_allowed > 1 && (
          <>
            <dt>{ctx.t('cp.round.attemptsLeft')}</dt>
            <dd>{result.attemptsLeft}</dd>
          </>
        )}
      </dl>
      {!result ? (
        <div class="notice">
          <p>{ctx.t('cp.round.notRegistered')}</p>
          <p>
            <a class="button" href={`${contestHref(slug)}/dang-ky`}>
              {ctx.t('cp.cta.register')}
            </a>
          </p>
          {!ctx.actor && (
            <p>
              {ctx.t('cp.cta.haveAccount')} <a href={`/dang-nhap?next=${encodeURIComponent(roundHref(slug, round.number))}`}>{ctx.t('cp.cta.signIn')}</a>
            </p>
          )}
        </div>
      ) : (
        <>
          {result.inProgressAttemptId !== null || (status === 'open' && result.attemptsLeft > 0) ? (
            <form method="post" action={`${roundHref(slug, round.number)}/vao-thi`} class="contest-enter">
              <CsrfField ctx={ctx} />
              <p class="hint">{ctx.t('cp.round.startHint')}</p>
              <button type="submit" class="primary">
                {ctx.t(result.inProgressAttemptId !== null ? 'cp.round.resume' : 'cp.round.start')}
              </button>
            </form>
          ) : status === 'upcoming' ? (
            <p class="notice">{ctx.t('cp.round.notOpenYet', { at: when(ctx, round.opens_at) })}</p>
          ) : status === 'closed' ? (
            <p class="notice">{ctx.t('cp.round.closed')}</p>
          ) : (
            <p class="notice">{ctx.t('cp.round.noAttemptsLeft')}</p>
          )}
          {result.attempts.length > 0 && (
            <section aria-labelledby="attempts-title">
              <h2 id="attempts-title">{ctx.t('cp.round.yourAttempts')}</h2>
              {!result.visible && <p class="notice">{ctx.t('cp.round.hiddenNote', { at: when(ctx, round.closes_at) })}</p>}
              <ul class="contest-attempts">
                {result.attempts.map((a) => (
                  <li class="card">
                    <h3>{a.state === 'in_progress' ? <a href={attemptHref(a.attemptId)}>{ctx.t('cp.round.attemptN', { n: a.number })}</a> : ctx.t('cp.round.attemptN', { n: a.number })}</h3>
                    <dl class="facts">
                      <dt>{ctx.t('cp.round.col.state')}</dt>
                      <dd>{ctx.t(`cp.state.${a.state}`)}</dd>
                      <dt>{ctx.t('cp.round.col.correct')}</dt>
                      <dd class="contest-score">
                        {a.correct !== null ? ctx.t('cp.round.correctOf', { n: a.correct, total: a.questionCount }) : a.state === 'in_progress' ? '—' : ctx.t('cp.round.hidden')}
                      </dd>
                      <dt>{ctx.t('cp.round.col.duration')}</dt>
                      <dd>{durationText(ctx, a.durationMs)}</dd>
                      <dt>{ctx.t('cp.round.col.finished')}</dt>
                      <dd>{a.finishedAt ? when(ctx, a.finishedAt) : '—'}</dd>
                      {round.prediction_question !== null && (
                        <>
                          <dt>{ctx.t('cp.round.col.prediction')}</dt>
                          <dd>{a.prediction === null ? '—' : numberText(ctx, a.prediction)}</dd>
                        </>
                      )}
                    </dl>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </Layout>
  );
}

/* ---------- the attempt ---------- */

export interface PlacePlace {
  slug: string;
  contestTitle: string;
  roundNumber: number;
  roundTitle: string;
}

function QuestionFieldset({ ctx, q, savedNow }: { ctx: ViewCtx; q: PlayView['questions'][number]; savedNow: boolean }) {
  const name = `q${q.position}`;
  const multiple = q.type === 'multiple';
  const answered = q.chosen.length > 0;
  return (
    <fieldset class="field choices quiz-question" id={`q-${q.position}`} data-position={String(q.position)} aria-describedby={`q-${q.position}-hint`}>
      <legend>
        <strong>{ctx.t('cp.play.question', { n: q.position })}. </strong>
        <Lines text={q.text} />
      </legend>
      <p class="hint" id={`q-${q.position}-hint`}>
        {ctx.t(multiple ? 'cp.play.hintMultiple' : 'cp.play.hintSingle')}
      </p>
      {q.options.map((text, place) => (
        <div class="checkbox">
          <input type={multiple ? 'checkbox' : 'radio'} id={`${name}-${place}`} name={name} value={String(place)} checked={q.chosen.includes(place)} />
          <label for={`${name}-${place}`}>
            {q.type === 'true_false' ? '' : `${String.fromCharCode(65 + place)}. `}
            {text}
          </label>
        </div>
      ))}
      <p class="row-actions">
        <button type="submit" name="luu" value={String(q.position)} class="small-button save-one" aria-label={ctx.t('cp.play.saveOneLabel', { n: q.position })}>
          {ctx.t('cp.play.saveOne')}
        </button>
        <span class="save-status" aria-live="polite">
          {answered && <span class={savedNow ? 'badge' : 'muted'}>{ctx.t(savedNow ? 'cp.play.savedNow' : 'cp.play.saved')}</span>}
        </span>
      </p>
    </fieldset>
  );
}

export function PlayPage(props: {
  ctx: ViewCtx;
  view: PlayView;
  place: PlacePlace;
  script: string;
  savedPosition?: number;
  savedAll?: boolean;
  predictionValue?: string;
  predictionError?: string;
  error?: string;
}) {
  const { ctx, view, place } = props;
  const round = { number: place.roundNumber, title: place.roundTitle };
  const answered = view.questions.filter((q) => q.chosen.length > 0).length;
  const remaining = view.remainingMs;
  const title = ctx.t('cp.play.title', { round: roundName(ctx, round) });
  const prediction = view.prediction;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{place.contestTitle}</p>
      <Notices ctx={ctx} notice={props.savedAll ? ctx.t('cp.play.savedAll') : undefined} error={props.error} />
      {remaining !== null && (
        <div class="contest-timer">
          <p id="contest-timer" role="timer" aria-atomic="true" data-remaining-ms={String(remaining)}>
            {ctx.t('cp.play.remaining', { time: clockText(remaining) })}
          </p>
          <p class="hint">{ctx.t('cp.play.timeHint')}</p>
        </div>
      )}
      <p class="muted" id="answered-count" data-total={String(view.questions.length)}>
        {ctx.t('cp.play.answered', { n: answered, total: view.questions.length })}
      </p>
      <p class="hint">{ctx.t('cp.play.saveHint')}</p>
      <form
        method="post"
        action={attemptHref(view.attemptId)}
        novalidate
        id="contest-play"
        data-attempt={String(view.attemptId)}
        data-msg-remaining={ctx.t('cp.play.remaining', { time: '{time}' })}
        data-msg-time-up={ctx.t('cp.play.timeUp')}
        data-msg-saving={ctx.t('cp.play.status.saving')}
        data-msg-saved={ctx.t('cp.play.status.saved')}
        data-msg-retry={ctx.t('cp.play.status.retry')}
        data-msg-confirm={ctx.t('cp.play.confirm')}
        data-msg-answered={ctx.t('cp.play.answered', { n: '{n}', total: '{total}' })}
      >
        <CsrfField ctx={ctx} />
        {view.questions.map((q) => (
          <QuestionFieldset ctx={ctx} q={q} savedNow={props.savedPosition === q.position} />
        ))}
        {prediction && (
          <div class="contest-prediction">
            <Field
              ctx={ctx}
              name="du_doan"
              label={`${ctx.t('cp.play.prediction')}: ${prediction.question}`}
              hint={ctx.t('cp.play.predictionHint')}
              value={props.predictionValue ?? (prediction.value === null ? '' : String(prediction.value))}
              error={props.predictionError}
              inputMode="numeric"
              autocomplete="off"
              required
            />
            <p class="save-status" id="prediction-status" aria-live="polite" />
          </div>
        )}
        <p class="hint">{ctx.t('cp.play.submitHint')}</p>
        <div class="contest-actions">
          <button type="submit" name="luu" value="0" class="button secondary" aria-label={ctx.t('cp.play.saveAllLabel')}>
            {ctx.t('cp.play.saveAll')}
          </button>
          <button type="submit" name="nop" value="1" class="primary" data-confirm="1">
            {ctx.t('cp.play.submit')}
          </button>
        </div>
      </form>
      <script src={props.script} defer />
    </Layout>
  );
}

/** The attempt is final (submitted, or finalized when its time ran out). */
export function AttemptEndedPage(props: { ctx: ViewCtx; view: PlayView; place: PlacePlace; finishReason: string | null; error?: string }) {
  const { ctx, view, place } = props;
  const key =
    view.state === 'abandoned' ? 'cp.play.finalAbandoned' : props.finishReason === 'timeout' || view.state === 'overdue' ? 'cp.play.finalTimeout' : 'cp.play.finalFinished';
  return (
    <Layout ctx={ctx} title={ctx.t('cp.play.finalTitle')}>
      <h1>{ctx.t('cp.play.finalTitle')}</h1>
      <p class="lead">
        {place.contestTitle} — {roundName(ctx, { number: place.roundNumber, title: place.roundTitle })}
      </p>
      <Notices ctx={ctx} error={props.error} />
      <p class="notice" role="status">
        {ctx.t(key)}
      </p>
      <p>
        <a class="button" href={roundHref(place.slug, place.roundNumber)}>
          {ctx.t('cp.play.toRound')}
        </a>
      </p>
    </Layout>
  );
}
