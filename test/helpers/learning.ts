/** Named factories for learning: a course with one topic and the given activities, and enrolments. */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { searchKey } from '../../src/core/text.js';
import { unitId } from './factories.js';

export interface CourseOptions {
  title?: string;
  slug?: string;
  hostUnitCode?: string;
  enrolment?: 'open' | 'assigned';
  status?: 'draft' | 'published' | 'archived';
  audience?: string[];
  description?: string;
  activities?: Array<{ type: string; title?: string; required?: boolean; settings?: Record<string, unknown> }>;
}

let seq = 0;

export async function makeCourse(db: Kysely<DB>, opts: CourseOptions = {}) {
  seq++;
  const now = new Date().toISOString();
  const title = opts.title ?? `Kỹ năng số cơ bản ${seq}`;
  const { id: courseId } = await db
    .insertInto('courses')
    .values({
      slug: opts.slug ?? `khoa-hoc-${process.pid}-${seq}`,
      title,
      search_title: searchKey(title),
      description: opts.description ?? 'Khóa học thử nghiệm.',
      host_unit_id: await unitId(db, opts.hostUnitCode ?? '31'),
      owner_id: null,
      enrolment: opts.enrolment ?? 'open',
      audience: (opts.audience ?? []).join(','),
      status: opts.status ?? 'published',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: topicId } = await db
    .insertInto('topics')
    .values({ course_id: courseId, position: 1, title: 'Chuyên đề 1', description: '' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const activityIds: number[] = [];
  for (const [i, a] of (opts.activities ?? [{ type: 'link', settings: { url: 'https://dichvucong.gov.vn' } }]).entries()) {
    const { id } = await db
      .insertInto('activities')
      .values({
        course_id: courseId,
        topic_id: topicId,
        position: i + 1,
        type: a.type,
        title: a.title ?? `Hoạt động ${i + 1}`,
        required: a.required === false ? 0 : 1,
        settings: JSON.stringify(a.settings ?? {}),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    activityIds.push(id);
  }
  return { courseId, topicId, activityIds };
}

export async function enrol(db: Kysely<DB>, courseId: number, userId: number, source = 'self') {
  await db
    .insertInto('enrolments')
    .values({ course_id: courseId, user_id: userId, source, enrolled_by: null, status: 'active', enrolled_at: new Date().toISOString(), started_at: null, completed_at: null, left_at: null })
    .execute();
}
