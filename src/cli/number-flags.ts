// Every number flag's range and default, in one table: the parser checks a value against it (exit 2
// with one sentence outside it) and --help shows it. A new number flag is one row in
// src/plan/flag-ranges.ts plus `numberOption(...)` where the command is defined; test/flags.test.ts
// tries every row.
import { Option, type Command } from 'commander';
import { UsageError } from '../util/errors.js';

import { NUMBER_FLAGS, type NumberRange } from '../plan/flag-ranges.js';

export { NUMBER_FLAGS, type NumberRange };

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
