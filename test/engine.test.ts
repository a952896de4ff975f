// The engine's fast tier: runDebate with a fake model client (no HTTP), and table tests of the
// rules it stands on (reply parsing, option matching, fitting quoted text, seating, Borda).
import { describe, expect, it } from 'vitest';
import type { ChatRequest, ModelClient } from '../src/agents/client.js';
import { DEFAULT_RETRY } from '../src/agents/retry.js';
import { parseVoteReply } from '../src/agents/reply.js';
import { DebateEvents, type DebateEvent } from '../src/core/events.js';
import { matchOption, tallyVotes } from '../src/core/options.js';
import { namedPanelists, namedResponses } from '../src/core/result.js';
import type { Transcript } from '../src/core/schema.js';
import type { SeatConfig } from '../src/core/seat.js';
import { runDebate, type DebateConfig, type EngineDeps } from '../src/engine/debate.js';
import { estimateTokens, fitTexts, notShown, shorten } from '../src/prompting/context.js';
import { bordaRanking, parseRankingReply } from '../src/protocols/council.js';
import { PromptBook } from '../src/prompting/prompts.js';
import { byLetters, letterIndex, nameScrubber, readingOrder, roundSeating, runLetters, seatLetter } from '../src/protocols/seating.js';

type Reply = (seat: string, request: ChatRequest, call: number) => string | Promise<string>;

interface FakeRun {
  transcript: Transcript;
  requests: { seat: string; request: ChatRequest }[];
  events: DebateEvent[];
}

/** Runs a debate whose every seat is answered by `reply`, recording every request. */
async function fakeDebate(
  config: Partial<DebateConfig> & { seats: number | SeatConfig[] },
  reply: Reply,
  wrap?: (c: ModelClient) => ModelClient,
  more: Partial<EngineDeps> & { listen?: (e: DebateEvent) => void } = {},
): Promise<FakeRun> {
  const seats = typeof config.seats === 'number'
    ? Array.from({ length: config.seats }, (_, i) => ({ name: `Seat ${i + 1}`, model: 'openai:gpt-test' }))
    : config.seats;
  const requests: FakeRun['requests'] = [];
  const events = new DebateEvents();
  const seen: DebateEvent[] = [];
  events.on((e) => seen.push(e));
  const { listen, ...deps } = more;
  if (listen) events.on(listen);
  const calls = new Map<string, number>();
  const transcript = await runDebate(
    {
      motion: 'Is the test green?',
      options: ['Yes', 'No'],
      mode: 'debate',
      rounds: 2,
      judge: null,
      source: 'live',
      maxTokens: 500,
      judgeMaxTokens: 2000,
      briefing: [],
      ...config,
      panel: seats.map((s, i) => ({ ...s, id: `s${i + 1}` })),
    },
    {
      createClient: (seat) => {
        const client: ModelClient = {
          provider: seat.model.split(':')[0]!,
          model: seat.model,
          async complete(request) {
            requests.push({ seat: seat.name, request });
            const n = (calls.get(seat.name) ?? 0) + 1;
            calls.set(seat.name, n);
            return { text: await reply(seat.name, request, n), toolArguments: null, usage: { inputTokens: 1, outputTokens: 1 } };
          },
        };
        return wrap ? wrap(client) : client;
      },
      prompts: new PromptBook(undefined, 'MATERIAL-test'),
      retry: { ...DEFAULT_RETRY, retries: 0 },
      signal: new AbortController().signal,
      events,
      ...deps,
    },
  );
  return { transcript, requests, events: seen };
}

const promptOf = (r: ChatRequest) => r.messages.at(-1)!.content;
const roundOf = (r: ChatRequest) => (/opening round/.test(promptOf(r)) ? 1 : Number(/This is round (\d+)/.exec(promptOf(r))?.[1]));

