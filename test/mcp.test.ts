// `roundtable mcp`, driven through the official SDK's own Client: over stdio against the CLI as its
// own process, and over Streamable HTTP against the server in this process. Mock mode throughout,
// but for the key test, where a live run reaches a loopback stand-in that echoes the key it was sent.
import { readdirSync, readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Transcript } from '../src/core/schema.js';
import { serveHttp } from '../src/mcp/server.js';
import { startFakeProviderServer, type FakeProviderServer } from '../src/mock/http-server.js';
import { runCli, tempDir } from './support/cli.js';

const ENTRY = new URL('./support/cli-entry.ts', import.meta.url).pathname;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Structured {
  transcriptPath: string | null;
  status: string;
  source: string;
  resultLine: string;
  result: Record<string, unknown> | null;
  seats: { name: string; vote: string | null; answer: string | null; changed: boolean; round: number | null }[];
  judgement: { summary: string; turningPoints: string[] } | null;
  cost: { usd: number | null } | null;
  resumeCommand: string | null;
}

type CallResult = Awaited<ReturnType<Client['callTool']>>;
const structuredOf = (r: CallResult) => r.structuredContent as unknown as Structured;
const textOf = (r: CallResult) => (r.content as { type: string; text: string }[]).map((c) => c.text).join('\n');

