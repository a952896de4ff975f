// The person's composer (--human), driven key by key through a fake terminal: vote by arrow and by
// letter, a multi-line argument, Esc back to the vote, an empty argument refused with a hint, an
// open question's one-line answer, the previous round readable, and the time left.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HumanReply, HumanTurnRequest } from '../../src/core/human.js';
import { HumanComposer } from '../../src/ui/HumanComposer.js';
import { DebaterCard } from '../../src/ui/DebaterCard.js';
import { emptyCard } from '../../src/ui/state.js';
import { CLOCK_ONLY, flat, renderAt, settle, type Terminal } from './terminal.js';

const KEY = { up: '\u001b[A', down: '\u001b[B', enter: '\r', esc: '\u001b', ctrlD: '\u0004', tab: '\t', backspace: '\u007f' };

const request = (over: Partial<HumanTurnRequest> = {}): HumanTurnRequest => ({
  seat: 'Ana',
  round: 1,
  rounds: 2,
  motion: 'Cats or dogs?',
  open: false,
  options: ['Cats', 'Dogs', 'Neither'],
  previous: null,
  reask: null,
  deadline: null,
  shown: [],
  ...over,
});

let term: Terminal | null = null;
afterEach(() => {
  term?.instance.unmount();
  term = null;
  vi.useRealTimers();
});

async function composer(req: HumanTurnRequest, now?: () => number) {
  const sent: HumanReply[] = [];
  term = renderAt(<HumanComposer request={req} onSubmit={(r) => sent.push(r)} width={80} {...(now ? { now } : {})} />, { columns: 80, rows: 30 });
  await settle();
  const type = async (...keys: string[]) => {
    for (const k of keys) {
      term!.stdin.write(k);
      await settle();
    }
  };
  return { sent, type, frame: () => flat(term!.frame()) };
}

