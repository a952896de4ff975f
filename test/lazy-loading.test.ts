// Start-up: the CLI loads only what a command uses. Each case runs the CLI as its own process with
// a loader hook that lists every module loaded (ESM and CommonJS reached from ESM), then checks the
// packages in that list. Twice: the source (through tsx), and the bundle that `npx roundtable`
// runs (bin/roundtable.js → dist/, built by npm run build), whose chunks are mapped back to the
// packages they hold through esbuild's metafile (dist/meta.json). Not timed: the benchmark
// (npm run bench) has the figures.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProviderServer, type FakeProviderServer } from '../src/mock/http-server.js';
import { tempDir } from './support/cli.js';

const ENTRY = new URL('./support/cli-entry.ts', import.meta.url).pathname;
const TRACE = new URL('./support/trace-modules.mjs', import.meta.url).pathname;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'roundtable.js');
const META = join(ROOT, 'dist', 'meta.json');

type Build = 'source' | 'bundle';
const LAUNCH: Record<Build, string[]> = { source: ['--import', TSX, '--import', TRACE, ENTRY], bundle: ['--import', TRACE, BIN] };

const packageOf = (path: string) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];

/** The line the stand-in writes into the trace when the run's first request reaches it. */
const FIRST_REQUEST = '--- first request';
/** The trace file of the run under way, for the stand-in to mark (once) at the first request. */
let markFirstRequest: string | null = null;
function firstRequestArrived(): void {
  if (markFirstRequest) appendFileSync(markFirstRequest, `${FIRST_REQUEST}\n`);
  markFirstRequest = null;
}

/**
 * The npm packages a CLI run loaded, by name (e.g. "@anthropic-ai/sdk", "ink"), and those loaded
 * before its first request reached the stand-in (each module is listed as it loads, before the
 * process goes on; the stand-in marks the list when the request arrives).
 */
