/**
 * Runs a tier of tests with Node's test runner (Node 20 does not expand globs, so files are listed here).
 *   unit    — every *.test.ts(x) under src/ and test/, except test/browser/
 *   browser — test/browser/*.test.ts (needs Chromium)
 * A run that finds no test file, or whose runner reports zero tests, fails.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const tier = process.argv[2] ?? 'unit';
const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(p);
    return /\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const browserDir = path.join(root, 'test', 'browser') + path.sep;
const all = [...walk(path.join(root, 'src')), ...walk(path.join(root, 'test'))].sort();
const files = all.filter((f) => (tier === 'browser') === f.startsWith(browserDir));
if (files.length === 0) {
  console.error(`No ${tier} test files found: a run with zero tests fails.`);
  process.exit(1);
}

// No re-run of failed browser files: a browser test that fails once is a failure to fix (the one flaky SCORM test was
// a test answering a quiz before its page had finished loading, not a timing margin).
function run(list: string[]): Promise<{ code: number; tail: string }> {
  const args = ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${tier === 'browser' ? 1 : 2}`, ...list];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  let tail = '';
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    tail = (tail + chunk.toString()).slice(-20000);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, tail })));
}

const first = await run(files);
const tests = /tests (\d+)/.exec(first.tail);
if (first.code === 0 && (!tests || Number(tests[1]) === 0)) {
  console.error('The test runner executed zero tests: failing the run.');
  process.exit(1);
}
process.exit(first.code);
