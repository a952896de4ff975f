// What doctor prints is safe and fits: --json masks a key in a base URL as the table does and
// escapes control and bidi characters in seat names; the table fits the terminal (100 columns
// when not a terminal) and a run with seats not ready ends with what to do next.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { displayWidth } from '../src/ui/wrap.js';
import { FAKE_KEYS, runCli, tempDir } from './support/cli.js';
import { useWire } from './support/wire.js';

const wire = useWire();
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function panelFile(panel: unknown): string {
  const path = join(tempDir(), 'panel.json');
  writeFileSync(path, JSON.stringify(panel));
  return path;
}

describe('doctor --json', () => {
  const secrets = ['sk-proj-Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz2Xc4', 'hunter2-pass-7731', 'SECRETgatewayQuery99'];
  const panel = {
    debaters: [
      { name: 'Alpha\u009b2J', model: 'compat:m1', baseURL: `https://gw.example/v1?api_key=${secrets[2]}`, apiKeyEnv: 'GW_KEY' },
      { name: 'Beta\u202eatad', model: 'compat:m2', baseURL: `https://user:${secrets[1]}@gw.example/v1`, apiKeyEnv: 'GW_KEY' },
      { name: 'Gamma\u2028line', model: 'compat:m3', baseURL: `https://gw.example/${secrets[0]}/v1`, apiKeyEnv: 'GW_KEY' },
    ],
    judge: false,
  };

  it('masks keys and passwords in base URLs, escapes control and bidi characters in names', async () => {
    const path = panelFile({ debaters: panel.debaters });
    for (const args of [['--json'], []]) {
      const run = await runCli(['doctor', '--panel', path, '--no-judge', ...args], { env: {} });
      expect(run.code).toBe(1);
      for (const secret of secrets) expect(run.stdout).not.toContain(secret);
      expect(run.stdout).not.toMatch(RAW);
    }
    const json = JSON.parse((await runCli(['doctor', '--panel', path, '--no-judge', '--json'], { env: {} })).stdout) as { seats: Array<{ seat: string; baseURL: string }> };
    // The names read back as they are (escaped in the text, not removed).
    expect(json.seats.map((s) => s.seat)).toEqual(['Alpha\u009b2J', 'Beta\u202eatad', 'Gamma\u2028line']);
    expect(json.seats[0]!.baseURL).toMatch(/^https:\/\/gw\.example\/v1\?api_key=\[redacted\]$/);
    expect(json.seats[1]!.baseURL).not.toContain(secrets[1]);
  });

  it('masks the configured key wherever a base URL holds it', async () => {
    const key = 'Zx9Cv8Bn7Mq6Wl5Ek4Rj3Th2Yg1';
    const base = `https://gw.example/k/${key}/v1`;
    wire.script(() => ({ text: 'OK' }), [{ provider: 'compat', baseURL: base }]);
    const path = panelFile({ debaters: [{ name: 'A', model: 'compat:m1', baseURL: base, apiKeyEnv: 'GW_KEY' }] });
    const run = await runCli(['doctor', '--panel', path, '--no-judge', '--json'], { env: { GW_KEY: key } });
    expect(run.stdout).not.toContain(key);
    expect(run.stdout).not.toContain(key.slice(4, 18));
  });
});

class Screen extends Writable {
  text = '';
  constructor(readonly columns: number | undefined, readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

async function doctorOn(columns: number | undefined, isTTY: boolean, args: string[], env: Record<string, string | undefined> = {}) {
  const stdout = new Screen(columns, isTTY);
  const stderr = new Screen(undefined, false);
  const code = await main(['doctor', ...args], { stdout, stderr, env, cwd: tempDir() });
  return { code, stdout: stdout.text };
}

describe('doctor table', () => {
  it.each([
    ['a pipe (100 columns)', undefined, false, 100],
    ['an 80-column terminal', 80, true, 80],
    ['a 120-column terminal', 120, true, 120],
  ])('fits %s, and says what to do next', async (_what, columns, isTTY, width) => {
    const run = await doctorOn(columns, isTTY, []);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
    const text = run.stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(/7 of 7 seats are not ready\./);
    expect(text).toMatch(/--via openrouter/);
    expect(text).toMatch(/npx roundtable debate --mock/);
    expect(text).toMatch(/set XAI_API_KEY, OPENAI_API_KEY/);
  });

  it('with --via openrouter suggests the key and --mock, not --via again', async () => {
    const run = await doctorOn(undefined, false, ['--via', 'openrouter']);
    const text = run.stdout.replace(/\s+/g, ' ');
    expect(text).toMatch(/set OPENROUTER_API_KEY/);
    expect(text).not.toMatch(/add --via openrouter/);
    expect(text).toMatch(/debate --mock/);
  });

  it('puts a provider\'s own error sentence under the table, wrapped, and every ready seat says ok', async () => {
    wire.script((call) => (call.provider === 'anthropic' ? { kind: 'http', status: 404, type: 'not_found_error', message: `model: claude-nope-${'x'.repeat(150)}` } : { text: 'OK' }));
    const run = await doctorOn(undefined, false, ['--models', 'openai:gpt-5.4,anthropic:claude-nope', '--no-judge'], FAKE_KEYS);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(100);
    expect(lines[1]).toMatch(/^gpt-5\.4 +openai:gpt-5\.4 +OPENAI_API_KEY set +api\.openai\.com\/(v1|…) +known +ok \d+\.\d s$/);
    expect(lines[2]).toMatch(/unknown model$/);
    expect(run.stdout).toMatch(/ {2}claude-nope: HTTP 404/);
    expect(run.stdout).toMatch(/Next: fix the seats named above/);
  });
});
