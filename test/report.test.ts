// roundtable report: the page is one inert file (no request, no script but its own, no key), every
// model text escaped, and its pictures say what the transcript says.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchFigures } from '../src/report/batch-figures.js';
import { costSpec } from '../src/report/batch-section.js';
import { tallySpec } from '../src/report/debate-charts.js';
import { debateModel, NO_VOTE, voteLabel } from '../src/report/debate-model.js';
import { debateSection } from '../src/report/debate-section.js';
import { flowLayout } from '../src/report/vote-flow.js';
import { asReport } from '../src/report/types.js';
import { importText } from '../src/transcript/text-import.js';
import type { Transcript } from '../src/core/schema.js';
import { runCli, tempDir } from './support/cli.js';

const SEED = join(import.meta.dirname, '..', 'seeds', '000_30eaba9eac67d68e.json');
const KEY = 'sk-proj-Abcdefghijklmnop1234567890';
const HOSTILE = [
  '</script><script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '"><svg onload=alert(3)>',
  '\u001b[2J\u001b]0;pwned\u0007',
  'bidi \u202eevil\u202c and \u2066isolate\u2069',
  '</details></section><a href="https://evil.example/">x</a>',
  `my key is ${KEY}`,
].join(' ');

function hostileTranscript(): Transcript {
  const seed = JSON.parse(readFileSync(SEED, 'utf8')) as Transcript;
  const options = ['<b>Yes</b>', '</script>No'];
  const panel = seed.panel.slice(0, 3).map((p, i) => ({ ...p, name: `${p.name} ${i ? '\u202e' : '<i onmouseover=alert(4)>'}` }));
  const turn = (debater: string, vote: string, previousVote: string | null, latencyMs: number) => ({
    debater,
    vote,
    argument: HOSTILE,
    previousVote,
    changed: previousVote !== null && previousVote !== vote,
    latencyMs,
    usage: { inputTokens: 100, outputTokens: 50 },
    error: null,
    retries: [{ attempt: 2, reason: `429 ${HOSTILE}`, delayMs: 500 }],
  });
  return {
    ...seed,
    motion: `Motion ${HOSTILE}`,
    options,
    source: 'live',
    panel,
    judge: { name: `Judge ${HOSTILE}`, model: 'anthropic:claude-opus-4-6' },
    rounds: [
      { number: 1, turns: [turn(panel[0]!.id, options[0]!, null, 900), turn(panel[1]!.id, options[1]!, null, 1200), turn(panel[2]!.id, options[1]!, null, 700)] },
      { number: 2, turns: [turn(panel[0]!.id, options[0]!, options[0]!, 800), turn(panel[1]!.id, options[0]!, options[1]!, 600), turn(panel[2]!.id, options[1]!, options[1]!, 1500)] },
    ],
    result: { label: 'Majority', winner: options[0]!, tally: { [options[0]!]: 2, [options[1]!]: 1 }, validVotes: 3, panelSize: 3, abstentions: 0 },
    judgement: { summary: HOSTILE, strongestArguments: { [options[0]!]: HOSTILE, [options[1]!]: HOSTILE }, turningPoints: [HOSTILE] },
  };
}

async function report(transcripts: Transcript[], env: Record<string, string> = {}): Promise<string> {
  const dir = tempDir();
  const files = transcripts.map((t, i) => {
    const f = join(dir, `t${i}.json`);
    writeFileSync(f, JSON.stringify(t));
    return f;
  });
  const run = await runCli(['report', ...files, '-o', join(dir, 'out.html')], { cwd: dir, env });
  expect(run.stderr).toMatch(/Report written to/);
  expect(run.code).toBe(0);
  return readFileSync(join(dir, 'out.html'), 'utf8');
}

