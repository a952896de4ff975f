// Transcripts as the runs `roundtable stats` measures, and the rules that pick what counts:
// - a run with no turn at all (a `batch --max-cost` stop before round 1) was not run: it is left
//   out of every figure and counted apart;
// - a run's final round is its last whole round (every seat of the panel has a turn in it, voted or
//   not): a partial last round (a resumed run stopped by its budget mid-round) is left out, and the
//   run's outcome, label and accuracy all come from that one round;
// - a run belongs to one group: a debate (roundtable protocol, more than one round planned), a poll
//   (one round), a council (its ranking round is not a round of debate), or an open question (no
//   options: answers in a sentence, never counted as votes).
import { answerKey, bordaRanking, computeOpenResult, computeResult, groupsByWording, openJudgement, openResult } from '../core/result.js';
import type { Transcript } from '../core/schema.js';

export type Ties = 'random' | 'first';
export const TIE_RULES: readonly Ties[] = ['random', 'first'];
export type Group = 'debate' | 'poll' | 'council' | 'open';
export type OpenKind = 'debate' | 'poll' | 'council';

export interface Seat {
  id: string;
  name: string;
  model: string | null;
  /** The person at the terminal (--human): left out of the per-seat figures, which are the models'. */
  human: boolean;
}

/** A round's votes (or answers) of the models only: a person's seat (--human) is counted apart. */
export const modelsOnly = <T>(run: Pick<Run, 'seats'>, row: readonly T[]): T[] => (run.seats.some((s) => s.human) ? row.filter((_, i) => !run.seats[i]?.human) : [...row]);

/** One run, as the measures see it. */
export interface Run {
  id: string;
  question: string;
  motion: string;
  options: string[];
  /** The known answer when it is one of the options, else null. */
  answer: string | null;
  repeat: number;
  status: Transcript['status'];
  group: Group;
  seats: Seat[];
  /** Some seat took a turn: false for a run stopped before its first round (not run). */
  ran: boolean;
  /** votes[r][seat]: each seat's vote in whole round r + 1, up to the final round (a council: round 1 only). */
  votes: (string | null)[][];
  /** Rounds with a turn that were left out: a partial round and any after it. */
  partialRounds: number;
  /** Counted from the final round's votes (null without a valid vote). */
  label: string | null;
  winner: string | null;
  /** A council: the round-1 vote of the best-ranked member (Borda count of the ranking round); null without a ranking. */
  rankedPick: string | null;
  /** The transcript's `cost.usd`: null when unpriced or absent. */
  costUsd: number | null;
  stopReason: string | null;
  /** Open questions only (null otherwise). */
  open: OpenRun | null;
  /** Who read whom (--topology): "full" unless the run says otherwise. */
  topology: string;
  /** reads[r][seat]: the seats (by index) each seat was shown in whole round r + 1; null when it read everyone. */
  reads: (number[] | null)[][];
  /** Input and output tokens of the run (its recorded usage), null when it recorded none. */
  tokens: number | null;
}

/** What an open question's run gives to measure. */
export interface OpenRun {
  /** How it ran: an open debate, an open poll (one round) or an open council. */
  kind: OpenKind;
  /** Each seat's answer per whole round (null: none given). */
  answers: (string | null)[][];
  /** Each seat's `changed` per whole round (round 1: null). */
  changed: (boolean | null)[][];
  /** The recorded result: the judge's grouping of the final answers (null without a result). */
  label: string | null;
  agreed: number | null;
  panelSize: number | null;
  /** A synthesis was written (a judge grouped the answers); without one the groups are only same-words groups. */
  judged: boolean;
  /** The spec's `answer` (free text), when the question has one. */
  expected: string | null;
  /** The judge's verdict: its synthesis matches `expected` (null: no verdict recorded). */
  matched: boolean | null;
}

/** The judge's recorded verdict on whether its synthesis matches the known answer (`judgement.matchesAnswer`, else `result.matchesAnswer`). */
function matchedOf(t: Transcript): boolean | null {
  for (const holder of [t.judgement, t.result] as unknown[]) {
    const v = (holder as { matchesAnswer?: unknown } | null)?.matchesAnswer;
    if (typeof v === 'boolean') return v;
  }
  return null;
}

/** A seat's identity across runs: its name and model (never its position on the panel). */
export const seatKey = (s: { name: string; model: string | null }) => `${s.name}\u0001${s.model ?? ''}`;

export function questionKey(t: Pick<Transcript, 'motion' | 'options'> & { batch?: { question: string } }): string {
  return t.batch?.question ?? `${t.motion}\u0001${t.options.join('\u0001')}`;
}

/** The question's own name: its batch id, else its motion. */
export const questionName = (question: string, motion: string) => (question.includes('\u0001') ? motion : question);

function groupOf(t: Transcript): Group {
  return t.open === true ? 'open' : kindOf(t);
}

