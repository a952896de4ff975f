// The direction of dependencies, enforced: shared types and rules at the bottom (util, core),
// adapters above them, protocols and the engine above those, and the faces (CLI, UI, mock) at the
// top. Nothing under the engine, protocols or adapters imports the CLI, UI or mock folders.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;

/** Which folders each folder of src/ may import from (itself included). */
export const ALLOWED: Record<string, readonly string[]> = {
  util: ['util'],
  core: ['util', 'core'],
  agents: ['util', 'core', 'agents'],
  transcript: ['util', 'core', 'cost', 'transcript'],
  cost: ['util', 'core', 'agents', 'cost'],
  gateway: ['util', 'core', 'agents', 'gateway'],
  // Prompt templates, material fences and context fitting, shared by the debaters' protocols and the judge.
  prompting: ['util', 'core', 'prompting'],
  judge: ['util', 'core', 'agents', 'prompting', 'judge'],
  protocols: ['util', 'core', 'agents', 'prompting', 'judge', 'protocols'],
  engine: ['util', 'core', 'agents', 'prompting', 'judge', 'protocols', 'engine'],
  compare: ['util', 'core', 'cost', 'transcript', 'compare'],
  report: ['util', 'core', 'agents', 'cost', 'transcript', 'compare', 'stats', 'report'],
  mock: ['util', 'core', 'agents', 'transcript', 'prompting', 'protocols', 'mock'],
  ui: ['util', 'core', 'cost', 'transcript', 'engine', 'ui'],
  stats: ['util', 'core', 'stats'],
  // A debate's planning (panel, seats, prices, budget) and its headless run, below every face that
  // starts debates: the CLI, batch and the MCP server. Mock mode's stand-in is loaded from here.
  plan: ['util', 'core', 'agents', 'cost', 'gateway', 'transcript', 'prompting', 'judge', 'protocols', 'engine', 'mock', 'plan'],
  // Batches run debates as the debate command does (its panel and cost planning included).
  batch: ['util', 'core', 'agents', 'cost', 'transcript', 'prompting', 'judge', 'protocols', 'engine', 'mock', 'plan', 'batch'],
  // The MCP server: debates, polls and transcripts as tools for an agent (loaded only by `roundtable mcp`).
  mcp: ['util', 'core', 'agents', 'cost', 'transcript', 'prompting', 'judge', 'protocols', 'engine', 'compare', 'mock', 'plan', 'mcp'],
  cli: ['util', 'core', 'agents', 'cost', 'gateway', 'transcript', 'prompting', 'judge', 'protocols', 'engine', 'compare', 'report', 'mock', 'ui', 'batch', 'stats', 'plan', 'mcp', 'cli'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Every relative module a source text imports: static, re-exported, or loaded with import(). */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  return found.filter((s) => s.startsWith('.'));
}

const folderOf = (path: string): string => relative(SRC, path).split('/')[0]!;

/** The imports of one file that go against ALLOWED, as "from → to" lines. */
export function violations(file: string, text: string): string[] {
  const from = folderOf(file);
  const allowed = ALLOWED[from];
  if (!allowed) return [`${relative(SRC, file)} sits in a folder with no layer (${from})`];
  return importsOf(text)
    .map((spec) => ({ spec, to: folderOf(resolve(dirname(file), spec)) }))
    .filter(({ to }) => !allowed.includes(to))
    .map(({ spec }) => `${relative(SRC, file)} → ${spec}`);
}

describe('layering', () => {
  const files = sourceFiles(SRC).filter((f) => relative(SRC, f).includes('/'));

  it('every source file lives in a layered folder and imports only the folders below it', () => {
    expect(files.length).toBeGreaterThan(40);
    const bad = files.flatMap((file) => violations(file, readFileSync(file, 'utf8')));
    expect(bad).toEqual([]);
  });

  it('nothing under the engine, protocols or adapters reaches the CLI, UI or mock', () => {
    for (const low of ['engine', 'protocols', 'judge', 'prompting', 'agents', 'core', 'util', 'transcript', 'cost', 'gateway']) {
      expect(ALLOWED[low]).not.toContain('cli');
      expect(ALLOWED[low]).not.toContain('ui');
      expect(ALLOWED[low]).not.toContain('mock');
    }
  });

  it('catches an upward import in every form it can be written', () => {
    const file = join(SRC, 'engine', 'x.ts');
    expect(violations(file, "import { a } from '../cli/io.js';")).toEqual(['engine/x.ts → ../cli/io.js']);
    expect(violations(file, "import type {\n  A,\n  B,\n} from '../ui/state.js';")).toHaveLength(1);
    expect(violations(file, "export { b } from '../mock/server.js';")).toHaveLength(1);
    expect(violations(file, "const m = await import('../mock/server.js');")).toHaveLength(1);
    expect(violations(file, "import '../ui/live.js';")).toHaveLength(1);
    expect(violations(file, "import { c } from '../core/schema.js';\nimport { d } from './debate.js';")).toEqual([]);
  });
});
