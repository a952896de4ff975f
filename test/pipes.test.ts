// A reader that goes away (`… | head -1`): roundtable stops writing and ends quietly, with the
// exit code the command would have had, and no stack trace.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema } from '../src/core/schema.js';
import { exportText } from '../src/transcript/text-format.js';
import { tempDir } from './support/cli.js';
import { runCliProcess } from './support/cli-process.js';

const SEED_JSON = new URL('../seeds/000_30eaba9eac67d68e.json', import.meta.url).pathname;

/** The seed debate with every argument made long: several MB of output, far more than a pipe holds. */
function bigTranscript(dir: string): { json: string; text: string } {
  const t = TranscriptSchema.parse(JSON.parse(readFileSync(SEED_JSON, 'utf8')));
  for (const round of t.rounds) for (const turn of round.turns) turn.argument = `${turn.argument} `.repeat(150).trim();
  const json = join(dir, 'big.json');
  const text = join(dir, 'big.txt');
  writeFileSync(json, JSON.stringify(t));
  writeFileSync(text, exportText(t));
  return { json, text };
}

describe('a closed pipe on stdout', () => {
  const dir = tempDir('roundtable-pipe-');
  const big = bigTranscript(dir);

  it.each([
    ['import <big text> | head -1', ['import', big.text]],
    ['export <big> --format markdown | head -c 20', ['export', big.json, '--format', 'markdown']],
    ['replay --headless <big> | head -1', ['replay', big.json, '--headless']],
  ])('%s ends quietly with exit 0', async (_what, argv) => {
    const run = await runCliProcess(argv, { closeStdoutEarly: true });
    expect(run.stderr).toBe('');
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
  }, 60_000);
});
