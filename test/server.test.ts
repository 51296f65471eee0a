/** The real entry point: configuration errors stop the start; SIGTERM shuts down cleanly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';

const root = path.resolve(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

test('a wrong configuration value stops the start with a message naming it', async () => {
  const { exited, output } = run({ PORT: 'drei' });
  assert.equal(await exited, 1);
  assert.match(output(), /Configuration error: PORT must be a whole number/);
});

test('the server starts on an empty data folder, is ready, and exits cleanly on SIGTERM', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kns-server-'));
  const port = await freePort();
  // 127.0.0.1 is the default CONTENT_URL (SCORM package files only): the platform is asked here under that address.
  const { child, exited, output } = run({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', CONTENT_URL: `http://content.localhost:${port}` });
  try {
    let ready = false;
    for (let i = 0; i < 120 && !ready; i++) {
      await new Promise((r) => setTimeout(r, 250));
      ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    }
    assert.ok(ready, 'ready within 30 s: ' + output());
    const home = await fetch(`http://127.0.0.1:${port}/`);
    assert.match(await home.text(), /<html lang="vi"/);
    assert.match(output(), /thiet-lap\?token=/, 'prints the one-time setup link when no administrator exists');
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.ok(fs.existsSync(path.join(dataDir, 'kynangso.sqlite')));
  } finally {
    child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
