// End to end, as issue 2's "done when" says: the CLI as a separate process, pointed by the
// base-URL variables at a local server that speaks the providers' APIs over real HTTP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProviderServer, type FakeProviderServer } from '../src/mock/http-server.js';
import { TranscriptSchema } from '../src/core/schema.js';
import { runCliProcess } from './support/cli-process.js';
import { tempDir } from './support/cli.js';
import { isJudgeCall, judgement, vote } from './support/wire.js';

let server: FakeProviderServer;
let stall = false;
beforeAll(async () => {
  server = await startFakeProviderServer((call) => {
    if (isJudgeCall(call)) return judgement();
    if (stall && call.provider === 'xai') return { kind: 'stall', afterChunks: 2 };
    return { ...vote(call.provider === 'xai' ? 'No' : 'Yes', `${call.model} argues over real HTTP.`), chunkDelayMs: 2 };
  });
});
afterAll(() => server.close());

const KEYS = { OPENAI_API_KEY: 'sk-e2e-openai-00000000', ANTHROPIC_API_KEY: 'sk-ant-e2e-0000000000', XAI_API_KEY: 'xai-e2e-000000000000000000' };

describe('the CLI against a local server', () => {
  it('completes a debate, prints the result and writes a transcript that matches the contract', async () => {
    const cwd = tempDir();
    const run = await runCliProcess(
      ['debate', 'Is this end to end?', '--models', 'openai:m1,anthropic:m2,xai:m3', '--rounds', '2', '--judge', 'anthropic:j', '--headless'],
      { env: { ...KEYS, ...server.env }, cwd },
    );
    expect(run.stderr).not.toMatch(/✗/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Result: Majority — Yes \(2\/3 votes\)/);
    const saved = /Transcript saved to (\S+)/.exec(run.stderr)![1]!;
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(join(cwd, saved), 'utf8')));
    expect(t).toMatchObject({ status: 'complete', source: 'live', judge: { model: 'anthropic:j' } });
    expect(t.rounds).toHaveLength(2);
    expect(t.judgement?.summary).toBe('The panel argued it out.');
    expect(new Set(server.calls.map((c) => c.provider))).toEqual(new Set(['openai', 'anthropic', 'xai']));
  });

  it('on SIGINT cancels the calls in flight, saves the transcript as interrupted and exits 130', async () => {
    stall = true;
    const cwd = tempDir();
    const out = join(cwd, 'sigint.json');
    let sent = false;
    const run = await runCliProcess(['debate', 'Interrupt me?', '--models', 'openai:m1,anthropic:m2,xai:m3', '--no-judge', '--out', out, '--headless'], {
      env: { ...KEYS, ...server.env },
      cwd,
      onStderr: (text, child) => {
        // Once both healthy debaters have landed, xAI is stalled: press Ctrl-C.
        if (!sent && (text.match(/✓/g) ?? []).length >= 2) {
          sent = true;
          child.kill('SIGINT');
        }
      },
    });
    stall = false;
    expect(run.code).toBe(130);
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(t.status).toBe('interrupted');
    expect(t.rounds[0]!.turns).toHaveLength(2);
    expect(run.stderr).toMatch(/Resume with: npx roundtable debate --resume \S+\n/);
  });
});
