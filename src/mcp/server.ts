// `roundtable mcp`: the debate, poll, transcript, compare and list_transcripts tools as a Model
// Context Protocol server, on stdio or (with --http) on Streamable HTTP at 127.0.0.1 only. Built on
// the official SDK, which only this command loads. A bad call is a tool error (isError, one
// sentence); the server goes on serving.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { registerKeys } from '../agents/factory.js';
import { UsageError } from '../util/errors.js';
import { redactSecrets } from '../util/redact.js';
import {
  compareTool,
  listTranscriptsTool,
  runDebateTool,
  toolError,
  TOOL_SCHEMAS,
  transcriptTool,
  type CallExtra,
  type DebateInput,
  type ToolContext,
  type ToolResult,
} from './tools.js';

/** A sentence for the agent: an input error as it is, anything else named as the server's own failure. */
function asToolError(tool: string, err: unknown): ToolResult {
  if (err instanceof UsageError) return toolError(err.message);
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return toolError(`Not found: ${message.replace(/^ENOENT: no such file or directory, /, '')}.`);
  return toolError(`The ${tool} tool failed: ${message}`);
}

interface RequestExtra {
  signal: AbortSignal;
  _meta?: { progressToken?: string | number };
  sendNotification: (n: { method: 'notifications/progress'; params: { progressToken: string | number; progress: number; total?: number; message?: string } }) => Promise<void>;
}

function callExtra(extra: RequestExtra): CallExtra {
  const token = extra._meta?.progressToken;
  return {
    signal: extra.signal,
    ...(token !== undefined
      ? {
          progress: (progress: number, total: number, message: string) =>
            extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress, total, message: redactSecrets(message) } }),
        }
      : {}),
  };
}

export function createRoundtableServer(ctx: ToolContext, version: string): McpServer {
  // Every key variable of the server's environment is masked wherever it might appear.
  registerKeys(ctx.env);
  const server = new McpServer({ name: 'roundtable', version }, { capabilities: { tools: {} } });
  const guarded =
    <I>(tool: string, run: (input: I, extra: RequestExtra) => Promise<ToolResult> | ToolResult) =>
    async (input: I, extra: RequestExtra): Promise<ToolResult> => {
      try {
        return await run(input, extra);
      } catch (err) {
        return asToolError(tool, err);
      }
    };
  const mockNote = ctx.mock ? ' This server runs in mock mode: replies are generated, not real model output.' : '';
  server.registerTool(
    'debate',
    {
      title: 'Convene the roundtable',
      description:
        'Several language models from different providers debate a motion over rounds (the first blind), read each other, may change their minds, and a judge writes up where the panel landed. With open: true the question has no options. Returns the result, each seat\'s final position, the judge\'s summary, turning points, cost and the saved transcript\'s path. Progress is reported per turn when a progress token is sent; a cancelled call keeps the transcript as interrupted.' + mockNote,
      inputSchema: TOOL_SCHEMAS.debate.input,
      outputSchema: TOOL_SCHEMAS.debate.output,
    },
    guarded('debate', (input: DebateInput, extra) => runDebateTool(input, input.mode ?? 'debate', ctx, callExtra(extra))) as never,
  );
  server.registerTool(
    'poll',
    {
      title: 'Poll the roundtable',
      description: 'One blind round: each model answers once (a vote among the options, or with open: true a one-sentence answer), and the judge writes it up. Quicker and cheaper than a debate.' + mockNote,
      inputSchema: TOOL_SCHEMAS.poll.input,
      outputSchema: TOOL_SCHEMAS.poll.output,
    },
    guarded('poll', (input: DebateInput, extra) => runDebateTool(input, 'poll', ctx, callExtra(extra))) as never,
  );
  server.registerTool(
    'transcript',
    {
      title: 'Read a saved debate',
      description: 'A saved transcript\'s summary; with round or seat, that round\'s or that seat\'s turns with their arguments.',
      inputSchema: TOOL_SCHEMAS.transcript.input,
      outputSchema: TOOL_SCHEMAS.transcript.output,
    },
    guarded('transcript', (input: { path: string; round?: number; seat?: string }) => transcriptTool(input, ctx)) as never,
  );
  server.registerTool(
    'compare',
    {
      title: 'Compare two debates',
      description: 'Two transcripts side by side, as `roundtable compare --json`: same winner, same label, vote agreement, each seat\'s final votes and argument similarity.',
      inputSchema: TOOL_SCHEMAS.compare.input,
      outputSchema: TOOL_SCHEMAS.compare.output,
    },
    guarded('compare', (input: { a: string; b: string }) => compareTool(input, ctx)) as never,
  );
  server.registerTool(
    'list_transcripts',
    {
      title: 'List saved debates',
      description: 'The newest transcripts in the server\'s transcripts/ folder, with motion, date, status and result.',
      inputSchema: TOOL_SCHEMAS.list_transcripts.input,
      outputSchema: TOOL_SCHEMAS.list_transcripts.output,
    },
    guarded('list_transcripts', (input: { limit?: number }) => listTranscriptsTool(input, ctx)) as never,
  );
  return server;
}