/** Debate, poll or council, whether the question is open or not. */
function kindOf(t: Transcript): OpenKind {
  if ((t.protocol ?? t.settings?.protocol) === 'council') return 'council';
  const planned = t.plannedRounds ?? t.settings?.rounds;
  return t.mode === 'poll' || planned === 1 ? 'poll' : 'debate';
}

/** The best-ranked member's round-1 vote, from the ranking round's ballots (Borda count, ties by first places). */
function rankedPickOf(t: Transcript): string | null {
  const first = t.rounds.find((r) => r.number === 1);
  const review = t.rounds.find((r) => r.number === 2);
  const ballots = (review?.turns ?? []).flatMap((x) => (x.ranking?.length ? [x.ranking] : []));
  if (!first || !ballots.length) return null;
  const best = bordaRanking(t.panel, ballots)[0];
  if (!best || (best.points === 0 && best.firsts === 0)) return null;
  return first.turns.find((turn) => turn.debater === best.debater)?.vote ?? null;
}

function runCost(t: Transcript): number | null {
  const usd = t.cost?.usd;
  return typeof usd === 'number' && Number.isFinite(usd) ? usd : null;
}

/**
 * Transcripts as runs. The question is the transcript's `batch.question` (else its motion and
 * options); the repeat its `batch.repeat` (else its place among the question's runs by start time).
 */
export function toRuns(transcripts: readonly Transcript[]): Run[] {
  const byQuestion = new Map<string, Transcript[]>();
  for (const t of transcripts) byQuestion.set(questionKey(t), [...(byQuestion.get(questionKey(t)) ?? []), t]);
  const runs: Run[] = [];
  for (const [question, list] of byQuestion) {
    const ordered = [...list].sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? ''));
    ordered.forEach((t, i) => {
      const seats = t.panel.map((p) => ({ id: p.id, name: p.name, model: p.model, human: p.human === true }));
      const group = groupOf(t);
      const rounds = [...t.rounds].sort((a, b) => a.number - b.number).filter((r) => r.turns.length > 0);
      const whole = (r: (typeof rounds)[number]) => seats.every((s) => r.turns.some((turn) => turn.debater === s.id));
      // Whole rounds up to the first partial one; a council (open or not) counts its answers (round 1)
      // only: its ranking round is no round of debate.
      const council = (t.protocol ?? t.settings?.protocol) === 'council';
      let kept = 0;
      while (kept < rounds.length && whole(rounds[kept]!) && (!council || kept < 1)) kept++;
      const partialRounds = council ? rounds.filter((r) => r.number === 1 && !whole(r)).length : rounds.length - kept;
      const votes = rounds.slice(0, kept).map((round) => seats.map((s) => round.turns.find((turn) => turn.debater === s.id)?.vote ?? null));
      const index = new Map(seats.map((s, n) => [s.id, n]));
      const reads = rounds.slice(0, kept).map((round) =>
        seats.map((s) => {
          const read = round.turns.find((turn) => turn.debater === s.id)?.read;
          return read ? read.flatMap((id) => (index.has(id) ? [index.get(id)!] : [])) : null;
        }),
      );
      const usage = t.cost?.usage;
      const last = rounds[kept - 1];
      const result = last && group !== 'open' ? computeResult(t.options, last, seats.length) : null;
      runs.push({
        id: t.id,
        question,
        motion: t.motion,
        options: t.options,
        answer: t.answer !== undefined && t.options.includes(t.answer) ? t.answer : null,
        repeat: t.batch?.repeat ?? i + 1,
        status: t.status,
        group,
        seats,
        ran: rounds.length > 0,
        votes,
        partialRounds,
        label: group === 'open' ? (openOutcome(t)?.label ?? null) : (result?.label ?? null),
        winner: result?.winner ?? null,
        rankedPick: group === 'council' ? rankedPickOf(t) : null,
        costUsd: runCost(t),
        stopReason: t.stopReason ?? null,
        open: group === 'open' ? openRunOf(t, rounds.slice(0, kept), seats) : null,
        topology: t.settings?.topology ?? 'full',
        reads,
        tokens: usage ? usage.inputTokens + usage.outputTokens : null,
      });
    });
  }
  return runs;
}

/** The open result as recorded, else as the judge's synthesis groups the seats (the same rule: agreed = the largest group). */
function openOutcome(t: Transcript) {
  const recorded = openResult(t.result);
  if (recorded) return recorded;
  const j = openJudgement(t.judgement);
  if (j) return computeOpenResult(j.groups, t.panel.length, j.answer, j.counterpoint);
  // No synthesis: the program's own grouping of the last round's answers given in the same words.
  const last = [...t.rounds].sort((a, b) => b.number - a.number).find((r) => r.turns.length);
  return last ? computeOpenResult(groupsByWording(last.turns), t.panel.length, null, null) : null;
}

