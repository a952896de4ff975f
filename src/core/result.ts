// The result label of the contract, counted from the last round's valid votes. Options are any
// text ("__proto__", "constructor" and "toString" included), so counts live in a Map and the
// tally is an object without a prototype.
import { countVotes, letterIndex } from './options.js';
import type { AnyJudgement, AnyResult, Judgement, OpenGroup, OpenJudgement, OpenResult, OpenResultLabel, PanelMember, Result, Round, Transcript } from './schema.js';
import { own, textRecord } from '../util/records.js';
import { sanitizeInline } from '../util/sanitize.js';

export function computeResult(options: readonly string[], lastRound: Round | undefined, panelSize: number): Result | null {
  const { counts, counted: validVotes } = countVotes(options, (lastRound?.turns ?? []).map((t) => t.vote));
  if (validVotes === 0) return null;
  const top = Math.max(...counts.values());
  const leaders = options.filter((o) => counts.get(o) === top);
  const base = { tally: textRecord(counts), validVotes, panelSize, abstentions: panelSize - validVotes };
  if (leaders.length > 1) return { label: 'Tie', winner: null, ...base };
  const winner = leaders[0] ?? null;
  const label =
    top === validVotes ? 'Unanimous' : top * 3 > validVotes * 2 ? 'Supermajority' : top * 2 > validVotes ? 'Majority' : 'Plurality';
  return { label, winner, ...base };
}

/** `Supermajority — Yes (5/6 votes)`; a tie names the options that share the top count. Options are cleaned for a terminal. An open result reads as formatOpenResult gives it. */
export function formatResult(result: AnyResult | null): string {
  if (result && isOpenResult(result)) return formatOpenResult(result);
  if (!result) return 'No result — no valid votes';
  const abstained = result.abstentions ? `, ${result.abstentions} abstained` : '';
  const tally = Object.entries(result.tally);
  if (result.winner === null) {
    const top = Math.max(...tally.map(([, n]) => n));
    const leaders = tally.filter(([, n]) => n === top).map(([o]) => sanitizeInline(o));
    return `${result.label} — ${leaders.join(' / ')} (${top}/${result.validVotes} votes each${abstained})`;
  }
  return `${result.label} — ${sanitizeInline(result.winner)} (${own(result.tally, result.winner) ?? 0}/${result.validVotes} votes${abstained})`;
}

export type RankingEntry = NonNullable<Result['ranking']>[number];

/** Borda count over the rankings (each of n ranked answers earns n−1 … 0), ties broken by first places, then panel order. */
export function bordaRanking(panel: readonly PanelMember[], rankings: readonly (readonly string[])[]): RankingEntry[] {
  const score = new Map(panel.map((p, i) => [p.id, { debater: p.id, points: 0, firsts: 0, seat: i }]));
  for (const ranking of rankings) {
    ranking.forEach((id, position) => {
      const entry = score.get(id);
      if (!entry) return;
      entry.points += ranking.length - 1 - position;
      if (position === 0) entry.firsts++;
    });
  }
  return [...score.values()]
    .sort((a, b) => b.points - a.points || b.firsts - a.firsts || a.seat - b.seat)
    .map(({ debater, points, firsts }) => ({ debater, points, firsts }));
}

/**
 * The result as a transcript's votes give it, whatever its protocol: roundtable counts the last of
 * `rounds`; council counts its round-1 answers and adds the aggregate ranking of its round 2.
 */
export function resultOf(t: Pick<Transcript, 'options' | 'panel' | 'protocol'> & Partial<Pick<Transcript, 'open' | 'result'>>, rounds: readonly Round[]): AnyResult | null {
  if (t.open) return openResultOf(t, rounds);
  if (t.protocol !== 'council') return computeResult(t.options, rounds.at(-1), t.panel.length);
  const base = computeResult(t.options, rounds.find((r) => r.number === 1), t.panel.length);
  // The ranking round; a council imported from text holds only that one, as its round 1 (its
  // votes are the members' answers).
  const review = rounds.find((r) => r.number === 2) ?? rounds.find((r) => r.turns.some((turn) => turn.ranking));
  if (!base || !review) return base;
  return { ...base, ranking: bordaRanking(t.panel, review.turns.flatMap((x) => (x.ranking ? [x.ranking] : []))) };
}

