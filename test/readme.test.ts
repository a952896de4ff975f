// The README's examples run. Every `npx roundtable …` line of its ```sh blocks is run as a user runs
// it (its own process from the sources, offline: mock mode, no keys) in order, in one temporary folder that holds the
// package's seeds/ and datasets/, so a later line reads what an earlier one wrote. A line that
// cannot run offline is listed in SKIPPED with the reason; any other line must exit 0, so an
// example added to the README (by anyone) is run here too. The numbers docs print from those
// runs (the `stats runs/` example) are checked against a fresh run, and every relative link and
// anchor in README.md and docs/*.md must lead somewhere.
import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli.js';
import { runCliProcess, type ProcessRun } from './support/cli-process.js';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Lines that cannot run offline, matched on their arguments, each with the reason. */
const SKIPPED: Array<{ match: RegExp; reason: string }> = [
  { match: /^worker\b/, reason: 'takes runs from a Redis queue until stopped: needs a Redis server (test/batch-queue.test.ts covers it)' },
  { match: /--queue\b/, reason: 'needs a Redis server for the queue' },
  { match: /^doctor\b/, reason: 'makes one live call per seat: needs API keys and the network (test/doctor.test.ts runs it against stand-ins)' },
  { match: /^mcp\b/, reason: 'a server that runs until its client disconnects (the MCP tests drive it)' },
  { match: /--human\b/, reason: 'seats a person at a terminal; refused without a TTY' },
  { match: /^debate\b(?!.*--(mock|mock-from|dry-run|demo)\b)/, reason: 'a live debate: needs API keys and the network' },
];

/** Shell words of a command line: single and double quotes, backslash escapes; a # comment, |, >, <, ; or & ends it. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let started = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word += line.slice(i + 1, end);
      i = end;
      started = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; line[j] !== '"'; j++) {
        if (line[j] === '\\') j++;
        word += line[j];
      }
      i = j;
      started = true;
    } else if (c === '\\') {
      word += line[++i] ?? '';
      started = true;
    } else if (/\s/.test(c)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else if ((c === '#' && !started) || c === '|' || c === '>' || c === '<' || c === ';' || c === '&') {
      // A comment, a pipe, a redirection or the next command: the example's own words end here.
      break;
    } else {
      word += c;
      started = true;
    }
  }
  if (started) words.push(word);
  return words;
}

/** Every `npx roundtable …` line of the ```sh blocks (a line ending in \ continues on the next). */
function exampleLines(markdown: string): string[] {
  const lines: string[] = [];
  for (const block of markdown.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)) {
    const joined = block[1]!.replace(/\\\n\s*/g, ' ');
    for (const line of joined.split('\n')) if (/^npx roundtable\s/.test(line.trim())) lines.push(line.trim());
  }
  return lines;
}

const examples = exampleLines(README).map((line) => {
  const args = shellWords(line).slice(2);
  const text = args.join(' ');
  const skip = SKIPPED.find((s) => s.match.test(text));
  return { line, args, skip: skip?.reason ?? null };
});

