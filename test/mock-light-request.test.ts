// Mock mode's fetch reads the SDKs' calls without building a fetch Request (src/mock/server.ts,
// lightRequest): the stand-in must see what a Request would have given it, answer the same, and
// stay as strict (a bad body, a wrong method, a URL with no stand-in).
import { describe, expect, it } from 'vitest';
import { lightRequest, mockFetch } from '../src/mock/server.js';
import type { WireCall } from '../src/mock/types.js';

const URL_ = 'https://api.openai.com/v1/chat/completions';
const BODY = { model: 'gpt-5.4', messages: [{ role: 'user', content: 'Vote. «é» 🙂' }], stream: true };

async function view(r: { method: string; url: string; headers: Headers; signal: AbortSignal; json(): Promise<unknown> }) {
  return { method: r.method, url: r.url, headers: [...r.headers], aborted: r.signal.aborted, body: await r.json() };
}

describe('lightRequest', () => {
  const cases: Array<[string, RequestInit]> = [
    ['a string body, a header object', { method: 'POST', headers: { Authorization: 'Bearer k', 'X-Roundtable-Seat': 'A%20B' }, body: JSON.stringify(BODY) }],
    ['a byte body, Headers, lower-case method', { method: 'post', headers: new Headers({ authorization: 'Bearer k' }), body: Buffer.from(JSON.stringify(BODY), 'utf8') }],
    ['bytes with a leading BOM', { method: 'POST', headers: [['content-type', 'application/json']], body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(BODY))]) }],
    ['a method fetch keeps as given', { method: 'patch', body: '{}' }],
  ];
  for (const [name, init] of cases) {
    it(`reads ${name} as a Request would`, async () => {
      const light = lightRequest(URL_, init)!;
      expect(light).not.toBeNull();
      expect(await view(light)).toEqual(await view(new Request(URL_, init)));
    });
  }

  it('follows the caller’s signal, and has one that never aborts without it', () => {
    const controller = new AbortController();
    const light = lightRequest(URL_, { method: 'POST', body: '{}', signal: controller.signal })!;
    expect(light.signal.aborted).toBe(false);
    controller.abort();
    expect(light.signal.aborted).toBe(true);
    expect(lightRequest(URL_, { method: 'POST', body: '{}' })!.signal.aborted).toBe(false);
  });

  it('reads its body once, as a Request does', async () => {
    const light = lightRequest(URL_, { method: 'POST', body: '{}' })!;
    await light.json();
    await expect(light.json()).rejects.toThrow(TypeError);
  });

  it('leaves anything else to a Request', () => {
    expect(lightRequest(new URL(URL_), { method: 'POST', body: '{}' })).toBeNull();
    expect(lightRequest(new Request(URL_, { method: 'POST', body: '{}' }), undefined)).toBeNull();
    expect(lightRequest(URL_, { method: 'POST', body: new ReadableStream(), duplex: 'half' } as RequestInit)).toBeNull();
    expect(lightRequest(URL_, undefined)).toBeNull();
  });
});

describe('mock mode’s fetch, as strict through either path', () => {
  const log: WireCall[] = [];
  const fetch = mockFetch([{ provider: 'openai', baseURL: 'https://api.openai.com/v1' }], () => ({ text: 'Vote: Yes\nBecause.' }), { log });
  const headers = { authorization: 'Bearer k', 'content-type': 'application/json' };

  it('answers a string body and a byte body alike, and logs the same call', async () => {
    log.length = 0;
    const a = await (await fetch(URL_, { method: 'POST', headers, body: JSON.stringify(BODY) })).text();
    const b = await (await fetch(new URL(URL_), { method: 'POST', headers, body: Buffer.from(JSON.stringify(BODY)) })).text();
    const strip = (s: string) => s.replace(/chatcmpl-\w+/g, 'ID').replace(/"created":\d+/g, '');
    expect(strip(a)).toBe(strip(b));
    expect(a).toContain('data: [DONE]');
    const seen = log.map((c) => ({ ...c, headers: [...c.headers], attempt: 0 }));
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
    expect(log.map((c) => c.attempt)).toEqual([1, 2]);
  });

  it('refuses a body that is not JSON, a missing key and a URL with no stand-in', async () => {
    expect((await fetch(URL_, { method: 'POST', headers, body: '{not json' })).status).toBe(400);
    expect((await fetch(URL_, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BODY) })).status).toBe(401);
    const elsewhere = await fetch('https://api.openai.com/v1/embeddings', { method: 'POST', headers, body: '{}' });
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.text()).toContain('mock mode has no stand-in for POST https://api.openai.com/v1/embeddings');
  });

  it('finds the stand-in of a URL written another way through a Request', async () => {
    const response = await fetch('HTTPS://API.OPENAI.COM/v1/chat/completions', { method: 'POST', headers, body: JSON.stringify(BODY) });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Because.');
  });
});