/** A debater's name as shown (its id when it is not on the panel), cleaned for one line. */
const nameIn = (panel: readonly PanelMember[], id: string) => sanitizeInline(panel.find((p) => p.id === id)?.name ?? id);

/** Each "Response B" or "Panelist C" of a text followed by the member it stands for: "Panelist C (Claude)". */
function namedLabels(panel: readonly PanelMember[], text: string, pattern: RegExp, idOf: (letters: string) => string | undefined): string {
  return text.replace(pattern, (whole, letters: string) => {
    const id = idOf(letters);
    return id === undefined ? whole : `${whole} (${nameIn(panel, id)})`;
  });
}

const RESPONSE_LABEL = /\bResponse ([A-Z]{1,3})\b(?! \()/g;
const PANELIST_LABEL = /\bPanelist ([A-Z]{1,3})\b(?! \()/g;

/**
 * A council member's reason with each "Response B" it names followed by the member that answer
 * was, as that reader saw them (`shown`): "Response B (Claude)". The letters were the reader's own,
 * so without this a reason speaks of answers no one else can place.
 */
export function namedResponses(panel: readonly PanelMember[], reason: string, shown: readonly string[] | undefined): string {
  if (!shown?.length) return reason;
  return namedLabels(panel, reason, RESPONSE_LABEL, (letters) => shown[letterIndex(letters)]);
}

/** Who goes by each letter in a round (--anonymize records `letters`, id → letter): made once a round. */
const byLetter = new WeakMap<Record<string, string>, Map<string, string>>();

/**
 * A text written under --anonymize with each "Panelist C" it names followed by the member it
 * was, by the letters of the round it was written in (a debater's turn: its round's; the judge's
 * write-up: the last round's): "Panelist C (Claude)".
 */
export function namedPanelists(panel: readonly PanelMember[], text: string, letters: Record<string, string> | undefined): string {
  if (!letters) return text;
  let ids = byLetter.get(letters);
  if (!ids) byLetter.set(letters, (ids = new Map(Object.entries(letters).map(([id, letter]) => [letter, id]))));
  return namedLabels(panel, text, PANELIST_LABEL, (l) => ids.get(l));
}

/** The judge's text named: under --anonymize the judge read the panel by the last round's letters. */
export function judgeNamer(t: Pick<Transcript, 'panel' | 'rounds'> | null | undefined): (text: string) => string {
  const letters = t?.rounds.at(-1)?.letters;
  if (!t || !letters) return (text) => text;
  return (text) => namedPanelists(t.panel, text, letters);
}

/**
 * What a council decided, for its headline: the answer its members ranked first (the Borda count's
 * top), beside what the blind answers gave, which may be another option:
 * `Council's decision: Python — ranked first (Claude's answer, 14 points), though most blind answers
 * were for Go (Plurality, 3/6 votes)`. Null for a roundtable, and for a council without a valid
 * ranking (then its headline is the blind answers' result). `result.winner` stays the count of the
 * blind answers (the contract's result).
 */
export function councilDecision(t: Pick<Transcript, 'protocol' | 'panel' | 'rounds' | 'result'> | null | undefined): string | null {
  const result = closedResult(t?.result);
  const top = result?.ranking?.[0];
  if (!t || t.protocol !== 'council' || !result || !top || top.points === 0) return null;
  // The member's answer: its round-1 vote (a council imported from text holds it in its one round).
  const answer = t.rounds.flatMap((r) => r.turns).find((turn) => turn.debater === top.debater && turn.vote !== null)?.vote;
  if (answer === undefined || answer === null) return null;
  const most = result.winner === null ? Math.max(0, ...Object.values(result.tally)) : (own(result.tally, result.winner) ?? 0);
  const count = `${result.label}, ${most}/${result.validVotes} votes${result.winner === null ? ' each' : ''}`;
  const blind =
    result.winner === null
      ? `; the blind answers tied (${count})`
      : result.winner === answer
        ? `, and the most blind answers (${count})`
        : `, though most blind answers were for ${sanitizeInline(result.winner)} (${count})`;
  const points = `${top.points} point${top.points === 1 ? '' : 's'}`;
  return `Council's decision: ${sanitizeInline(answer)} — ranked first (${nameIn(t.panel, top.debater)}'s answer, ${points})${blind}`;
}

/** A seat's ballot in a council's ranking round, by name, best first: "Claude > Mistral > Grok". */
export function ballotText(panel: readonly PanelMember[], ranking: readonly string[]): string {
  return ranking.map((id) => nameIn(panel, id)).join(' > ');
}

/** A council's aggregate ranking in short, one entry a seat: "1. Claude 6 pts, 3 first" (headless lines, the live view). */
export function compactRanking(panel: readonly PanelMember[], result: AnyResult | null): string[] {
  return (result?.ranking ?? []).map((e, i) => `${i + 1}. ${nameIn(panel, e.debater)} ${e.points} pt${e.points === 1 ? '' : 's'}, ${e.firsts} first`);
}

/** A council's aggregate ranking, one line a seat: "1. Claude — 6 points, 3 first places". */
export function rankingLines(panel: readonly PanelMember[], result: Pick<AnyResult, 'ranking'> | null): string[] {
  return (result?.ranking ?? []).map(
    (e, i) => `${i + 1}. ${nameIn(panel, e.debater)} — ${e.points} point${e.points === 1 ? '' : 's'}, ${e.firsts} first place${e.firsts === 1 ? '' : 's'}`,
  );
}

// ---- Open questions (no options): where the panel landed -------------------------------------

/** An open question's result (groups of positions), told apart from a vote count. */
export function isOpenResult(result: AnyResult): result is OpenResult {
  return 'groups' in result;
}

/** The vote count of a question with options; null for an open question's result (or none). */
export function closedResult(result: AnyResult | null | undefined): Result | null {
  return result && !isOpenResult(result) ? result : null;
}

/** The open result; null for a vote count (or none). */
export function openResult(result: AnyResult | null | undefined): OpenResult | null {
  return result && isOpenResult(result) ? result : null;
}

/** An open question's synthesis (it has an `answer`), told apart from a write-up of options. */
export function isOpenJudgement(judgement: AnyJudgement): judgement is OpenJudgement {
  return 'answer' in judgement;
}

/** The write-up of a question with options; null for an open synthesis (or none). */
export function closedJudgement(judgement: AnyJudgement | null | undefined): Judgement | null {
  return judgement && !isOpenJudgement(judgement) ? judgement : null;
}

/** The open synthesis; null for a write-up of options (or none). */
export function openJudgement(judgement: AnyJudgement | null | undefined): OpenJudgement | null {
  return judgement && isOpenJudgement(judgement) ? judgement : null;
}

/** A turn that gave an answer (an open question's counterpart of a valid vote). */
export const answered = <T extends { answer?: string | null | undefined }>(t: T): t is T & { answer: string } =>
  typeof t.answer === 'string' && t.answer.trim() !== '';

/** Whether a transcript asks an open question (`--open`: no options, answers in a sentence). */
export const isOpenTranscript = (t: Pick<Transcript, 'open'>): boolean => t.open === true;

/**
 * The label of an open result, from the sizes of its groups: "All agreed" when one position holds
 * the whole panel; "Agreement" when one position is larger than every other and held by two or
 * more; otherwise "No agreement" (every seat alone, or two positions tie for the largest).
 */
export function openLabel(sizes: readonly number[], panelSize: number): OpenResultLabel {
  const largest = sizes.length ? Math.max(...sizes) : 0;
  if (largest > 0 && largest === panelSize) return 'All agreed';
  if (largest >= 2 && sizes.filter((n) => n === largest).length === 1) return 'Agreement';
  return 'No agreement';
}

/**
 * An open result from groups of debater ids (largest first, ties kept in their order): agreed is
 * the size of the largest group. `answer` is the synthesis, null when no judge wrote one.
 */
export function computeOpenResult(groups: readonly OpenGroup[], panelSize: number, answer: string | null, counterpoint: string | null): OpenResult {
  const sorted = groups
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => g.members.length > 0)
    .sort((a, b) => b.g.members.length - a.g.members.length || a.i - b.i)
    .map(({ g }) => ({ answer: g.answer, members: [...g.members] }));
  const sizes = sorted.map((g) => g.members.length);
  return { label: openLabel(sizes, panelSize), answer, agreed: sizes[0] ?? 0, panelSize, counterpoint, groups: sorted };
}

/** An answer as compared word for word: case, spacing and the closing punctuation aside. */
export const answerKey = (answer: string): string =>
  answer
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.!?;:,]+$/u, '');

