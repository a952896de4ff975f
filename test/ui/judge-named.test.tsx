// The judge's write-up on screen under --anonymize: the judge read the panel by letters, and the
// closing panel names them, as the Markdown export and the text format do ("Panelist B" alone
// told the reader nothing).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema } from '../../src/core/schema.js';
import { App } from '../../src/ui/App.js';
import { replayEvents } from '../../src/ui/replay-events.js';
import { reduceAll } from '../../src/ui/state.js';
import { runCli, tempDir } from '../support/cli.js';
import { flat, renderAt, settle } from './terminal.js';

describe('the judge\'s write-up under --anonymize', () => {
  it('names the panelists the judge called by letter', async () => {
    const file = join(tempDir(), 'anon.json');
    const args = ['debate', 'Should cities ban cars?', '--options', 'Yes,No', '--anonymize', '--mock', '--seed', '2', '--rounds', '2', '--mock-pace', '0', '--headless', '--out', file];
    expect((await runCli(args, { env: {} })).code).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const letters = t.rounds.at(-1)!.letters!;
    const byLetter = (l: string) => t.panel.find((p) => letters[p.id] === l)!.name;
    t.judgement!.summary = 'Panelist A carried the room; Panelist B held out.';
    t.judgement!.turningPoints = ['Panelist C changed its vote.'];
    const state = reduceAll(replayEvents(t, { speed: 0 }).map((e) => e.event));
    const term = renderAt(<App state={state} transcriptPath={file} />, { columns: 200, rows: 80 });
    await settle();
    const screen = flat(term.stdout.output());
    // As the Markdown export names them: the letter the judge used, and the seat behind it.
    expect(screen).toContain(`Panelist A (${byLetter('A')}) carried the room; Panelist B (${byLetter('B')}) held out.`);
    expect(screen).toContain(`Panelist C (${byLetter('C')}) changed its vote.`);
    expect(screen).not.toContain('Panelist A carried');
    term.instance.unmount();
  });
});
