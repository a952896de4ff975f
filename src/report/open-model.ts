// An open question as the report shows it: every seat's answer in every round (marked where its
// mind changed), and the positions the panel landed on (the synthesis' groups), each seat coloured
// by the position it ended in. Pure: a transcript in, plain data out (texts cleaned, not escaped).
import { agreementNote } from '../core/agreement.js';
import { answerKey, groupsByWording, openJudgement, openResult } from '../core/result.js';
import { OPTION_COLORS, NO_VOTE_COLOR, type Seat } from './debate-model.js';
import { clean } from './text.js';
import type { ReportTranscript, ReportTurn } from './types.js';

export const NO_ANSWER = 'no answer';
export const NO_POSITION_COLOR = NO_VOTE_COLOR;

export interface AnswerCell {
  round: number;
  seat: Seat;
  /** The answer as shown, cleaned; null: none (an error, a ballot, or no turn at all). */
  answer: string | null;
  /** The seat said its position moved since its last answer (the turn's `changed`). */
  changed: boolean;
  /** A council's ranking round: the turn is a ballot, not an answer. */
  ballot: boolean;
  turn: ReportTurn | null;
}

export interface Position {
  /** 1-based, largest first (the result's order). */
  index: number;
  answer: string;
  members: Seat[];
  color: string;
}

export interface OpenModel {
  seats: Seat[];
  rounds: number[];
  /** cells[r][s]: seat s in the r-th round of `rounds`. */
  cells: AnswerCell[][];
  /** The final positions: the synthesis' groups (or, without one, the answers grouped by their wording). */
  positions: Position[];
  /** Each seat's final position, by seat id (absent: in none). */
  positionOf: Map<string, Position>;
  /** The synthesis: null without a judge (or when the judge gave none). */
  answer: string | null;
  counterpoint: string | null;
  /** "All agreed", "Agreement", "No agreement"; null without a result. */
  label: string | null;
  /** "3 of 4 models agreed", "no agreement: largest position 2 of 6"; empty without a result. */
  agreement: string;
  agreed: number;
  panelSize: number;
  /** The judge grouped the answers (else the groups are those of identical wording). */
  judged: boolean;
}

export const positionColor = (p: Position | undefined): string => (p ? OPTION_COLORS[(p.index - 1) % OPTION_COLORS.length]! : NO_POSITION_COLOR);

export function openModel(t: ReportTranscript, seats: Seat[]): OpenModel {
  const rounds = [...t.rounds].sort((a, b) => a.number - b.number);
  const cells = rounds.map((round) =>
    seats.map((seat): AnswerCell => {
      const turn = round.turns.find((x) => x.debater === seat.id) ?? null;
      const raw = typeof turn?.answer === 'string' && turn.answer.trim() ? turn.answer : null;
      return { round: round.number, seat, answer: raw === null ? null : clean(raw), changed: raw !== null && turn!.changed, ballot: Boolean(turn?.ranking?.length), turn };
    }),
  );
  const result = openResult(t.result);
  const synthesis = openJudgement(t.judgement);
  // The groups: the result's (the judge's, checked), else the last answers grouped by wording.
  const lastAnswers = [...rounds].reverse().find((r) => r.turns.some((x) => typeof x.answer === 'string' && x.answer.trim()));
  const groups = result?.groups.length ? result.groups : groupsByWording(lastAnswers?.turns ?? []);
  const byId = new Map(seats.map((s) => [s.id, s]));
  const positions: Position[] = groups.map((g, i) => ({
    index: i + 1,
    answer: clean(g.answer),
    members: g.members.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
    color: OPTION_COLORS[i % OPTION_COLORS.length]!,
  }));
  const positionOf = new Map<string, Position>();
  for (const p of positions) for (const s of p.members) positionOf.set(s.id, p);
  const answer = result?.answer ?? synthesis?.answer ?? null;
  const agreed = result?.agreed ?? Math.max(0, ...positions.map((p) => p.members.length));
  const panelSize = result?.panelSize ?? seats.length;
  return {
    seats,
    rounds: rounds.map((r) => r.number),
    cells,
    positions,
    positionOf,
    answer: answer === null ? null : clean(answer),
    counterpoint: result?.counterpoint ?? synthesis?.counterpoint ?? null,
    label: result ? result.label : null,
    agreement: result ? agreementNote(result) : '',
    agreed,
    panelSize,
    judged: Boolean(result?.answer ?? synthesis),
  };
}

/** What an answer mark says (its accessible label, which the browser test reads back). */
export const answerLabel = (c: AnswerCell): string =>
  `Round ${c.round}: ${c.seat.name} ${c.answer === null ? 'gave no answer' : `answered “${c.answer}”`}${c.changed ? ' (changed mind)' : ''}`;

/** Two answers alike in wording (case, spacing and closing punctuation aside), as groupsByWording counts them. */
export const sameWording = (a: string, b: string): boolean => answerKey(a) === answerKey(b);
