// Panel-size benchmark (numbers, never asserted): the CLI as its own process, headless, against a
// loopback stand-in that answers every call after 400 ms. Reports, per panel size: wall time minus
// start-up (spawn to the first request) against the critical path (rounds × 400 ms, --concurrency
// as large as the panel), the peak RSS of the CLI process, and the gap from a round's last answer
// to the next round's first request.
// Run: node --import tsx bench/scale.ts [seats,seats,…] (default 6,64,256; 3 rounds). It runs the
// built CLI (bin/roundtable.js: npm run build first); BENCH_SOURCE=1 runs src/ through tsx, and
// BENCH_NODE_ARGS adds Node flags to the CLI process ("--cpu-prof --cpu-prof-dir=/tmp/prof").
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFakeProviderServer } from '../src/mock/http-server.js';
import type { WireCall } from '../src/mock/types.js';

const CALL_MS = 400;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// The built CLI, as a user runs it (npm run build first); BENCH_SOURCE=1 runs src/ through tsx instead.
const SOURCE = Boolean(process.env.BENCH_SOURCE);
const ENTRY = SOURCE ? new URL('../test/support/cli-entry.ts', import.meta.url).pathname : new URL('../bin/roundtable.js', import.meta.url).pathname;
const PROBE = new URL('./rss-probe.mjs', import.meta.url).pathname;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function roundOf(call: WireCall): number {
  const messages = (call.body.messages as { role: string; content: string }[]) ?? [];
  const text = messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  return /opening round/.test(text) ? 1 : Number(/This is round (\d+)/.exec(text)?.[1] ?? 0);
}

async function run(seats: number): Promise<void> {
  const arrivals: { round: number; at: number }[] = [];
  const server = await startFakeProviderServer((call) => {
    arrivals.push({ round: roundOf(call), at: performance.now() });
    return { text: JSON.stringify({ vote: arrivals.length % 3 ? 'Yes' : 'No', argument: `Seat argument number ${arrivals.length}: ${'reasons '.repeat(40)}` }), firstChunkDelayMs: CALL_MS };
  });
  const models = Array.from({ length: seats }, () => 'openai:gpt-5.4').join(',');
  const out = join(mkdtempSync(join(tmpdir(), 'rt-scale-')), 't.json');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []), ...(SOURCE ? ['--import', TSX] : []), '--import', pathToFileURL(PROBE).href, ENTRY, 'debate', 'Bench?', '--models', models, '--no-judge', '--rounds', String(ROUNDS), '--headless', '--concurrency', String(Math.min(1000, seats)), '--retries', '0', '--out', out],
    { env: { PATH: process.env.PATH ?? '', CI: 'true', OPENAI_API_KEY: 'sk-bench-0000000000', OPENAI_BASE_URL: server.env.OPENAI_BASE_URL! }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const wall = performance.now() - started;
  await server.close();
  const startup = (arrivals[0]?.at ?? started) - started;
  const critical = ROUNDS * CALL_MS;
  const gaps: number[] = [];
  for (let r = 2; r <= ROUNDS; r++) {
    const last = Math.max(...arrivals.filter((a) => a.round === r - 1).map((a) => a.at)) + CALL_MS;
    const first = Math.min(...arrivals.filter((a) => a.round === r).map((a) => a.at));
    gaps.push(first - last);
  }
  const rss = Number(/BENCH-MAXRSS-KB (\d+)/.exec(stderr)?.[1] ?? 0) / 1024;
  console.log(
    `${seats} seats × ${ROUNDS} rounds: exit ${code}, ${arrivals.length} calls; wall ${wall.toFixed(0)} ms, start-up ${startup.toFixed(0)} ms, ` +
      `wall − start-up ${(wall - startup).toFixed(0)} ms = ${((wall - startup) / critical).toFixed(3)} × the critical path (${critical} ms); ` +
      `peak RSS ${rss.toFixed(0)} MB; round gap ${gaps.map((g) => `${g.toFixed(1)} ms`).join(', ')}`,
  );
}

const sizes = (process.argv[2] ?? '6,64,256').split(',').map(Number);
for (const n of sizes) await run(n);
