// `roundtable replay FILE`: the text format when headless, the player on a terminal, exit 2 with
// one line naming the bad field for an invalid transcript.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { transcriptJson } from '../../src/transcript/store.js';
import { exportText } from '../../src/transcript/text-format.js';
import { tempDir } from '../support/cli.js';
import { seedLikeDebate } from './script.js';
import { FakeStdin, FakeStdout } from './terminal.js';

class Collect extends Writable {
  text = '';
  constructor(public isTTY = false) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

function io(options: { tty?: boolean; env?: Record<string, string> } = {}) {
  const stdout = new Collect(options.tty ?? false);
  const stderr = new Collect();
  const value: Io = { stdout, stderr, stdin: new FakeStdin() as unknown as Io['stdin'], env: options.env ?? {}, cwd: tempDir() };
  return { io: value, stdout, stderr };
}

function transcriptFile(content?: string): { path: string; text: string } {
  const { transcript } = seedLikeDebate();
  const path = join(tempDir('roundtable-replay-'), 'debate.json');
  writeFileSync(path, content ?? transcriptJson(transcript));
  return { path, text: exportText(transcript) };
}

describe('roundtable replay', () => {
  it('prints the text format with --headless and exits 0', async () => {
    const file = transcriptFile();
    const run = io({ tty: true });
    const code = await main(['replay', file.path, '--headless'], run.io);
    expect(run.stderr.text).toBe('');
    expect(code).toBe(0);
    expect(run.stdout.text).toBe(file.text);
    expect(run.stdout.text).toContain('Result: Supermajority — Yes (5/6 votes)');
  });

  it('is headless by itself when stdout is not a terminal, or CI is set', async () => {
    const file = transcriptFile();
    const piped = io({ tty: false });
    expect(await main(['replay', file.path], piped.io)).toBe(0);
    expect(piped.stdout.text).toBe(file.text);

    const ci = io({ tty: true, env: { CI: 'true' } });
    expect(await main(['replay', file.path], ci.io)).toBe(0);
    expect(ci.stdout.text).toBe(file.text);
  });

  it('plays through the live view on a terminal (speed 0: straight to the end)', async () => {
    const file = transcriptFile();
    const stdout = new FakeStdout(100, 40);
    const stderr = new Collect();
    const code = await main(['replay', file.path, '--speed', '0'], {
      stdout: stdout as unknown as Io['stdout'],
      stderr,
      stdin: new FakeStdin() as unknown as Io['stdin'],
      env: {},
      cwd: tempDir(),
    });
    expect(stderr.text).toBe('');
    expect(code).toBe(0);
    const out = stdout.output();
    expect(out).toContain('Result: Supermajority');
    expect(out).toContain('Replaying: ');
    expect(out).not.toBe(file.text);
  });

  it('exits 2 with one line naming the first bad field of an invalid transcript', async () => {
    const { transcript } = seedLikeDebate();
    const bad = structuredClone(transcript) as unknown as { rounds: { turns: { vote: string }[] }[] };
    bad.rounds[1]!.turns[2]!.vote = 'Maybe';
    const file = transcriptFile(JSON.stringify(bad));
    const run = io({ tty: true });
    const code = await main(['replay', file.path, '--headless'], run.io);
    expect(code).toBe(2);
    expect(run.stdout.text).toBe('');
    const errorLines = run.stderr.text.trimEnd().split('\n');
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain('rounds[1].turns[2].vote');
    expect(errorLines[0]).toContain('Maybe');
  });

  it('exits 2 for a file that is not JSON', async () => {
    const file = transcriptFile('not json at all');
    const run = io({ tty: true });
    expect(await main(['replay', file.path], run.io)).toBe(2);
    expect(run.stderr.text.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.text).toContain('is not valid JSON');
  });
});
