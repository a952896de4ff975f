// Writes schema/transcript.schema.json from the zod schema (npm run schema).
import { writeFileSync } from 'node:fs';
import { transcriptJsonSchema } from '../src/transcript/json-schema.js';

writeFileSync(new URL('../schema/transcript.schema.json', import.meta.url), `${JSON.stringify(transcriptJsonSchema(), null, 2)}\n`);
