/**
 * A contest to test with: a bank of questions (single, multiple, true/false in turn), a quiz drawing
 * `perAttempt` of them, a published contest and its rounds. Shared by the contest tests (core, pages, organisers).
 *
 * Every question's explanation starts with CONTEST_EXPLAIN and no option text does: a test can scan responses
 * for it. Question i (1-based) has its correct option(s) named "Đúng <i>…" only in the key, never elsewhere —
 * options are "Phương án i-A".."Phương án i-D" for everyone; the key is indexes only.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import type { ContestRow, RoundRow } from '../../src/modules/contests/service.js';
import * as quizRepo from '../../src/modules/quizzes/repository.js';
import type { QuestionValues } from '../../src/modules/quizzes/question-input.js';
import { unitId } from './factories.js';

export const CONTEST_EXPLAIN = 'GIAITHICH-CUOCTHI-';

export interface ContestOptions {
  /** Questions in the bank (default 30). */
  questions?: number;
  /** Questions drawn per attempt (default 10). */
  perAttempt?: number;
  /** Time limit of an attempt (default 900 s; 0 or null: none). */
  timeLimitSeconds?: number;
  /** Default: one round, open from an hour ago for a day, one attempt, with a prediction question. */
  rounds?: Array<{ opensAt: Date; closesAt: Date; attemptsAllowed?: number; prediction?: string | null }>;
  showScoreOnSubmit?: boolean;
  /** The organising unit (default the city, '31'). */
  unitCode?: string;
  slug?: string;
  /** Registration window (default: none, always open). */
  registrationOpensAt?: Date | null;
  registrationClosesAt?: Date | null;
  status?: 'draft' | 'published' | 'archived';
}

export const DEFAULT_PREDICTION = 'Theo bạn, có bao nhiêu người trả lời đúng tất cả các câu hỏi của vòng này?';

let seq = 0;

/** Question i: single when i % 3 = 1, multiple when i % 3 = 2, true/false when i % 3 = 0. Key: A (single), A+C (multiple), Đúng. */
export function contestQuestions(n: number): QuestionValues[] {
  const out: QuestionValues[] = [];
  for (let i = 1; i <= n; i++) {
    const kind = i % 3;
    if (kind === 1) {
      out.push({ type: 'single', text: `Câu hỏi cuộc thi số ${i}: chọn một phương án`, options: [`Phương án ${i}-A`, `Phương án ${i}-B`, `Phương án ${i}-C`, `Phương án ${i}-D`], answer: [0], explanation: `${CONTEST_EXPLAIN}${i}`, topic: 'Công dân số', competence: null, difficulty: 1 });
    } else if (kind === 2) {
      out.push({ type: 'multiple', text: `Câu hỏi cuộc thi số ${i}: chọn các phương án đúng`, options: [`Phương án ${i}-A`, `Phương án ${i}-B`, `Phương án ${i}-C`, `Phương án ${i}-D`], answer: [0, 2], explanation: `${CONTEST_EXPLAIN}${i}`, topic: 'An toàn số', competence: null, difficulty: 2 });
    } else {
      out.push({ type: 'true_false', text: `Câu hỏi cuộc thi số ${i}: đúng hay sai?`, options: ['Đúng', 'Sai'], answer: [0], explanation: `${CONTEST_EXPLAIN}${i}`, topic: 'Dịch vụ công', competence: null, difficulty: 1 });
    }
  }
  return out;
}

export async function makeContest(
  db: Kysely<DB>,
  opts: ContestOptions = {},
): Promise<{ contest: ContestRow; rounds: RoundRow[]; quizId: number; bankId: number; questionIds: number[] }> {
  seq++;
  const unit = await unitId(db, opts.unitCode ?? '31');
  const bankId = await quizRepo.insertBank(db, { unitId: unit, name: `Ngân hàng cuộc thi ${seq}`, description: '', createdBy: null });
  const questionIds = await quizRepo.insertQuestions(db, bankId, contestQuestions(opts.questions ?? 30), null);
  const quizId = await quizRepo.insertQuiz(
    db,
    unit,
    {
      title: `Đề thi ${seq}`,
      bankId,
      rules: [{ count: opts.perAttempt ?? 10 }],
      shuffleQuestions: true,
      shuffleOptions: true,
      timeLimitSeconds: opts.timeLimitSeconds === undefined ? 900 : opts.timeLimitSeconds || null,
      attemptsAllowed: 1,
      grading: 'highest',
      passPercent: null,
      review: 'never',
    },
    null,
  );
  const now = new Date().toISOString();
  const contest = await db
    .insertInto('contests')
    .values({
      slug: opts.slug ?? `cuoc-thi-${process.pid}-${seq}`,
      unit_id: unit,
      title: `Cuộc thi Công dân số ${seq}`,
      summary: 'Cuộc thi trực tuyến tìm hiểu kỹ năng số.',
      rules: 'Mỗi thí sinh trả lời các câu hỏi trắc nghiệm trong thời gian quy định.',
      prizes_text: 'Một giải Nhất, hai giải Nhì.',
      target_groups: JSON.stringify(['public_servant', 'citizen', 'trader', 'teacher', 'student', 'other']),
      ranking_order: JSON.stringify(['correct', 'prediction', 'duration', 'submitted']),
      show_score_on_submit: opts.showScoreOnSubmit ? 1 : 0,
      registration_opens_at: opts.registrationOpensAt ? opts.registrationOpensAt.toISOString() : null,
      registration_closes_at: opts.registrationClosesAt ? opts.registrationClosesAt.toISOString() : null,
      status: opts.status ?? 'published',
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const specs = opts.rounds ?? [{ opensAt: new Date(Date.now() - 3600_000), closesAt: new Date(Date.now() + 86_400_000), attemptsAllowed: 1, prediction: DEFAULT_PREDICTION }];
  const rounds: RoundRow[] = [];
  for (const [i, r] of specs.entries()) {
    rounds.push(
      await db
        .insertInto('contest_rounds')
        .values({
          contest_id: contest.id,
          number: i + 1,
          title: `Vòng ${i + 1}`,
          opens_at: r.opensAt.toISOString(),
          closes_at: r.closesAt.toISOString(),
          quiz_id: quizId,
          attempts_allowed: r.attemptsAllowed ?? 1,
          prediction_question: r.prediction === undefined ? DEFAULT_PREDICTION : r.prediction,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  }
  return { contest, rounds, quizId, bankId, questionIds };
}
