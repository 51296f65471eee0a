import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
before(async () => {
  t = await makeTestApp();
});
after(() => t.close());

test('GET /openapi.json describes every JSON route, with its methods', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
  assert.match(doc.openapi, /^3\./);
  const jsonRoutes = t.app.routeCatalogue.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
  assert.ok(jsonRoutes.length >= 10, `only ${jsonRoutes.length} JSON routes found`);
  const missing = jsonRoutes.filter((r) => {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    return r.hidden || !doc.paths[path]?.[r.method.toLowerCase()];
  });
  assert.deepEqual(missing.map((r) => `${r.method} ${r.url}`), []);
});

test('the unit list is described with its response schema', async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
    paths: Record<string, { get?: { responses?: Record<string, unknown> } }>;
  };
  assert.ok(doc.paths['/api/units']?.get?.responses?.['200']);
});