async function packagesLoaded(build: Build, argv: string[], env: Record<string, string> = {}): Promise<{ code: number | null; packages: Set<string>; beforeFirstRequest: Set<string>; stderr: string }> {
  const dir = tempDir();
  const file = join(dir, 'modules.txt');
  appendFileSync(file, '');
  markFirstRequest = file;
  const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [...LAUNCH[build], ...argv], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', CI: 'true', RT_TRACE_FILE: file, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
  markFirstRequest = null;
  const packages = new Set<string>();
  let beforeFirstRequest: Set<string> | null = null;
  const chunks = build === 'bundle' ? (JSON.parse(readFileSync(META, 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> }).outputs : {};
  for (const url of readFileSync(file, 'utf8').split('\n')) {
    if (url === FIRST_REQUEST) beforeFirstRequest = new Set(packages);
    if (!url.startsWith('file:')) continue;
    const path = fileURLToPath(url);
    // A chunk of the bundle: the packages it was built from.
    const chunk = chunks[relative(ROOT, path)];
    const sources = chunk ? Object.keys(chunk.inputs) : [path];
    for (const source of sources) {
      const name = packageOf(source);
      if (name && name !== 'tsx') packages.add(name);
    }
  }
  return { code, packages, beforeFirstRequest: beforeFirstRequest ?? new Set(packages), stderr };
}

const HEAVY = ['msw', 'ink', 'react', '@anthropic-ai/sdk', 'openai', 'zod', '@modelcontextprotocol/sdk'];

describe.each(['source', 'bundle'] as const)('lazy loading (%s): a command loads only what it uses', (build) => {
  if (build === 'bundle') {
    it('runs the bundle that npm run build wrote', () => {
      expect(existsSync(META), 'dist/meta.json is missing: run npm run build').toBe(true);
    });
  }

  for (const flag of ['--version', '--help']) {
    it(`${flag} loads none of msw, ink, react, the SDKs or zod`, async () => {
      const run = await packagesLoaded(build, [flag]);
      expect(run.code).toBe(0);
      expect(run.packages.has('commander')).toBe(true); // the trace sees packages
      for (const name of HEAVY) expect(run.packages, name).not.toContain(name);
    });
  }

  describe('a headless debate without an Anthropic seat, over HTTP', () => {
    let server: FakeProviderServer;
    beforeAll(async () => {
      server = await startFakeProviderServer(() => {
        firstRequestArrived();
        return { text: JSON.stringify({ vote: 'Yes', argument: 'Because.' }) };
      });
    });
    afterAll(() => server.close());

    it('loads openai but not @anthropic-ai/sdk, msw, ink or react', async () => {
      const run = await packagesLoaded(
        build,
        ['debate', 'Lazy?', '--models', 'openai:gpt-5.4,xai:grok-4-1-fast-reasoning', '--no-judge', '--rounds', '1', '--headless', '--out', 'lazy.json'],
        { ...server.env, OPENAI_API_KEY: 'sk-test-0000000000', XAI_API_KEY: 'xai-test-0000000000' },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.packages).toContain('openai');
      for (const name of ['@anthropic-ai/sdk', 'msw', 'ink', 'react']) expect(run.packages, name).not.toContain(name);
    });

    // Start to first request: nothing the first request does not need comes before it. The price
    // catalogue is read once a turn has usage to price; with --max-cost it is needed first (every
    // seat must be priced before a call is made).
    const DEBATE = ['debate', 'Lazy?', '--models', 'openai:gpt-5.4,openai:gpt-5.4-mini,xai:grok-4-1-fast-reasoning', '--rounds', '2', '--headless', '--out', 'lazy.json'];
    const KEYS = { OPENAI_API_KEY: 'sk-test-0000000000', XAI_API_KEY: 'xai-test-0000000000' };
    it('sends the first request before loading the price catalogue, and prices the run after', async () => {
      const run = await packagesLoaded(build, DEBATE, { ...server.env, ...KEYS });
      expect(run.code, run.stderr).toBe(0);
      expect(run.beforeFirstRequest).toContain('openai');
      expect(run.beforeFirstRequest).not.toContain('@pydantic/genai-prices');
      expect(run.packages).toContain('@pydantic/genai-prices');
      expect(run.stderr).toMatch(/catalogue prices/);
    });

    it('with --max-cost, reads the price catalogue before the first request', async () => {
      const run = await packagesLoaded(build, [...DEBATE, '--max-cost', '5'], { ...server.env, ...KEYS });
      expect(run.code, run.stderr).toBe(0);
      expect(run.beforeFirstRequest).toContain('@pydantic/genai-prices');
    });

    it('with --max-cost on an unpriced seat, refuses before any request', async () => {
      const run = await packagesLoaded(build, ['debate', 'Lazy?', '--models', 'openai:gpt-5.4,openai:no-such-model-xyz', '--rounds', '1', '--headless', '--out', 'lazy.json', '--max-cost', '5'], { ...server.env, ...KEYS });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/no known price/);
      expect(run.packages).not.toContain('openai');
    });

    it('loads @anthropic-ai/sdk once a seat uses it', async () => {
      const run = await packagesLoaded(
        build,
        ['debate', 'Lazy?', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6', '--no-judge', '--rounds', '1', '--headless', '--out', 'lazy.json'],
        { ...server.env, OPENAI_API_KEY: 'sk-test-0000000000', ANTHROPIC_API_KEY: 'sk-ant-test-0000000000' },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.packages).toContain('@anthropic-ai/sdk');
      expect(run.packages).not.toContain('msw');
    });
  });

  it('loads msw in mock mode, and still no ink or react headless', async () => {
    const run = await packagesLoaded(build, ['debate', '--mock', '--mock-pace', '0', '--headless', '--out', 'mock.json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.packages).toContain('msw');
    for (const name of ['ink', 'react', '@modelcontextprotocol/sdk']) expect(run.packages, name).not.toContain(name);
  });

  it('loads the MCP SDK for `roundtable mcp` only', async () => {
    const run = await packagesLoaded(build, ['mcp', '--mock']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/serving on stdio \(mock mode\)/);
    expect(run.packages).toContain('@modelcontextprotocol/sdk');
    for (const name of ['ink', 'react']) expect(run.packages, name).not.toContain(name);
  });
});
