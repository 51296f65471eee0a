/**
 * Opening the player: the learner must be enrolled in the activity's course. Learners in progress keep
 * the package version of their attempt (scorm_attempts.package_id); a first or a new attempt uses the
 * activity's current package. Every launchable item of the package gets its attempt row up front, so
 * the page carries each item's attempt id, status and starting CMI data.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import type { Actor } from '../../core/policy.js';
import { flattenItems, type ManifestItem, type ManifestOrganization, type ScormManifest } from './package/index.js';
import * as attempts from './attempt-repository.js';
import { packageById, packageManifest, type PackageRow } from './package-repository.js';
import { itemStatus, type ItemStatus, type ScormVersion } from './cmi.js';
import { startCmi } from './launch-data.js';
import { activityTree, type ActivityConfig } from './sequencing-config.js';

export interface PlayerItem {
  id: string;
  title: string;
  depth: number;
  visible: boolean;
  /** Null for an aggregation (a heading in the table of contents). */
  launchUrl: string | null;
  scormType: 'sco' | 'asset' | null;
  attemptId: number | null;
  status: ItemStatus;
  cmi: Record<string, unknown> | null;
  /** A SCO that never calls the API: the page it showed last (relative to the package folder). */
  page: string | null;
}

export interface PlayerState {
  activityId: number;
  activityTitle: string;
  courseId: number;
  courseSlug: string;
  attempt: number;
  version: ScormVersion;
  pkg: PackageRow;
  items: PlayerItem[];
  /** The item to open first when there is no sequencing: the one the learner used last. */
  startItem: string | null;
  /** SCORM 2004 only. */
  sequencing: { tree: ActivityConfig; state: string | null } | null;
  seq: number;
  /** A SCO that never calls the API is completed when a launch of it ends (ScormSettings.silentSco, default 'viewed'). */
  silentCompletion: boolean;
  /** The activity now uses a newer package than this attempt. */
  newerVersion: boolean;
  done: boolean;
}

function defaultOrg(m: ScormManifest): ManifestOrganization {
  return m.organizations.find((o) => o.identifier === m.defaultOrganization) ?? m.organizations[0];
}

export async function enrolledActivity(db: Kysely<DB>, actor: Actor, activityId: number) {
  const activity = await db
    .selectFrom('activities')
    .innerJoin('courses', 'courses.id', 'activities.course_id')
    .select(['activities.id', 'activities.title', 'activities.settings', 'activities.course_id', 'courses.slug as courseSlug'])
    .where('activities.id', '=', activityId)
    .where('activities.type', '=', 'scorm')
    .executeTakeFirst();
  if (!activity) throw new AppError('NOT_FOUND', 404);
  const enrolment = await db
    .selectFrom('enrolments')
    .select('status')
    .where('course_id', '=', activity.course_id)
    .where('user_id', '=', actor.userId)
    .where('status', 'in', ['active', 'completed'])
    .executeTakeFirst();
  if (!enrolment) throw new AppError('SCORM_NOT_ENROLLED', 404);
  return activity;
}

export async function openPlayer(db: Kysely<DB>, actor: Actor, activityId: number, opts: { newAttempt?: boolean } = {}): Promise<PlayerState> {
  const activity = await enrolledActivity(db, actor, activityId);
  const settings = JSON.parse(activity.settings || '{}') as { packageId?: number; silentSco?: string };
  let run = await attempts.latestRun(db, activityId, actor.userId);
  const startNew = run.length === 0 || opts.newAttempt === true;
  const packageId = startNew ? Number(settings.packageId) : run[0].package_id;
  const attempt = startNew ? (run[0]?.attempt ?? 0) + 1 : run[0].attempt;
  const pkg = Number.isInteger(packageId) ? await packageById(db, packageId) : undefined;
  const manifestJson = pkg && (await packageManifest(db, pkg.id));
  if (!pkg || !manifestJson) throw new AppError('NOT_FOUND', 404);
  const manifest = JSON.parse(manifestJson) as ScormManifest;
  const org = defaultOrg(manifest);
  const launchable = flattenItems(org.items).filter((i) => i.launchUrl !== null);
  if (startNew || run.length < launchable.length) {
    await attempts.ensureRunRows(db, { activityId, userId: actor.userId, packageId: pkg.id, attempt, scoIds: launchable.map((i) => i.identifier) });
    run = await attempts.runRows(db, activityId, actor.userId, attempt);
  }
  const rows = new Map(run.map((r) => [r.sco_id, r]));
  const learner = { id: String(actor.userId), name: actor.fullName };
  const items: PlayerItem[] = [];
  const walk = (list: ManifestItem[], depth: number) => {
    for (const item of list) {
      const row = item.launchUrl ? rows.get(item.identifier) : undefined;
      items.push({
        id: item.identifier,
        title: item.title,
        depth,
        visible: item.isvisible,
        launchUrl: item.launchUrl,
        scormType: item.scormType,
        attemptId: row?.id ?? null,
        status: row ? itemStatus(row.completion_status, row.success_status) : 'not_attempted',
        cmi: row ? startCmi(manifest.version, item, row, learner) : null,
        page: item.scormType === 'sco' ? (row?.last_page ?? null) : null,
      });
      walk(item.children, depth + 1);
    }
  };
  walk(org.items, 0);
  const touched = run.filter((r) => r.seq > 0).sort((a, b) => b.updated_at.localeCompare(a.updated_at))[0];
  const firstVisible = items.find((i) => i.launchUrl && i.visible);
  const state = manifest.version === '2004' ? await attempts.sequencingState(db, activityId, actor.userId, attempt) : undefined;
  const seq = Math.max(0, state?.seq ?? 0, ...run.map((r) => r.seq));
  return {
    activityId,
    activityTitle: activity.title,
    courseId: activity.course_id,
    courseSlug: activity.courseSlug,
    attempt,
    version: manifest.version,
    pkg,
    items,
    startItem: touched?.sco_id ?? firstVisible?.id ?? null,
    sequencing: manifest.version === '2004' ? { tree: activityTree(org), state: state?.state ?? null } : null,
    seq,
    silentCompletion: settings.silentSco !== 'never',
    newerVersion: Number(settings.packageId) !== pkg.id,
    done: items.every((i) => !i.launchUrl || i.status === 'completed' || i.status === 'passed'),
  };
}
