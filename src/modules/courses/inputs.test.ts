import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanText, freeSlug, slugify, validateCourse } from './course-input.js';
import { isAllowedUrl, validateActivity } from './activity-input.js';
import type { ReferenceLists } from './reference.js';

const ref = {
  competences: [{ code: '1.1' }, { code: '4.2' }],
  themes: [{ id: 1 }, { id: 2 }],
  competenceByCode: new Map([['1.1', {}], ['4.2', {}]]),
  themeById: new Map([[1, {}], [2, {}]]),
} as unknown as ReferenceLists;

test('slugs: Vietnamese titles without diacritics, đ as d, free of clashes', () => {
  assert.equal(slugify('Kỹ năng số cơ bản!'), 'ky-nang-so-co-ban');
  assert.equal(slugify('  Định danh điện tử — VNeID (mức 2) '), 'dinh-danh-dien-tu-vneid-muc-2');
  assert.equal(slugify('***'), 'khoa-hoc');
  assert.ok(slugify('a '.repeat(100)).length <= 80);
  assert.equal(freeSlug('ky-nang', new Set()), 'ky-nang');
  assert.equal(freeSlug('ky-nang', new Set(['ky-nang', 'ky-nang-2'])), 'ky-nang-3');
});

test('descriptions keep paragraphs and lose control characters', () => {
  assert.equal(cleanText('  Dòng 1\r\n\r\n\r\n\r\nDòng\t2\u0007  '), 'Dòng 1\n\nDòng 2');
});

test('the course form: required title, host in scope, known tags, audience in a fixed order', () => {
  const hosts = new Set(['31', '10507']);
  const ok = validateCourse(
    { title: ' Kỹ  năng số ', hostUnit: '10507', enrolment: 'open', audience: ['trader', 'citizen', 'citizen'], competences: ['4.2', '1.1'], themes: ['2'] },
    ref,
    hosts,
  );
  assert.deepEqual(ok.errors, {});
  assert.equal(ok.values?.title, 'Kỹ năng số');
  assert.equal(ok.values?.searchTitle, 'ky nang so');
  assert.equal(ok.values?.status, 'draft');
  assert.deepEqual(ok.values?.audience, ['citizen', 'trader']);
  assert.deepEqual(ok.values?.competences, ['1.1', '4.2']);
  const bad = validateCourse({ title: '', hostUnit: '99', enrolment: 'x', status: 'gone', audience: ['pirate'], competences: ['9.9'], themes: ['7'] }, ref, hosts);
  assert.deepEqual(bad.errors, {
    title: 'COURSE_TITLE_REQUIRED',
    hostUnit: 'COURSE_HOST_INVALID',
    enrolment: 'COURSE_ENROLMENT_INVALID',
    status: 'COURSE_STATUS_INVALID',
    audience: 'COURSE_AUDIENCE_INVALID',
    competences: 'COURSE_COMPETENCE_INVALID',
    themes: 'COURSE_THEME_INVALID',
  });
});

test('activity URLs: https or a local path; nothing else', () => {
  for (const url of ['https://dichvucong.gov.vn/p/home', '/files/video/bai-1.mp4', 'https://cdn.example.vn/a.pdf?x=1']) assert.ok(isAllowedUrl(url), url);
  for (const url of ['http://example.vn/a.mp4', 'javascript:alert(1)', '//evil.example/x', '/\\evil.example', 'ftp://x.vn/a', 'https://user:pw@x.vn/', 'https://x.vn/a b', '', 'data:text/html,x']) {
    assert.ok(!isAllowedUrl(url), url);
  }
});

test('activity settings per type: video share (default 90 %), SCORM package and rule, quiz without settings', () => {
  const ctx = { ref, topicIds: new Set([5]), packageIds: new Set([7]) };
  assert.deepEqual(validateActivity('video', { title: 'Xem', topic: '5', url: '/v.mp4', required: '1' }, ctx).values?.settings, { url: '/v.mp4', minWatchedShare: 0.9 });
  assert.deepEqual(validateActivity('video', { title: 'Xem', topic: '5', url: '/v.mp4', minWatched: '75' }, ctx).values?.settings, { url: '/v.mp4', minWatchedShare: 0.75 });
  assert.equal(validateActivity('video', { title: 'Xem', topic: '5', url: '/v.mp4', minWatched: '5' }, ctx).errors.minWatched, 'ACTIVITY_MIN_WATCHED_INVALID');
  assert.deepEqual(validateActivity('scorm', { title: 'Bài', topic: '5', packageId: '7', completion: 'passed' }, ctx).values?.settings, { packageId: 7, completion: 'passed' });
  assert.equal(validateActivity('scorm', { title: 'Bài', topic: '5', packageId: '8' }, ctx).errors.packageId, 'ACTIVITY_PACKAGE_INVALID');
  assert.deepEqual(validateActivity('scorm', { title: 'Bài', topic: '5', packageId: '7', silentSco: 'never' }, ctx).values?.settings, { packageId: 7, completion: 'completed', silentSco: 'never' });
  assert.equal(validateActivity('scorm', { title: 'Bài', topic: '5', packageId: '7', silentSco: 'maybe' }, ctx).errors.silentSco, 'ACTIVITY_SILENT_SCO_INVALID');
  const quiz = validateActivity('quiz', { title: 'Kiểm tra', topic: '5' }, ctx).values;
  assert.deepEqual([quiz?.settings, quiz?.required], [{}, false]);
  assert.deepEqual(validateActivity('link', { title: '', topic: '6', url: 'http://x.vn' }, ctx).errors, {
    title: 'ACTIVITY_TITLE_REQUIRED',
    topic: 'ACTIVITY_TOPIC_INVALID',
    url: 'ACTIVITY_URL_INVALID',
  });
});
