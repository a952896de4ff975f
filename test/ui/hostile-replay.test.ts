// The terminal app against hostile transcripts (issue 9, items 6, 9, 10 and 15): what it draws
// holds no escape sequence but its own colours, no key (even one written as a strongestArguments
// key), and counts options named after Object.prototype's members.
import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../src/core/schema.js';
import { parseTranscript } from '../../src/transcript/store.js';
import { startReplay } from '../../src/ui/start-replay.js';
import { registerSecret } from '../../src/util/redact.js';
import { fakeTerminal, flat } from './terminal.js';

const ESC = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u0007\u202e';
const KEY = 'sk-test-ui-key-000000000000';
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function transcript(yes: string, no: string, names: string[], strongestKeys: string[]): Transcript {
  const turn = (debater: string, vote: string) => ({ debater, vote, argument: `Argued ${ESC} well.`, previousVote: null, changed: false, latencyMs: 5, usage: null, error: null });
  return {
    format: 'roundtable-transcript',
    version: 1,
    id: 'ui',
    motion: `Motion ${ESC}?`,
    options: [yes, no],
    mode: 'poll',
    status: 'complete',
    source: 'live',
    startedAt: null,
    finishedAt: null,
    panel: names.map((name, i) => ({ id: `d${i}`, name, model: `openai:gpt${ESC}` })),
    judge: { name: `Judge${ESC}`, model: 'openai:gpt-5.4' },
    rounds: [{ number: 1, turns: [turn('d0', yes), turn('d1', yes), turn('d2', no)] }],
    result: { label: 'Majority', winner: yes, tally: Object.fromEntries([[yes, 2], [no, 1]]), validVotes: 3, panelSize: 3, abstentions: 0 },
    judgement: { summary: `Summary ${ESC} ${KEY}.`, strongestArguments: Object.fromEntries(strongestKeys.map((k) => [k, `Strong ${ESC} ${KEY}`])), turningPoints: [`Turn ${ESC}`] },
    plannedRounds: 1,
    judgeError: null,
    error: null,
  } as Transcript;
}

/** Replays a transcript as `roundtable replay FILE` would: read back from its JSON text. */
async function draw(t: Transcript): Promise<string> {
  const { stdout, streams } = fakeTerminal(100, 60);
  const read = parseTranscript(JSON.stringify(t), 'x.json');
  expect(await startReplay({ ...streams, transcript: read, transcriptPath: 'x.json', speed: 0, debug: true }).done()).toBe(0);
  return stdout.output();
}

describe('the terminal app with hostile text', () => {
  it('draws names, model ids, options, votes and strongestArguments keys without escape sequences or keys', async () => {
    registerSecret(KEY);
    const output = await draw(transcript(`Yes${ESC}`, `No\u009b2J`, [`Alpha${ESC}`, 'Beta\u009b', 'Gamma'], [`${KEY}`, `\u001b]0;title\u0007Yes${ESC}`]));
    // Ink's own colours are the only escape sequences on screen.
    const text = output.replace(/\u001b\[[0-9;]*m/g, '');
    expect(text).not.toMatch(UNSAFE);
    expect(output).not.toContain(KEY);
    expect(flat(text)).toContain('[redacted]');
    expect(flat(text)).toContain('Alpha');
  });

  it.each(['__proto__', 'constructor', 'toString'])('counts an option named %s', async (name) => {
    const output = flat((await draw(transcript(name, 'Other', ['A', 'B', 'C'], [name, 'Other']))).replace(/\u001b\[[0-9;]*m/g, ''));
    expect(output).toContain(`Result: Majority — ${name} (2/3 votes)`);
    expect(output).toMatch(new RegExp(`Strongest arguments ${name}: Strong`));
    expect(output).not.toMatch(/\[object Object\]|function /);
  });
});