/** Serves on stdio until the client closes the connection. */
export async function serveStdio(ctx: ToolContext, version: string): Promise<void> {
  const server = createRoundtableServer(ctx, version);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    // The client went away (stdin closed): the server ends with it.
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  ctx.log(`roundtable mcp: serving on stdio${ctx.mock ? ' (mock mode)' : ''}`);
  await closed;
}

export interface HttpOptions {
  port: number;
  /** The bearer token every request must carry, when set (from the variable --token-env names). */
  token?: string;
}

const json = (res: ServerResponse, status: number, message: string) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
};

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readJson(req: IncomingMessage, limit = 1024 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new UsageError('The request body is larger than 1 MiB.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/**
 * Streamable HTTP at http://127.0.0.1:PORT/mcp, one session per client. Requests from a browser
 * page of another origin are refused (Origin checked); with a token, every request needs
 * `Authorization: Bearer TOKEN`.
 */
export async function serveHttp(ctx: ToolContext, version: string, options: HttpOptions): Promise<HttpServer> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/mcp') return json(res, 404, 'Not found: the MCP endpoint is /mcp.');
      const port = (http.address() as { port: number }).port;
      const origin = req.headers.origin;
      const allowed = [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
      if (origin !== undefined && !allowed.includes(origin)) return json(res, 403, 'Forbidden: requests from another origin are refused.');
      if (options.token !== undefined) {
        const auth = req.headers.authorization ?? '';
        const given = /^Bearer\s+(.+)$/i.exec(auth)?.[1] ?? '';
        if (!sameToken(given, options.token)) {
          res.setHeader('www-authenticate', 'Bearer');
          return json(res, 401, 'Unauthorized: this server needs its bearer token.');
        }
      }
      const sessionId = req.headers['mcp-session-id'];
      const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
      if (req.method === 'POST') {
        const body = await readJson(req);
        if (existing) return await existing.handleRequest(req, res, body);
        if (sessionId !== undefined || !isInitializeRequest(body)) return json(res, 400, 'Bad request: no session; start with an initialize request.');
        const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => {
            sessions.set(id, transport);
          },
        });
        transport.onclose = () => {
          if (transport.sessionId) sessions.delete(transport.sessionId);
        };
        await createRoundtableServer(ctx, version).connect(transport);
        return await transport.handleRequest(req, res, body);
      }
      if (req.method === 'GET' || req.method === 'DELETE') {
        if (!existing) return json(res, 400, 'Bad request: unknown or missing session.');
        return await existing.handleRequest(req, res);
      }
      res.setHeader('allow', 'GET, POST, DELETE');
      return json(res, 405, 'Method not allowed.');
    } catch (err) {
      if (!res.headersSent) json(res, err instanceof SyntaxError ? 400 : 500, redactSecrets(err instanceof SyntaxError ? 'Bad request: the body is not JSON.' : (err as Error).message));
    }
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as { port: number }).port;
  ctx.log(`roundtable mcp: serving Streamable HTTP at http://127.0.0.1:${port}/mcp${options.token !== undefined ? ' (bearer token required)' : ''}${ctx.mock ? ' (mock mode)' : ''}`);
  http.on('close', () => {
    for (const t of sessions.values()) void t.close();
  });
  return http;
}