async function stdioClient(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const cwd = options.cwd ?? tempDir();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', TSX, ENTRY, 'mcp', ...args],
    cwd,
    env: { PATH: process.env.PATH ?? '', CI: 'true', ...options.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'roundtable-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, cwd, stderr: () => stderr };
}

describe('roundtable mcp over stdio (mock mode)', () => {
  let client: Client;
  let cwd: string;
  beforeAll(async () => {
    ({ client, cwd } = await stdioClient(['--mock', '--mock-pace', '0']));
  }, 30_000);
  afterAll(async () => client?.close());

  it('lists its five tools, each with an input and an output schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['compare', 'debate', 'list_transcripts', 'poll', 'transcript']);
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(tool.outputSchema?.type, tool.name).toBe('object');
      expect(tool.description, tool.name).toMatch(/\w/);
    }
    const debate = tools.find((t) => t.name === 'debate')!;
    const props = Object.keys(debate.inputSchema.properties ?? {});
    for (const name of ['motion', 'options', 'open', 'mode', 'models', 'panel', 'judge', 'rounds', 'protocol', 'anonymize', 'shuffle', 'seed', 'max_cost', 'mock']) {
      expect(props, name).toContain(name);
    }
    // Keys never come through a tool's input.
    expect(props.some((p) => /key|token|secret/i.test(p))).toBe(false);
    expect(debate.inputSchema.required).toEqual(['motion']);
    const out = Object.keys(debate.outputSchema?.properties ?? {});
    for (const name of ['transcriptPath', 'status', 'result', 'judgement', 'cost']) expect(out, name).toContain(name);
    // The poll tool has no rounds to set.
    expect(Object.keys(tools.find((t) => t.name === 'poll')!.inputSchema.properties ?? {})).not.toContain('rounds');
  });

  it('runs a debate whose structured result matches the transcript it saved', async () => {
    const result = await client.callTool({
      name: 'debate',
      arguments: { motion: 'Should a small team write its own database?', options: ['Yes', 'No', 'Later'], models: ['openai:gpt-5.4', 'anthropic:claude-opus-4-6', 'xai:grok-4-1-fast-reasoning'], rounds: 3, seed: 5 },
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    const out = structuredOf(result);
    expect(out.status).toBe('complete');
    expect(out.source).toBe('mock');
    expect(out.transcriptPath).toMatch(/^transcripts\/.*should-a-small-team.*\.json$/);
    const saved = JSON.parse(readFileSync(join(cwd, out.transcriptPath!), 'utf8')) as Transcript;
    expect(saved.rounds).toHaveLength(3);
    expect(out.result).toEqual(JSON.parse(JSON.stringify(saved.result)));
    expect(out.judgement?.summary).toBe(saved.judgement?.summary);
    expect(out.seats.map((s) => s.name)).toEqual(saved.panel.map((p) => p.name));
    for (const seat of out.seats) {
      const member = saved.panel.find((p) => p.name === seat.name)!;
      const last = saved.rounds[2]!.turns.find((t) => t.debater === member.id)!;
      expect(seat.vote).toBe(last.vote);
      expect(seat.changed).toBe(saved.rounds.some((r) => r.turns.some((t) => t.debater === member.id && t.changed)));
    }
    expect(out.cost?.usd).toBe(saved.cost?.usd);
    // The text beside it says plainly that the replies were generated.
    expect(textOf(result)).toMatch(/^\[MOCK: generated replies, not real model output\]/);
    expect(textOf(result)).toContain(out.resultLine);
  });

  it('runs a poll: one round, the result the transcript holds', async () => {
    const result = await client.callTool({ name: 'poll', arguments: { motion: 'Is Friday a good day to deploy?', models: ['openai:gpt-5.4', 'mistral:mistral-large-latest'], seed: 2 } });
    expect(result.isError, textOf(result)).toBeFalsy();
    const out = structuredOf(result);
    const saved = JSON.parse(readFileSync(join(cwd, out.transcriptPath!), 'utf8')) as Transcript;
    expect(saved.mode).toBe('poll');
    expect(saved.rounds).toHaveLength(1);
    expect(out.resultLine).toMatch(/votes/);
    expect(out.seats.every((s) => s.round === 1)).toBe(true);
  });

  it('runs an open question: each seat\'s answer, the synthesis, and the transcript it saved', async () => {
    const result = await client.callTool({
      name: 'debate',
      arguments: { motion: 'How should a small team pick a database?', open: true, models: ['openai:gpt-5.4', 'anthropic:claude-opus-4-6', 'xai:grok-4-1-fast-reasoning'], seed: 3 },
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    const out = structuredOf(result) as Structured & { open: boolean };
    expect(out.open).toBe(true);
    const saved = JSON.parse(readFileSync(join(cwd, out.transcriptPath!), 'utf8')) as Transcript;
    expect(saved.open).toBe(true);
    expect(out.result).toEqual(JSON.parse(JSON.stringify(saved.result)));
    expect(out.resultLine).toMatch(/agreed|No agreement/);
    for (const seat of out.seats) {
      const member = saved.panel.find((p) => p.name === seat.name)!;
      expect(seat.vote).toBeNull();
      expect(seat.answer).toBe(saved.rounds.at(-1)!.turns.find((t) => t.debater === member.id)!.answer);
    }
    const poll = await client.callTool({ name: 'poll', arguments: { motion: 'What is the best first language?', open: true, models: ['openai:gpt-5.4', 'mistral:mistral-large-latest'] } });
    expect(poll.isError, textOf(poll)).toBeFalsy();
    expect(textOf(poll)).toContain(structuredOf(poll).seats[0]!.answer!);
  });

  it('sends a progress notification per finished turn and for the judge, in order', async () => {
    const seen: { progress: number; total?: number; message?: string }[] = [];
    const result = await client.callTool(
      { name: 'debate', arguments: { motion: 'Tabs or spaces?', options: ['Tabs', 'Spaces'], models: ['openai:gpt-5.4', 'anthropic:claude-opus-4-6', 'xai:grok-4-1-fast-reasoning'], rounds: 2, seed: 3 } },
      undefined,
      { onprogress: (p) => seen.push(p) },
    );
    expect(result.isError, textOf(result)).toBeFalsy();
    // 3 seats × 2 rounds, the judge's start, the judge's end.
    expect(seen.length).toBe(8);
    expect(seen.every((p) => p.total === 8)).toBe(true);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.progress).toBeGreaterThan(seen[i - 1]!.progress);
    const messages = seen.map((p) => p.message ?? '');
    expect(messages.slice(0, 3).every((m) => /^round 1: .+ answers (Tabs|Spaces) — [123] of 3 in$/.test(m))).toBe(true);
    expect(messages.slice(3, 6).every((m) => /^round 2: .+ (keeps|changes to) (Tabs|Spaces) — [123] of 3 in$/.test(m))).toBe(true);
    expect(messages.slice(0, 3).map((m) => /(\d) of 3 in/.exec(m)![1])).toEqual(['1', '2', '3']);
    expect(messages[6]).toMatch(/^judge: .+ is writing up the result$/);
    expect(messages[7]).toBe('judge: done');
  });

  it('answers bad input with a tool error of one sentence, and serves the next call', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ motion: 'X?', models: ['nosuch:model', 'openai:gpt-5.4'] }, /nosuch/],
      [{ motion: 'X?', options: ['Yes', 'No'], open: true }, /open question has no options/],
      [{ motion: 'X?', options: ['Only'] }, /options/],
      [{ motion: 'X?', rounds: 99 }, /rounds/],
      [{ motion: '' }, /motion/],
    ];
    for (const [args, pattern] of cases) {
      const bad = await client.callTool({ name: 'debate', arguments: args });
      expect(bad.isError, JSON.stringify(args)).toBe(true);
      expect(textOf(bad)).toMatch(pattern);
      expect(textOf(bad)).not.toMatch(/\n\s+at /); // no stack trace
    }
    const missing = await client.callTool({ name: 'transcript', arguments: { path: 'transcripts/none.json' } });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/not found/i);
    const outside = await client.callTool({ name: 'transcript', arguments: { path: '/etc/passwd' } });
    expect(outside.isError).toBe(true);
    expect(textOf(outside)).toMatch(/outside the server's folder/);
    const good = await client.callTool({ name: 'poll', arguments: { motion: 'Still there?', models: ['openai:gpt-5.4', 'xai:grok-4-1-fast-reasoning'] } });
    expect(good.isError, textOf(good)).toBeFalsy();
  });

  it('reads saved transcripts back: a list, a summary, a round, a seat, and a comparison', async () => {
    const a = structuredOf(await client.callTool({ name: 'debate', arguments: { motion: 'Monorepo?', models: ['openai:gpt-5.4', 'anthropic:claude-opus-4-6'], seed: 1 } }));
    const b = structuredOf(await client.callTool({ name: 'debate', arguments: { motion: 'Monorepo?', models: ['openai:gpt-5.4', 'anthropic:claude-opus-4-6'], seed: 9 } }));
    const listed = await client.callTool({ name: 'list_transcripts', arguments: { limit: 2 } });
    const rows = (listed.structuredContent as { transcripts: { path: string; motion: string }[] }).transcripts;
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.path).sort()).toEqual([a.transcriptPath, b.transcriptPath].sort());

    const summary = structuredOf(await client.callTool({ name: 'transcript', arguments: { path: a.transcriptPath } }));
    expect(summary.resultLine).toBe(a.resultLine);
    const round = await client.callTool({ name: 'transcript', arguments: { path: a.transcriptPath, round: 2 } });
    const turns = (round.structuredContent as { turns: { round: number; name: string; argument: string }[] }).turns;
    expect(turns).toHaveLength(2);
    expect(turns.every((t) => t.round === 2 && t.argument.length > 0)).toBe(true);
    const seat = await client.callTool({ name: 'transcript', arguments: { path: a.transcriptPath, seat: 'claude-opus-4-6' } });
    expect((seat.structuredContent as { turns: { round: number }[] }).turns.map((t) => t.round)).toEqual([1, 2]);

    const cmp = await client.callTool({ name: 'compare', arguments: { a: a.transcriptPath, b: b.transcriptPath } });
    expect(cmp.isError, textOf(cmp)).toBeFalsy();
    const c = cmp.structuredContent as { sameWinner: boolean; voteAgreement: number; debaters: unknown[] };
    const cli = await runCli(['compare', join(cwd, a.transcriptPath!), join(cwd, b.transcriptPath!), '--json'], { cwd });
    const expected = JSON.parse(cli.stdout) as typeof c;
    expect(c.sameWinner).toBe(expected.sameWinner);
    expect(c.voteAgreement).toBe(expected.voteAgreement);
    expect(c.debaters).toEqual(expected.debaters);
  });
});

