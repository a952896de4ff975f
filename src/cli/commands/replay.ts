import type { Io } from '../io.js';
// Placeholder until replay lands (issue 4).
export async function replayCommand(io: Io, _file: string, _opts: { speed: number; headless?: boolean }): Promise<number> {
  io.stderr.write('roundtable: replay is not built yet.\n');
  return 1;
}
