// The stand-ins serialise a stream's events once and fill in each piece (src/mock/sse.ts,
// jsonTemplate): the text must be exactly JSON.stringify's of the whole value, for any piece.
import { describe, expect, it } from 'vitest';
import { chatStreamItems } from '../src/mock/dialects/openai-compatible.js';
import { messagesStreamItems } from '../src/mock/dialects/anthropic.js';
import { hole, jsonTemplate, sseStream, textPieces } from '../src/mock/sse.js';

const PIECES = ['plain ', '"quoted" ', 'back\\slash ', 'é — 🙂 ', '\u0000nul ', 'tab\tand\nnewline ', '\ud800lone ', '', '</script> ', hole(0), hole(1)];

describe('jsonTemplate', () => {
  it('gives JSON.stringify of the value with each piece in place', () => {
    const make = (a: unknown, b: unknown) => ({ id: 'x', choices: [{ index: 0, delta: { content: a }, finish_reason: null }], usage: { prompt_tokens: 3, total_tokens: b } });
    const fill = jsonTemplate(make(hole(0), hole(1)), 2)!;
    for (const [i, piece] of PIECES.entries()) expect(fill(JSON.stringify(piece), String(i * 7))).toBe(JSON.stringify(make(piece, i * 7)));
    const one = jsonTemplate({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: hole(0) } }, 1)!;
    for (const piece of PIECES) expect(one(JSON.stringify(piece))).toBe(JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } }));
  });

  it('is null when a string of the value spells a hole, or a hole is missing or out of order', () => {
    expect(jsonTemplate({ model: hole(0), content: hole(0) }, 1)).toBeNull();
    expect(jsonTemplate({ content: hole(0) }, 2)).toBeNull();
    expect(jsonTemplate({ a: hole(1), b: hole(0) }, 2)).toBeNull();
    // Inside a longer string it is only text.
    expect(jsonTemplate({ model: `a${hole(0)}b`, content: hole(0) }, 1)!('"x"')).toBe(JSON.stringify({ model: `a${hole(0)}b`, content: 'x' }));
  });
});

describe('the stand-ins’ streamed pieces', () => {
  const BODY = { model: 'm', messages: [{ role: 'user', content: 'Vote.' }], stream: true, stream_options: { include_usage: true } };
  const TEXT = PIECES.join('');
  const json = (data: unknown) => (typeof data === 'string' ? JSON.parse(data) : data) as Record<string, any>;

  for (const model of ['gemini-3.1-pro-preview', hole(0)]) {
    it(`carry every piece and Gemini's running total (model ${JSON.stringify(model)})`, () => {
      const items = chatStreamItems('google', model, BODY, { text: TEXT }).flatMap((i) => ('data' in i ? [json(i.data)] : []));
      const content = items.filter((c) => typeof c.choices?.[0]?.delta?.content === 'string' && c.choices[0].finish_reason === null && c.choices[0].delta.content !== '');
      expect(content.map((c) => c.choices[0].delta.content)).toEqual(textPieces(TEXT));
      expect(content.every((c) => c.model === model && c.object === 'chat.completion.chunk')).toBe(true);
      const totals = content.map((c) => c.usage.total_tokens as number);
      expect([...totals].sort((a, b) => a - b)).toEqual(totals);
      expect(new Set(totals).size).toBeGreaterThan(1);
    });

    it(`carry every text delta in Anthropic's events (model ${JSON.stringify(model)})`, () => {
      const deltas = messagesStreamItems(model, BODY, { text: TEXT })
        .flatMap((i) => ('data' in i && i.event === 'content_block_delta' ? [json(i.data)] : []));
      expect(deltas.map((d) => d.delta.text).join('')).toBe(TEXT);
      expect(deltas.every((d) => d.type === 'content_block_delta' && d.index === 0 && d.delta.type === 'text_delta')).toBe(true);
    });
  }
});

describe('sseStream’s chunks at pace 0', () => {
  it('carry every item whole and in order, as UTF-8, gathered into chunks of about 2 KB', async () => {
    const fill = jsonTemplate({ delta: { content: hole(0) } }, 1)!;
    const pieces = Array.from({ length: 300 }, (_, i) => `${PIECES[i % PIECES.length]}${i}`);
    const huge = 'x€'.repeat(3000);
    const items = [
      { comment: 'keep-alive' },
      ...pieces.map((p) => ({ data: fill(JSON.stringify(p)) })),
      { event: 'big', data: { huge } },
      { data: fill(JSON.stringify('after')) },
      { raw: 'data: [DONE]\n\n' },
    ];
    const reader = sseStream({ items, firstDelayMs: 0, delayMs: 0 }, new AbortController().signal).getReader();
    const chunks: string[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(Buffer.from(r.value).toString('utf8'));
    const expected = [': keep-alive\n\n', ...pieces.map((p) => `data: ${JSON.stringify({ delta: { content: p } })}\n\n`), `event: big\ndata: ${JSON.stringify({ huge })}\n\n`, 'data: {"delta":{"content":"after"}}\n\n', 'data: [DONE]\n\n'];
    expect(chunks.join('')).toBe(expected.join(''));
    // Each chunk ends where an item ends; only the chunk with the huge item is longer than 2 KB and an item.
    expect(chunks.every((c) => c.endsWith('\n\n'))).toBe(true);
    expect(chunks.filter((c) => c.length > 2048 + 100).map((c) => c.includes(huge))).toEqual([true]);
    expect(chunks.length).toBeGreaterThan(5);
  });
});
