// `roundtable debate` on a terminal: the live screen's last frame carries the closing lines (result,
// cost, transcript path); nothing of them is printed a second time after the screen is gone.
import { join } from 'node:path';
import { Writable } from 'node:stream';
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { tempDir } from '../support/cli.js';
import { FakeStdin, FakeStdout } from './terminal.js';

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

describe('debate on a terminal', () => {
  it('shows the cost line once, in the last frame, not again on stderr', async () => {
    const stdout = new FakeStdout(100, 60);
    const stderr = new Collect();
    const out = join(tempDir('roundtable-live-'), 't.json');
    const code = await main(['debate', '--mock', '--mock-pace', '0', '--out', out], {
      stdout: stdout as unknown as Io['stdout'],
      stderr,
      stdin: new FakeStdin() as unknown as Io['stdin'],
      env: {},
      cwd: tempDir(),
    });
    expect(code).toBe(0);
    const last = stripAnsi(stdout.lastFrame());
    expect(last).toContain('Done · Supermajority — Yes (5/6 votes)');
    expect(last).toMatch(/Cost · \$\d/);
    expect(stderr.text).not.toContain('Cost ·');
  }, 60_000);
});
