// Prompt templates live as editable files in prompts/; this fills them. Text written by models
// (and background reading) enters a prompt only through quoteMaterial, inside per-run markers.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { letteredOptions } from '../core/options.js';
import { sanitizeText } from '../util/sanitize.js';

export type TemplateName = 'debater-system' | 'opening-round' | 'later-round' | 'reask' | 'judge-system' | 'judge' | 'judge-reask'
  | 'council-rank' | 'council-rank-reask' | 'council-chair-system' | 'council-chair';

const DEFAULT_DIR = new URL('../../prompts/', import.meta.url);

export class PromptBook {
  private readonly cache = new Map<TemplateName, string>();
  /** The per-run marker that fences quoted material; model text never carries it through. */
  readonly marker: string;

  constructor(private readonly dir: URL = DEFAULT_DIR, marker?: string) {
    this.marker = marker ?? `MATERIAL-${randomBytes(6).toString('hex')}`;
  }

  template(name: TemplateName): string {
    let text = this.cache.get(name);
    if (text === undefined) {
      text = readFileSync(new URL(`${name}.md`, this.dir), 'utf8');
      this.cache.set(name, text);
    }
    return text;
  }

  fill(name: TemplateName, values: Record<string, string | number>): string {
    return this.template(name)
      .replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (key in values ? String(values[key]) : key === 'marker' ? this.marker : whole))
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }

  /**
   * Quotes untrusted text as material: sanitised, with the run's marker (and anything posing as a
   * material fence) removed from inside, between an opening and a closing fence line.
   */
  quoteMaterial(label: string, text: string): string {
    const inner = sanitizeText(text)
      .split(this.marker)
      .join('')
      .replace(/^.*(?:BEGIN|END) MATERIAL.*$/gim, '[a line posing as a material fence was removed]');
    const safeLabel = sanitizeText(label).replace(/\s+/g, ' ').split(this.marker).join('');
    return `----- BEGIN MATERIAL ${this.marker}: ${safeLabel} -----\n${inner.trim()}\n----- END MATERIAL ${this.marker} -----`;
  }
}

export { letteredOptions };