describe('a cancelled call', () => {
  it('leaves an interrupted transcript that debate --resume finishes', async () => {
    // Slow replies, so that the call is still running when it is cancelled.
    const { client, cwd, stderr } = await stdioClient(['--mock', '--mock-pace', '40']);
    try {
      const controller = new AbortController();
      const progress: string[] = [];
      const call = client.callTool(
        { name: 'debate', arguments: { motion: 'Rewrite it in Rust?', models: ['openai:gpt-5.4', 'anthropic:claude-opus-4-6', 'xai:grok-4-1-fast-reasoning'], rounds: 3, seed: 4 } },
        undefined,
        {
          signal: controller.signal,
          onprogress: (p) => {
            progress.push(p.message ?? '');
            // Cancelled once round 1 is in: the run stops in round 2.
            if (progress.length === 3) controller.abort('the user changed their mind');
          },
        },
      );
      await expect(call).rejects.toThrow();
      const dir = join(cwd, 'transcripts');
      // The server says on stderr when the cancelled run has been saved.
      for (let i = 0; i < 200 && !/was cancelled/.test(stderr()); i++) await new Promise((r) => setTimeout(r, 50));
      expect(stderr()).toMatch(/a call was cancelled; its transcript is kept as interrupted: npx roundtable debate --resume transcripts\/.*rewrite-it-in-rust\.json/);
      const file0 = readdirSync(dir).find((f) => f.endsWith('.json'))!;
      const saved = JSON.parse(readFileSync(join(dir, file0), 'utf8')) as Transcript;
      expect(saved?.status).toBe('interrupted');
      expect(saved!.rounds[0]!.turns).toHaveLength(3);
      // The server still serves.
      const next = await client.callTool({ name: 'list_transcripts', arguments: {} });
      expect(next.isError).toBeFalsy();
      const file = readdirSync(dir).find((f) => f.endsWith('.json'))!;
      const resumed = await runCli(['debate', '--resume', join(dir, file), '--mock-pace', '0', '--json'], { cwd });
      expect(resumed.code, resumed.stderr).toBe(0);
      const done = JSON.parse(resumed.stdout) as Transcript;
      expect(done.status).toBe('complete');
      expect(done.rounds).toHaveLength(3);
      expect(done.rounds[0]).toEqual(saved!.rounds[0]);
    } finally {
      await client.close();
    }
  }, 60_000);
});