describe('README examples', () => {
  it('has examples, and every line is either run or skipped with a reason', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
    const run = examples.filter((e) => !e.skip);
    expect(run.length).toBeGreaterThanOrEqual(8);
    // The lines skipped, with why (shown when the test runs with --reporter verbose).
    for (const e of examples.filter((x) => x.skip)) expect(e.skip, e.line).toMatch(/\w/);
  });

  it('every line that can run offline runs, in order, exit 0; the numbers docs print are what a fresh run prints', { timeout: 600_000 }, async () => {
    const dir = tempDir('roundtable-readme-');
    symlinkSync(join(ROOT, 'seeds'), join(dir, 'seeds'));
    symlinkSync(join(ROOT, 'datasets'), join(dir, 'datasets'));
    const results = new Map<string, ProcessRun>();
    for (const { line, args, skip } of examples) {
      if (skip) continue;
      // Mock pace only changes how fast scripted replies stream, never what they say.
      const paced = args.includes('--mock') && args[0] === 'debate' && !args.includes('--mock-pace') ? [...args, '--mock-pace', '0'] : args;
      const run = await runCliProcess(paced, { cwd: dir });
      expect(run.code, `${line}\n${run.stderr}`).toBe(0);
      expect(run.stderr, line).not.toMatch(/unexpected failure/);
      results.set(args.join(' '), run);
    }

    // What the lines wrote is where the next lines (and the README) say.
    expect(existsSync(join(dir, 'rerun.json'))).toBe(true);
    expect(existsSync(join(dir, 'seed.json'))).toBe(true);
    expect(readdirSync(join(dir, 'runs')).filter((f) => f.endsWith('.json')).length).toBe(161);
    expect(readFileSync(join(dir, 'runs.html'), 'utf8')).toMatch(/^<!doctype html>/i);

    // docs/batch-and-stats.md prints `stats runs/` of that very batch: each of its lines is in a fresh run's output.
    const stats = results.get('stats runs/');
    expect(stats).toBeDefined();
    const docs = readFileSync(join(ROOT, 'docs', 'batch-and-stats.md'), 'utf8');
    const block = /`stats runs\/` of the batch above[\s\S]*?```\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(block, 'the stats example in docs/batch-and-stats.md').toBeDefined();
    const fresh = new Set(stats!.stdout.split('\n').map((l) => l.trimEnd()));
    for (const line of block!.split('\n').map((l) => l.trimEnd()).filter((l) => l && l !== '…')) {
      expect(fresh.has(line), `docs/batch-and-stats.md prints a line a fresh run does not:\n${line}`).toBe(true);
    }
  });

  it('npm start runs the command the README names, and that command is documented', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const start = /^node bin\/roundtable\.js (.+)$/.exec(pkg.scripts.start!)?.[1];
    expect(start).toBeDefined();
    expect(README).toContain(`npm start       # npx roundtable ${start}:`);
    expect(readFileSync(join(ROOT, 'docs', 'commands.md'), 'utf8')).toMatch(new RegExp(`\\| \`${start!.split(' ').pop()}\` \\|`));
  });
});

describe('docs say what the code does', () => {
  it('worker --help and docs/batch-and-stats.md agree on SIGINT: the worker stops at once and hands its runs back', async () => {
    const help = (await runCli(['worker', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/SIGINT\/SIGTERM stop it at once and hand the runs in flight back to the queue/);
    expect(help).not.toMatch(/finish/);
    expect(readFileSync(join(ROOT, 'docs', 'batch-and-stats.md'), 'utf8').replace(/\s+/g, ' ')).toMatch(/SIGINT or SIGTERM stops a worker at once and hands its run back/);
  });

  it('no page says mock mode scripts every reply of the seed debate from seeds/ (round 1 is generated)', async () => {
    const pages = [README, ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => readFileSync(join(ROOT, 'docs', f), 'utf8'))];
    for (const page of pages) expect(page).not.toMatch(/every reply is scripted|scripted: no keys/);
    // And the notice npm start prints without keys says the same as the pages.
    const run = await runCli(['debate', '--demo', '--mock-pace', '0'], { env: {} });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/every reply is scripted/);
    expect(run.stderr).toMatch(/round 1 is generated/);
  });

  it('every relative link and anchor in README.md and docs/*.md leads somewhere', () => {
    const files = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const anchorsOf = (file: string) => {
      const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
      return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!)));
    };
    const broken: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const link = m[1]!;
        if (/^[a-z]+:/.test(link)) continue;
        const [path, anchor] = link.split('#');
        const target = path ? resolve(dirname(join(ROOT, file)), path) : join(ROOT, file);
        if (!existsSync(target)) broken.push(`${file}: ${link} (no such file)`);
        else if (anchor && target.endsWith('.md') && !anchorsOf(target).has(anchor)) broken.push(`${file}: ${link} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
