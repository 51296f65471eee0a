/**
 * The attempt state machine: every state and every transition of an attempt, in one place.
 *
 *             submit                         grade (answers were saved)
 *   in_progress ──────► finished     overdue ────────────────────────► finished
 *        │                              ▲   └────────────────────────► abandoned
 *        └──────────── expire ──────────┘        abandon (nothing answered)
 *
 *  - in_progress: answers are accepted until the deadline (started_at + time limit, computed by the
 *    server at start; no limit: no deadline).
 *  - overdue: the deadline passed before a submit; no answer is accepted any more. An attempt found past
 *    its deadline is expired and finalized when touched (page, answer, submit, a new start) or by the
 *    sweeper (`finalizeOverdueAttempts`): graded on the answers saved before the deadline.
 *  - finished: graded (score, percent, passed). Final.
 *  - abandoned: overdue with no answer at all; scored 0. Final.
 *
 * Transitions are applied as conditional updates (`… WHERE state IN (from)`), so two requests racing
 * (a double submit, a submit against the sweeper) cannot both move the same attempt.
 */
export const ATTEMPT_STATES = ['in_progress', 'overdue', 'finished', 'abandoned'] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];

export const TRANSITIONS = {
  submit: { from: ['in_progress'], to: 'finished' },
  expire: { from: ['in_progress'], to: 'overdue' },
  grade: { from: ['overdue'], to: 'finished' },
  abandon: { from: ['overdue'], to: 'abandoned' },
} as const satisfies Record<string, { from: readonly AttemptState[]; to: AttemptState }>;
export type AttemptEvent = keyof typeof TRANSITIONS;

export class InvalidTransition extends Error {
  constructor(
    public readonly state: string,
    public readonly event: AttemptEvent,
  ) {
    super(`attempt in state ${state} cannot ${event}`);
  }
}

export function canTransition(state: string, event: AttemptEvent): boolean {
  return (TRANSITIONS[event].from as readonly string[]).includes(state);
}

/** The state after the event; throws when the event is not allowed in this state. */
export function nextState(state: string, event: AttemptEvent): AttemptState {
  if (!canTransition(state, event)) throw new InvalidTransition(state, event);
  return TRANSITIONS[event].to;
}

export const isFinal = (state: string) => state === 'finished' || state === 'abandoned';

export function isPastDeadline(deadlineAt: string | null, now: Date): boolean {
  return deadlineAt !== null && now.getTime() > Date.parse(deadlineAt);
}

/** Answers are accepted only in progress and not after the deadline. */
export function acceptsAnswers(attempt: { state: string; deadline_at: string | null }, now: Date): boolean {
  return attempt.state === 'in_progress' && !isPastDeadline(attempt.deadline_at, now);
}

/** How an attempt past its deadline ends: graded on its saved answers, or abandoned when it has none. */
export const finalizeEvent = (answered: number): AttemptEvent => (answered > 0 ? 'grade' : 'abandon');
