import type { Io } from '../io.js';
// Placeholder until the importer lands (issue 3).
export async function importCommand(io: Io, _file: string, _opts: { out?: string }): Promise<number> {
  io.stderr.write('roundtable: import is not built yet.\n');
  return 1;
}