describe('no key in any message', () => {
  let providers: FakeProviderServer;
  beforeAll(async () => {
    // A stand-in that writes the key it was sent into every reply.
    providers = await startFakeProviderServer((call) => {
      const sent = call.headers.get('authorization') ?? call.headers.get('x-api-key') ?? '';
      const key = sent.replace(/^Bearer\s+/i, '');
      if (/judge|write-up|summary/i.test(JSON.stringify(call.body ?? '')) && /strongestArguments/.test(JSON.stringify(call.body ?? ''))) {
        return { text: JSON.stringify({ summary: `The key was ${key}.`, strongestArguments: { Yes: `Key ${key}`, No: 'none' }, turningPoints: [`echo ${key}`] }) };
      }
      return { text: JSON.stringify({ vote: 'Yes', argument: `My key is ${key} and the middle of it is ${key.slice(4, 18)}.` }) };
    });
  });
  afterAll(() => providers.close());

  it('masks a key that a model echoes in the result, the text and the progress notifications', async () => {
    const openai = 'sk-proj-Q7rT9wXyZ2aB4cD6eF8gH0iJ';
    const custom = 'zz-custom-shape-5f2c9e1a7b3d4e6f';
    const { client, stderr } = await stdioClient([], {
      env: { ...providers.env, OPENAI_API_KEY: openai, MISTRAL_API_KEY: custom },
    });
    try {
      const progress: string[] = [];
      const result = await client.callTool(
        { name: 'debate', arguments: { motion: 'Echo?', models: ['openai:gpt-5.4', 'mistral:mistral-large-latest'], judge: 'openai:gpt-5.4', rounds: 2 } },
        undefined,
        { onprogress: (p) => progress.push(p.message ?? '') },
      );
      expect(result.isError, textOf(result)).toBeFalsy();
      const everything = JSON.stringify(result) + progress.join('\n') + stderr();
      expect(everything).toContain('[redacted]');
      for (const secret of [openai, custom, openai.slice(4, 18), custom.slice(4, 18)]) expect(everything).not.toContain(secret);
      // A seat whose key is not set: the variable's name, as a tool error.
      const unset = await client.callTool({ name: 'debate', arguments: { motion: 'Keys?', models: ['openai:gpt-5.4', 'anthropic:claude-opus-4-6'] } });
      expect(unset.isError).toBe(true);
      expect(textOf(unset)).toMatch(/Missing API key: set ANTHROPIC_API_KEY/);
      // An attempt to hand a key in through the tool's input is refused.
      const withKey = await client.callTool({ name: 'debate', arguments: { motion: 'Key?', api_key: openai } });
      expect(JSON.stringify(withKey)).not.toContain(openai);
    } finally {
      await client.close();
    }
  }, 60_000);
});