describe('runDebate with a fake model client', () => {
  it('groups:K --digest: every group\'s digest is asked at once, not one after another, and kept in the groups\' order', async () => {
    // Each digest call waits until all three have started: one after another, the first would wait for nothing and time out.
    let started = 0;
    let release!: () => void;
    const allStarted = new Promise<void>((resolve) => (release = resolve));
    const run = await fakeDebate(
      { seats: 6, topology: { kind: 'groups', k: 2 }, digest: { name: 'Mod', model: 'openai:gpt-test' } },
      async (seat, r) => {
        if (seat === 'Mod') {
          if (++started === 3) release();
          const ok = await Promise.race([allStarted.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000))]);
          const group = /, group (\d+) \(/.exec(promptOf(r))?.[1] ?? '?';
          return ok ? `Digest of group ${group}.` : '';
        }
        return JSON.stringify({ vote: 'Yes', argument: `${seat} says yes.` });
      },
    );
    expect(started).toBe(3);
    const round = run.transcript.rounds[0]!;
    expect(round.digestError).toBeUndefined();
    expect(round.digest).toBe('Group 1: Digest of group 1.\n\nGroup 2: Digest of group 2.\n\nGroup 3: Digest of group 3.');
  });

  it('runs the rounds, quotes the previous round and counts the result', async () => {
    const run = await fakeDebate({ seats: 3 }, (seat, r) => JSON.stringify({ vote: seat === 'Seat 3' && roundOf(r) === 1 ? 'No' : 'Yes', argument: `${seat} in round ${roundOf(r)}` }));
    expect(run.transcript.status).toBe('complete');
    expect(run.transcript.rounds.map((r) => r.turns.map((t) => t.vote))).toEqual([['Yes', 'Yes', 'No'], ['Yes', 'Yes', 'Yes']]);
    expect(run.transcript.rounds[1]!.turns[2]).toMatchObject({ previousVote: 'No', changed: true });
    const later = run.requests.filter((r) => roundOf(r.request) === 2);
    expect(later).toHaveLength(3);
    for (const r of later) expect(promptOf(r.request)).toMatch(/Seat 3 in round 1/);
    expect(run.transcript.result).toMatchObject({ label: 'Unanimous', winner: 'Yes' });
  });

  it('with --anonymize --shuffle, quotes every seat to every reader once, under the one label the round gives it', async () => {
    const run = await fakeDebate({ seats: 30, anonymize: true, shuffle: true, seed: 7 }, (seat, r) =>
      JSON.stringify({ vote: 'Yes', argument: `I am ${seat}, speaking in round ${roundOf(r)}.` }),
    );
    // Round 2 quotes round 1 under the letters of round 2 (re-lettered each round).
    const letters = run.transcript.rounds[1]!.letters!;
    const later = run.requests.filter((r) => roundOf(r.request) === 2);
    expect(later).toHaveLength(30);
    const orders = new Set<string>();
    for (const { seat, request } of later) {
      const prompt = promptOf(request);
      const labels = [...prompt.matchAll(/BEGIN MATERIAL [^:]*: (Panelist [A-Z]+)( \(you\))?, voted Yes/g)];
      expect(labels).toHaveLength(30);
      const id = run.transcript.panel.find((p) => p.name === seat)!.id;
      // Each reader sees itself as "(you)" and every seat under the letter the round recorded.
      expect(labels.filter((m) => m[2]).map((m) => m[1])).toEqual([`Panelist ${letters[id]}`]);
      expect(new Set(labels.map((m) => m[1]))).toEqual(new Set(Object.values(letters).map((l) => `Panelist ${l}`)));
      // Names never reach a prompt: each argument's "I am Seat N" is scrubbed to its letter.
      expect(prompt).not.toMatch(/Seat \d+/);
      for (const m of labels) expect(prompt).toContain(`I am ${m[1]}, speaking in round 1.`);
      orders.add(labels.map((m) => m[1]).join());
    }
    // --shuffle: readers get their own orders.
    expect(orders.size).toBeGreaterThan(20);
  });

  it('keeps calls in flight within --concurrency per provider, and uses the whole allowance', async () => {
    let inFlight = 0;
    let most = 0;
    const seats = [
      ...Array.from({ length: 10 }, (_, i) => ({ name: `O${i}`, model: 'openai:gpt-test' })),
      ...Array.from({ length: 10 }, (_, i) => ({ name: `A${i}`, model: 'anthropic:claude-test' })),
    ];
    const perProvider = new Map<string, number>();
    let mostPerProvider = 0;
    const run = await fakeDebate({ seats, concurrency: 3, rounds: 1 }, async (seat) => {
      const provider = seat.startsWith('O') ? 'openai' : 'anthropic';
      inFlight++;
      perProvider.set(provider, (perProvider.get(provider) ?? 0) + 1);
      most = Math.max(most, inFlight);
      mostPerProvider = Math.max(mostPerProvider, perProvider.get(provider)!);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      perProvider.set(provider, perProvider.get(provider)! - 1);
      return JSON.stringify({ vote: 'Yes', argument: 'ok' });
    });
    expect(run.transcript.status).toBe('complete');
    expect(mostPerProvider).toBe(3);
    expect(most).toBe(6);
  });

  it('lets every seat of a large panel listen to the run signal without a listener-leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const run = await fakeDebate({ seats: 40, rounds: 1 }, async () => JSON.stringify({ vote: 'Yes', argument: 'ok' }), (client) => ({
        ...client,
        provider: client.provider,
        model: client.model,
        // As the watchdog does: each call in flight listens to the run's signal.
        async complete(request, hooks) {
          const onAbort = () => {};
          hooks.signal.addEventListener('abort', onAbort, { once: true });
          await new Promise((resolve) => setImmediate(resolve));
          try {
            return await client.complete(request, hooks);
          } finally {
            hooks.signal.removeEventListener('abort', onAbort);
          }
        },
      }));
      expect(run.transcript.status).toBe('complete');
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('shortens quoted arguments to fit --max-context, each with an explicit marker', async () => {
    const long = (seat: string) => `${seat} says ${'word '.repeat(3000)}end.`;
    const run = await fakeDebate({ seats: 8, maxContext: 6000 }, (seat) => JSON.stringify({ vote: 'Yes', argument: long(seat) }));
    const later = run.requests.filter((r) => roundOf(r.request) === 2);
    expect(later).toHaveLength(8);
    for (const { request } of later) {
      const prompt = promptOf(request);
      expect(estimateTokens(request.system + prompt) + request.maxTokens).toBeLessThanOrEqual(6000);
      expect(prompt.match(/\[… \d+ words not shown\]/g)).toHaveLength(8);
      for (let i = 1; i <= 8; i++) expect(prompt).toContain(`Seat ${i} says word`);
    }
    // A round that fits is quoted whole.
    const small = await fakeDebate({ seats: 3 }, (seat) => JSON.stringify({ vote: 'Yes', argument: `${seat} is brief.` }));
    expect(small.requests.some((r) => /not shown/.test(promptOf(r.request)))).toBe(false);
  });

  it('records a re-ask apart from retries and emits it as its own event', async () => {
    const run = await fakeDebate({ seats: 2, rounds: 1 }, (seat, _r, n) => (seat === 'Seat 1' && n === 1 ? 'no idea' : JSON.stringify({ vote: 'No', argument: 'fine' })));
    const turn = run.transcript.rounds[0]!.turns[0]!;
    expect(turn.reasks).toEqual([{ reason: expect.stringMatching(/neither a JSON object/) }]);
    expect(turn.retries).toBeUndefined();
    expect(run.events.filter((e) => e.type === 'reask')).toHaveLength(1);
    expect(run.events.filter((e) => e.type === 'retry')).toHaveLength(0);
  });

  it('gives each seat its persona, and its stance in round 1 only', async () => {
    const seats = [
      { name: 'Advocate', model: 'openai:gpt-test', persona: "You are the devil's advocate.", stance: 'No' },
      { name: 'Plain', model: 'openai:gpt-test' },
    ];
    const run = await fakeDebate({ seats }, () => JSON.stringify({ vote: 'Yes', argument: 'ok' }));
    const advocate = run.requests.filter((r) => r.seat === 'Advocate');
    expect(advocate.every((r) => r.request.system.includes("Your role on this panel: You are the devil's advocate."))).toBe(true);
    expect(promptOf(advocate.find((r) => roundOf(r.request) === 1)!.request)).toMatch(/assigned to argue for "No"/);
    expect(promptOf(advocate.find((r) => roundOf(r.request) === 2)!.request)).not.toMatch(/assigned to argue/);
    expect(run.requests.filter((r) => r.seat === 'Plain').some((r) => /Your role|assigned to argue/.test(r.request.system + promptOf(r.request)))).toBe(false);
    expect(run.transcript.panel[0]).toMatchObject({ persona: "You are the devil's advocate.", stance: 'No' });
  });

  it('with --shuffle gives readers their own order, the same for the same seed', async () => {
    const reply = (seat: string) => JSON.stringify({ vote: 'Yes', argument: `ARG-${seat.replace(' ', '')}` });
    const orders = async (seed: number) => {
      const run = await fakeDebate({ seats: 6, shuffle: true, seed }, reply);
      return run.requests
        .filter((r) => roundOf(r.request) === 2)
        .sort((a, b) => a.seat.localeCompare(b.seat))
        .map((r) => [...promptOf(r.request).matchAll(/ARG-(Seat\d)/g)].map((m) => m[1]).join(','));
    };
    const first = await orders(7);
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(await orders(7)).toEqual(first);
    expect(await orders(8)).not.toEqual(first);
    const plain = await fakeDebate({ seats: 6 }, reply);
    for (const r of plain.requests.filter((x) => roundOf(x.request) === 2)) {
      expect([...promptOf(r.request).matchAll(/ARG-(Seat\d)/g)].map((m) => m[1])).toEqual(['Seat1', 'Seat2', 'Seat3', 'Seat4', 'Seat5', 'Seat6']);
    }
  });
});