function openRunOf(t: Transcript, whole: readonly Transcript['rounds'][number][], seats: readonly Seat[]): OpenRun {
  const r = openOutcome(t);
  const turn = (round: Transcript['rounds'][number], id: string) => round.turns.find((x) => x.debater === id);
  return {
    kind: kindOf(t),
    answers: whole.map((round) => seats.map((s) => { const a = turn(round, s.id)?.answer; return typeof a === 'string' && a.trim() ? a : null; })),
    changed: whole.map((round, k) => seats.map((s) => (k === 0 ? null : (turn(round, s.id)?.changed ?? null)))),
    label: r?.label ?? null,
    agreed: r ? r.agreed : null,
    panelSize: r ? r.panelSize : null,
    judged: Boolean(r && r.answer !== null && r.groups.length > 0),
    expected: t.answer ?? null,
    matched: matchedOf(t),
  };
}

/** The size of the largest group of answers given in the same words (answerKey: case, spacing, closing punctuation aside). */
export function sameWordsLargest(answers: readonly (string | null)[]): number {
  const count = new Map<string, number>();
  for (const a of answers) if (a !== null) count.set(answerKey(a), (count.get(answerKey(a)) ?? 0) + 1);
  return Math.max(0, ...count.values());
}

/** The options with the most votes, in the order of the first seat voting each (several on a tie; none without a vote). */
export function leaders(votes: readonly (string | null)[]): string[] {
  const count = new Map<string, number>();
  for (const v of votes) if (v !== null) count.set(v, (count.get(v) ?? 0) + 1);
  const top = Math.max(0, ...count.values());
  return top === 0 ? [] : [...count].filter(([, n]) => n === top).map(([o]) => o);
}

/**
 * Majority-vote correctness: 1 when the top option is the answer, 0 when another option is. On a
 * k-way tie that includes the answer: `random` scores 1/k (the expected score of a fair tie-break,
 * Choi et al. 2025); `first` lets the earliest seat's vote among the tied options win (Du et al. 2023).
 */
export function majorityScore(votes: readonly (string | null)[], answer: string, ties: Ties = 'random'): number {
  const top = leaders(votes);
  if (!top.includes(answer)) return 0;
  if (top.length === 1) return 1;
  if (ties === 'random') return 1 / top.length;
  return votes.find((v) => v !== null && top.includes(v)) === answer ? 1 : 0;
}

/** Of the seats, how many voted for the answer (a seat without a valid vote counts as wrong). */
export function correctVotes(votes: readonly (string | null)[], answer: string): number {
  return votes.filter((v) => v === answer).length;
}

export interface Transitions {
  cc: number;
  ci: number;
  ic: number;
  iSame: number;
  iOther: number;
}
export const noTransitions = (): Transitions => ({ cc: 0, ci: 0, ic: 0, iSame: 0, iOther: 0 });
export const addTransitions = (a: Transitions, b: Transitions): Transitions => ({ cc: a.cc + b.cc, ci: a.ci + b.ci, ic: a.ic + b.ic, iSame: a.iSame + b.iSame, iOther: a.iOther + b.iOther });

/** Vote transitions from one round to the next, over seats with a valid vote in both. */
export function transitions(before: readonly (string | null)[], after: readonly (string | null)[], answer: string): Transitions {
  const t = noTransitions();
  before.forEach((a, i) => {
    const b = after[i] ?? null;
    if (a === null || b === null) return;
    if (a === answer) {
      if (b === answer) t.cc++;
      else t.ci++;
    } else if (b === answer) t.ic++;
    else if (b === a) t.iSame++;
    else t.iOther++;
  });
  return t;
}

export interface Conformity {
  /** Seats whose previous vote differed from the previous round's (single) majority. */
  eligible: number;
  /** Of those, moved to the majority. */
  moved: number;
  /** Of those, kept their own vote. */
  kept: number;
}

/**
 * Conformity from one round to the next, per seat (no majority on a tie: nobody is eligible). With
 * `seen` (--topology: seen[i] the seats seat i was shown in the later round, null for everyone), a
 * seat's majority is the one among the votes it could see (its own and those it read), never a
 * majority it had no way to know.
 */
export function conformityBySeat(before: readonly (string | null)[], after: readonly (string | null)[], seen?: readonly (readonly number[] | null)[]): Conformity[] {
  const out = before.map(() => ({ eligible: 0, moved: 0, kept: 0 }));
  const overall = leaders(before);
  before.forEach((a, i) => {
    const shown = seen?.[i];
    const top = shown ? leaders([before[i] ?? null, ...shown.filter((j) => j !== i).map((j) => before[j] ?? null)]) : overall;
    if (top.length !== 1) return;
    const majority = top[0]!;
    const b = after[i] ?? null;
    if (a === null || b === null || a === majority) return;
    out[i]!.eligible++;
    if (b === majority) out[i]!.moved++;
    else if (b === a) out[i]!.kept++;
  });
  return out;
}

export function conformity(before: readonly (string | null)[], after: readonly (string | null)[]): Conformity {
  return conformityBySeat(before, after).reduce((a, c) => ({ eligible: a.eligible + c.eligible, moved: a.moved + c.moved, kept: a.kept + c.kept }), { eligible: 0, moved: 0, kept: 0 });
}
