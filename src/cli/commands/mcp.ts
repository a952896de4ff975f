// `roundtable mcp`: the MCP server (src/mcp). The SDK is loaded here, by this command only.
import { ExitCode, UsageError } from '../../util/errors.js';
import { sanitizeText } from '../../util/sanitize.js';
import type { Io } from '../io.js';

export interface McpFlags {
  mock?: boolean;
  http?: number;
  maxCostPerCall?: number;
  /** The variable holding the bearer token the HTTP transport requires (ROUNDTABLE_MCP_TOKEN by default, when set). */
  tokenEnv?: string;
  mockPace?: number;
}

export const DEFAULT_TOKEN_ENV = 'ROUNDTABLE_MCP_TOKEN';

export async function mcpCommand(io: Io, flags: McpFlags, version: string): Promise<number> {
  if (flags.tokenEnv !== undefined && flags.http === undefined) throw new UsageError('--token-env guards the HTTP transport, so it needs --http PORT.');
  const tokenEnv = flags.tokenEnv ?? DEFAULT_TOKEN_ENV;
  const token = io.env[tokenEnv];
  if (flags.tokenEnv !== undefined && !token) throw new UsageError(`--token-env names ${tokenEnv}, which is not set; set it to the token clients must send.`);
  const { serveHttp, serveStdio } = await import('../../mcp/server.js');
  const ctx = {
    env: io.env,
    cwd: io.cwd,
    mock: Boolean(flags.mock),
    ...(flags.maxCostPerCall !== undefined ? { maxCostPerCall: flags.maxCostPerCall } : {}),
    ...(flags.mockPace !== undefined ? { mockPace: flags.mockPace } : {}),
    log: (line: string) => void io.stderr.write(`${sanitizeText(line)}\n`),
  };
  if (flags.http === undefined) {
    await serveStdio(ctx, version);
    return ExitCode.ok;
  }
  const server = await serveHttp(ctx, version, { port: flags.http, ...(token ? { token } : {}) });
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    io.signal?.addEventListener('abort', stop, { once: true });
  });
  return ExitCode.ok;
}
