// A person at a real terminal (--human): the CLI runs in tmux in mock mode; the test waits for the
// composer, types the person's votes and arguments with send-keys, and reads the transcript. Only a
// real terminal shows that the live view, stdin in raw mode and the engine's desk work together.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TranscriptSchema, type Transcript } from '../src/core/schema.js';
import { tempDir } from './support/cli.js';

const TMUX = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).stdout.trim();
const SKIP = TMUX ? null : 'tmux is not installed (apt-get install tmux; .ci/run does this)';
if (SKIP) console.warn(`--human terminal tests skipped: ${SKIP}`);

const ROOT = new URL('..', import.meta.url).pathname;
const ENTRY = new URL('./support/cli-entry.ts', import.meta.url).pathname;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** Each test's own tmux server: nothing else's sessions are touched, and no test waits on another's server to stop. */
let tests = 0;
let SOCKET = '';
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
/** The session the test types into and reads (a resumed run gets its own). */
let session = 'seat';
const screen = () => tmux('capture-pane', '-p', '-t', session);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(() => {
  SOCKET = `roundtable-human-${process.pid}-${++tests}`;
});
afterEach(() => {
  if (!SKIP) spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
});

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Starts the CLI in a fresh tmux session (a real terminal of 110×50), outside CI. */
function start(args: string[], name = 'seat'): void {
  session = name;
  const command = ['env', '-u', 'CI', 'TERM=xterm-256color', process.execPath, '--import', TSX, ENTRY, ...args].map(quote).join(' ');
  tmux('new-session', '-d', '-s', name, '-x', '110', '-y', '50', '-c', ROOT, `${command}; echo "EXIT:$?"; sleep 600`);
}

/** Polls the screen until it matches (the composer appears once the run asks the person). */
async function waitFor(pattern: RegExp, what: string, ms = 60_000): Promise<string> {
  const until = Date.now() + ms;
  let last = '';
  while (Date.now() < until) {
    last = screen();
    if (pattern.test(last)) return last;
    await sleep(200);
  }
  throw new Error(`the terminal never showed ${what}; the last screen was:\n${last}`);
}

/** Types as a person does: a key, then text (literally), then keys. */
async function keys(...parts: Array<{ key: string } | { text: string }>): Promise<void> {
  for (const part of parts) {
    if ('key' in part) tmux('send-keys', '-t', session, part.key);
    else tmux('send-keys', '-t', session, '-l', part.text);
    await sleep(150);
  }
}

const read = (path: string): Transcript => TranscriptSchema.parse(JSON.parse(readFileSync(path, 'utf8')));

