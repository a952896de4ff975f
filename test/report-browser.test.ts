// roundtable report in a real browser: Debian's chromium, driven by playwright-core (no browser
// download). Each report opens with no console error and no request but the file itself, its
// vote-flow picture has a mark for every seat in every round and a band for every seat between
// rounds, saying exactly the transcript's votes, and a screenshot goes to test-artifacts/.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatOpenResult, openResult } from '../src/core/result.js';
import type { Transcript } from '../src/core/schema.js';
import { sanitizeInline } from '../src/util/sanitize.js';
import { buildReport } from '../src/report/report.js';
import { asReport } from '../src/report/types.js';
import { DYNAMO, OpenScript, openTranscript, POSTGRES, SQLITE } from './ui/open-script.js';
import { SEED_PANEL } from './ui/script.js';
import { runCli, tempDir } from './support/cli.js';

const CHROMIUM = process.env.ROUNDTABLE_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ARTIFACTS = resolve(import.meta.dirname, '..', 'test-artifacts');
const SEED = resolve(import.meta.dirname, '..', 'seeds', '000_30eaba9eac67d68e.json');
if (!HAVE_CHROMIUM) {
  console.warn(`SKIPPED: the report browser test needs Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium; .ci/run installs it); none is installed here.`);
}

/** What the vote-flow marks must say, worked out from the transcript's votes alone. */
function expectedLabels(t: Transcript): { marks: string[]; bands: string[] } {
  const rounds = [...t.rounds].sort((a, b) => a.number - b.number);
  const marks: string[] = [];
  const bands: string[] = [];
  for (const seat of t.panel) {
    let last: string | null = null;
    let before: string | null = null;
    rounds.forEach((round, r) => {
      const vote = round.turns.find((x) => x.debater === seat.id)?.vote ?? null;
      const shown = vote ?? 'no vote';
      const changed = vote !== null && last !== null && vote !== last;
      marks.push(`Round ${round.number}: ${seat.name} voted ${shown}${changed ? ` (changed from ${last})` : ''}`);
      if (r > 0) bands.push(`${seat.name}, round ${rounds[r - 1]!.number} to ${round.number}: ${before} to ${shown}${changed ? ' (changed)' : ''}`);
      if (vote !== null) last = vote;
      before = shown;
    });
  }
  return { marks: marks.sort(), bands: bands.sort() };
}

/** What an open question's answer-flow marks and bands must say, worked out from the transcript's answers alone. */
function expectedAnswerLabels(t: Transcript): { marks: string[]; bands: string[] } {
  const answerOf = (r: Transcript['rounds'][number], id: string) => {
    const a = r.turns.find((x) => x.debater === id)?.answer;
    return typeof a === 'string' && a.trim() ? sanitizeInline(a) : null;
  };
  // A council's ranking round holds ballots: the flow leaves it out.
  const rounds = [...t.rounds].sort((a, b) => a.number - b.number).filter((r) => !r.turns.some((x) => x.ranking) && t.panel.some((p) => answerOf(r, p.id) !== null));
  const marks: string[] = [];
  const bands: string[] = [];
  for (const seat of t.panel) {
    rounds.forEach((round, r) => {
      const answer = answerOf(round, seat.id);
      const changed = answer !== null && Boolean(round.turns.find((x) => x.debater === seat.id)?.changed);
      marks.push(`Round ${round.number}: ${seat.name} ${answer === null ? 'gave no answer' : `answered “${answer}”`}${changed ? ' (changed mind)' : ''}`);
      if (r > 0) bands.push(`${seat.name}, round ${rounds[r - 1]!.number} to ${round.number}: ${answer === null ? 'no answer' : changed ? 'changed mind' : 'kept its position'}`);
    });
  }
  return { marks: marks.sort(), bands: bands.sort() };
}

