// Benchmarks that report numbers (never asserted in tests):
//   1. a whole mock debate (seed panel, 2 rounds, judge) with zero pace: wall time per debate;
//   2. cancellation latency: from Ctrl-C (the abort) to the command returning, with every call
//      in flight stalled or sleeping in a 60 s backoff.
// Run: npm run bench
import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { main } from '../src/cli/main.js';
import { PROVIDERS, PROVIDER_IDS } from '../src/agents/providers.js';
import { providerHandlers } from '../src/mock/handlers.js';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _e: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

const io = (signal?: AbortSignal) => ({
  stdout: new Sink(),
  stderr: new Sink(),
  env: { CI: 'true' },
  cwd: mkdtempSync(join(tmpdir(), 'roundtable-bench-')),
  ...(signal ? { signal } : {}),
});

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `n=${samples.length} mean=${mean.toFixed(1)} ms p50=${p(0.5).toFixed(1)} ms p95=${p(0.95).toFixed(1)} ms max=${sorted.at(-1)!.toFixed(1)} ms`;
}

async function mockDebates(n: number): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const code = await main(['debate', '--mock', '--mock-pace', '0', '--headless', '--out', join(mkdtempSync(join(tmpdir(), 'rt-')), 't.json')], io());
    if (code !== 0) throw new Error(`mock debate exited ${code}`);
    samples.push(performance.now() - started);
  }
  console.log(`mock debate (6 debaters, 2 rounds, judge, pace 0): ${stats(samples)}`);
}

async function cancellation(n: number, kind: 'stall' | 'backoff'): Promise<void> {
  const endpoints = PROVIDER_IDS.filter((p) => PROVIDERS[p].defaultBaseURL).map((p) => ({ provider: p, baseURL: PROVIDERS[p].defaultBaseURL! }));
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const controller = new AbortController();
    let abortedAt = 0;
    let calls = 0;
    const server = setupServer(
      ...providerHandlers(endpoints, () => {
        if (++calls === 3) {
          setTimeout(() => {
            abortedAt = performance.now();
            controller.abort();
          }, 20);
        }
        return kind === 'stall' ? { kind: 'stall', afterChunks: 1 } : { kind: 'http', status: 429, headers: { 'retry-after': '60' } };
      }),
    );
    server.listen({ onUnhandledRequest: 'error' });
    const env = { CI: 'true', OPENAI_API_KEY: 'sk-bench-000000', ANTHROPIC_API_KEY: 'sk-ant-bench-0000', XAI_API_KEY: 'xai-bench-00000000000000000' };
    const code = await main(['debate', 'Bench?', '--models', 'openai:gpt-5.4,anthropic:claude-opus-4-6,xai:grok-4-1-fast-reasoning', '--no-judge', '--headless'], { ...io(controller.signal), env });
    samples.push(performance.now() - abortedAt);
    server.close();
    if (code !== 130) throw new Error(`expected exit 130, got ${code}`);
  }
  console.log(`cancellation latency, calls ${kind === 'stall' ? 'stalled mid-stream' : 'sleeping in a 60 s backoff'}: ${stats(samples)}`);
}

await mockDebates(Number(process.env.BENCH_DEBATES ?? 10));
await cancellation(Number(process.env.BENCH_CANCELS ?? 20), 'stall');
await cancellation(Number(process.env.BENCH_CANCELS ?? 20), 'backoff');
