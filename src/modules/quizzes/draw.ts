/**
 * Drawing an attempt's questions from a bank by the quiz's rules, and the option order shown. Pure: the
 * random source is passed in (crypto by default), so tests can fix it.
 *
 * Rules are filled most specific first (more filters, then fewer candidates), each from the questions not
 * drawn yet, so a broad rule ("10 of anything") does not take the questions a narrow one ("2 hard
 * questions on e-mail") needs. The questions are then placed in the rules' order, shuffled when the quiz
 * says so.
 */
import crypto from 'node:crypto';
import type { QuestionType } from './question-input.js';

export interface DrawRule {
  count: number;
  topic?: string;
  competence?: string;
  difficulty?: number;
  type?: QuestionType;
}

export interface Candidate {
  id: number;
  type: string;
  topic: string | null;
  competence: string | null;
  difficulty: number;
}

/** A uniform integer in [0, n). */
export type Random = (n: number) => number;
export const cryptoRandom: Random = (n) => crypto.randomInt(n);

export const matches = (rule: DrawRule, q: Candidate) =>
  (rule.topic === undefined || q.topic === rule.topic) &&
  (rule.competence === undefined || q.competence === rule.competence) &&
  (rule.difficulty === undefined || q.difficulty === rule.difficulty) &&
  (rule.type === undefined || q.type === rule.type);

const filtersOf = (r: DrawRule) => [r.topic, r.competence, r.difficulty, r.type].filter((f) => f !== undefined).length;

/** Fisher–Yates, in place. */
export function shuffle<T>(items: T[], random: Random = cryptoRandom): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

export class NotEnoughQuestions extends Error {
  constructor(
    /** Index of the rule (0-based, in the quiz's order). */
    public readonly rule: number,
    public readonly wanted: number,
    public readonly available: number,
  ) {
    super(`rule ${rule + 1}: ${available} of ${wanted} questions available`);
  }
}

/** Question ids for one attempt; throws NotEnoughQuestions when the bank cannot fill a rule. */
export function drawQuestions(candidates: Candidate[], rules: DrawRule[], opts: { shuffleQuestions: boolean; random?: Random }): number[] {
  const random = opts.random ?? cryptoRandom;
  const taken = new Set<number>();
  const picked: number[][] = rules.map(() => []);
  const order = rules
    .map((rule, index) => ({ rule, index, pool: candidates.filter((q) => matches(rule, q)).length }))
    .sort((a, b) => filtersOf(b.rule) - filtersOf(a.rule) || a.pool - b.pool || a.index - b.index);
  order.forEach(({ rule, index }, k) => {
    const pool = candidates.filter((q) => !taken.has(q.id) && matches(rule, q));
    if (pool.length < rule.count) throw new NotEnoughQuestions(index, rule.count, pool.length);
    // Questions that no later rule can use go first (in random order): fewer conflicts.
    const later = order.slice(k + 1).map((o) => o.rule);
    const neededLater = (q: Candidate) => (later.some((r) => matches(r, q)) ? 1 : 0);
    const chosen = shuffle(pool, random)
      .sort((a, b) => neededLater(a) - neededLater(b))
      .slice(0, rule.count);
    for (const q of chosen) taken.add(q.id);
    picked[index] = chosen.map((q) => q.id);
  });
  const ids = picked.flat();
  return opts.shuffleQuestions ? shuffle(ids, random) : ids;
}

/** The option order shown: original indexes at each place. True/false keeps Đúng before Sai. */
export function optionOrder(optionCount: number, type: string, shuffleOptions: boolean, random: Random = cryptoRandom): number[] {
  const order = Array.from({ length: optionCount }, (_, i) => i);
  return shuffleOptions && type !== 'true_false' ? shuffle(order, random) : order;
}

/** Retries a draw that failed on overlapping rules (rare): random choices may have taken a needed question. */
export function drawWithRetries(candidates: Candidate[], rules: DrawRule[], opts: { shuffleQuestions: boolean; random?: Random }, tries = 5): number[] {
  let last: unknown;
  for (let i = 0; i < tries; i++) {
    try {
      return drawQuestions(candidates, rules, opts);
    } catch (err) {
      if (!(err instanceof NotEnoughQuestions)) throw err;
      last = err;
    }
  }
  throw last;
}