describe.skipIf(!HAVE_CHROMIUM)('roundtable report in Chromium', () => {
  let browser: BrowserContext;
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'roundtable-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1100, height: 900 },
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function report(paths: string[]): Promise<string> {
    const out = join(tempDir(), 'report.html');
    const run = await runCli(['report', ...paths, '-o', out], { env: {} });
    expect(run.stderr).toMatch(/Report written/);
    expect(run.code).toBe(0);
    return out;
  }

  /** Opens the page with every request routed: anything but the file itself fails the test. */
  async function open(file: string, shot: string, width = 1100) {
    const page = await browser.newPage();
    await page.setViewportSize({ width, height: 900 });
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    const errors: string[] = [];
    await page.route('**/*', (route) => {
      const asked = route.request().url();
      if (asked === url) return route.continue();
      requests.push(asked);
      return route.abort();
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(url, { waitUntil: 'load' });
    await page.screenshot({ path: join(ARTIFACTS, shot), fullPage: true });
    return { page, requests, errors };
  }

  /** Runs a script in the page (a string, so no DOM types are needed here). */
  const inPage = <T>(page: Page, script: string): Promise<T> => page.evaluate(script) as Promise<T>;

  async function flowLabels(page: Page, section: string) {
    return inPage<{ marks: string[]; bands: string[]; visible: boolean }>(
      page,
      `(() => {
        const fig = document.querySelector(${JSON.stringify(`${section} figure[data-picture="vote-flow"]`)});
        const of = (name) => [...(fig ? fig.querySelectorAll('g.' + name + ' [aria-label]') : [])].map((e) => e.getAttribute('aria-label')).sort();
        return { marks: of('vote-marks'), bands: of('vote-bands'), visible: !!fig && fig.getBoundingClientRect().width > 0 };
      })()`,
    );
  }

  type Box = { left: number; right: number; top: number; bottom: number };
  /** Where the picture draws things, on screen: each mark and band with its label, each option block with its title. */
  async function flowGeometry(page: Page, section: string) {
    return inPage<{ marks: { label: string; box: Box }[]; blocks: { text: string; box: Box }[]; bands: { label: string; from: { x: number; y: number }; to: { x: number; y: number } }[] }>(
      page,
      `(() => {
        const fig = document.querySelector(${JSON.stringify(`${section} figure[data-picture="vote-flow"]`)});
        const box = (e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; };
        const all = (sel) => [...fig.querySelectorAll(sel)];
        const titles = all('g.vote-block-labels text').map((e) => e.textContent);
        const at = (e, l) => { const q = e.getPointAtLength(l); const s = new DOMPoint(q.x, q.y).matrixTransform(e.getScreenCTM()); return { x: s.x, y: s.y }; };
        return {
          marks: all('g.vote-marks [aria-label]').map((e) => ({ label: e.getAttribute('aria-label'), box: box(e) })),
          blocks: all('g.vote-blocks path').map((e, i) => ({ text: titles[i], box: box(e) })),
          bands: all('g.vote-bands [aria-label]').map((e) => ({ label: e.getAttribute('aria-label'), from: at(e, 0), to: at(e, e.getTotalLength()) })),
        };
      })()`,
    );
  }

  /**
   * The picture's geometry says the votes: every mark sits inside the block of the option it names
   * (a block titled "Option · n" holds n marks), and every band starts at the seat's mark in one round
   * and ends at its mark in the next.
   */
  async function checkFlowGeometry(page: Page, section: string) {
    const g = await flowGeometry(page, section);
    const inside = (b: Box, x: number, y: number, slack = 0) => x >= b.left - slack && x <= b.right + slack && y >= b.top - slack && y <= b.bottom + slack;
    const markVote = (label: string) => /^Round (\d+): (.+) voted (.+?)(?: \(changed from .+\))?$/.exec(label);
    for (const block of g.blocks) {
      const held = g.marks.filter((m) => inside(block.box, (m.box.left + m.box.right) / 2, (m.box.top + m.box.bottom) / 2));
      const [option, count] = block.text.split(' · ');
      expect(held.length, block.text).toBe(Number(count));
      for (const m of held) expect(markVote(m.label)?.[3], m.label).toBe(option);
    }
    expect(g.blocks.reduce((a, b) => a + Number(b.text.split(' · ')[1]), 0)).toBe(g.marks.length);
    const markOf = (round: string, seat: string, vote: string) =>
      g.marks.filter((m) => {
        const v = markVote(m.label);
        return v?.[1] === round && v[2] === seat && v[3] === vote;
      });
    for (const band of g.bands) {
      const b = /^(.+), round (\d+) to (\d+): (.+?) to (.+?)(?: \(changed\))?$/.exec(band.label);
      expect(b, band.label).not.toBeNull();
      const [, seat, r1, r2, v1, v2] = b!;
      const [from] = markOf(r1!, seat!, v1!);
      const [to] = markOf(r2!, seat!, v2!);
      expect(from && inside(from.box, band.from.x, band.from.y, 1.5), `${band.label}: starts at its mark`).toBe(true);
      expect(to && inside(to.box, band.to.x, band.to.y, 1.5), `${band.label}: ends at its mark`).toBe(true);
      expect(Math.abs(band.from.x - from!.box.right)).toBeLessThan(1.5);
      expect(Math.abs(band.to.x - to!.box.left)).toBeLessThan(1.5);
    }
  }

  /** Readable on a small screen: no chart is shrunk below three quarters of its natural size (it scrolls in its box instead). */
  async function chartScales(page: Page): Promise<{ picture: string; scale: number }[]> {
    return inPage(
      page,
      `[...document.querySelectorAll('figure svg')].map((svg) => ({ picture: svg.closest('figure').getAttribute('data-picture') || svg.closest('figure').className, scale: svg.getBoundingClientRect().width / Number(svg.getAttribute('width')) }))`,
    );
  }

  async function checkDebate(page: Page, t: Transcript, section = 'section.debate') {
    const seen = await flowLabels(page, section);
    const want = expectedLabels(t);
    expect(seen.visible).toBe(true);
    expect(seen.marks).toEqual(want.marks);
    expect(seen.bands).toEqual(want.bands);
    await checkFlowGeometry(page, section);
    // The grid says the same, cell by cell.
    const cells = await inPage<string[]>(
      page,
      `[...document.querySelectorAll(${JSON.stringify(`${section} table.grid td[data-seat]`)})].map((td) => td.getAttribute('data-round') + '|' + td.getAttribute('data-seat') + '|' + td.getAttribute('data-vote'))`,
    );
    const grid = t.rounds.flatMap((r) => t.panel.map((p) => `${r.number}|${p.id}|${r.turns.find((x) => x.debater === p.id)?.vote ?? 'no vote'}`));
    expect(cells.sort()).toEqual(grid.sort());
    // Every argument is collapsible.
    const turns = t.rounds.reduce((a, r) => a + r.turns.length, 0);
    expect(await page.locator(`${section} details`).count()).toBe(turns);
  }

  it('the seed debate', async () => {
    const seed = JSON.parse(readFileSync(SEED, 'utf8')) as Transcript;
    const { page, requests, errors } = await open(await report([SEED]), 'report-seed.png');
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await checkDebate(page, seed);
    expect(await page.locator('h1').first().textContent()).toBe(seed.motion);
    expect(await page.locator('.result').first().textContent()).toBe('Supermajority — Yes (5/6 votes)');
    await page.close();
  }, 120_000);

  it('a three-option mock debate with changed minds, on a desktop and on a phone', async () => {
    const dir = tempDir();
    const file = join(dir, 'three.json');
    const run = await runCli(['debate', 'Best first language?', '--options', 'Python,TypeScript,Go', '--mock', '--seed', '7', '--rounds', '3', '--mock-pace', '0', '--headless', '--out', file], { env: {}, cwd: dir });
    expect(run.code).toBe(0);
    const t = JSON.parse(readFileSync(file, 'utf8')) as Transcript;
    expect(t.rounds.flatMap((r) => r.turns).some((x) => x.changed)).toBe(true);
    const html = await report([file]);
    for (const [width, shot] of [[1100, 'report-three-options.png'], [390, 'report-three-options-phone.png']] as const) {
      const { page, requests, errors } = await open(html, shot, width);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
      await checkDebate(page, t);
      // Readable on a phone: the page itself never scrolls sideways (wide pictures scroll in their own box),
      // and no picture is shrunk until its text is too small to read.
      expect(await inPage<boolean>(page, 'document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      for (const c of await chartScales(page)) expect(c.scale, c.picture).toBeGreaterThanOrEqual(0.74);
      await page.close();
    }
    // In print: everything fits the page width, nothing is left in a scrolling box, and colour keys print.
    const { page } = await open(html, 'report-three-options-print.png', 720);
    await page.emulateMedia({ media: 'print' });
    expect(await inPage<boolean>(page, 'document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    expect(await inPage<string[]>(page, `[...document.querySelectorAll('figure, .scroll')].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.outerHTML.slice(0, 80))`)).toEqual([]);
    expect(await inPage<string>(page, `getComputedStyle(document.querySelector('.dot')).printColorAdjust`)).toBe('exact');
    await page.close();
  }, 180_000);

  it('several debates (a folder of mock runs and the seed): figures, links, every debate', async () => {
    const dir = tempDir();
    const transcripts: Transcript[] = [];
    for (const seed of [1, 2, 3]) {
      const file = join(dir, `run-${seed}.json`);
      const run = await runCli(['debate', 'Should cities ban cars?', '--options', 'Yes,No,Partly', '--mock', '--seed', String(seed), '--rounds', '3', '--mock-pace', '0', '--headless', '--out', file], { env: {}, cwd: dir });
      expect(run.code).toBe(0);
      transcripts.push(JSON.parse(readFileSync(file, 'utf8')) as Transcript);
    }
    writeFileSync(join(dir, 'batch.json'), '{}');
    const { page, requests, errors } = await open(await report([dir]), 'report-several.png');
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    for (const picture of ['flips', 'outcomes', 'conformity']) expect(await page.locator(`figure[data-picture="${picture}"] svg`).count()).toBe(1);
    for (const [i, t] of transcripts.entries()) {
      await checkDebate(page, t, `section.debate[data-debate="${t.id}"]`);
      expect(await page.locator(`a[href="#debate-${i + 1}"]`).count()).toBe(1);
      expect(await page.locator(`section.debate h2#debate-${i + 1}`).count()).toBe(1);
    }
    await page.close();
  }, 240_000);

  it('a mock batch: accuracy against the vote baseline, flips, conformity, outcomes, cost, and every run linked', async () => {
    const dir = tempDir();
    const spec = join(dir, 'spec.jsonl');
    writeFileSync(
      spec,
      [
        { id: 'mul', motion: 'What is 17 × 23?', options: ['381', '391', '401'], answer: '391' },
        { id: 'pow', motion: 'What is 2 to the power of 10?', options: ['1000', '1024', '2048'], answer: '1024' },
      ]
        .map((q) => JSON.stringify(q))
        .join('\n'),
    );
    const out = join(dir, 'runs');
    const run = await runCli(['batch', spec, '--mock', '--repeats', '3', '--rounds', '3', '--no-judge', '--headless', '--out', out], { env: {}, cwd: dir });
    expect(run.code).toBe(0);
    expect(existsSync(join(out, 'batch.json'))).toBe(true);
    const html = await report([out]);
    const { page, requests, errors } = await open(html, 'report-batch.png');
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    for (const picture of ['accuracy', 'flips', 'conformity', 'outcomes', 'cost']) expect(await page.locator(`section.batch figure[data-picture="${picture}"] svg`).count()).toBe(1);
    // Cost per question (the mean of its 3 repeats), as `roundtable stats` gives it.
    expect(await page.locator('section.batch figure[data-picture="cost"] [aria-label^="mul: $"]').getAttribute('aria-label')).toMatch(/^mul: \$\d\.\d{4} per run \(mean of 3 runs, /);
    expect(await page.locator('section.batch figure[data-picture="cost"] figcaption').innerText()).toMatch(/over 6 priced runs \(0 unpriced\): \$\d\.\d{4} per run.*would have cost live/);
    expect(await page.locator('figure[data-picture="accuracy"] [aria-label^="Round 1, majority vote"]').count()).toBe(1);
    // Means over repeats with their 95 % intervals, as `roundtable stats` computes them.
    expect(await page.locator('figure[data-picture="accuracy"] [aria-label*="95 % interval"]').count()).toBeGreaterThan(0);
    expect(await page.locator('figure[data-picture="flips"] figcaption').innerText()).toMatch(/Harmful flips .*Helpful flips/s);
    expect(await page.locator('figure[data-picture="conformity"] figcaption').innerText()).toMatch(/conformity: \d+ %/);
    const files = readdirSync(out).filter((f) => f.endsWith('.json') && f !== 'batch.json').sort();
    expect(files).toHaveLength(6);
    for (const [i, f] of files.entries()) {
      const t = JSON.parse(readFileSync(join(out, f), 'utf8')) as Transcript;
      expect(await page.locator(`a[href="#debate-${i + 1}"]`).count()).toBe(1);
      await checkDebate(page, t, `section.debate[data-debate="${t.id}"]`);
    }
    // A link in the table of contents lands on its debate (debates off screen are laid out lazily).
    await page.click(`a[href="#debate-${files.length}"]`);
    await page.waitForFunction(`Math.abs(document.getElementById('debate-${files.length}').getBoundingClientRect().top) < 2`, undefined, { timeout: 5000 });
    await page.close();
    // On a phone the figures stay readable too.
    const phone = await open(html, 'report-batch-phone.png', 390);
    expect(phone.errors).toEqual([]);
    expect(await inPage<boolean>(phone.page, 'document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    for (const c of await chartScales(phone.page)) expect(c.scale, c.picture).toBeGreaterThanOrEqual(0.74);
    await phone.page.close();
  }, 300_000);

  it('a council run shows its ranking', async () => {
    const dir = tempDir();
    const file = join(dir, 'council.json');
    const run = await runCli(['debate', 'Best first language?', '--options', 'Python,TypeScript,Go', '--protocol', 'council', '--mock', '--seed', '3', '--mock-pace', '0', '--headless', '--out', file], { env: {}, cwd: dir });
    expect(run.code).toBe(0);
    const t = JSON.parse(readFileSync(file, 'utf8')) as Transcript & { result: { ranking?: unknown[] } };
    const { page, requests, errors } = await open(await report([file]), 'report-council.png');
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await checkDebate(page, t);
    expect(await page.locator('h3', { hasText: 'Council ranking' }).count()).toBe(1);
    if (t.result?.ranking?.length) expect(await page.locator('figure[data-picture="ranking"] [aria-label]').count()).toBeGreaterThan(0);
    await page.close();
  }, 180_000);

  /**
   * An open question's page says the transcript's answers: the result line, the positions with their
   * seats, every answer per round (changed minds marked) and the answer flow, whose last column holds
   * each position's seats in its block, and whose bands run from a seat's mark to its next one.
   */
  async function checkOpen(page: Page, t: Transcript, section = 'section.debate.open') {
    const result = openResult(t.result)!;
    expect(await page.locator(`${section} .result`).textContent()).toBe(formatOpenResult(result));
    const members = await inPage<string[]>(page, `[...document.querySelectorAll(${JSON.stringify(`${section} ol.positions li`)})].map((li) => li.getAttribute('data-members'))`);
    expect(members).toEqual(result.groups.map((g) => g.members.join(' ')));
    const cells = await inPage<string[]>(
      page,
      `[...document.querySelectorAll(${JSON.stringify(`${section} table.answers td[data-seat]`)})].map((td) => td.getAttribute('data-round') + '|' + td.getAttribute('data-seat') + '|' + td.getAttribute('data-answer') + '|' + (td.getAttribute('data-changed') === 'true'))`,
    );
    const want = t.rounds.flatMap((r) =>
      t.panel.map((p) => {
        const turn = r.turns.find((x) => x.debater === p.id);
        const answer = typeof turn?.answer === 'string' && turn.answer.trim() ? sanitizeInline(turn.answer) : null;
        return `${r.number}|${p.id}|${answer ?? 'no answer'}|${answer !== null && Boolean(turn?.changed)}`;
      }),
    );
    expect(cells.sort()).toEqual(want.sort());
    const fig = `${section} figure[data-picture="answer-flow"]`;
    const seen = await inPage<{ marks: string[]; bands: string[] }>(
      page,
      `(() => { const fig = document.querySelector(${JSON.stringify(fig)}); const of = (n) => [...fig.querySelectorAll('g.' + n + ' [aria-label]')].map((e) => e.getAttribute('aria-label')).sort(); return { marks: of('vote-marks'), bands: of('vote-bands') }; })()`,
    );
    const expected = expectedAnswerLabels(t);
    expect(seen.marks).toEqual(expected.marks);
    expect(seen.bands).toEqual(expected.bands);
    // Geometry: in the last column each position's block holds exactly its seats' marks.
    const g = await inPage<{ marks: { label: string; x: number; y: number }[]; blocks: { left: number; right: number; top: number; bottom: number }[]; bands: { label: string; from: { x: number; y: number }; to: { x: number; y: number } }[] }>(
      page,
      `(() => {
        const fig = document.querySelector(${JSON.stringify(fig)});
        const all = (sel) => [...fig.querySelectorAll(sel)];
        const at = (e, l) => { const q = e.getPointAtLength(l); const s = new DOMPoint(q.x, q.y).matrixTransform(e.getScreenCTM()); return { x: s.x, y: s.y }; };
        return {
          marks: all('g.vote-marks [aria-label]').map((e) => { const r = e.getBoundingClientRect(); return { label: e.getAttribute('aria-label'), x: (r.left + r.right) / 2, y: (r.top + r.bottom) / 2, left: r.left, right: r.right, top: r.top, bottom: r.bottom }; }),
          blocks: all('g.vote-blocks path').map((e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; }),
          bands: all('g.vote-bands [aria-label]').map((e) => ({ label: e.getAttribute('aria-label'), from: at(e, 0), to: at(e, e.getTotalLength()) })),
        };
      })()`,
    );
    const lastRound = Math.max(...t.rounds.filter((r) => !r.turns.some((x) => x.ranking) && r.turns.some((x) => x.answer)).map((r) => r.number));
    const nameOf = new Map(t.panel.map((p) => [p.id, p.name]));
    const lastMarks = g.marks.filter((m) => m.label.startsWith(`Round ${lastRound}: `));
    for (const group of result.groups) {
      const names = group.members.map((id) => nameOf.get(id)!).sort();
      const holders = g.blocks.map((b) => lastMarks.filter((m) => m.x >= b.left && m.x <= b.right && m.y >= b.top && m.y <= b.bottom).map((m) => /^Round \d+: (.+?) (?:answered|gave no answer)/.exec(m.label)![1]!).sort());
      expect(holders.some((h) => JSON.stringify(h) === JSON.stringify(names)), `a block holding ${names.join(', ')}`).toBe(true);
    }
    for (const band of g.bands) {
      const [, seat, r1, r2] = /^(.+), round (\d+) to (\d+): /.exec(band.label)!;
      const mark = (round: string) => g.marks.find((m) => m.label.startsWith(`Round ${round}: ${seat} `)) as unknown as { left: number; right: number; top: number; bottom: number };
      const from = mark(r1!);
      const to = mark(r2!);
      expect(Math.abs(band.from.x - from.right), band.label).toBeLessThan(1.5);
      expect(band.from.y >= from.top - 1.5 && band.from.y <= from.bottom + 1.5, band.label).toBe(true);
      expect(Math.abs(band.to.x - to.left), band.label).toBeLessThan(1.5);
      expect(band.to.y >= to.top - 1.5 && band.to.y <= to.bottom + 1.5, band.label).toBe(true);
    }
    // Every answer is collapsible; no vote picture on an open question's page.
    expect(await page.locator(`${section} details`).count()).toBe(t.rounds.reduce((a, r) => a + r.turns.length, 0));
    expect(await page.locator(`${section} figure[data-picture="vote-flow"]`).count()).toBe(0);
  }

  it('an open question built by hand: a seat that gave no answer, a changed mind, positions as the judge grouped them', async () => {
    const panel = SEED_PANEL.slice(0, 5);
    const [a, b, c, d, e] = panel.map((p) => p.id) as [string, string, string, string, string];
    const s = new OpenScript(openTranscript({ panel, rounds: 3 }));
    [...s.round(1, { [a]: POSTGRES, [b]: SQLITE, [c]: DYNAMO, [d]: POSTGRES, [e]: null })];
    [...s.round(2, { [a]: POSTGRES, [b]: SQLITE, [c]: POSTGRES, [d]: POSTGRES, [e]: SQLITE })];
    [...s.round(3, { [a]: POSTGRES, [b]: POSTGRES, [c]: POSTGRES, [d]: POSTGRES, [e]: SQLITE })];
    s.judging();
    s.judged({ answer: 'One PostgreSQL database', groups: [{ answer: POSTGRES, members: [a, b, c, d] }, { answer: SQLITE, members: [e] }], counterpoint: 'SQLite is enough.', summary: 'Four of five.', turningPoints: ['Round 2.'] });
    s.finished();
    const file = join(tempDir(), 'open.html');
    writeFileSync(file, await buildReport([{ transcript: asReport(s.t), file: 'open.json' }]));
    const { page, requests, errors } = await open(file, 'report-open-by-hand.png');
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await checkOpen(page, s.t);
    expect(await page.locator('.synthesis').innerText()).toBe('Answer: One PostgreSQL database (4 of 5 models agreed)');
    await page.close();
  }, 120_000);

  it('an open question (a mock Open Debate): where the panel landed, how the positions formed, on a desktop and on a phone', async () => {
    const dir = tempDir();
    const file = join(dir, 'open.json');
    const run = await runCli(['debate', '--open', 'How should a small team store its data?', '--mock', '--seed', '4', '--rounds', '3', '--mock-pace', '0', '--headless', '--out', file], { env: {}, cwd: dir });
    expect(run.code).toBe(0);
    const t = JSON.parse(readFileSync(file, 'utf8')) as Transcript;
    expect(t.open).toBe(true);
    expect(openResult(t.result)?.answer).toBeTruthy();
    const html = await report([file]);
    for (const [width, shot] of [[1100, 'report-open.png'], [390, 'report-open-phone.png']] as const) {
      const { page, requests, errors } = await open(html, shot, width);
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
      await checkOpen(page, t);
      expect(await inPage<boolean>(page, 'document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      for (const c of await chartScales(page)) expect(c.scale, c.picture).toBeGreaterThanOrEqual(0.74);
      await page.close();
    }
  }, 180_000);

  it('a folder of open and closed runs: the batch figures, and every debate’s own section', async () => {
    const dir = tempDir();
    const files: string[] = [];
    for (const [i, args] of [
      ['--open', 'Name one good first programming language.', '--seed', '1'],
      ['--open', 'Name one good first programming language.', '--seed', '2', '--mode', 'poll'],
      ['Should cities ban cars?', '--options', 'Yes,No', '--seed', '3'],
    ].entries()) {
      const file = join(dir, `run-${i}.json`);
      const run = await runCli(['debate', ...args, '--mock', '--mock-pace', '0', '--headless', '--out', file], { env: {}, cwd: dir });
      expect(run.code).toBe(0);
      files.push(file);
    }
    const { page, requests, errors } = await open(await report([dir]), 'report-open-batch.png');
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.locator('section.batch figure[data-picture="outcomes"] svg').count()).toBe(1);
    for (const file of files) {
      const t = JSON.parse(readFileSync(file, 'utf8')) as Transcript;
      if (t.open) await checkOpen(page, t, `section.debate[data-debate="${t.id}"]`);
      else await checkDebate(page, t, `section.debate[data-debate="${t.id}"]`);
    }
    await page.close();
  }, 240_000);
});
