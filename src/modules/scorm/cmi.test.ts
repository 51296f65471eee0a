import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deriveCmi, formatIsoDuration, formatScorm12Time, itemStatus, parseIsoDuration, parseScorm12Time, statusSignature } from './cmi.js';
import { rollupItems } from './rollup.js';
import { safeSegments, parseRange } from './content-files.js';

describe('CMI → derived columns', () => {
  test('times in both formats', () => {
    assert.equal(parseScorm12Time('00:03:20'), 200);
    assert.equal(parseScorm12Time('0001:00:00.5'), 3600.5);
    assert.equal(parseScorm12Time('3 minutes'), null);
    assert.equal(parseIsoDuration('PT1H2M3.5S'), 3723.5);
    assert.equal(parseIsoDuration('P1D'), 86400);
    assert.equal(parseIsoDuration('PT'), null);
    assert.equal(parseIsoDuration('P'), null);
    assert.equal(formatScorm12Time(3725), '01:02:05');
    assert.equal(formatIsoDuration(3725), 'PT1H2M5S');
  });

  test('SCORM 1.2: lesson_status, score, the mastery score decides pass/fail', () => {
    const base = { core: { lesson_status: 'completed', lesson_location: '4', total_time: '00:01:00', exit: 'suspend', score: { raw: '75', min: '0', max: '100' } } };
    assert.deepEqual(deriveCmi('1.2', base), { completion: 'completed', success: 'unknown', scoreScaled: 0.75, scoreRaw: 75, location: '4', totalSeconds: 60, exit: 'suspend' });
    assert.equal(deriveCmi('1.2', base, { masteryScore: 80 }).success, 'failed');
    assert.equal(deriveCmi('1.2', base, { masteryScore: 70 }).success, 'passed');
    assert.equal(deriveCmi('1.2', { core: { lesson_status: 'incomplete', score: { raw: '99' } } }, { masteryScore: 50 }).success, 'unknown', 'an incomplete SCO is not graded');
    assert.equal(deriveCmi('1.2', { core: { lesson_status: 'browsed' } }).completion, 'incomplete');
    assert.equal(deriveCmi('1.2', {}).completion, 'not attempted');
    assert.equal(deriveCmi('1.2', 'garbage').location, null);
  });

  test('SCORM 2004: statuses, scaled score, the passing score when success is unknown', () => {
    const d = deriveCmi('2004', { completion_status: 'completed', success_status: 'unknown', score: { scaled: '0.8', raw: '8' }, location: 'p2', total_time: 'PT2M' }, { scaledPassingScore: 0.7 });
    assert.deepEqual(d, { completion: 'completed', success: 'passed', scoreScaled: 0.8, scoreRaw: 8, location: 'p2', totalSeconds: 120, exit: '' });
    assert.equal(deriveCmi('2004', { completion_status: 'bogus' }).completion, 'unknown');
    assert.equal(statusSignature(d), 'completed|passed|80');
  });

  test('item statuses and the package rollup per completion rule', () => {
    assert.equal(itemStatus('completed', 'failed'), 'failed');
    assert.equal(itemStatus('incomplete', 'unknown'), 'incomplete');
    const row = (c: string | null, s: string | null, scaled: number | null = null) => ({ completion_status: c, success_status: s, score_scaled: scaled, score_raw: null, total_time_seconds: 30 });
    assert.deepEqual(rollupItems([row('completed', 'unknown'), row('completed', 'passed', 0.5)], 'completed'), { status: 'passed', score: 50, timeSeconds: 60 });
    assert.equal(rollupItems([row('completed', 'unknown'), row('completed', 'unknown')], 'completed').status, 'completed');
    assert.equal(rollupItems([row('completed', 'unknown'), row('completed', 'unknown')], 'passed').status, 'in_progress');
    assert.equal(rollupItems([row('completed', 'unknown'), row(null, null)], 'completed').status, 'in_progress');
    assert.equal(rollupItems([row('completed', 'failed'), row('completed', 'passed')], 'completed').status, 'failed');
    assert.equal(rollupItems([row(null, null)], 'completed').status, 'not_started');
  });
});

describe('content paths', () => {
  test('segments are decoded once; anything that could leave the folder is refused', () => {
    assert.deepEqual(safeSegments('content/bai%201.html'), ['content', 'bai 1.html']);
    assert.deepEqual(safeSegments('b%C3%A0i.html'), ['bài.html']);
    for (const bad of ['', '..', 'a/../b', '%2e%2e/x', 'a%2fb', 'a%5cb', 'a//b', './a', 'a/%00', '%E0%A4%A', 'a\\b']) assert.equal(safeSegments(bad), null, bad);
  });

  test('byte ranges', () => {
    assert.deepEqual(parseRange('bytes=0-9', 100), { start: 0, end: 9 });
    assert.deepEqual(parseRange('bytes=90-', 100), { start: 90, end: 99 });
    assert.deepEqual(parseRange('bytes=-10', 100), { start: 90, end: 99 });
    assert.equal(parseRange('bytes=100-', 100), 'invalid');
    assert.equal(parseRange('bytes=0-1,5-6', 100), null);
    assert.equal(parseRange(undefined, 100), null);
  });
});