describe('the rules the engine stands on', () => {
  it.each([
    ['Yes', 'Yes'],
    ['yes', 'Yes'],
    ['B', 'No'],
    ['(a)', 'Yes'],
    ['**No**', 'No'],
    ['A: Yes', 'Yes'],
    ['Option B', 'No'],
    ['A: No', null],
    ['Maybe', null],
    ['', null],
  ])('matches the vote %j to %j', (raw, option) => {
    expect(matchOption(raw, ['Yes', 'No'])).toBe(option);
  });

  it.each([
    ['{"vote": "Yes", "argument": "Because."}', { ok: true, vote: 'Yes', argument: 'Because.' }],
    ['```json\n{"vote": "b", "argument": "No way."}\n```', { ok: true, vote: 'No', argument: 'No way.' }],
    ['Here: {"vote": "A", "argument": "x"} done', { ok: true, vote: 'Yes', argument: 'x' }],
    ['Vote: No\nBecause it is not.', { ok: true, vote: 'No', argument: 'Because it is not.' }],
    ['{"vote": "Maybe", "argument": "x"}', { ok: false, reason: 'the vote "Maybe" is not one of the options' }],
    ['', { ok: false, reason: 'the reply was empty' }],
  ])('reads the reply %j', (text, expected) => {
    expect(parseVoteReply(text, null, ['Yes', 'No'])).toEqual(expected);
  });

  it('counts votes for the options only', () => {
    expect(tallyVotes(['Yes', 'No'], ['Yes', 'No', 'Yes', null, 'Maybe', '__proto__'])).toEqual({ tally: { Yes: 2, No: 1 }, counted: 3 });
  });

  it.each([
    ['{"ranking": ["Response B", "Response A", "Response C"], "reason": "B is best."}', { order: [1, 0, 2], reason: 'B is best.' }],
    ['```json\n{"ranking": ["c", "a", "b"], "reason": "ok"}\n```', { order: [2, 0, 1], reason: 'ok' }],
    ['Ranking: C, A, B\nC argued best.', { order: [2, 0, 1], reason: 'C argued best.' }],
    ['**Ranking:** Response A > Response C > Response B\nA wins.', { order: [0, 2, 1], reason: 'A wins.' }],
  ])('reads the ranking %j', (text, value) => {
    expect(parseRankingReply(text, null, 3)).toEqual({ ok: true, value });
  });

  it.each([
    ['{"ranking": ["Response A", "Response B"], "reason": "x"}', 'the ranking leaves out Response C'],
    ['{"ranking": ["A", "A", "B", "C"], "reason": "x"}', 'Response A is ranked twice'],
    ['{"ranking": ["A", "B", "D"], "reason": "x"}', '"D" is not one of the responses shown'],
    ['{"ranking": ["A", "B", "C"], "reason": ""}', 'the ranking has no reason'],
    ['I like them all.', 'the reply holds neither a JSON object with "ranking" and "reason" nor a first line "Ranking: …"'],
  ])('refuses the ranking %j', (text, reason) => {
    expect(parseRankingReply(text, null, 3)).toEqual({ ok: false, reason });
  });

  it('aggregates rankings by Borda count, ties broken by first places, then seat order', () => {
    const panel = ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id, model: null }));
    expect(bordaRanking(panel, [['b', 'c', 'd'], ['a', 'c', 'd'], ['a', 'b', 'd'], ['a', 'b', 'c']])).toEqual([
      { debater: 'a', points: 6, firsts: 3 },
      { debater: 'b', points: 4, firsts: 1 },
      { debater: 'c', points: 2, firsts: 0 },
      { debater: 'd', points: 0, firsts: 0 },
    ]);
    // All three earn 2 points; b has no first place, so it comes last although it sits before c.
    expect(bordaRanking(panel.slice(0, 3), [['a', 'b', 'c'], ['c', 'b', 'a']]).map((e) => [e.debater, e.points, e.firsts])).toEqual([
      ['a', 2, 1],
      ['c', 2, 1],
      ['b', 2, 0],
    ]);
  });

  it('fits quoted arguments in other scripts by their weight, not four characters a token', () => {
    // Chinese: about 1.5 tokens a character by the estimate; Russian: about one.
    const chinese = '大型语言模型的训练需要大量的数据、算力与工程经验，这些因素共同构成了进入壁垒。'.repeat(40);
    const russian = 'Есть ли ров у обучения больших языковых моделей? '.repeat(40);
    for (const text of [chinese, russian, `${chinese} ${russian}`]) {
      const cut = shorten(text.replace(/。/g, '。 '), 100);
      expect(cut.hidden).toBeGreaterThan(0);
      expect(estimateTokens(cut.text)).toBeLessThanOrEqual(100);
    }
    const budget = 600;
    const fitted = fitTexts([chinese, russian, 'short English text'], budget);
    expect(fitted.reduce((n, f) => n + estimateTokens(f.text), 0)).toBeLessThanOrEqual(budget);
    expect(fitted[2]).toEqual({ text: 'short English text', hidden: 0 });
    expect(estimateTokens(chinese)).toBeGreaterThan(chinese.length);
  });

  it('shortens texts to a budget with a marker, keeping short ones whole', () => {
    const cut = shorten('one two three four five six seven eight nine ten eleven twelve', 12);
    expect(cut).toEqual({ text: 'one two three', hidden: 9 });
    expect(estimateTokens(`${cut.text} ${notShown(cut.hidden)}`)).toBeLessThanOrEqual(12);
    expect(shorten('short enough', 12)).toEqual({ text: 'short enough', hidden: 0 });
    const texts = ['short', 'x '.repeat(2000), 'y '.repeat(2000)];
    const fitted = fitTexts(texts, 1000);
    expect(fitted[0]).toEqual({ text: 'short', hidden: 0 });
    expect(fitted[1]!.hidden).toBeGreaterThan(1000);
    expect(fitted.reduce((n, t) => n + estimateTokens(t.hidden ? `${t.text} ${notShown(t.hidden)}` : t.text), 0)).toBeLessThanOrEqual(1000);
    expect(fitTexts(['a', 'b'], 100)).toEqual([{ text: 'a', hidden: 0 }, { text: 'b', hidden: 0 }]);
    // The marker is roundtable's own line in the quote, never normalised away with the quoted text.
    expect(new PromptBook(undefined, 'MATERIAL-test').quoteMaterial('x', 'kept words', 212)).toMatch(/kept words\n\S+ \[… 212 words not shown\]\n/);
  });

  it('letters seats beyond Z, keeps a seat\'s letter for the whole run, and scrubs names', () => {
    expect([0, 25, 26, 27, 701, 702].map(seatLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    const panel = [
      { id: 'gpt-5-4', name: 'GPT-5.4', model: 'openai:gpt-5.4' },
      { id: 'claude', name: 'Claude Opus 4.6', model: 'anthropic:claude-opus-4-6' },
    ];
    const options = { anonymize: true, shuffle: false, seed: 1 };
    const rounds = [1, 2, 3, 4, 5, 6].map((r) => roundSeating(panel, r, options).letters);
    expect(new Set(rounds.map((l) => JSON.stringify(l))).size).toBe(1);
    expect(rounds[0]).toEqual(runLetters(panel, options));
    // The draw is the seed's: across seeds a seat goes by either letter.
    expect(new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => runLetters(panel, { ...options, seed })['gpt-5-4']))).toEqual(new Set(['A', 'B']));
    const scrub = nameScrubber(panel, (id) => (id === 'claude' ? 'Panelist B' : 'Panelist A'));
    expect(scrub('As GPT-5.4 from OpenAI, I answer Claude Opus 4.6 (claude-opus-4-6 by Anthropic), unlike Grok.')).toBe(
      'As Panelist A from [name withheld], I answer Panelist B (Panelist B by [name withheld]), unlike [name withheld].',
    );
    expect(readingOrder([1, 2, 3], 'x', 2, 'arguments', options)).toEqual([1, 2, 3]);
  });

  it('scrubs a text for each reader with that reader\'s labels, however often the text was scrubbed before', () => {
    const panel = [
      { id: 'a', name: 'GPT-5.4', model: 'openai:gpt-5.4' },
      { id: 'b', name: 'Claude', model: 'anthropic:claude-opus-4-6' },
      { id: 'c', name: 'Twin', model: null },
      { id: 'd', name: 'Twin', model: null },
    ];
    const text = 'gpt-5.4 and CLAUDE disagree; Twin abstains; OpenAI says nothing.';
    const first = nameScrubber(panel, (id) => `Response ${id.toUpperCase()}`);
    const second = nameScrubber(panel, (id) => ({ a: 'Response Q', b: 'Response R' })[id] ?? 'another member');
    expect(first(text)).toBe('Response A and Response B disagree; [name withheld] abstains; [name withheld] says nothing.');
    expect(second(text)).toBe('Response Q and Response R disagree; another member abstains; [name withheld] says nothing.');
    expect(first(text)).toBe('Response A and Response B disagree; [name withheld] abstains; [name withheld] says nothing.');
  });

  it.each([
    ['names each response the reader saw', 'Response A beat Response C; Response B was weakest.', 'Response A (Alpha) beat Response C (Gamma); Response B (Beta) was weakest.'],
    ['leaves a letter past what it saw', 'Response D is not there.', 'Response D is not there.'],
    ['leaves one already named', 'Response A (Alpha) led.', 'Response A (Alpha) led.'],
    ['leaves other words', 'My Responses and responseA stay.', 'My Responses and responseA stay.'],
  ])('namedResponses %s', (_what, reason, expected) => {
    const panel = [
      { id: 'a', name: 'Alpha', model: null },
      { id: 'b', name: 'Beta', model: null },
      { id: 'g', name: 'Gamma', model: null },
    ];
    expect(namedResponses(panel, reason, ['a', 'b', 'g'])).toBe(expected);
    expect(namedResponses(panel, reason, undefined)).toBe(reason);
  });

  it('namedPanelists names each panelist by the letters of the round the text was written in', () => {
    const panel = [
      { id: 'a', name: 'Alpha', model: null },
      { id: 'b', name: 'Beta', model: null },
    ];
    const text = "Panelist B answered Panelist A; Panelist C is nobody; Panelist A (Alpha) stays.";
    expect(namedPanelists(panel, text, { a: 'B', b: 'A' })).toBe("Panelist B (Alpha) answered Panelist A (Beta); Panelist C is nobody; Panelist A (Alpha) stays.");
    expect(namedPanelists(panel, text, undefined)).toBe(text);
  });

  it('reads council labels past ZZ (a 1,000-seat council shows 999 responses, to "Response ALK")', () => {
    for (const i of [0, 25, 26, 701, 702, 998]) expect(letterIndex(seatLetter(i))).toBe(i);
    const count = 999;
    const order = Array.from({ length: count }, (_, i) => `Response ${seatLetter(count - 1 - i)}`);
    const parsed = parseRankingReply(JSON.stringify({ ranking: order, reason: 'by merit' }), null, count);
    expect(parsed.ok && parsed.value.order.slice(0, 2)).toEqual([998, 997]);
  });

  it('seats a round once for all its readers: the same seating, each scrubbed text made once', () => {
    const panel = Array.from({ length: 200 }, (_, i) => ({ id: `s${i}`, name: `Model ${i}`, model: `openai:model-${i}` }));
    const options = { anonymize: true, shuffle: true, seed: 3 };
    const seating = roundSeating(panel, 2, options);
    expect(roundSeating(panel, 2, { ...options })).toBe(seating);
    expect(roundSeating(panel, 3, options)).toBe(seating);
    expect(roundSeating(panel, 2, { ...options, seed: 4 })).not.toBe(seating);
    const text = 'Model 12 and model-7 agree with OpenAI.';
    const once = seating.scrub(text);
    expect(once).toBe(`${seating.label('s12')} and ${seating.label('s7')} agree with [name withheld].`);
    expect(seating.scrub(text)).toBe(once);
    // The order of a round's letters is the same for every reader (sorted once), and a copy each time.
    const turns = panel.map((p) => ({ debater: p.id }));
    const sorted = byLetters(turns, seating.letters);
    expect(sorted.map((t) => seating.letters![t.debater])).toEqual(panel.map((_, i) => seatLetter(i)));
    expect(byLetters(turns, seating.letters)).not.toBe(sorted);
    expect(byLetters(turns, seating.letters)).toEqual(sorted);
  });
});

