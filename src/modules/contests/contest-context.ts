/**
 * The 'contest' context of the quiz engine: attempts of a round are quiz_attempts with context_type
 * 'contest', context_id = the round's id and quiz = the round's quiz.
 *  - Starts do not go through the engine's startAttempt: play-service plans them with the engine (planAttempt, the
 *    deadline capped at the round's closing time) and writes them with their contest_entries rows by group commit
 *    (start-batch.ts). onStart refuses, so that no contest attempt can ever exist without its entry.
 *  - onFinal (inside the engine's transaction): fills the entry with the correct answers, the time taken (for a
 *    time-out: deadline − start) and the time it finished (for a time-out: the deadline).
 */
import type { QuizLike } from '../quizzes/contexts.js';
import { registerContext } from '../quizzes/contexts.js';
import type { DrawRule } from '../quizzes/draw.js';
import * as repo from './repository.js';

/** Questions per attempt of this quiz (the entry's question_count). */
export const questionCount = (quiz: Pick<QuizLike, 'rules'>) => (JSON.parse(quiz.rules) as DrawRule[]).reduce((n, r) => n + r.count, 0);

registerContext(repo.CONTEST_CONTEXT, {
  onStart() {
    return Promise.reject(new Error('contest attempts start through contests/play-service (enterRound), which writes their entries'));
  },
  async onFinal(trx, attempt, _quiz, graded) {
    const started = Date.parse(attempt.started_at);
    let finished = Date.parse(attempt.finished_at ?? new Date().toISOString());
    if (attempt.finish_reason === 'timeout' && attempt.deadline_at) finished = Math.min(finished, Date.parse(attempt.deadline_at));
    await repo.finishEntry(trx, attempt.id, {
      correct: graded.correct,
      durationMs: Math.max(0, finished - started),
      finishedAt: new Date(finished).toISOString(),
    });
  },
});
