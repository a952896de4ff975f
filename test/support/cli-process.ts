// The CLI as its own process (from the sources, through tsx), for end-to-end runs over real HTTP.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export interface ProcessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const ENTRY = new URL('./cli-entry.ts', import.meta.url).pathname;
// tsx's loader by absolute URL, so the child can run from any folder.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export function runCliProcess(
  argv: string[],
  options: {
    env?: Record<string, string>;
    cwd?: string;
    onStderr?: (text: string, child: ReturnType<typeof spawn>) => void;
    /** Close the reading end of stdout after the first chunk, as `| head -1` does. */
    closeStdoutEarly?: boolean;
  } = {},
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, ENTRY, ...argv], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', CI: 'true', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (options.closeStdoutEarly) child.stdout.destroy();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
