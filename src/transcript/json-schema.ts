import { z } from 'zod';
import { TranscriptSchema } from '../core/schema.js';

/** The transcript schema as JSON Schema (draft 2020-12), as shipped in schema/transcript.schema.json. */
export function transcriptJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://github.com/roundtable/roundtable/schema/transcript.schema.json',
    title: 'roundtable transcript, version 1',
    ...z.toJSONSchema(TranscriptSchema, { target: 'draft-2020-12', io: 'input' }),
  };
}
