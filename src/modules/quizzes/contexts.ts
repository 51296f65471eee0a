/**
 * Where attempts happen: a course's quiz activity ('activity', here) or the contest (later). Each context
 * type registers what to do when an attempt starts and when one becomes final, inside the same
 * transaction as the change itself (so progress is never lost or late).
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AttemptRow, QuizRow } from './repository.js';

export type QuizLike = Pick<QuizRow, 'id' | 'bank_id' | 'rules' | 'shuffle_questions' | 'shuffle_options' | 'time_limit_seconds' | 'attempts_allowed' | 'grading' | 'pass_percent' | 'review'>;

export interface ContextHandler {
  onStart?(trx: Transaction<DB>, attempt: AttemptRow, quiz: QuizLike): Promise<void>;
  /** `graded.correct`: how many of the attempt's questions were just marked right. */
  onFinal?(trx: Transaction<DB>, attempt: AttemptRow, quiz: QuizLike, graded: { correct: number }): Promise<void>;
}

const handlers = new Map<string, ContextHandler>();

export function registerContext(type: string, handler: ContextHandler): void {
  if (handlers.has(type)) throw new Error(`quiz context registered twice: ${type}`);
  handlers.set(type, handler);
}

export const contextHandler = (type: string): ContextHandler | undefined => handlers.get(type);
