// Writes seeds/000_30eaba9eac67d68e.json, the seed debate's transcript, from the seed text
// (npx tsx scripts/import-seed.ts). test/import.test.ts checks that the committed file matches.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transcriptJson } from '../src/transcript/store.js';
import { importText } from '../src/transcript/text-import.js';

export const SEED_TEXT = 'seeds/000_30eaba9eac67d68e.txt';
export const SEED_JSON = 'seeds/000_30eaba9eac67d68e.json';

/** The seed transcript's JSON as this roundtable's importer makes it. */
export function seedJson(): string {
  const root = new URL('../', import.meta.url);
  return transcriptJson(importText(readFileSync(new URL(SEED_TEXT, root), 'utf8'), SEED_TEXT));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL(`../${SEED_JSON}`, import.meta.url), seedJson());
  console.log(`Wrote ${SEED_JSON}.`);
}
