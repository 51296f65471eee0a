/**
 * The contest's services: what the public pages, the JSON API and the organisers' side call.
 * CONTRACT: the exported names and signatures below are used by other files of this module; keep them
 * (add more if needed). Owner: the core (registration, rounds, attempts, counters).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Config } from '../../config.js';
import type { ContestRegistrationTable, ContestRoundTable, ContestTable, DB } from '../../db/schema.js';
import type { Lang } from '../../core/i18n.js';
import * as repo from './repository.js';
import * as registration from './registration.js';
import * as play from './play-service.js';
import * as counters from './counters.js';
import { roundStatus as statusOfRound, type RoundStatus as Status } from './round-status.js';

export type ContestRow = Selectable<ContestTable>;
export type RoundRow = Selectable<ContestRoundTable>;
export type RegistrationRow = Selectable<ContestRegistrationTable>;

export type RoundStatus = Status;

/** By the server's clock: upcoming before opens_at, open until closes_at (exclusive), closed after. */
export function roundStatus(round: Pick<RoundRow, 'opens_at' | 'closes_at'>, now = new Date()): RoundStatus {
  return statusOfRound(round, now);
}

/** A published contest by its slug (drafts and archived ones: undefined). */
export async function publishedContestBySlug(db: Kysely<DB>, slug: string): Promise<ContestRow | undefined> {
  const contest = await repo.contestBySlug(db, slug);
  return contest?.status === 'published' ? contest : undefined;
}

/** The contest's rounds, by number. */
export async function roundsOf(db: Kysely<DB>, contestId: number): Promise<RoundRow[]> {
  return repo.roundsOf(db, contestId);
}

export async function registrationOf(db: Kysely<DB>, contestId: number, userId: number): Promise<RegistrationRow | undefined> {
  return repo.registrationOf(db, contestId, userId);
}

/** What the public registration form sends (a person without an account, or not signed in). */
export interface NewContestantInput {
  fullName: string;
  /** Any usual format ("0912 345 678", "+84912345678"); normalized. At least one of phone / idNumber. */
  phone: string;
  /** CCCD (12 digits) or older ID (9 digits); spaces ignored. */
  idNumber: string;
  /** A commune, ward, special zone or department code (units.code). */
  unitCode: string;
  targetGroup: string;
  birthYear?: string;
  password: string;
  passwordConfirm: string;
  consent: boolean;
}

/**
 * Registers a new contestant: creates the account (password hashed) and the registration, all or nothing.
 * Throws FormError (accounts/service.ts) with a code per field; a person already registered (same phone in any
 * format, or same ID number) gets CONTEST_ALREADY_REGISTERED (409); a phone that already has an account gets
 * CONTEST_PHONE_HAS_ACCOUNT (409: sign in, then register in one click).
 */
export async function registerNewContestant(db: Kysely<DB>, config: Config, contest: ContestRow, input: NewContestantInput, now?: Date): Promise<{ userId: number; registration: RegistrationRow }> {
  return registration.registerNewContestant(db, config, contest, input, now);
}

/** One click for a signed-in account: the registration from the account's name, phone, unit and target group. Idempotent. */
export async function registerAccount(db: Kysely<DB>, contest: ContestRow, userId: number, extra: registration.AccountRegistrationExtra = {}, now?: Date): Promise<RegistrationRow> {
  return registration.registerAccount(db, contest, userId, extra, now);
}

/** Whether the contest takes registrations now (published, inside its registration window if it has one). */
export function registrationOpen(contest: ContestRow, now = new Date()): boolean {
  return registration.registrationOpen(contest, now);
}

/**
 * Enters a round: resumes the attempt in progress if there is one (on any device), else starts the next one.
 * Errors: CONTEST_NOT_REGISTERED (403), CONTEST_ROUND_NOT_OPEN (409), QUIZ_NO_ATTEMPTS_LEFT (409).
 */
export async function enterRound(db: Kysely<DB>, contest: ContestRow, round: RoundRow, userId: number, now?: Date): Promise<{ attemptId: number; resumed: boolean }> {
  return play.enterRound(db, contest, round, userId, now);
}