describe('the composer', () => {
  // A person types faster than the screen redraws (and a loaded machine redraws late): every key
  // must act on the keys before it, not on the last frame drawn.
  it.each([
    ['arrow then Enter', [KEY.up, KEY.enter, 'Cats purr.', KEY.ctrlD], { previous: 'Dogs' }, { vote: 'Cats', argument: 'Cats purr.' }],
    ['letter, text and Ctrl-D', ['c', 'Neither, ', 'really.', KEY.ctrlD], {}, { vote: 'Neither', argument: 'Neither, really.' }],
    ['down, down, Enter, lines', [KEY.down, KEY.down, KEY.enter, 'Neither.', KEY.enter, 'Truly.', KEY.ctrlD, KEY.ctrlD], {}, { vote: 'Neither', argument: 'Neither.\nTruly.' }],
    ['backspace', ['b', 'Dogz', KEY.backspace, 's', KEY.ctrlD], {}, { vote: 'Dogs', argument: 'Dogs' }],
  ])('reads keys that arrive before a redraw in order (%s)', async (_what, keys, over, reply) => {
    const c = await composer(request(over as Partial<HumanTurnRequest>));
    for (const k of keys) term!.stdin.write(k);
    await settle();
    expect(c.sent).toEqual([reply]);
  });

  it('takes a vote by arrow keys and Enter, then a multi-line argument sent with Ctrl-D', async () => {
    const c = await composer(request());
    expect(c.frame()).toMatch(/Your turn, Ana · round 1 of 2/);
    expect(c.frame()).toMatch(/› A\. Cats/);
    await c.type(KEY.down, KEY.down, KEY.up);
    expect(c.frame()).toMatch(/› B\. Dogs/);
    await c.type(KEY.enter);
    expect(c.frame()).toMatch(/Vote: B\. Dogs/);
    await c.type('Dogs are loyal.', KEY.enter, 'They also walk you.');
    expect(c.frame()).toMatch(/7 words/);
    await c.type(KEY.ctrlD);
    expect(c.sent).toEqual([{ vote: 'Dogs', argument: 'Dogs are loyal.\nThey also walk you.' }]);
  });

  it('takes a vote by its letter, in either case; a letter that is no option gets a hint', async () => {
    const c = await composer(request());
    await c.type('z');
    expect(c.frame()).toMatch(/There is no option Z: pick A to C/);
    await c.type('c');
    expect(c.frame()).toMatch(/Vote: C\. Neither/);
    await c.type('x', KEY.ctrlD);
    expect(c.sent).toEqual([{ vote: 'Neither', argument: 'x' }]);
  });

  it('reads keys that arrive together (typed fast, or pasted): the letter votes, the rest starts the argument', async () => {
    const c = await composer(request());
    await c.type('bDogs are loyal.');
    expect(c.frame()).toMatch(/Vote: B\. Dogs/);
    await c.type(' Pasted\rlines.\u0004');
    expect(c.sent).toEqual([{ vote: 'Dogs', argument: 'Dogs are loyal. Pasted\nlines.' }]);
  });

  it.each([
    ['a letter, an argument and Ctrl-D', 'aCats are quiet.\u0004', { vote: 'Cats', argument: 'Cats are quiet.' }],
    ['a letter, two lines and Ctrl-D', 'C Neither.\rReally.\u0004', { vote: 'Neither', argument: 'Neither.\nReally.' }],
  ])('sends a whole reply that arrives in one chunk (%s)', async (_what, chunk, reply) => {
    const c = await composer(request());
    await c.type(chunk);
    expect(c.sent).toEqual([reply]);
  });

  it('Esc goes back to the vote, keeping the draft; the vote can be changed', async () => {
    const c = await composer(request());
    await c.type('a', 'Purring helps.');
    await c.type(KEY.esc);
    expect(c.frame()).toMatch(/Your vote:/);
    await c.type('b');
    expect(c.frame()).toMatch(/Purring helps\./);
    await c.type(KEY.ctrlD);
    expect(c.sent).toEqual([{ vote: 'Dogs', argument: 'Purring helps.' }]);
  });

  it('refuses an empty argument with a hint, and sends nothing', async () => {
    const c = await composer(request());
    await c.type('a', '   ', KEY.enter, KEY.ctrlD);
    expect(c.sent).toEqual([]);
    expect(c.frame()).toMatch(/Write your argument before sending it: a sentence at least/);
    await c.type('Fine.', KEY.ctrlD);
    expect(c.sent).toHaveLength(1);
  });

  it('takes an open question\'s one-line answer, then the argument', async () => {
    const c = await composer(request({ open: true, options: [], motion: 'How should we pick a database?' }));
    await c.type(KEY.enter);
    expect(c.frame()).toMatch(/Write your answer in one sentence first/);
    await c.type('Start with Postgres', KEY.backspace, 's.', KEY.enter);
    expect(c.frame()).toMatch(/Answer: Start with Postgres\./);
    await c.type('It is boring in the good way.', KEY.ctrlD);
    expect(c.sent).toEqual([{ answer: 'Start with Postgres.', argument: 'It is boring in the good way.' }]);
  });

  it('keeps round 1 blind, and opens the last round\'s turns one seat at a time in later rounds', async () => {
    const blind = await composer(request());
    await blind.type(KEY.tab);
    expect(blind.frame()).toMatch(/Round 1 is blind/);
    term!.instance.unmount();
    const later = await composer(
      request({
        round: 2,
        previous: 'Dogs',
        shown: [
          { name: 'GPT', position: 'Cats', argument: 'Cats need less space.' },
          { name: 'Claude', position: 'Neither', argument: 'Fish are underrated.' },
        ],
      }),
    );
    expect(later.frame()).toMatch(/Your vote \(last round: Dogs\)/);
    expect(later.frame()).toMatch(/› B\. Dogs/);
    await later.type(KEY.tab);
    expect(later.frame()).toMatch(/Round 1 · GPT · Cats .*Cats need less space\./);
    await later.type(KEY.tab);
    expect(later.frame()).toMatch(/Round 1 · Claude · Neither .*Fish are underrated\./);
    await later.type(KEY.tab);
    expect(later.frame()).not.toMatch(/Fish are underrated/);
  });

  it('shows the time left when the seat has a timeout, and why a reply was not taken', async () => {
    vi.useFakeTimers(CLOCK_ONLY);
    let t = 1_000_000;
    const c = await composer(request({ deadline: t + 30_000, reask: 'the vote was not one of the options' }), () => t);
    expect(c.frame()).toMatch(/30 s left/);
    expect(c.frame()).toMatch(/Not sent: the vote was not one of the options/);
    t += 12_000;
    vi.advanceTimersByTime(1000);
    await settle();
    expect(c.frame()).toMatch(/18 s left/);
  });

  it('shows a person\'s text without control characters', async () => {
    const c = await composer(request({ round: 2, shown: [{ name: 'Evil\u001b[2J', position: 'Cats\u0007', argument: 'x\u001b]0;pwned\u0007y' }] }));
    await c.type(KEY.tab);
    expect(term!.rawFrame()).not.toContain('\u001b[2J');
    expect(term!.rawFrame()).not.toContain('\u001b]0;');
  });
});

