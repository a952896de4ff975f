// A protocol decides, per round, what each seat is asked and shown, how its reply is read, how a
// round is scored and what the judge is given. The round runner, seats, retries, events and the
// transcript are the engine's, shared by every protocol.
import type { ShownTurn } from '../core/human.js';
import type { Parsed } from '../agents/ask.js';
import type { AnyJudgement, AnyResult, PanelMember, Round, Transcript } from '../core/schema.js';
import type { PromptBook } from '../prompting/prompts.js';
import type { SeatingOptions } from './seating.js';

export const PROTOCOLS = ['roundtable', 'council'] as const;
export type ProtocolName = (typeof PROTOCOLS)[number];

/** A seat as a protocol sees it: the panel member, with its own role and assigned stance. */
export interface SeatInfo extends PanelMember {
  persona?: string | undefined;
  stance?: string | undefined;
}

export interface TurnInput {
  motion: string;
  options: string[];
  round: number;
  rounds: number;
  seat: SeatInfo;
  panel: PanelMember[];
  /** Every earlier round, in order. */
  history: Round[];
  /** The seat's last valid vote before this round. */
  previousVote: string | null;
  /** Open questions: the seat's last answer before this round. */
  previousAnswer?: string | null;
  briefing: { label: string; text: string }[];
  seating: SeatingOptions;
  maxContext: number;
  maxTokens: number;
  /** The other seats this seat reads this round (--topology); every seat when absent. */
  reads?: readonly string[];
  /** The previous round's digest, quoted beside the turns. */
  digest?: string;
}

/** What a seat answers: a vote and argument, and in a ranking round its ranking (debater ids, best first). */
export interface TurnReply {
  vote: string | null;
  argument: string;
  /** Open questions: the seat's position in one sentence, and whether it says its position moved. */
  answer?: string | null;
  changed?: boolean | null;
  ranking?: string[];
  /** The answers as the seat saw them in a ranking round (debater ids): "Response A" is the first. */
  shown?: string[];
}

export interface TurnQuestion {
  system: string;
  prompt: string;
  /** The prompt as the parts it was built from, when it quotes a round (sent without encoding it whole). */
  parts?: readonly string[];
  parse(text: string, toolArguments: string | null): Parsed<TurnReply>;
  /** The follow-up when the reply could not be read. */
  reask(reason: string): string;
  /**
   * A council's review: the answers this seat ranks, in the order and under the labels its prompt
   * shows them ("Response A", …), so a person (--human) ranks what a model would be shown.
   */
  ballot?: ShownTurn[];
}

export interface JudgeInput {
  judgeName: string;
  transcript: Transcript;
  seating: SeatingOptions;
  maxContext: number;
  maxTokens: number;
}

export interface Protocol {
  readonly name: ProtocolName;
  question(book: PromptBook, input: TurnInput): TurnQuestion;
  /** After a round: the result so far, and how many of its turns count towards the quorum of two. */
  score(options: readonly string[], panel: readonly PanelMember[], rounds: readonly Round[]): { result: AnyResult | null; valid: number };
  /** The judge's prompts. */
  judge(book: PromptBook, input: JudgeInput): { system: string; prompt: string };
  /** Open questions: how the judge's synthesis is read (and asked for again); absent, the write-up of options. */
  judgeReply?(book: PromptBook, input: JudgeInput): { parse(text: string, tool: string | null): Parsed<AnyJudgement>; reask(reason: string): string };
  /** Open questions: the result once the judge has spoken (or failed to); absent, the result stays as scored. */
  judged?(transcript: Transcript): AnyResult | null;
  /** What a round needs at least two of: "vote" (or "ranking"), or "answer". */
  unit?(round: number): string;
}

