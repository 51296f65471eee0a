/**
 * A person's rights under Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15: see and download their data,
 * ask for its deletion (and change their mind); administrators with 'privacy:process' carry it out.
 */
import { learningRecordsOf } from './learning-records.js';
import { communityRecordsOf, eraseCommunityRecords } from './community-records.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { audit } from '../../core/audit.js';
import { notFound } from '../../core/errors.js';
import { canAt, scopePaths, type Actor } from '../../core/policy.js';
import '../people/capabilities.js';
import { anonymizeCertificatesOf } from '../certificates/repository.js';
import {
  activityOf,
  anonymizePerson,
  identitiesOf,
  oneTimeLinksOf,
  pendingRequests,
  personWithUnit,
  rolesOf,
  sessionsOf,
  setDeletionRequested,
} from './repository.js';

export const DELETED_NAME = (id: number) => `Người dùng đã xóa #${id}`;

/** Everything stored about the person, secrets included; present it with schema.ts before it leaves. */
export async function collectPersonalData(db: Kysely<DB>, userId: number) {
  const person = await personWithUnit(db, userId);
  if (!person) throw notFound();
  const [roles, sessions, identities, oneTimeLinks, activity, learning, community] = await Promise.all([
    rolesOf(db, userId),
    sessionsOf(db, userId),
    identitiesOf(db, userId),
    oneTimeLinksOf(db, userId),
    activityOf(db, userId),
    learningRecordsOf(db, userId),
    communityRecordsOf(db, userId),
  ]);
  return { person, roles, sessions, identities, oneTimeLinks, activity, learning, community };
}
export type PersonalData = Awaited<ReturnType<typeof collectPersonalData>>;

export async function requestDeletion(db: Kysely<DB>, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (await setDeletionRequested(trx, actor.userId, new Date().toISOString())) {
      await audit(trx, actor, { action: 'privacy.deletion_requested', unitId: actor.unitId, targetType: 'user', targetId: actor.userId });
    }
  });
}

export async function withdrawDeletion(db: Kysely<DB>, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (await setDeletionRequested(trx, actor.userId, null)) {
      await audit(trx, actor, { action: 'privacy.deletion_withdrawn', unitId: actor.unitId, targetType: 'user', targetId: actor.userId });
    }
  });
}

export async function pendingInScope(db: Kysely<DB>, actor: Actor | undefined) {
  return pendingRequests(db, scopePaths(actor, 'privacy:process'));
}

/** One pending request in the actor's scope, or 404. */
export async function pendingRequest(db: Kysely<DB>, actor: Actor | undefined, userId: number) {
  const [request] = await pendingRequests(db, scopePaths(actor, 'privacy:process'), { userId });
  if (!request) throw notFound();
  return request;
}

/** Carries out a pending request: personal data removed, the row kept anonymous, audited without personal data. */
export async function carryOutDeletion(db: Kysely<DB>, actor: Actor | undefined, userId: number): Promise<void> {
  const request = await pendingRequest(db, actor, userId);
  const person = await personWithUnit(db, request.id);
  if (!person || !canAt(actor, 'privacy:process', person.unitPath)) throw notFound();
  await db.transaction().execute(async (trx) => {
    if (!(await anonymizePerson(trx, person.id, DELETED_NAME(person.id)))) throw notFound();
    // Certificates printed with the name: the public verification page must not show it any more.
    await anonymizeCertificatesOf(trx, person.id);
    // Contests, teams, ambassadors, households, events: see community-records.ts for what stays and why.
    await eraseCommunityRecords(trx, person.id, { original: person.full_name, placeholder: DELETED_NAME(person.id) });
    await audit(trx, actor, { action: 'privacy.deletion_done', unitId: person.unit_id, targetType: 'user', targetId: person.id });
  });
}