describe('the composer in a council\'s review', () => {
  const ballot = [
    { name: 'Response A', position: 'Cats', argument: 'Cats are quiet.' },
    { name: 'Response B', position: 'Dogs', argument: 'Dogs are loyal.' },
    { name: 'Response C', position: 'Cats', argument: 'Cats need less space.' },
  ];
  const review = () => request({ round: 2, previous: 'Dogs', ballot, shown: [] });

  it('places the answers best first by letter, then takes the reason', async () => {
    const c = await composer(review());
    expect(c.frame()).toMatch(/Rank the other members' answers, best first/);
    expect(c.frame()).toMatch(/A\. Response A \(voted Cats\): Cats are quiet\./);
    await c.type('b', 'c');
    expect(c.frame()).toMatch(/1st\s+B\. Response B/);
    expect(c.frame()).toMatch(/2nd\s+C\. Response C/);
    await c.type('c');
    expect(c.frame()).toMatch(/already placed 2nd/);
    await c.type('a');
    expect(c.frame()).toMatch(/Ranking: B > C > A/);
    await c.type('B argued best.', KEY.ctrlD);
    expect(c.sent).toEqual([{ ranking: ['Response B', 'Response C', 'Response A'], argument: 'B argued best.' }]);
  });

  it('places by arrows and Enter; Backspace takes the last place back; Esc returns to the ranking', async () => {
    const c = await composer(review());
    await c.type(KEY.down, KEY.down, KEY.enter, KEY.enter);
    await c.type(KEY.backspace);
    expect(c.frame()).toMatch(/1st\s+C\. Response C/);
    expect(c.frame()).not.toMatch(/2nd/);
    await c.type('b', 'a');
    expect(c.frame()).toMatch(/Ranking: C > B > A/);
    await c.type(KEY.esc);
    await c.type(KEY.backspace, KEY.backspace, 'a', 'b');
    expect(c.frame()).toMatch(/Ranking: C > A > B/);
    await c.type('Because.', KEY.ctrlD);
    expect(c.sent).toEqual([{ ranking: ['Response C', 'Response A', 'Response B'], argument: 'Because.' }]);
  });

  it('refuses a letter that is no answer, and an empty reason', async () => {
    const c = await composer(review());
    await c.type('d');
    expect(c.frame()).toMatch(/There is no Response D: pick A to C/);
    for (const k of ['a', 'b', 'c', KEY.ctrlD]) await c.type(k);
    expect(c.sent).toEqual([]);
    expect(c.frame()).toMatch(/Write your argument before sending it/);
  });
});

describe('the person\'s card', () => {
  it.each([false, true])('says the person is writing where a model thinks (open question: %s)', async (open) => {
    const card = { ...emptyCard('ana'), status: 'thinking' as const };
    const options = [{ letter: 'A', label: 'Cats' }, { letter: 'B', label: 'Dogs' }];
    const frameOf = async (member: { id: string; name: string; model: string | null; provider: string | null; human?: boolean }) => {
      const t = renderAt(<DebaterCard member={member} card={card} options={options} width={40} textLines={3} bordered open={open} />, { columns: 40, rows: 10 });
      await settle();
      const f = flat(t.frame());
      t.instance.unmount();
      return f;
    };
    const person = await frameOf({ id: 'ana', name: 'Ana', model: null, provider: 'person', human: true });
    expect(person).toMatch(/Ana · person/);
    expect(person).toMatch(/writing/);
    expect(person).not.toMatch(/thinking/);
    expect(await frameOf({ id: 'gpt', name: 'gpt-5.4', model: 'openai:gpt-5.4', provider: 'openai' })).toMatch(/thinking/);
  });
});

