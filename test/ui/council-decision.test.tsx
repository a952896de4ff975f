// A finished council on screen (issue 24, item 3): the closing write-up and the Done line lead with
// the council's decision, the answer its members ranked first, not the blind answers' plurality.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { councilDecision } from '../../src/core/result.js';
import { TranscriptSchema } from '../../src/core/schema.js';
import { App } from '../../src/ui/App.js';
import { replayEvents } from '../../src/ui/replay-events.js';
import { reduceAll } from '../../src/ui/state.js';
import { runCli, tempDir } from '../support/cli.js';
import { flat, renderAt, settle } from './terminal.js';

describe('a finished council, drawn', () => {
  it.each([3, 1])('leads with the decision (seed %i)', async (seed) => {
    const file = join(tempDir(), 'council.json');
    const args = ['debate', 'Best first language?', '--options', 'Python,TypeScript,Go', '--protocol', 'council', '--mock', '--seed', String(seed), '--mock-pace', '0', '--headless', '--out', file];
    expect((await runCli(args, { env: {} })).code).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const decision = councilDecision(t)!;
    expect(decision).toMatch(/^Council's decision: /);
    const state = reduceAll(replayEvents(t, { speed: 0 }).map((e) => e.event));
    const term = renderAt(<App state={state} transcriptPath={file} />, { columns: 200, rows: 60 });
    await settle();
    const screen = flat(term.stdout.output());
    expect(screen).toContain(`Done · ${decision}`);
    // The write-up's headline is the decision too, not a bare "Result: Plurality — …".
    expect(screen).not.toMatch(/Result: (Plurality|Tie|Majority)/);
    term.instance.unmount();
  });
});
