/**
 * The 'contest' context of the quiz engine: attempts of a round are quiz_attempts with context_type
 * 'contest', context_id = the round's id and quiz = the round's quiz. Inside the engine's transaction:
 *  - onStart: caps the deadline at the round's closing time (deadline = min(start + limit, closes_at); a
 *    quiz without a limit gets closes_at) and writes the attempt's contest_entries row (registration, unit,
 *    question count);
 *  - onFinal: fills the entry with the correct answers, the time taken (for a time-out: deadline − start)
 *    and the time it finished (for a time-out: the deadline).
 */
import type { QuizLike } from '../quizzes/contexts.js';
import { registerContext } from '../quizzes/contexts.js';
import type { DrawRule } from '../quizzes/draw.js';
import { AppError } from '../../core/errors.js';
import * as repo from './repository.js';
import type { RegistrationRow, RoundRow } from './service.js';

/** What enterRound hands to the engine: the quiz with the round's attempts, and what onStart needs. */
export type ContestQuiz = QuizLike & { contestStart?: { round: RoundRow; registration: RegistrationRow } };

const questionCount = (quiz: QuizLike) => (JSON.parse(quiz.rules) as DrawRule[]).reduce((n, r) => n + r.count, 0);

registerContext(repo.CONTEST_CONTEXT, {
  async onStart(trx, attempt, quiz) {
    let start = (quiz as ContestQuiz).contestStart;
    if (!start || start.round.id !== attempt.context_id || start.registration.user_id !== attempt.user_id) {
      const round = await repo.roundById(trx, attempt.context_id);
      const registration = round && (await repo.registrationOf(trx, round.contest_id, attempt.user_id));
      if (!round || !registration) throw new AppError('CONTEST_NOT_REGISTERED', 403);
      start = { round, registration };
    }
    const { round, registration } = start;
    if (attempt.deadline_at === null || Date.parse(attempt.deadline_at) > Date.parse(round.closes_at)) {
      await repo.capDeadline(trx, attempt.id, new Date(round.closes_at).toISOString());
    }
    await repo.insertEntry(trx, {
      attemptId: attempt.id,
      contestId: round.contest_id,
      roundId: round.id,
      registrationId: registration.id,
      unitId: registration.unit_id,
      questionCount: questionCount(quiz),
    });
  },
  async onFinal(trx, attempt) {
    const started = Date.parse(attempt.started_at);
    let finished = Date.parse(attempt.finished_at ?? new Date().toISOString());
    if (attempt.finish_reason === 'timeout' && attempt.deadline_at) finished = Math.min(finished, Date.parse(attempt.deadline_at));
    await repo.finishEntry(trx, attempt.id, {
      correct: await repo.countCorrect(trx, attempt.id),
      durationMs: Math.max(0, finished - started),
      finishedAt: new Date(finished).toISOString(),
    });
  },
});
