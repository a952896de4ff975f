// roundtable worker --queue redis://HOST:PORT: takes batch runs from the queue until stopped.
import { PROVIDER_IDS } from '../../agents/providers.js';
import { checkRedis, redisWaitMs, runWorker, type RateLimit } from '../../batch/queue.js';
import { ExitCode, UsageError } from '../../util/errors.js';
import { sanitizeLine } from '../../util/sanitize.js';
import type { Io } from '../io.js';
import { checkQueueUrl } from './batch.js';

export interface WorkerFlags {
  queue: string;
  concurrency?: number;
  limit?: string;
  rate?: string;
  id?: string;
  lockMs?: number;
}

/**
 * "10/60": at most 10 runs started per 60 seconds. 1 to 1,000,000 per 0.001 to 86,400 seconds: a
 * longer period would overflow Node's timers, a shorter one round to nothing.
 */
export function parseLimit(text: string): { max: number; duration: number } {
  const m = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  const max = m ? Number(m[1]) : NaN;
  const seconds = m ? Number(m[2]) : NaN;
  if (!m || max < 1 || max > 1_000_000 || !(seconds >= 0.001) || seconds > 86_400) throw new UsageError(`--limit takes runs per seconds such as 10/60, not "${text}".`);
  return { max, duration: Math.round(seconds * 1000) };
}

/** "openai=500/60,anthropic=50/60": calls per period per provider, shared through Redis. */
export function parseRates(text: string): Record<string, RateLimit> {
  const rates: Record<string, RateLimit> = Object.create(null);
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z0-9-]+)\s*=\s*(.+)$/i.exec(part);
    const provider = m?.[1]?.toLowerCase();
    if (!m || !provider || !(PROVIDER_IDS as readonly string[]).includes(provider)) {
      throw new UsageError(`--rate takes provider=calls/seconds pairs such as openai=500/60 (providers: ${PROVIDER_IDS.join(', ')}), not "${part}".`);
    }
    let limit: RateLimit;
    try {
      limit = parseLimit(m[2]!);
    } catch {
      throw new UsageError(`--rate takes provider=calls/seconds pairs such as openai=500/60, not "${part}".`);
    }
    rates[provider] = limit;
  }
  if (!Object.keys(rates).length) throw new UsageError(`--rate takes provider=calls/seconds pairs such as openai=500/60, not "${text}".`);
  return rates;
}

export async function workerCommand(io: Io, flags: WorkerFlags): Promise<number> {
  const url = checkQueueUrl(flags.queue);
  const limiter = flags.limit ? parseLimit(flags.limit) : undefined;
  const rates = flags.rate !== undefined ? parseRates(flags.rate) : undefined;
  const waitMs = redisWaitMs(io.env);
  await checkRedis(url.toString());
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('interrupted'));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  io.signal?.addEventListener('abort', stop, { once: true });
  let reachable: boolean;
  try {
    reachable = await runWorker({
      url: url.toString(),
      concurrency: flags.concurrency ?? 1,
      env: io.env,
      ...(flags.id ? { id: flags.id } : {}),
      ...(limiter ? { limiter } : {}),
      ...(rates ? { rates } : {}),
      ...(flags.lockMs ? { lockMs: flags.lockMs } : {}),
      redisWaitMs: waitMs,
      log: (line) => io.stderr.write(`${sanitizeLine(line)}\n`),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  return reachable ? ExitCode.ok : ExitCode.failed;
}
