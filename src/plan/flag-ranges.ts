// Every number flag's range and default, in one table: the command line checks a value against it
// (src/cli/number-flags.ts, exit 2 with one sentence outside it, and --help shows it), and the MCP
// server's tool schemas take their bounds and defaults from the same rows.

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
  '--judge-max-tokens': { min: 1, max: 100_000, integer: true, defaultNote: 'the larger of --max-tokens and 2000 (more for an open question on a large panel)' },
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
  '--human-timeout': { min: 1, max: 86_400, integer: false, unit: 's', defaultNote: 'no limit' },
} satisfies Record<string, NumberRange>;


/** The defaults of the flags that shape a run, as a command gets them when none is given. */
export const RUN_DEFAULTS = {
  maxTokens: NUMBER_FLAGS['--max-tokens'].default,
  retries: NUMBER_FLAGS['--retries'].default,
  retryBaseMs: NUMBER_FLAGS['--retry-base-ms'].default,
  firstTokenTimeout: NUMBER_FLAGS['--first-token-timeout'].default,
  idleTimeout: NUMBER_FLAGS['--idle-timeout'].default,
  callTimeout: NUMBER_FLAGS['--call-timeout'].default,
} as const;
