// Cost of a mock run: the seed panel's recorded token counts priced at the catalogue's real
// prices, labelled as what the run would have cost; and that cost in Markdown and compare. (Mock
// runs start their own stand-in server, so this file has no useWire of its own.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { TranscriptSchema } from '../src/core/schema.js';
import { runCli, tempDir } from './support/cli.js';

describe('cost of a mock run', () => {
  it('a mock run of the seed panel prices the recorded tokens at the catalogue\'s prices and says what it would have cost', async () => {
    const dir = tempDir();
    const out = join(dir, 'seed.json');
    const run = await runCli(['debate', '--mock', '--mock-pace', '0', '--out', out, '--headless'], { cwd: dir });
    expect(run.code).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    const providerOf: Record<string, string> = { xai: 'x-ai', moonshot: 'moonshotai' };
    let total = 0;
    for (const r of t.rounds) {
      for (const x of r.turns) {
        const model = t.panel.find((p) => p.id === x.debater)!.model!;
        const [provider, ownName] = [model.slice(0, model.indexOf(':')), model.slice(model.indexOf(':') + 1)];
        // mistral-large-latest stands for Mistral Large 3 (2512): $0.50 in / $1.50 out, checked by hand below.
        const name = model === 'mistral:mistral-large-latest' ? 'mistral-large-2512' : ownName;
        if (name === 'mistral-large-2512') expect(x.cost!.usd).toBeCloseTo((x.usage!.inputTokens * 0.5 + x.usage!.outputTokens * 1.5) / 1e6, 12);
        const expected = calcPrice({ input_tokens: x.usage!.inputTokens, output_tokens: x.usage!.outputTokens, cache_read_tokens: 0, output_reasoning_tokens: 0 }, name, { providerId: providerOf[provider] ?? provider })!.total_price;
        expect(x.cost).toEqual({ usd: expect.closeTo(expected, 12), source: 'catalogue' });
        total += expected;
      }
    }
    expect(t.judgeUsage!.inputTokens).toBeGreaterThan(0);
    // The judge, Claude Opus 4.6, at the catalogue's $5 in / $25 out per million tokens, by hand.
    expect(t.cost!.judge).toBeCloseTo((t.judgeUsage!.inputTokens * 5 + t.judgeUsage!.outputTokens * 25) / 1e6, 12);
    total += t.cost!.judge!;
    expect(t.cost!.usd).toBeCloseTo(total, 10);
    expect(t.cost!.unpriced).toEqual([]);
    expect(run.stderr).toMatch(/Cost · \$\d+\.\d+ is what this run would have cost live \(mock mode: real prices, stand-in token counts\) · tokens [\d,]+ in · [\d,]+ out · catalogue prices/);
    expect(run.stderr).toMatch(/✓ GPT-5\.4\s+\w+\s+\d+\.\d s\s+\$0\.\d{4}/);
    // The judge's own line carries its cost too.
    expect(run.stderr).toContain(`  ✓ judgement written  $${t.cost!.judge!.toFixed(4)}\n`);
  });

});

describe('cost in export and compare', () => {
  it('Markdown carries a cost table; compare shows both runs\' cost, --json too', async () => {
    const dir = tempDir();
    const out = join(dir, 'seed.json');
    expect((await runCli(['debate', '--mock', '--mock-pace', '0', '--rounds', '1', '--out', out, '--headless'], { cwd: dir })).code).toBe(0);
    const t = TranscriptSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    const md = await runCli(['export', out, '--format', 'markdown'], { cwd: dir });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('## Cost\n\n');
    expect(md.stdout).toMatch(/is what this run would have cost live \(mock mode: real prices, stand-in token counts\)/);
    expect(md.stdout).toContain('| Seat | Tokens in | Tokens out | USD |');
    const gpt = t.cost!.byDebaterUsage!['gpt-5-4']!;
    expect(md.stdout).toContain(`| GPT-5.4 | ${gpt.inputTokens.toLocaleString('en-US')} | ${gpt.outputTokens.toLocaleString('en-US')} | $`);
    expect(md.stdout).toMatch(/\| \*\*Total\*\* \| [\d,]+ \| [\d,]+ \| \*\*\$\d+\.\d+\*\* \|/);

    const seed = 'seeds/000_30eaba9eac67d68e.json';
    const cmp = await runCli(['compare', join(process.cwd(), seed), out], { cwd: dir });
    // B is a mock run: its figure is what it would have cost live, and says so.
    expect(cmp.stdout).toMatch(/^Cost: A not recorded · B \$\d+\.\d+ if run live \(mock\) \([\d,]+ in, [\d,]+ out\)$/m);
    const json = await runCli(['compare', join(process.cwd(), seed), out, '--json'], { cwd: dir });
    const c = JSON.parse(json.stdout) as { costA: unknown; costB: { usd: number; mock: boolean } };
    expect(c.costA).toBeNull();
    expect(c.costB.mock).toBe(true);
    expect(c.costB.usd).toBeCloseTo(t.cost!.usd!, 12);
  });
});
