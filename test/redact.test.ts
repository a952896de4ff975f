// The redactor both ways: a configured key, any 10+ character piece of it, and strings of the
// providers' real key shapes are masked wherever they appear; ordinary words, model ids and
// hashes that merely contain "sk-" or "xai-" are left alone.
import { describe, expect, it } from 'vitest';
import { redactDeep, redactSecrets, registerSecret } from '../src/util/redact.js';
import { jsonText } from '../src/util/sanitize.js';

/** Random-looking keys of each provider's real shape (made up here, never real). */
const SHAPES = {
  openaiProject: `sk-proj-${'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z_-Qe7'.repeat(4)}`,
  openaiLegacy: 'sk-Hq2LkT9vXw4Rb7Nc1Zd5Mf8Gp3Sj6YtT3BlbkFJ0aUe1iO9k',
  anthropic: `sk-ant-api03-${'Zq4Wx7Ec1Rv8Tb5Yn2Um9Ik3Ol6Pj0Hg_-'.repeat(3)}AA`,
  openrouter: `sk-or-v1-${'0123456789abcdef'.repeat(4)}`,
  deepseek: `sk-${'9f8e7d6c5b4a3210'.repeat(2)}`,
  moonshot: 'sk-Mn4Bv7Cx1Zl8Kj5Hg2Fd9Sa3Qw6Er0TyUi4Op7As1Df8Gh5Jk',
  xai: `xai-${'Pq3Rs6Tu9Vw2Xy5Za8Bc1De4Fg7Hi0Jk'.repeat(2)}Lm3No6Qr9St2Uv5Wx8Yz`,
  gemini: 'AIzaSyD4k9Lm2Nq7Rs1Tu6Vw3Xy8Za5Bc0De-f',
};

describe('key shapes: masked at word boundaries', () => {
  it.each(Object.entries(SHAPES))('masks a bare %s key in prose, quotes, URLs and headers', (_name, key) => {
    for (const [text, expected] of [
      [`my key is ${key}.`, 'my key is [redacted].'],
      [`"${key}"`, '"[redacted]"'],
      [`(${key})`, '([redacted])'],
      [`https://gw.example/v1?token=${key}&x=1`, 'https://gw.example/v1?token=[redacted]&x=1'],
      [`Authorization: Bearer ${key}`, 'Authorization: Bearer [redacted]'],
      [`${key}\nnext`, '[redacted]\nnext'],
    ] as const) {
      expect(redactSecrets(text)).toBe(expected);
    }
  });
});

describe('ordinary text: not masked', () => {
  it.each([
    ['a word with "sk-" inside', 'Use the task-management-suite for that.'],
    ['another', 'the desk-organization-handbook-2024 and the risk-assessment-framework-v2'],
    ['a hyphenated phrase after sk-', 'sk-learn-compatible-estimators-only'],
    ['a model id with xai-', 'xai-grok-4-1-fast-reasoning-2025-beta'],
    ['an OpenRouter-style model name', 'openrouter:x-ai/grok-4-1-fast-reasoning and xai-org-grok-4-1-fast-non-reasoning'],
    ['a git hash', 'commit 5bf390c0a1b2c3d4e5f60718293a4b5c6d7e8f90'],
    ['a uuid', 'run 9a1b2c3d-4e5f-6789-abcd-ef0123456789'],
    ['a word ending in AIza', 'the MaltAIzaBcdefghijklmnopqrstuvwxyz0123456789 string'],
    ['a sha256', 'sha256 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0'],
  ])('leaves %s', (_what, text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('a configured key: whole, and any 10+ character piece of it, wherever it appears', () => {
  const KEY = 'Zr7Qm2Xw9Lk4Vb8Np3Tc6Hd1Jf5Gs0Ya';
  registerSecret(KEY);
  it.each([
    ['whole', `key ${KEY} refused`, 'key [redacted] refused'],
    ['the middle (10 characters)', `saw ${KEY.slice(8, 18)} in the log`, 'saw [redacted] in the log'],
    ['the middle (15 characters)', `saw ${KEY.slice(5, 20)} in the log`, 'saw [redacted] in the log'],
    ['the middle, glued to other text', `prefix${KEY.slice(11, 24)}suffix`, 'prefix[redacted]suffix'],
    ['the middle inside a URL', `https://h.example/x/${KEY.slice(3, 16)}/y`, 'https://h.example/x/[redacted]/y'],
    ['the start', `${KEY.slice(0, 12)} was cut`, '[redacted] was cut'],
    ['the end', `ends with ${KEY.slice(-11)}`, 'ends with [redacted]'],
    ['two pieces', `${KEY.slice(0, 10)} and ${KEY.slice(20, 32)}`, '[redacted] and [redacted]'],
  ])('masks %s', (_what, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
  });

  it.each([
    ['9 characters of it', `saw ${KEY.slice(8, 17)} once`],
    ['pieces of it apart from each other, each under 10', `${KEY.slice(0, 6)} ${KEY.slice(6, 12)}`],
    ['unrelated words', 'The panel voted Yes after the second round.'],
  ])('leaves %s', (_what, text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it('leaves a run of one character that a test key happens to hold (a fence id, a number)', () => {
    registerSecret('sk-test-openai-000000000000');
    for (const text of ['----- END MATERIAL MATERIAL-0000000000000000 -----', 'id 100000000000', 'aaaaaaaaaaaaaaa']) expect(redactSecrets(text)).toBe(text);
    expect(redactSecrets('saw test-openai-0000 here')).toBe('saw [redacted] here');
  });
});

describe('JSON output (jsonText): strings redacted as they are written, the same text as redacting a copy first', () => {
  it('writes what JSON.stringify(redactDeep(value)) wrote: keys and values redacted, keys that redact alike numbered, odd objects as copied', () => {
    const key = 'sk-jsontext-ABCDEFGHIJ98765';
    registerSecret(key);
    const value = {
      format: 'roundtable-transcript',
      rounds: [{ number: 1, turns: [{ debater: 'a', argument: `my key is ${key}`, vote: 'Yes', usage: { inputTokens: 1 } }] }],
      result: { tally: { [key]: 1, '[redacted]': 2, [`x ${key}`]: 3 } },
      settings: { when: new Date(0), seen: new Map([[1, 2]]), nothing: undefined, list: [null, -0, Number.NaN, 'Bearer abcdefghijklmnop'] },
      odd: JSON.parse('{"__proto__": {"x": "key=abcdefghijk"}}') as unknown,
    };
    const old = JSON.stringify(redactDeep(value), null, 2);
    expect(jsonText(value)).toBe(old);
    expect(jsonText(value)).not.toContain(key.slice(0, 12));
    expect(jsonText(value, 0)).toBe(JSON.stringify(redactDeep(value)));
  });

  it('never writes what a toJSON method gives unredacted', () => {
    const key = 'sk-jsontext-ZYXWVUTSRQ12345';
    registerSecret(key);
    expect(jsonText({ a: { toJSON: () => ({ b: key }) }, c: { toJSON: () => key } })).not.toContain(key.slice(0, 12));
  });
});
