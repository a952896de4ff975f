// Serves every provider's API on 127.0.0.1 with scripted replies (the seed debate), so the real
// CLI can run end to end against a local server:
//   npx tsx scripts/fake-providers.ts 8787      # prints the *_BASE_URL variables to export
import { readFileSync } from 'node:fs';
import { startFakeProviderServer } from '../src/mock/http-server.js';
import { mockScript } from '../src/mock/script.js';
import { TranscriptSchema } from '../src/core/schema.js';

const seed = TranscriptSchema.parse(JSON.parse(readFileSync(new URL('../seeds/000_30eaba9eac67d68e.json', import.meta.url), 'utf8')));
const scripted = mockScript(seed, { paceMs: Number(process.env.PACE_MS ?? 25) });
// Without the mock-mode seat headers, a caller is told apart by its model id.
const server = await startFakeProviderServer((call) => scripted({ ...call, seat: call.seat ?? call.model }), Number(process.argv[2] ?? 0));
for (const [name, value] of Object.entries(server.env)) console.log(`export ${name}=${value}`);
console.error(`fake providers listening on 127.0.0.1:${server.port}; Ctrl-C to stop`);
