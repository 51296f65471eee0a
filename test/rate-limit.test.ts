/** Rate limits: per IP on the sign-in form, and shared by several instances through Redis. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Redis } from 'ioredis';
import { makeTestApp } from './helpers/app.js';
import { TestClient } from './helpers/client.js';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

function redisReachable(): Promise<boolean> {
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function signInAttempts(client: TestClient, n: number) {
  const codes: number[] = [];
  for (let i = 0; i < n; i++) {
    codes.push((await client.postForm('/dang-nhap', { login: '0900000000', password: 'khong-dung-1' })).statusCode);
  }
  return codes;
}

test('the sign-in form allows 20 attempts a minute per address, then answers 429 with a clear message', async () => {
  const t = await makeTestApp();
  try {
    const c = new TestClient(t.app);
    const codes = await signInAttempts(c, 21);
    assert.deepEqual(codes.slice(0, 20), Array(20).fill(401));
    assert.equal(codes[20], 429);
    const res = await c.postForm('/dang-nhap', { login: '0900000000', password: 'x' });
    assert.match(res.body, /thao tác quá nhanh/);
  } finally {
    await t.close();
  }
});

test('two app instances share the sign-in limit through Redis', async (ctx) => {
  if (!(await redisReachable())) {
    if (process.env.CI) assert.fail(`Redis is required in CI at ${REDIS_URL}`);
    ctx.skip(`no Redis at ${REDIS_URL}`);
    return;
  }
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys('kns-rl-*');
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  const a = await makeTestApp({ REDIS_URL });
  const b = await makeTestApp({ REDIS_URL });
  try {
    const first = await signInAttempts(new TestClient(a.app), 12);
    const second = await signInAttempts(new TestClient(b.app), 9);
    assert.ok(first.every((c) => c === 401));
    assert.deepEqual(second.slice(0, 8), Array(8).fill(401));
    assert.equal(second[8], 429, 'the 21st attempt, made on the other instance, is refused');
  } finally {
    await a.close();
    await b.close();
  }
});
