// Every number flag's range and default, in one table: the parser checks a value against it (exit 2
// with one sentence outside it) and --help shows it. A new number flag is one row here plus
// `numberOption(...)` where the command is defined; test/flags.test.ts tries every row.
import { Option, type Command } from 'commander';
import { UsageError } from '../util/errors.js';

export interface NumberRange {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer: boolean;
  /** Shown in --help and used when the flag is not given (none: the command decides). */
  default?: number;
  /** The unit, as --help names it (ms, s). */
  unit?: string;
  /** What the default means when it is not a plain number (for example "2; 1 for a poll"). */
  defaultNote?: string;
}

/** Keyed by the flag as typed; a flag shared by several commands has one row. */
export const NUMBER_FLAGS = {
  '--rounds': { min: 1, max: 10, integer: true, defaultNote: '2, or 1 with --mode poll' },
  '--seed': { min: 0, max: 4_294_967_295, integer: true, defaultNote: '1 in mock mode, drawn at random live; a resumed run keeps its own' },
  '--mock-pace': { min: 0, max: 5000, integer: false, default: 25, unit: 'ms' },
  '--max-tokens': { min: 1, max: 100_000, integer: true, default: 1500 },
  '--judge-max-tokens': { min: 1, max: 100_000, integer: true, defaultNote: 'the larger of --max-tokens and 2000' },
  '--retries': { min: 0, max: 10, integer: true, default: 4 },
  '--retry-base-ms': { min: 0, max: 60_000, integer: false, default: 1000, unit: 'ms' },
  '--first-token-timeout': { min: 0.01, max: 3600, integer: false, default: 60, unit: 's' },
  '--idle-timeout': { min: 0.01, max: 3600, integer: false, default: 30, unit: 's' },
  '--call-timeout': { min: 0.01, max: 3600, integer: false, default: 300, unit: 's' },
  '--speed': { min: 0, max: 100, integer: false, default: 1 },
  '--concurrency': { min: 1, max: 1000, integer: true, defaultNote: '16 per provider, 4 for ollama and compat' },
  '--max-context': { min: 1000, max: 10_000_000, integer: true, default: 120_000 },
  '--max-cost': { min: 0.0001, max: 1_000_000, integer: false, unit: 'USD' },
  '--max-run-tokens': { min: 1, max: 1_000_000_000, integer: true },
  '--timeout': { min: 0.01, max: 600, integer: false, default: 20, unit: 's' },
} satisfies Record<string, NumberRange>;

export type NumberFlag = keyof typeof NUMBER_FLAGS;

const unitText = (range: NumberRange) => (range.unit ? ` ${range.unit}` : '');

/** "a whole number from 1 to 10", "a number from 1 to 3600 s". */
export function rangeText(range: NumberRange): string {
  return `${range.integer ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}${unitText(range)}`;
}

/** What --help adds to a number flag's description: "(default 25 ms; 0 to 5000 ms)". */
export function rangeHelp(range: NumberRange): string {
  const def = range.defaultNote ?? (range.default !== undefined ? `${range.default}${unitText(range)}` : undefined);
  return `(${def !== undefined ? `default ${def}; ` : ''}${range.min} to ${range.max}${unitText(range)})`;
}

/** Parses a flag's value against its range; anything else is one sentence and exit 2. */
export function parseNumberFlag(flag: string, range: NumberRange, value: string): number {
  const text = value.trim();
  // Number('') is 0 and Number('0x10') is 16: only plain decimal numbers are taken.
  const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
  const ok = Number.isFinite(n) && (!range.integer || Number.isInteger(n)) && n >= range.min && n <= range.max;
  if (!ok) throw new UsageError(`${flag} takes ${rangeText(range)}, not "${value}".`);
  return n;
}

const defaults = new WeakMap<Option, number>();

/**
 * A commander option for a number flag of the table: its parser and its range and default in
 * --help. The default is applied by applyNumberDefaults (so commander does not print it twice).
 */
export function numberOption(flags: string, description: string, name: NumberFlag): Option {
  const range: NumberRange = NUMBER_FLAGS[name];
  const option = new Option(flags, `${description} ${rangeHelp(range)}`).argParser((value: string) => parseNumberFlag(name, range, value));
  if (range.default !== undefined) defaults.set(option, range.default);
  return option;
}

/** A preAction hook: every number flag not given takes its table default. */
export function applyNumberDefaults(_program: Command, command: Command): void {
  for (const option of command.options) {
    const value = defaults.get(option);
    if (value !== undefined && command.getOptionValue(option.attributeName()) === undefined) {
      command.setOptionValueWithSource(option.attributeName(), value, 'default');
    }
  }
}
