// What the report reads from a transcript. The landed schema, plus the optional fields other parts of
// roundtable add (cost per turn and per run, council rankings): read when present, never required.
import type { Transcript, Turn, Usage } from '../core/schema.js';

export type { Transcript, Turn, Usage };

/** A turn as the report reads it: the schema's turn and the optional extensions. */
export type ReportTurn = Turn & {
  cost?: { usd: number | null; source?: string | null };
  /** Council: the other debaters' ids, best first. */
  ranking?: string[];
  reasks?: { reason: string }[];
};

export interface RunCost {
  usd: number | null;
  byDebater?: Record<string, number | null>;
  judge?: number | null;
}

/** A transcript as the report reads it. */
export type ReportTranscript = Omit<Transcript, 'rounds' | 'result'> & {
  rounds: { number: number; turns: ReportTurn[]; letters?: Record<string, string> }[];
  result: (NonNullable<Transcript['result']> & { ranking?: { debater: string; points: number; firsts: number }[] }) | null;
  protocol?: string;
  cost?: RunCost | null;
  judgeUsage?: Usage | null;
  answer?: string;
  batch?: { question: string; repeat: number };
};

export const asReport = (t: Transcript): ReportTranscript => t as unknown as ReportTranscript;