describe('roundtable report with hostile text', () => {
  it('escapes every model text: no tag, script, escape sequence, bidi control or key from a transcript reaches the page', async () => {
    const html = await report([hostileTranscript()], { OPENAI_API_KEY: KEY });
    // The page's own script is the only one, and nothing from the transcript became markup.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(/<img|<svg onload|<i onmouseover|<b>Yes|<a href="https/.test(html)).toBe(false);
    // No event-handler attribute on any real tag (attribute values, where escaped text may sit, set aside).
    expect((html.replace(/"[^"]*"/g, '""').match(/<[a-z][^>]*>/gi) ?? []).filter((tag) => /\son[a-z]+\s*=/i.test(tag))).toEqual([]);
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(2)&gt;');
    // No control characters (newlines and tabs aside), no bidi controls, no key.
    // eslint-disable-next-line no-control-regex
    expect(html).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(html).not.toContain(KEY);
    expect(html).not.toContain('Abcdefghijklmnop');
    expect(html).toContain('[redacted]');
    // Nothing to fetch: a policy that forbids every request, no attribute that loads anything, links only within the page.
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    const tags = html.replace(/"[^"]*"/g, (v) => (v.startsWith('"#') ? v : '""'));
    const realTags = tags.match(/<[a-z][^>]*>/gi) ?? [];
    expect(realTags.filter((tag) => /\s(?:src|srcset|poster|data|action|formaction|background)\s*=/i.test(tag))).toEqual([]);
    expect([...html.matchAll(/\s(?:xlink:)?href="([^"]*)"/g)].every((m) => m[1]!.startsWith('#'))).toBe(true);
    expect(/url\((?!#)|@import/i.test(html)).toBe(false);
  });

  it('several transcripts: the batch figures, a link to each debate and each debate’s section', async () => {
    const seed = JSON.parse(readFileSync(SEED, 'utf8')) as Transcript;
    // Two different runs (two ids: the same id twice is one run, and two versions of one run are refused).
    const html = await report([seed, { ...hostileTranscript(), id: 'hostile-run' }]);
    expect(html).toContain('href="#debate-1"');
    expect(html).toContain('href="#debate-2"');
    expect(html).toContain('id="debate-1"');
    expect(html).toContain('id="debate-2"');
    expect(html).toContain('data-picture="outcomes"');
    expect(html).toContain('data-picture="flips"');
    expect(html.match(/<script/g)).toHaveLength(1);
  });
});

describe('roundtable report, tokens and cost', () => {
  it('shows each seat’s recorded cost, the judge’s and the run’s, with a cost chart', async () => {
    const t = hostileTranscript();
    const [a, b, c] = t.panel.map((p) => p.id);
    const withCost = { ...t, cost: { usd: 0.4567, byDebater: { [a!]: 0.1234, [b!]: 0.2, [c!]: null }, judge: 0.1333, unpriced: [] }, judgeUsage: { inputTokens: 1000, outputTokens: 200 } };
    const html = await report([withCost as unknown as Transcript]);
    const usage = html.slice(html.indexOf('<table class="usage">'));
    const row = (name: string) => usage.match(new RegExp(`<tr><td class="name">${name}[^<]*</td>(.*?)</tr>`))?.[1] ?? '';
    // Four decimals everywhere on the page (the table says what the chart says).
    expect(row('GPT-5.4')).toContain('$0.2000</td>');
    expect(row('Gemini 3.1 Pro')).toContain('—');
    expect(row('Judge')).toContain('$0.1333</td>');
    expect(html).toMatch(/<th>Total<\/th><th><\/th><th class="num">1,600<\/th>.*?\$0\.4567<\/th>/);
    expect(html).not.toContain('would have cost live');
    expect(html).toContain('data-picture="cost"');
    expect(html).toContain('aria-label="GPT-5.4: $0.2000"');
  });
});

describe('roundtable report, a batch’s cost and answers', () => {
  /** Two questions, two repeats each, with known answers and costs: what `roundtable batch` writes. */
  function batchRuns(source: 'mock' | 'live'): Transcript[] {
    const t = hostileTranscript();
    const [yes, no] = t.options as [string, string];
    return [
      ['q-one', 1, 0.01, yes],
      ['q-one', 2, 0.02, yes],
      ['q-two', 1, 0.03, no],
      ['q-two', 2, 0.05, no],
    ].map(([question, repeat, usd, answer]) => ({ ...t, id: `${question}-${repeat}`, source, answer, batch: { question, repeat }, cost: { usd, byDebater: {}, judge: null, unpriced: [] } }) as unknown as Transcript);
  }

  it('with repeats, the cost chart gives each question’s mean cost per run, each run a tick, and stats’ totals', async () => {
    const html = await report(batchRuns('mock'));
    const batch = html.slice(0, html.indexOf('<section class="debate"'));
    expect(batch).toContain('<h3>Cost per question</h3>');
    expect(batch).toContain('aria-label="q-one: $0.0150 per run (mean of 2 runs, $0.0100–$0.0200)"');
    expect(batch).toContain('aria-label="q-two: $0.0400 per run (mean of 2 runs, $0.0300–$0.0500)"');
    // roundtable stats: $0.11 over 4 runs; q-one's majority is right (2 of 3 seats), q-two's is not:
    // $0.11 over the 2 correct decisions of the same 4 priced runs.
    expect(batch).toMatch(/\$0\.1100 over 4 priced runs \(0 unpriced\): \$0\.0275 per run, \$0\.0550 per correct final decision\. Mock runs: what they would have cost live/);
    expect(batch).toContain('cost if run live (4 priced)');
    // Each debate says which question and repeat it is, and whether its result found the answer.
    expect(html).toContain('<span class="badge">q-one · repeat 2</span>');
    expect(html).toMatch(/<span class="badge">answer &lt;b&gt;Yes&lt;\/b&gt; · the result is right<\/span>/);
    expect(html).toMatch(/<span class="badge warn">answer &lt;\/script&gt;No · the result is wrong<\/span>/);
    expect(html).toContain('A mock run: the cost is what it would have cost live');
  });

  it('without repeats, one bar per run; live runs say nothing about mock prices', async () => {
    const runs = batchRuns('live').filter((t) => (t as { batch?: { repeat: number } }).batch!.repeat === 1);
    const f = batchFigures(runs.map(asReport));
    const spec = costSpec(f.cost) as { layer: { encoding: { y: { field: string } } }[] };
    expect(spec.layer[0]!.encoding.y.field).toBe('label');
    const html = await report(runs);
    expect(html).toContain('<h3>Cost per run</h3>');
    expect(html).not.toContain('would have cost live');
  });
});

describe('the tally per round', () => {
  it('lists “no vote” in its legend only when some seat gave none', () => {
    const t = asReport(hostileTranscript());
    const domain = (x: typeof t) => (tallySpec(debateModel(x)) as unknown as { layer: { encoding: { color: { scale: { domain: string[] } } } }[] }).layer[0]!.encoding.color.scale.domain;
    expect(domain(t)).toEqual(t.options);
    const abstained = { ...t, rounds: t.rounds.map((r, i) => (i ? { ...r, turns: r.turns.map((x, k) => (k ? x : { ...x, vote: null, error: 'timeout' })) } : r)) };
    expect(domain(abstained)).toEqual([...t.options, NO_VOTE]);
  });
});

describe('a council run', () => {
  it('shows the aggregate ranking as a chart and each seat’s ballot, by name', async () => {
    const t = hostileTranscript();
    const [a, b, c] = t.panel.map((p) => p.id) as [string, string, string];
    const council = {
      ...t,
      protocol: 'council',
      rounds: t.rounds.map((r) => ({ ...r, turns: r.turns.map((x, i) => ({ ...x, ranking: i === 0 ? [b, c] : i === 1 ? [a, c] : [a, b] })) })),
      result: { ...t.result!, ranking: [{ debater: a, points: 4, firsts: 2 }, { debater: b, points: 2, firsts: 1 }, { debater: c, points: 0, firsts: 0 }] },
    };
    const html = await debateSection(asReport(council as unknown as Transcript), 'debate-1', 'h1');
    expect(html).toContain('<h3>Council ranking</h3>');
    expect(html).toContain('aria-label="1. Grok 4.1 Fast &lt;i onmouseover=alert(4)&gt;: 4 points, 2 first places"');
    expect(html).toContain('aria-label="2. GPT-5.4: 2 points, 1 first place"');
    expect(html).toMatch(/<td>Round 2<\/td><td class="name">GPT-5\.4<\/td><td class="name">1\. Grok 4\.1 Fast &lt;i onmouseover=alert\(4\)&gt; · 2\. Gemini 3\.1 Pro/);
    expect(html).toContain('<span class="badge">council</span>');
  });
});

describe('the vote-flow layout', () => {
  it('has one mark per seat per round, saying its vote, and one band per seat between rounds, marked when it changed', () => {
    const t = asReport(hostileTranscript());
    const m = debateModel(t);
    const layout = flowLayout(m);
    expect(layout.slots).toHaveLength(6);
    expect(layout.bands).toHaveLength(3);
    const changed = layout.bands.filter((b) => b.changed);
    expect(changed).toHaveLength(1);
    expect(changed[0]!.label).toMatch(/round 1 to 2: <\/script>No to <b>Yes<\/b> \(changed\)$/);
    expect(layout.slots.filter((s) => s.changed).map((s) => s.label)).toEqual([voteLabel(m.cells[1]![1]!)]);
    // Labels are cleaned text (the chart library escapes it): no bidi control survives.
    expect(layout.slots.map((s) => s.label).join('')).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('an imported page that shows one round', () => {
  it('marks the seats the page marks "(changed mind)", from the vote the page names when it does', async () => {
    const page = [
      'AI Roundtable Debate · 3 models',
      'Is a hot dog a sandwich?',
      'Result: Majority — No (2/3 votes)',
      'Options',
      '- Yes (1 votes)',
      '- No (2 votes)',
      'Model Responses',
      'GPT-5.4 (changed mind)',
      'Vote: No',
      'It is its own category.',
      'Claude Opus 4.6',
      'Vote: No',
      'Bread on one side only.',
      'Grok 4',
      'Vote: Yes (changed from No)',
      'Two breads, one filling.',
      '',
    ].join('\n');
    const t = asReport(importText(page, 'page.txt'));
    const m = debateModel(t);
    const cell = (name: string) => m.cells[0]!.find((c) => c.seat.name === name)!;
    expect(cell('GPT-5.4').changed).toBe(true);
    expect(voteLabel(cell('GPT-5.4'))).toBe('Round 1: GPT-5.4 voted No (changed mind)');
    expect(cell('Claude Opus 4.6').changed).toBe(false);
    expect(cell('Grok 4').changed).toBe(true);
    expect(voteLabel(cell('Grok 4'))).toBe('Round 1: Grok 4 voted Yes (changed from No)');
    // A turn asked again for a readable reply says so, as an open question's turn does.
    t.rounds[0]!.turns[1]!.reasks = [{ reason: 'no vote line' }];
    const html = await debateSection(t, 'd', 'h1');
    expect(html).toContain('asked again 1×');
    expect(html.match(/data-changed="true"/g)).toHaveLength(2);
    expect(html).toContain('2 changes in all');
  });
});

describe('roundtable report, bad input', () => {
  it('a missing file: one sentence, exit 2', async () => {
    const run = await runCli(['report', 'nope.json', '-o', 'x.html']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/nope\.json/);
  });

  it('a folder without transcripts: one sentence, exit 2', async () => {
    const dir = tempDir();
    const run = await runCli(['report', dir, '-o', join(dir, 'x.html')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/holds no transcript/);
  });

  it('writes any legal name: a 250-character -o (the temporary file beside it has a short name of its own)', async () => {
    const dir = tempDir();
    const name = `${'r'.repeat(245)}.html`;
    const run = await runCli(['report', SEED, '-o', join(dir, name)]);
    expect(run.stderr).toMatch(/Report written to/);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, name), 'utf8')).toContain('<html');
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('an output path that cannot be written: one sentence, exit 2', async () => {
    const dir = tempDir();
    const run = await runCli(['report', SEED, '-o', join(dir, 'missing-dir', 'x.html')]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
