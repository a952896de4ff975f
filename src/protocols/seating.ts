// Fair seating: who a reader sees the others as, and in what order. With --anonymize every
// debater (and the judge) sees the others as "Panelist A", "Panelist B", … — one letter a seat for
// the whole run, so that "Panelist C" in a round-2 argument means the same seat to its round-3
// readers and to the judge — and names, model ids and providers are scrubbed from the quoted arguments. With
// --shuffle each reader gets the quoted arguments in its own order. Every draw comes from the run's
// seed, so a run with the same seed seats everyone the same way.
import type { PanelMember } from '../core/schema.js';
import { letterIndex, seatLetter } from '../core/options.js';
import { rng, shuffled } from '../core/random.js';

export { letterIndex, seatLetter };

export interface SeatingOptions {
  anonymize: boolean;
  shuffle: boolean;
  seed: number;
}

/**
 * The letter each debater goes by, by id: drawn once for the run (the draw round 1 always had), the
 * same in every round. Transcripts written before were lettered afresh each round; their
 * `rounds[].letters` still say which letters each round's texts were written in.
 */
export function runLetters(panel: readonly PanelMember[], options: SeatingOptions): Record<string, string> {
  const order = shuffled(panel.map((p) => p.id), rng(options.seed, 'letters', 1));
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

/** What a name found in a quoted text stands for: the seats that go by it, or a name withheld outright. */
type NameTarget = { ids: string[] } | 'withheld';

/**
 * How a panel's names are found in text: one pattern for the panel, made once, and each text
 * split once into its literal runs and the names in them, so that scrubbing it for another reader
 * (each reader of a council's review has its own letters) only puts labels between the runs.
 */
interface ScrubPlan {
  targets: Map<string, NameTarget>;
  pattern: RegExp;
  /** Texts already split: [literal, name found, literal, name found, …, literal]. */
  split: Map<string, string[]>;
}

const plans = new WeakMap<readonly PanelMember[], ScrubPlan>();

function scrubPlan(panel: readonly PanelMember[]): ScrubPlan {
  let plan = plans.get(panel);
  if (plan) return plan;
  const targets = new Map<string, NameTarget>();
  for (const member of panel) {
    const names = [member.name, member.id];
    if (member.model) {
      const colon = member.model.indexOf(':');
      names.push(member.model);
      if (colon > 0) {
        names.push(member.model.slice(colon + 1));
        targets.set(member.model.slice(0, colon).toLowerCase(), 'withheld');
      }
    }
    for (const name of names) {
      const key = name.trim().toLowerCase();
      if (key.length < 2) continue;
      const seen = targets.get(key);
      if (seen === undefined) targets.set(key, { ids: [member.id] });
      else if (seen !== 'withheld' && !seen.ids.includes(member.id)) seen.ids.push(member.id);
    }
  }
  for (const word of WITHHELD) if (!targets.has(word.toLowerCase())) targets.set(word.toLowerCase(), 'withheld');
  const keys = [...targets.keys()].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${keys.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  plan = { targets, pattern, split: new Map() };
  plans.set(panel, plan);
  return plan;
}

function splitText(plan: ScrubPlan, text: string): string[] {
  let parts = plan.split.get(text);
  if (parts) return parts;
  parts = [];
  let at = 0;
  for (const m of text.matchAll(plan.pattern)) {
    parts.push(text.slice(at, m.index), m[0]);
    at = m.index + m[0].length;
  }
  parts.push(text.slice(at));
  if (plan.split.size >= 50_000) plan.split.clear();
  plan.split.set(text, parts);
  return parts;
}

/**
 * Replaces every debater's name and model id with its panelist label, and every provider,
 * company or model family with "[name withheld]". Longer names are replaced first, so "GPT-5.4
 * mini" is not half-replaced by "GPT-5.4". A name two seats share points at neither (withheld),
 * unless both go by the same label.
 */
export function nameScrubber(panel: readonly PanelMember[], labelOf: (id: string) => string): (text: string) => string {
  const plan = scrubPlan(panel);
  const withheld = '[name withheld]';
  const labels = new Map<string, string>();
  const replacement = (found: string) => {
    let label = labels.get(found);
    if (label === undefined) {
      const target = plan.targets.get(found.toLowerCase());
      // A match whose lower case is no key (a letter that changes length in lower case) stays as it is.
      const shown = target === undefined ? [found] : target === 'withheld' ? [withheld] : [...new Set(target.ids.map(labelOf))];
      labels.set(found, (label = shown.length === 1 ? shown[0]! : withheld));
    }
    return label;
  };
  return (text) => {
    const parts = splitText(plan, text);
    if (parts.length === 1) return text;
    let out = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) out += replacement(parts[i]!) + parts[i + 1]!;
    return out;
  };
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

/** Seatings made, by panel: every reader of every round is seated the same way, so it is made once a run. */
const seatings = new WeakMap<readonly PanelMember[], Map<string, RoundSeating>>();

/**
 * How a round's debaters appear to its readers: the same for every reader of every round (a seat's
 * letter is the run's), and made once per panel (each scrubbed text kept), not once per reader —
 * at hundreds of seats that was the square of the panel in regex work.
 */
export function roundSeating(panel: readonly PanelMember[], _round: number, options: SeatingOptions): RoundSeating {
  const key = `${options.anonymize}|${options.seed}`;
  let byRound = seatings.get(panel);
  if (!byRound) seatings.set(panel, (byRound = new Map()));
  let seating = byRound.get(key);
  if (!seating) byRound.set(key, (seating = makeSeating(panel, options)));
  return seating;
}

function makeSeating(panel: readonly PanelMember[], options: SeatingOptions): RoundSeating {
  if (!options.anonymize) {
    const names = new Map(panel.map((p) => [p.id, p.name]));
    return { label: (id) => names.get(id) ?? id, scrub: (text) => text, letters: undefined };
  }
  const letters = runLetters(panel, options);
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