describe('roundtable mcp over Streamable HTTP', () => {
  let http: HttpServer;
  let cwd: string;
  let url: URL;
  const log: string[] = [];
  beforeAll(async () => {
    cwd = tempDir();
    http = await serveHttp({ env: { CI: 'true' }, cwd, mock: true, mockPace: 0, maxCostPerCall: 5, log: (l) => log.push(l) }, '0.0.0-test', { port: 0, token: 'test-token-123456' });
    url = new URL(`http://127.0.0.1:${(http.address() as { port: number }).port}/mcp`);
  });
  afterAll(() => new Promise<void>((r) => http.close(() => r())));
  const clients: Client[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
  });

  async function connect(token = 'test-token-123456') {
    const client = new Client({ name: 'roundtable-http-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    clients.push(client);
    return client;
  }

  it('binds 127.0.0.1 only', () => {
    expect((http.address() as { address: string }).address).toBe('127.0.0.1');
    expect(log.join('\n')).toMatch(/http:\/\/127\.0\.0\.1:\d+\/mcp \(bearer token required\) \(mock mode\)/);
  });

  it('runs a debate with progress, as over stdio', async () => {
    const client = await connect();
    const seen: string[] = [];
    const result = await client.callTool(
      { name: 'debate', arguments: { motion: 'Ship on Fridays?', models: ['openai:gpt-5.4', 'anthropic:claude-opus-4-6'], seed: 8 } },
      undefined,
      { onprogress: (p) => seen.push(p.message ?? '') },
    );
    expect(result.isError, textOf(result)).toBeFalsy();
    const out = structuredOf(result);
    const saved = JSON.parse(readFileSync(join(cwd, out.transcriptPath!), 'utf8')) as Transcript;
    expect(out.result).toEqual(JSON.parse(JSON.stringify(saved.result)));
    expect(seen).toHaveLength(2 * 2 + 2);
  });

  it('caps what a call may spend at --max-cost-per-call', async () => {
    const client = await connect();
    const over = await client.callTool({ name: 'debate', arguments: { motion: 'Expensive?', max_cost: 50 } });
    expect(over.isError).toBe(true);
    expect(textOf(over)).toMatch(/max_cost 50 is more than this server allows a call \(--max-cost-per-call 5\)/);
  });

  it('refuses a request without the token, and one from another origin', async () => {
    await expect(connect('wrong-token-000000')).rejects.toThrow();
    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } };
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: 'Bearer test-token-123456' };
    const foreign = await fetch(url, { method: 'POST', headers: { ...headers, origin: 'https://evil.example' }, body: JSON.stringify(init) });
    expect(foreign.status).toBe(403);
    const none = await fetch(url, { method: 'POST', headers: { ...headers, authorization: '' }, body: JSON.stringify(init) });
    expect(none.status).toBe(401);
    const same = await fetch(url, { method: 'POST', headers: { ...headers, origin: `http://127.0.0.1:${url.port}` }, body: JSON.stringify(init) });
    expect(same.status).toBe(200);
  });
});