/**
 * Groups made without a judge: seats whose last answers are the same words (answerKey) share a
 * group; every other seat stands alone. This claims no more than the words show.
 */
export function groupsByWording(turns: readonly { debater: string; answer?: string | null | undefined }[]): OpenGroup[] {
  const groups = new Map<string, OpenGroup>();
  for (const t of turns) {
    if (typeof t.answer !== 'string' || !t.answer.trim()) continue;
    const key = answerKey(t.answer);
    const group = groups.get(key);
    if (group) group.members.push(t.debater);
    else groups.set(key, { answer: t.answer, members: [t.debater] });
  }
  return [...groups.values()];
}

/**
 * How many agreed, as the published pages put it: "All 4 models agreed", "3 of 6 models agreed",
 * "No agreement (largest position 2 of 6)".
 */
export function agreementPhrase(result: Pick<OpenResult, 'label' | 'agreed' | 'panelSize'>): string {
  const { agreed, panelSize } = result;
  const models = (n: number) => `${n} model${n === 1 ? '' : 's'}`;
  if (result.label === 'All agreed') return `All ${models(panelSize)} agreed`;
  if (result.label === 'Agreement') return `${agreed} of ${models(panelSize)} agreed`;
  return `No agreement (largest position ${agreed} of ${panelSize})`;
}

