// The bundle `npx roundtable` runs (bin/roundtable.js → dist/cli/, built by npm run build with
// esbuild): the package files it finds relative to its own chunks, and stack traces through its
// source maps. Which chunks a command loads: test/lazy-loading.test.ts.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from './support/cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist', 'cli');
const BIN = join(ROOT, 'bin', 'roundtable.js');

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: tempDir(), env: { PATH: process.env.PATH ?? '', CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the bundle', () => {
  it('is built (npm run build)', () => {
    expect(existsSync(join(DIST, 'main.js')), 'dist/cli/main.js is missing: run npm run build').toBe(true);
  });

  it('finds every package file it looks up relative to a chunk (prompts, seeds, data, package.json)', () => {
    const lookups: string[] = [];
    for (const file of readdirSync(DIST).filter((f) => f.endsWith('.js'))) {
      const code = readFileSync(join(DIST, file), 'utf8');
      for (const m of code.matchAll(/new URL\(\s*["'`]([^"'`]+)["'`]\s*,\s*import\.meta\.url\s*\)/g)) lookups.push(m[1]!);
    }
    expect(lookups).toEqual(expect.arrayContaining(['../../package.json', '../../prompts/', '../../seeds/']));
    for (const path of lookups) expect(existsSync(fileURLToPath(new URL(path, `file://${DIST}/main.js`))), path).toBe(true);
  });

  it('with ROUNDTABLE_DEBUG, the stack of an unexpected failure names the source files and lines, through the source maps', async () => {
    // A stdout that throws is a failure the CLI did not expect.
    const preload = join(tempDir(), 'throwing-stdout.mjs');
    writeFileSync(preload, "process.stdout.write = () => { throw new Error('stdout broke'); };\n");
    const debug = await run(['--import', preload, BIN, '--version'], { ROUNDTABLE_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain('roundtable: unexpected failure: stdout broke');
    expect(debug.stderr).toMatch(/at main \(.*src\/cli\/main\.ts:\d+:\d+\)/);
    expect(debug.stderr).not.toMatch(/dist\/cli\/[\w-]+\.js:\d+/);

    const plain = await run(['--import', preload, BIN, '--version']);
    expect(plain.code).toBe(1);
    expect(plain.stderr.trim()).toBe('roundtable: unexpected failure: stdout broke');
  });
});