describe('a round\'s requests going out', () => {
  const vote = () => JSON.stringify({ vote: 'Yes', argument: 'a reason' });

  it('sends the first request of a later round before the rest of its prompts are built (they wait for the next turn of the event loop)', async () => {
    const { vi } = await import('vitest');
    const built = vi.spyOn(PromptBook.prototype, 'fillParts');
    const builtAtFirstRequest: number[] = [];
    try {
      const run = await fakeDebate({ seats: 6, rounds: 3 }, (_seat, request) => {
        const round = roundOf(request);
        if (round > 1 && builtAtFirstRequest.length < round - 1) builtAtFirstRequest.push(built.mock.calls.length);
        return vote();
      });
      // Built all at once, the first request of round 2 would find the six prompts made (and of round 3, twelve).
      expect(builtAtFirstRequest).toEqual([1, 7]);
      expect(run.requests).toHaveLength(18);
      expect(run.transcript.status).toBe('complete');
      expect(run.transcript.rounds.map((r) => r.turns.map((t) => t.debater))).toEqual(Array.from({ length: 3 }, () => ['s1', 's2', 's3', 's4', 's5', 's6']));
    } finally {
      built.mockRestore();
    }
  });

  it('an interrupt while a round\'s requests are going out: no request after it, every finished round kept, the run interrupted', async () => {
    const controller = new AbortController();
    const run = await fakeDebate(
      { seats: 5, rounds: 3 },
      (_seat, request) => {
        if (roundOf(request) === 2) controller.abort(new Error('interrupted'));
        return vote();
      },
      undefined,
      { signal: controller.signal },
    );
    expect(run.transcript.status).toBe('interrupted');
    expect(run.requests.filter((r) => roundOf(r.request) === 2)).toHaveLength(1);
    expect(run.transcript.rounds[0]!.turns).toHaveLength(5);
    // The events the UI reads stay in their order: every turn_started of round 2 before the interruption.
    const types = run.events.map((e) => e.type);
    expect(types.lastIndexOf('turn_started')).toBeLessThan(types.indexOf('interrupted'));
    expect(types.filter((t) => t === 'turn_started')).toHaveLength(10);
  });

  it('records no turn of a round before the transcript of the round before is on disk', async () => {
    const { transcriptWriter } = await import('../src/transcript/store.js');
    const { existsSync, mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'rt-saved-')), 't.json');
    const writer = transcriptWriter(path, () => {});
    // On disk when each turn of a later round is recorded: the rounds before it, whole.
    const onDisk: number[][] = [];
    const run = await fakeDebate({ seats: 4, rounds: 3 }, vote, undefined, {
      saved: writer.settled,
      listen: (e) => {
        writer.listener(e);
        if (e.type !== 'turn_finished' || e.round === 1) return;
        const saved = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Transcript) : null;
        onDisk.push(saved ? saved.rounds.filter((r) => r.number < e.round).map((r) => r.turns.length) : []);
      },
    });
    // A reply that lands at once (as these do) is recorded only after the save of the round before.
    expect(onDisk).toEqual([...Array.from({ length: 4 }, () => [4]), ...Array.from({ length: 4 }, () => [4, 4])]);
    const save = await writer.finish(run.transcript);
    expect(save.saved).toBe(true);
    expect((JSON.parse(readFileSync(path, 'utf8')) as Transcript).rounds).toHaveLength(3);
  });
});