export interface PlayQuestion {
  position: number;
  text: string;
  type: 'single' | 'multiple' | 'true_false';
  /** Option texts in the order shown. */
  options: string[];
  /** Places (0-based, as shown) of the options chosen so far. */
  chosen: number[];
}

/** An attempt in progress as its owner sees it: never the key, never another's attempt (404). */
export interface PlayView {
  attemptId: number;
  contestId: number;
  roundId: number;
  number: number;
  state: string;
  /** ISO time by the server's clock; remainingMs = deadline - now on the server. */
  deadlineAt: string | null;
  remainingMs: number | null;
  questions: PlayQuestion[];
  /** The round's prediction question and the value saved so far; null when the round has none. */
  prediction: { question: string; value: number | null } | null;
}

/** The attempt for its owner; finalized first when past its deadline (then state is final and questions empty). */
export async function playView(db: Kysely<DB>, attemptId: number, userId: number, lang: Lang, now?: Date): Promise<PlayView> {
  return play.playView(db, attemptId, userId, lang, now);
}

/** Saves one answer (places as shown). Same answer twice: changed false. Late: QUIZ_TIME_UP (409). Bad: 422. */
export async function saveContestAnswer(db: Kysely<DB>, attemptId: number, userId: number, position: number, choices: number[], now?: Date): Promise<{ changed: boolean; remainingMs: number | null }> {
  return play.saveContestAnswer(db, attemptId, userId, position, choices, now);
}

/** Saves the prediction (a whole number ≥ 0). Same rules of time as answers. */
export async function saveContestPrediction(db: Kysely<DB>, attemptId: number, userId: number, value: number, now?: Date): Promise<{ changed: boolean }> {
  return play.saveContestPrediction(db, attemptId, userId, value, now);
}

/** Submits; a second submit returns the same. Returns the attempt id and whether the score may be shown now. */
export async function submitContestAttempt(db: Kysely<DB>, attemptId: number, userId: number, now?: Date): Promise<{ attemptId: number; roundId: number; state: string }> {
  return play.submitContestAttempt(db, attemptId, userId, now);
}

export interface ContestantAttemptResult {
  attemptId: number;
  number: number;
  state: string;
  /** null while hidden (before the round closes, unless the contest shows scores on submit) or not final. */
  correct: number | null;
  questionCount: number;
  durationMs: number | null;
  finishedAt: string | null;
  prediction: number | null;
}

/** A contestant's own attempts in a round, with results only when they may be shown. */
export interface ContestantRoundResult {
  round: RoundRow;
  status: RoundStatus;
  /** Whether results are visible now (round closed, or the contest shows scores on submit). */
  visible: boolean;
  attempts: ContestantAttemptResult[];
  attemptsLeft: number;
  inProgressAttemptId: number | null;
}

export async function roundResultFor(db: Kysely<DB>, contest: ContestRow, round: RoundRow, userId: number, now?: Date): Promise<ContestantRoundResult> {
  return play.roundResultFor(db, contest, round, userId, now);
}

/** Whether contestants may see results of the round now (closed, or the contest shows scores on submit). */
export function resultsVisible(contest: ContestRow, round: RoundRow, now = new Date()): boolean {
  return play.resultsVisible(contest, round, now);
}

export interface LiveCounters {
  visits: number;
  registrants: number;
  attempts: number;
  /** Per unit with at least one registrant, most registrants first. rate: registrants ÷ population (null if unknown). */
  units: Array<{ unitId: number; code: string; name: string; registrants: number; rate: number | null }>;
}

/** The landing page's live counters; cheap (cached a few seconds; shared through Redis when configured). */
export async function liveCounters(db: Kysely<DB>, contest: ContestRow): Promise<LiveCounters> {
  return counters.liveCounters(db, contest.id);
}

/** Counts one visit of the landing page (batched, never one write per visit). */
export function recordVisit(db: Kysely<DB>, contestId: number): void {
  counters.recordVisit(db, contestId);
}