// Seed 1 of the mock generator: gpt-5.4 and claude-opus-4-6 vote Cats in round 1; Ana's case for
// Dogs is the only dissent, so in round 2 gpt-5.4 changes to Dogs naming Ana's argument and
// claude-opus-4-6 keeps Cats answering Ana by name.
const RUN = ['debate', '--mock', 'Cats or dogs?', '--options', 'Cats,Dogs', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6', '--human', 'Ana', '--rounds', '2', '--seed', '1', '--mock-pace', '0', '--judge', 'openai:gpt-5.4'];

describe.skipIf(SKIP)('a person at a real terminal (tmux, mock mode)', () => {
  it('votes and argues in two rounds; the models answer the person by name', async () => {
    const out = join(tempDir(), 'ana.json');
    start([...RUN, '--out', out]);
    await waitFor(/Your turn, Ana · round 1 of 2/, 'the round-1 composer');
    // Round 1: the letter B (Dogs), a two-line argument, Ctrl-D.
    await keys({ key: 'B' }, { text: 'Dogs are loyal and get you outside every day.' }, { key: 'Enter' }, { text: 'A walk a day is good for people too.' });
    const typed = await waitFor(/A walk a day/, 'the argument as typed');
    expect(typed).toMatch(/Vote: B\. Dogs/);
    await keys({ key: 'C-d' });
    // Round 2: the arrow keys to Cats, Enter, an argument, Ctrl-D.
    const round2 = await waitFor(/Your turn, Ana · round 2 of 2/, 'the round-2 composer');
    expect(round2).toMatch(/Your vote \(last round: Dogs\)/);
    await keys({ key: 'Up' }, { key: 'Enter' }, { text: 'Fine, cats suit a small flat better.' }, { key: 'C-d' });
    await waitFor(/EXIT:0/, 'the run ending with exit 0');

    expect(existsSync(out)).toBe(true);
    const t = read(out);
    expect(t.status).toBe('complete');
    expect(t.source).toBe('mock');
    const ana = t.panel.find((p) => p.name === 'Ana')!;
    expect(ana).toMatchObject({ human: true, model: null });
    const turns = t.rounds.map((r) => r.turns.find((x) => x.debater === ana.id)!);
    expect(turns.map((x) => x.vote)).toEqual(['Dogs', 'Cats']);
    expect(turns[0]!.argument).toBe('Dogs are loyal and get you outside every day.\nA walk a day is good for people too.');
    expect(turns[1]).toMatchObject({ argument: 'Fine, cats suit a small flat better.', previousVote: 'Dogs', changed: true, usage: null });
    // The mock seats read Ana's argument (quoted to them as material) and answer her by name.
    const models = t.rounds[1]!.turns.filter((x) => x.debater !== ana.id);
    expect(models.some((x) => /\bAna\b/.test(x.argument))).toBe(true);
    expect(models.some((x) => x.argument.includes('Dogs are loyal and get you outside every day.'))).toBe(true);
  }, 120_000);

  it('Ctrl-C while typing saves the run interrupted without the draft; --resume puts the person back at their turn', async () => {
    const out = join(tempDir(), 'ana.json');
    start([...RUN, '--out', out]);
    await waitFor(/Your turn, Ana · round 1 of 2/, 'the round-1 composer');
    await keys({ key: 'A' }, { text: 'Cats are quiet.' }, { key: 'C-d' });
    await waitFor(/Your turn, Ana · round 2 of 2/, 'the round-2 composer');
    await keys({ key: 'B' }, { text: 'A half-written draft' });
    await waitFor(/A half-written draft/, 'the draft');
    await keys({ key: 'C-c' });
    await waitFor(/EXIT:130/, 'the run ending interrupted (exit 130)');
    const stopped = read(out);
    expect(stopped.status).toBe('interrupted');
    expect(readFileSync(out, 'utf8')).not.toContain('half-written');
    const ana = stopped.panel.find((p) => p.human)!;
    expect(stopped.rounds[1]?.turns.some((x) => x.debater === ana.id) ?? false).toBe(false);

    // The resumed run in a session of its own (the first one's shell is still waiting).
    start(['debate', '--resume', out, '--mock-pace', '0'], 'resumed');
    const again = await waitFor(/Your turn, Ana · round 2 of 2/, 'the round-2 composer after --resume');
    expect(again).toMatch(/Your vote \(last round: Cats\)/);
    await keys({ key: 'A' }, { text: 'Still cats.' }, { key: 'C-d' });
    await waitFor(/EXIT:0/, 'the resumed run ending with exit 0');
    const done = read(out);
    expect(done.status).toBe('complete');
    expect(done.rounds[1]!.turns.find((x) => x.debater === ana.id)).toMatchObject({ vote: 'Cats', argument: 'Still cats.' });
    expect(done.rounds.map((r) => r.turns.length)).toEqual([3, 3]);
  }, 180_000);

  it('in a council, the person answers, then ranks the others\' anonymised answers by letter', async () => {
    const out = join(tempDir(), 'council.json');
    start(['debate', '--mock', 'Cats or dogs?', '--options', 'Cats,Dogs', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6', '--human', 'Ana', '--protocol', 'council', '--seed', '1', '--mock-pace', '0', '--out', out]);
    await waitFor(/Your turn, Ana · round 1 of 2/, 'the round-1 composer');
    await keys({ key: 'b' }, { text: 'Dogs are loyal.' }, { key: 'C-d' });
    const review = await waitFor(/Rank the other members' answers, best first/, 'the ranking composer');
    expect(review).toMatch(/A\. Response A \(voted Cats\)/);
    expect(review).toMatch(/B\. Response B \(voted Cats\)/);
    await keys({ key: 'b' }, { key: 'a' });
    await waitFor(/Ranking: B > A/, 'the ranking placed');
    await keys({ text: 'B was clearer.' }, { key: 'C-d' });
    await waitFor(/EXIT:0/, 'the run ending with exit 0');
    const t = read(out);
    expect(t.status).toBe('complete');
    const ana = t.panel.find((p) => p.human)!;
    const turn = t.rounds[1]!.turns.find((x) => x.debater === ana.id)!;
    expect(turn.shown).toHaveLength(2);
    expect(turn.ranking).toEqual([turn.shown![1], turn.shown![0]]);
    expect(turn.argument).toBe('B was clearer.');
  }, 120_000);
});