/**
 * The result line of an open question: `All 4 models agreed — <synthesis>`; with no synthesis
 * (--no-judge, or the judge failed) it says so and counts only answers given in the same words.
 * Answers are cleaned for a terminal.
 */
export function formatOpenResult(result: OpenResult | null, why = 'no judge'): string {
  if (!result) return 'No result — no answers';
  if (result.answer === null) {
    const same = result.agreed;
    const counted =
      result.groups.length === 0
        ? 'no answers'
        : same === result.panelSize
          ? `all ${result.panelSize} models gave the same answer`
          : same >= 2
            ? `${same} of ${result.panelSize} models gave the same answer`
            : 'every answer differs';
    return `No synthesis (${why}) — ${counted}`;
  }
  return `${agreementPhrase(result)} — ${sanitizeInline(result.answer)}`;
}

/** A run's outcome in a few words (batch progress lines): "Majority — Yes", or an open run's "Agreement (3/5)". */
export function outcomeText(result: AnyResult | null | undefined): string {
  if (!result) return '';
  if (isOpenResult(result)) return `${result.label} (${result.agreed}/${result.panelSize})`;
  return `${result.label}${result.winner ? ` — ${result.winner}` : ''}`;
}

/**
 * An open question's result as its rounds give it. The judge's synthesis cannot be counted again
 * from the answers, so a stored synthesis is kept while it fits them: its groups hold exactly the
 * seats that answered (a page's, which names no groups, no more agreeing than answered). Otherwise,
 * and without a synthesis, the answers given in the same words are counted. A council's answers
 * are its round 1, and its ranking comes from its review.
 */
export function openResultOf(t: Pick<Transcript, 'panel' | 'protocol'> & Partial<Pick<Transcript, 'result'>>, rounds: readonly Round[]): OpenResult | null {
  const council = t.protocol === 'council';
  const base = council ? rounds.find((r) => r.number === 1) : rounds.at(-1);
  const given = (base?.turns ?? []).filter(answered);
  if (given.length === 0) return null;
  const seats = new Set(given.map((x) => x.debater));
  const stored = openResult(t.result);
  let result: OpenResult = computeOpenResult(groupsByWording(given), t.panel.length, null, null);
  if (stored && stored.answer !== null && stored.panelSize === t.panel.length) {
    const members = stored.groups.flatMap((g) => g.members);
    const fits = stored.groups.length === 0 ? stored.agreed <= seats.size : members.length === seats.size && members.every((id) => seats.has(id));
    if (fits) result = { ...stored };
  }
  delete result.ranking;
  const review = council ? (rounds.find((r) => r.number === 2) ?? rounds.find((r) => r.turns.some((x) => x.ranking))) : undefined;
  return review ? { ...result, ranking: bordaRanking(t.panel, review.turns.flatMap((x) => (x.ranking ? [x.ranking] : []))) } : result;
}
