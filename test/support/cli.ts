// Runs the CLI in-process, as a user would from a shell, and captures what it prints.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

export function tempDir(prefix = 'roundtable-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function runCli(
  argv: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; signal?: AbortSignal } = {},
): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, {
    stdout,
    stderr,
    env: { CI: 'true', ...options.env },
    cwd: options.cwd ?? tempDir(),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Every provider key set to a recognisable fake value. */
export const FAKE_KEYS = {
  OPENAI_API_KEY: 'sk-test-openai-000000000000',
  ANTHROPIC_API_KEY: 'sk-ant-test-000000000000',
  XAI_API_KEY: 'xai-test-0000000000000000000000',
  GEMINI_API_KEY: 'AIzaTestKey000000000000000000',
  MISTRAL_API_KEY: 'mistral-test-key-0000',
  MOONSHOT_API_KEY: 'sk-moonshot-test-0000000',
  DEEPSEEK_API_KEY: 'sk-deepseek-test-0000000',
  OPENROUTER_API_KEY: 'sk-or-test-000000000000',
};