describe('a round\'s quotes made once for its readers', () => {
  it('gives every reader the prompt it would get on its own: its own turn as "(you)", its own order, a turn changed since seen again', async () => {
    const { roundtable } = await import('../src/protocols/roundtable.js');
    const panel = Array.from({ length: 7 }, (_, i) => ({ id: `s${i + 1}`, name: `Seat ${i + 1}`, model: 'openai:gpt-test' }));
    const round = {
      number: 1,
      turns: panel.map((p, i) => ({ debater: p.id, vote: i === 3 ? null : i % 2 ? 'Yes' : 'No', argument: `Seat ${i + 1}'s case: ${'because '.repeat(10 + i)}`, previousVote: null, changed: false, latencyMs: 1, usage: null, error: null })),
    };
    const ask = (book: PromptBook, seating: { anonymize: boolean; shuffle: boolean; seed: number }, reader: (typeof panel)[number], maxContext = 200_000, before = round) =>
      roundtable.question(book, { motion: 'Green?', options: ['Yes', 'No'], round: 2, rounds: 3, seat: reader, panel, history: [before], previousVote: 'Yes', briefing: [], seating, maxContext, maxTokens: 500 });
    for (const seating of [
      { anonymize: false, shuffle: false, seed: 3 },
      { anonymize: true, shuffle: false, seed: 3 },
      { anonymize: false, shuffle: true, seed: 3 },
    ]) {
      for (const maxContext of [200_000, 1_200]) {
        // One book for the round (its quotes shared), against a book of its own for each reader (nothing shared).
        const shared = new PromptBook(undefined, 'MATERIAL-test');
        for (const reader of panel) {
          const got = ask(shared, seating, reader, maxContext);
          const alone = ask(new PromptBook(undefined, 'MATERIAL-test'), seating, reader, maxContext);
          expect(got.prompt).toBe(alone.prompt);
          expect(got.parts).toEqual(alone.parts);
          expect(got.prompt).toContain(`${seating.anonymize ? '' : `Seat ${reader.id.slice(1)} (you)`}`);
        }
      }
    }
    // A turn of the round changed after its quotes were shared: the next reader is shown the new text.
    const book = new PromptBook(undefined, 'MATERIAL-test');
    const seating = { anonymize: false, shuffle: false, seed: 3 };
    const again = { number: 1, turns: round.turns.map((t) => ({ ...t })) };
    expect(ask(book, seating, panel[0]!, undefined, again).prompt).toContain("Seat 2's case");
    expect(ask(book, seating, panel[1]!, undefined, again).prompt).toContain("Seat 2's case");
    again.turns[1]!.argument = 'Seat 2 thought again.';
    expect(ask(book, seating, panel[2]!, undefined, again).prompt).toContain('Seat 2 thought again.');
    expect(ask(book, seating, panel[2]!, undefined, again).prompt).not.toContain("Seat 2's case");
  });
});

describe('the transcript writer', () => {
  it('writes when a round finishes and at the end, never once per turn', async () => {
    const { transcriptWriter } = await import('../src/transcript/store.js');
    const { existsSync, mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'rt-writer-')), 't.json');
    const run = await fakeDebate({ seats: 3, rounds: 1 }, () => JSON.stringify({ vote: 'Yes', argument: 'ok' }));
    const writer = transcriptWriter(path, () => {});
    const t = run.transcript;
    writer.listener({ type: 'turn_finished', round: 1, turn: t.rounds[0]!.turns[0]!, transcript: t });
    expect(existsSync(path)).toBe(false);
    writer.listener({ type: 'round_finished', round: 1, transcript: t });
    await writer.settled();
    expect(JSON.parse(readFileSync(path, 'utf8')).rounds[0].turns).toHaveLength(3);
  });
});
