/**
 * Digital ambassadors' commands and views: designating mentors (unit administrators, in their scope), invitations
 * (single use, expiring, by link or QR code), accepting one (a signed-in person becomes the mentor's mentee: one
 * mentor per mentee, never oneself), the mentor's own mentees and their course progress, the unit/city network.
 */
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import QRCode from 'qrcode';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { canAt, scopePaths, type Actor } from '../../core/policy.js';
import { normalizeLogin } from '../../core/text.js';
import { userByLogin } from '../accounts/repository.js';
import { unitById } from '../units/repository.js';
import { loadBasicSkillsRule, meetsBasicSkills } from '../skills/basic-skills.js';
import { loadAttainedRule } from '../skills/basic-skills-attained.js';
import { AMBASSADOR_MANAGE, INVITATION_DAYS, MENTEE_TARGET } from './capabilities.js';
import * as repo from './repository.js';
import './messages.js';
import { isUniqueViolation } from '../../db/database.js';

const DAY = 86_400_000;

const notFound = () => new AppError('NOT_FOUND', 404);
/** The link a mentor hands out; the QR code encodes the same. */
export function invitationLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}/loi-moi/${token}`;
}

/** The QR code of a link as an SVG data URL (an <img> needs no script). */
export async function qrDataUrl(link: string): Promise<string> {
  const svg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

// ---- mentors (unit administrators) ----

/** Designates the account (phone or e-mail) as a mentor; it must be an active account of the caller's scope. */
export async function designateMentor(db: Kysely<DB>, actor: Actor, login: string): Promise<number> {
  const key = normalizeLogin(login);
  if (!key.phone && !key.email) throw new AppError('AMBASSADOR_LOGIN_INVALID', 422, {}, { login: 'AMBASSADOR_LOGIN_INVALID' });
  const user = await userByLogin(db, key);
  const unit = user ? await unitById(db, user.unit_id) : undefined;
  // Someone outside the scope is answered exactly like nobody: the caller learns nothing about other units.
  if (!user || user.status !== 'active' || !unit || !canAt(actor, AMBASSADOR_MANAGE, unit.path)) {
    throw new AppError('AMBASSADOR_PERSON_UNKNOWN', 422, {}, { login: 'AMBASSADOR_PERSON_UNKNOWN' });
  }
  return db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const existing = await repo.mentorRowOfUser(trx, user.id);
    let id: number;
    if (existing && !existing.retiredAt) throw new AppError('AMBASSADOR_ALREADY_MENTOR', 409, {}, { login: 'AMBASSADOR_ALREADY_MENTOR' });
    if (existing) {
      await repo.reactivateMentor(trx, existing.id, unit.id, actor.userId);
      id = existing.id;
    } else {
      try {
        id = await repo.insertMentor(trx, user.id, unit.id, actor.userId, now);
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('AMBASSADOR_ALREADY_MENTOR', 409, {}, { login: 'AMBASSADOR_ALREADY_MENTOR' });
        throw err;
      }
    }
    await audit(trx, actor, { action: 'ambassador.designate', unitId: unit.id, targetType: 'user', targetId: user.id });
    return id;
  });
}

/** Retires a mentor of the caller's scope; their mentees are released and open invitations revoked. */
export async function retireMentor(db: Kysely<DB>, actor: Actor, mentorId: number): Promise<void> {
  const mentor = await repo.mentorById(db, mentorId);
  if (!mentor || mentor.retiredAt || !canAt(actor, AMBASSADOR_MANAGE, mentor.unitPath)) throw notFound();
  await db.transaction().execute(async (trx) => {
    const { released } = await repo.retireMentor(trx, mentor.id, new Date().toISOString());
    await audit(trx, actor, { action: 'ambassador.retire', unitId: mentor.unitId, targetType: 'user', targetId: mentor.userId, details: { released } });
  });
}

export interface NetworkTotals {
  mentors: number;
  mentees: number;
  /** mentors × MENTEE_TARGET */
  target: number;
  mentorsAtTarget: number;
  menteesCompleted: number;
  menteesAttained: number;
}

export interface NetworkView {
  target: number;
  ruleSet: boolean;
  totals: NetworkTotals;
  mentors: Array<repo.NetworkMentor & { belowTarget: boolean }>;
}

export function networkTotals(mentors: repo.NetworkMentor[]): NetworkTotals {
  return {
    mentors: mentors.length,
    mentees: mentors.reduce((s, m) => s + m.mentees, 0),
    target: mentors.length * MENTEE_TARGET,
    mentorsAtTarget: mentors.filter((m) => m.mentees >= MENTEE_TARGET).length,
    menteesCompleted: mentors.reduce((s, m) => s + m.completed, 0),
    menteesAttained: mentors.reduce((s, m) => s + m.attained, 0),
  };
}

/** The network of the caller's scope (a city administrator: the whole city). */
export async function networkView(db: Kysely<DB>, actor: Actor | undefined): Promise<NetworkView> {
  const rule = await loadAttainedRule(db);
  const mentors = await repo.networkOf(db, scopePaths(actor, AMBASSADOR_MANAGE), rule);
  return {
    target: MENTEE_TARGET,
    ruleSet: !!rule,
    totals: networkTotals(mentors),
    mentors: mentors.map((m) => ({ ...m, belowTarget: m.mentees < MENTEE_TARGET })),
  };
}

// ---- the mentor's own pages ----

async function requireMentor(db: Kysely<DB>, actor: Actor | undefined): Promise<repo.MentorRow> {
  const mentor = actor ? await repo.activeMentorOfUser(db, actor.userId) : undefined;
  if (!mentor) throw notFound();
  return mentor;
}

export async function isActiveMentor(db: Kysely<DB>, actor: Actor | undefined): Promise<boolean> {
  return !!actor && !!(await repo.activeMentorOfUser(db, actor.userId));
}

export interface MentorDashboard {
  target: number;
  ruleSet: boolean;
  mentees: repo.MenteeSummary[];
  invitations: Array<{ id: number; createdAt: string; expiresAt: string }>;
}

export async function mentorDashboard(db: Kysely<DB>, actor: Actor | undefined): Promise<MentorDashboard> {
  const mentor = await requireMentor(db, actor);
  const rule = await loadAttainedRule(db);
  const [mentees, invitations] = await Promise.all([
    repo.menteesOf(db, mentor.id, rule),
    repo.openInvitations(db, mentor.id, new Date().toISOString()),
  ]);
  return {
    target: MENTEE_TARGET,
    ruleSet: !!rule,
    mentees,
    invitations: invitations.map((i) => ({ id: i.id, createdAt: i.createdAt, expiresAt: i.expiresAt })),
  };
}

export interface MenteeDetail {
  userId: number;
  fullName: string;
  unitName: string;
  joinedAt: string;
  ruleSet: boolean;
  attained: boolean;
  courses: repo.CourseProgressRow[];
}

/** One mentee's course progress, for their own mentor only: anyone else (or a non-mentee) is not found. */
export async function menteeDetail(db: Kysely<DB>, actor: Actor | undefined, menteeId: number): Promise<MenteeDetail> {
  const mentor = await requireMentor(db, actor);
  const mentee = await repo.isMenteeOf(db, mentor.id, menteeId);
  if (!mentee) throw notFound();
  const rule = await loadBasicSkillsRule(db);
  const [courses, met] = await Promise.all([repo.courseProgressOf(db, menteeId), meetsBasicSkills(db, [menteeId], rule)]);
  return { userId: menteeId, ...mentee, ruleSet: !!rule, attained: met.has(menteeId), courses };
}

export async function createInvitation(db: Kysely<DB>, actor: Actor | undefined, now = new Date()): Promise<{ id: number; token: string }> {
  const mentor = await requireMentor(db, actor);
  const token = crypto.randomBytes(24).toString('base64url');
  const id = await repo.insertInvitation(db, mentor.id, token, now.toISOString(), new Date(now.getTime() + INVITATION_DAYS * DAY).toISOString());
  return { id, token };
}

/** One of the mentor's own invitations (any other is not found). */
export async function ownInvitation(db: Kysely<DB>, actor: Actor | undefined, id: number): Promise<repo.InvitationRow> {
  const mentor = await requireMentor(db, actor);
  const inv = await repo.invitationOfMentor(db, id, mentor.id);
  if (!inv) throw notFound();
  return inv;
}

export async function revokeOwnInvitation(db: Kysely<DB>, actor: Actor | undefined, id: number): Promise<void> {
  const mentor = await requireMentor(db, actor);
  if (!(await repo.revokeInvitation(db, id, mentor.id, new Date().toISOString()))) throw notFound();
}

// ---- accepting an invitation ----

/** What the person holding the link can do with it. */
export type InvitationState = 'open' | 'expired' | 'used' | 'revoked' | 'self' | 'mentored' | 'joined';

const STATE_ERRORS: Record<Exclude<InvitationState, 'open' | 'joined'>, [code: string, status: number]> = {
  expired: ['INVITATION_EXPIRED', 410],
  used: ['INVITATION_USED', 410],
  revoked: ['INVITATION_REVOKED', 410],
  self: ['INVITATION_SELF', 422],
  mentored: ['INVITATION_ALREADY_MENTORED', 409],
};

export function stateError(state: InvitationState): AppError | undefined {
  if (state === 'open') return undefined;
  if (state === 'joined') return new AppError('INVITATION_USED', 410);
  const [code, status] = STATE_ERRORS[state];
  return new AppError(code, status);
}

export interface InvitationLookup {
  invitation: repo.InvitationRow;
  state: InvitationState;
  /** The name of the caller's current mentor, when they have one. */
  currentMentor?: string;
}

/** The invitation behind a token and its state for the caller (undefined: no such invitation). */
export async function lookupInvitation(db: Kysely<DB> | Transaction<DB>, actor: Actor | undefined, token: string, now = new Date()): Promise<InvitationLookup | undefined> {
  if (!token || token.length > 64) return undefined;
  const invitation = await repo.invitationByToken(db, token);
  if (!invitation) return undefined;
  const current = actor ? await repo.mentorOfMentee(db, actor.userId) : undefined;
  let state: InvitationState;
  if (actor && invitation.usedBy === actor.userId && current?.mentorId === invitation.mentorId) state = 'joined';
  else if (invitation.revokedAt || invitation.mentorRetiredAt) state = 'revoked';
  else if (invitation.usedAt) state = 'used';
  else if (invitation.expiresAt <= now.toISOString()) state = 'expired';
  else if (actor && invitation.mentorUserId === actor.userId) state = 'self';
  else if (current) state = 'mentored';
  else state = 'open';
  return { invitation, state, currentMentor: current?.mentorName };
}

/**
 * The signed-in person accepts: the invitation is used up and they become the mentor's mentee, in one transaction.
 * Expired, used, revoked, their own, or a person who already has a mentor: a clear error and nothing changes.
 */
export async function acceptInvitation(db: Kysely<DB>, actor: Actor, token: string): Promise<{ mentorName: string }> {
  return db.transaction().execute(async (trx) => {
    const now = new Date();
    const found = await lookupInvitation(trx, actor, token, now);
    if (!found) throw new AppError('INVITATION_NOT_FOUND', 404);
    const error = stateError(found.state);
    if (error) throw error;
    const at = now.toISOString();
    // The conditional update decides a race between two people holding the same link; the mentee's primary key
    // decides a race between two invitations accepted by the same person. The loser's transaction rolls back.
    if (!(await repo.useInvitation(trx, found.invitation.id, actor.userId, at))) throw new AppError('INVITATION_USED', 410);
    try {
      await repo.insertMentee(trx, found.invitation.mentorId, actor.userId, found.invitation.id, at);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('INVITATION_ALREADY_MENTORED', 409);
      throw err;
    }
    await audit(trx, actor, { action: 'ambassador.mentee_joined', targetType: 'ambassador_invitation', targetId: found.invitation.id });
    return { mentorName: found.invitation.mentorName };
  });
}
