/**
 * The 'activity' context: a course's quiz activity. Starting an attempt marks the activity in progress;
 * every final attempt reports the quiz's grade over the learner's final attempts (highest or last) through
 * recordActivityProgress — passed/failed against the pass mark, completed when the quiz has none — with
 * the grade (0–100) as the score. 'last' may lower the status (the last attempt is what counts).
 */
import { recordActivityProgress } from '../courses/progress.js';
import { registerContext } from './contexts.js';
import { progressStatus, quizGrade, type GradingMethod } from './grading.js';
import { finalAttempts } from './repository.js';

export const ACTIVITY_CONTEXT = 'activity';

registerContext(ACTIVITY_CONTEXT, {
  async onStart(trx, attempt) {
    await recordActivityProgress(trx, { activityId: attempt.context_id, userId: attempt.user_id, status: 'in_progress' });
  },
  async onFinal(trx, attempt, quiz) {
    const finals = await finalAttempts(trx, quiz.id, attempt.user_id, { type: ACTIVITY_CONTEXT, id: attempt.context_id });
    const grade = quizGrade(finals, quiz.grading as GradingMethod) ?? 0;
    await recordActivityProgress(trx, {
      activityId: attempt.context_id,
      userId: attempt.user_id,
      status: progressStatus(grade, quiz.pass_percent),
      score: grade,
      allowDowngrade: quiz.grading === 'last',
    });
  },
});
