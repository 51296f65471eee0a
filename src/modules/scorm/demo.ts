/**
 * The demo course loaded on the first start (no course yet; DEMO_COURSE=false turns it off):
 * "Kỹ năng số cơ bản: Nhận diện tin giả", hosted by the city, open to everyone, one topic and one
 * SCORM 1.2 lesson that the project wrote itself (reference/demo/nhan-dien-tin-gia/). The lesson's
 * folder is zipped and goes through the same import as any upload.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import yazl from 'yazl';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { searchKey } from '../../core/text.js';
import { unitByCode } from '../units/repository.js';
import { uploadPackage } from './package-service.js';

export const DEMO_LESSON_DIR = fileURLToPath(new URL('../../../reference/demo/nhan-dien-tin-gia/', import.meta.url));
export const DEMO_SLUG = 'ky-nang-so-co-ban-nhan-dien-tin-gia';

const COURSE = {
  title: 'Kỹ năng số cơ bản: Nhận diện tin giả',
  description:
    'Khóa học ngắn giúp mọi người nhận ra tin giả trên mạng xã hội, kiểm chứng thông tin trước khi chia sẻ và biết phản ánh khi gặp tin giả. Gồm một bài học tương tác khoảng 5 phút và bài tự kiểm tra 3 câu.',
  topic: 'Nhận diện tin giả trên mạng xã hội',
  activity: 'Bài học: Nhận diện tin giả trên mạng xã hội',
};

/** Zips a folder (files only, sorted) to `zipPath`. */
export async function zipFolder(dir: string, zipPath: string): Promise<void> {
  const zip = new yazl.ZipFile();
  const names = (await fsp.readdir(dir, { recursive: true })).map(String).sort();
  for (const name of names) {
    const full = path.join(dir, name);
    if ((await fsp.stat(full)).isFile()) zip.addFile(full, name.split(path.sep).join('/'));
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(zipPath)).on('close', resolve).on('error', reject);
  });
}

/** Creates the demo course when there is no course at all; returns its id, or null when nothing was done. */
export async function ensureDemoCourse(db: Kysely<DB>, config: Config): Promise<number | null> {
  if (!config.demoCourse) return null;
  if (await db.selectFrom('courses').select('id').limit(1).executeTakeFirst()) return null;
  const city = await unitByCode(db, config.cityCode);
  if (!city) return null;
  await fsp.mkdir(path.join(config.dataDir, 'tmp'), { recursive: true });
  const zipPath = path.join(config.dataDir, 'tmp', `demo-${process.pid}-${Date.now()}.zip`);
  try {
    await zipFolder(DEMO_LESSON_DIR, zipPath);
    const pkg = await uploadPackage(db, config, undefined, zipPath, 'nhan-dien-tin-gia.zip');
    const now = new Date().toISOString();
    return await db.transaction().execute(async (trx) => {
      const { id: courseId } = await trx
        .insertInto('courses')
        .values({
          slug: DEMO_SLUG,
          title: COURSE.title,
          search_title: searchKey(COURSE.title),
          description: COURSE.description,
          host_unit_id: city.id,
          owner_id: null,
          enrolment: 'open',
          audience: '',
          status: 'published',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { id: topicId } = await trx
        .insertInto('topics')
        .values({ course_id: courseId, position: 1, title: COURSE.topic, description: '' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { id: activityId } = await trx
        .insertInto('activities')
        .values({
          course_id: courseId,
          topic_id: topicId,
          position: 1,
          type: 'scorm',
          title: COURSE.activity,
          required: 1,
          settings: JSON.stringify({ packageId: pkg.id, completion: 'completed' }),
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const tags = [
        { subject_type: 'course', subject_id: courseId, kind: 'competence', code: '1.2' },
        { subject_type: 'course', subject_id: courseId, kind: 'competence', code: '2.2' },
        { subject_type: 'course', subject_id: courseId, kind: 'theme', code: '1' },
        { subject_type: 'activity', subject_id: activityId, kind: 'competence', code: '1.2' },
      ];
      await trx.insertInto('content_tags').values(tags).execute();
      return courseId;
    });
  } finally {
    await fsp.rm(zipPath, { force: true });
  }
}
