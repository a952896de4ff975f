// Serves one recorded provider response (test/fixtures/wire/catalog.json names them) on 127.0.0.1,
// with only the answer text substituted, so the real CLI replays it:
//   npx tsx scripts/wire-replay.ts deepseek-text-length [port] [--answer "Vote: A\nWhy."]
//   OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 npx roundtable debate "Q?" --models openai:a,openai:b --no-judge --headless
// (Anthropic recordings: ANTHROPIC_BASE_URL and anthropic: models.)  --list prints the names.
import { loadCatalog } from '../src/mock/recordings.js';
import { startReplayServer } from '../src/mock/replay-server.js';

const args = process.argv.slice(2);
const answerAt = args.indexOf('--answer');
const answer = answerAt >= 0 ? args.splice(answerAt, 2)[1] : undefined;
const [name, port] = args;
const catalog = loadCatalog();
if (!name || name === '--list' || !catalog[name]) {
  if (name && name !== '--list') console.error(`no recording named "${name}"`);
  for (const [key, entry] of Object.entries(catalog)) console.log(`${key.padEnd(34)} ${entry.notes ?? ''}`);
  process.exit(name && name !== '--list' ? 2 : 0);
}
const server = await startReplayServer(name, { ...(answer ? { answer: answer.replace(/\\n/g, '\n') } : {}), ...(port ? { port: Number(port) } : {}) });
for (const [variable, value] of Object.entries(server.env)) console.log(`export ${variable}=${value}`);
console.error(`replaying "${name}" on 127.0.0.1:${server.port}; Ctrl-C to stop`);
