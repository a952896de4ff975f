// Fair seating: who a reader sees the others as, and in what order. With --anonymize every
// debater (and the judge) sees the others as "Panelist A", "Panelist B", … — lettered afresh each
// round — and names, model ids and providers are scrubbed from the quoted arguments. With
// --shuffle each reader gets the quoted arguments in its own order. Every draw comes from the run's
// seed, so a run with the same seed seats everyone the same way.
import type { PanelMember } from '../core/schema.js';
import { rng, shuffled } from '../core/random.js';

export interface SeatingOptions {
  anonymize: boolean;
  shuffle: boolean;
  seed: number;
}

/** A, B, … Z, AA, AB, … (panels larger than 26). */
export function seatLetter(index: number): string {
  let n = index;
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

/** The letter each debater goes by in this round (shuffled per round), by id. */
export function roundLetters(panel: readonly PanelMember[], round: number, options: SeatingOptions): Record<string, string> {
  const order = shuffled(panel.map((p) => p.id), rng(options.seed, 'letters', round));
  return Object.fromEntries(order.map((id, i) => [id, seatLetter(i)]));
}

/** The order one reader sees a list in: shuffled for that reader and round with --shuffle, else as given. */
export function readingOrder<T>(items: readonly T[], reader: string, round: number, purpose: string, options: SeatingOptions): T[] {
  return options.shuffle ? shuffled(items, rng(options.seed, 'order', purpose, round, reader)) : [...items];
}

/** Provider ids, companies and model families: never shown under --anonymize. */
const WITHHELD = [
  'OpenAI', 'Anthropic', 'xAI', 'x.ai', 'Google', 'DeepMind', 'Mistral AI', 'Mistral', 'Moonshot AI', 'Moonshot', 'DeepSeek',
  'OpenRouter', 'Ollama', 'ChatGPT', 'GPT', 'Claude', 'Grok', 'Gemini', 'Kimi', 'Llama', 'Qwen',
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every debater's name and model id with its panelist label, and every provider,
 * company or model family with "[name withheld]". Longer names are replaced first, so "GPT-5.4
 * mini" is not half-replaced by "GPT-5.4".
 */
export function nameScrubber(panel: readonly PanelMember[], labelOf: (id: string) => string): (text: string) => string {
  const replacements = new Map<string, string>();
  const withheld = '[name withheld]';
  for (const member of panel) {
    const label = labelOf(member.id);
    const names = [member.name, member.id];
    if (member.model) {
      const colon = member.model.indexOf(':');
      names.push(member.model);
      if (colon > 0) {
        names.push(member.model.slice(colon + 1));
        replacements.set(member.model.slice(0, colon).toLowerCase(), withheld);
      }
    }
    for (const name of names) {
      const key = name.trim().toLowerCase();
      if (key.length < 2) continue;
      // A name two seats share (the same model twice) points at neither.
      const seen = replacements.get(key);
      replacements.set(key, seen === undefined || seen === label ? label : withheld);
    }
  }
  for (const word of WITHHELD) if (!replacements.has(word.toLowerCase())) replacements.set(word.toLowerCase(), withheld);
  const keys = [...replacements.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${keys.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return (text) => text.replace(pattern, (match) => replacements.get(match.toLowerCase()) ?? match);
}

/** How the debaters of one round appear to readers: their labels and the scrubbing of quoted text. */
export interface RoundSeating {
  /** The label a debater goes by ("Panelist C" or its name). */
  label(id: string): string;
  /** Quoted text as readers get it: scrubbed of names under --anonymize. */
  scrub(text: string): string;
  /** The letters of the round (recorded in the transcript), under --anonymize. */
  letters: Record<string, string> | undefined;
}

/** Seatings made, by panel: every reader of a round is seated the same way, so it is made once a round. */
const seatings = new WeakMap<readonly PanelMember[], Map<string, RoundSeating>>();

/**
 * How a round's debaters appear to its readers: the same for every reader of the round, and made
 * once per panel and round (each scrubbed text kept), not once per reader — at hundreds of seats
 * that was the square of the panel in regex work.
 */
export function roundSeating(panel: readonly PanelMember[], round: number, options: SeatingOptions): RoundSeating {
  const key = `${round}|${options.anonymize}|${options.seed}`;
  let byRound = seatings.get(panel);
  if (!byRound) seatings.set(panel, (byRound = new Map()));
  let seating = byRound.get(key);
  if (!seating) byRound.set(key, (seating = makeSeating(panel, round, options)));
  return seating;
}

function makeSeating(panel: readonly PanelMember[], round: number, options: SeatingOptions): RoundSeating {
  if (!options.anonymize) {
    const names = new Map(panel.map((p) => [p.id, p.name]));
    return { label: (id) => names.get(id) ?? id, scrub: (text) => text, letters: undefined };
  }
  const letters = roundLetters(panel, round, options);
  const labels = new Map(Object.entries(letters).map(([id, letter]) => [id, `Panelist ${letter}`]));
  const label = (id: string) => labels.get(id) ?? 'Panelist ?';
  const scrubber = nameScrubber(panel, label);
  const scrubbed = new Map<string, string>();
  const scrub = (text: string) => {
    let out = scrubbed.get(text);
    if (out === undefined) scrubbed.set(text, (out = scrubber(text)));
    return out;
  };
  return { label, scrub, letters };
}

/** Turns in the order of their letters this round (A, B, … Z, AA, …): the same for every reader, so sorted once. */
const lettered = new WeakMap<readonly object[], { letters: Record<string, string>; sorted: readonly object[] }>();

export function byLetters<T extends { debater: string }>(turns: readonly T[], letters: Record<string, string> | undefined): T[] {
  if (!letters) return [...turns];
  const known = lettered.get(turns);
  if (known && known.letters === letters) return [...(known.sorted as readonly T[])];
  const key = (t: T) => letters[t.debater] ?? '';
  const sorted = [...turns].sort((a, b) => key(a).length - key(b).length || key(a).localeCompare(key(b)));
  lettered.set(turns, { letters, sorted });
  return [...sorted];
}
