// Serves one recorded provider response (test/fixtures/wire/catalog.json names them) on 127.0.0.1,
// with only the answer text substituted, so the real CLI replays it (README "Providers"):
//   npx tsx scripts/wire-replay.ts deepseek-text-length [port] [--answer "Vote: A\nWhy."]
// prints the variables to set and a command to run in another terminal; --list prints the names.
import { loadCatalog } from '../src/mock/recordings.js';
import { startReplayServer } from '../src/mock/replay-server.js';

const args = process.argv.slice(2);
const answerAt = args.indexOf('--answer');
const answer = answerAt >= 0 ? args.splice(answerAt, 2)[1] : undefined;
const [name, port] = args;
const catalog = loadCatalog();
if (!name || name === '--list' || !catalog[name]) {
  if (name && name !== '--list') console.error(`no recording named "${name}" (the names follow)`);
  for (const [key, entry] of Object.entries(catalog)) console.log(`${key.padEnd(34)} ${entry.notes ?? ''}`);
  process.exit(name && name !== '--list' ? 2 : 0);
}
if (port !== undefined && !/^\d+$/.test(port)) {
  console.error(`the port must be a number, not "${port}"`);
  process.exit(2);
}
const server = await startReplayServer(name, { ...(answer ? { answer: answer.replace(/\\n/g, '\n') } : {}), ...(port ? { port: Number(port) } : {}) });
const vars = Object.entries(server.env).map(([variable, value]) => `${variable}=${value}`).join(' ');
const model = (id: string) => `${server.provider}:${server.provider === 'openrouter' ? `replay/${id}` : id}`;
console.log(`replaying "${name}" on 127.0.0.1:${server.port} (every request gets it); Ctrl-C to stop. In another terminal:`);
console.log(`  ${vars} npx roundtable debate "Replayed?" --models ${model('a')},${model('b')} --rounds 1 --no-judge --headless`);
