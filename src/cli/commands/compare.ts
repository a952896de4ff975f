import type { Io } from '../io.js';
// Placeholder until compare lands (issue 3).
export async function compareCommand(io: Io, _a: string, _b: string, _opts: { json?: boolean }): Promise<number> {
  io.stderr.write('roundtable: compare is not built yet.\n');
  return 1;
}
