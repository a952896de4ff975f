// Comparing two transcripts (for example a rerun against the seed debate): the outcome, each
// debater's final vote, and how close each debater's final argument came to the other's wording.
import { formatUsd } from '../cost/format.js';
import { closedResult, formatResult, isOpenResult, openResult } from '../core/result.js';
import type { AnyResult, Transcript, Turn } from '../core/schema.js';
import { sanitizeLine } from '../util/sanitize.js';
import { answerOf, checkSameKind, openFields, sameAnswer, sameSynthesis, synthesisLine } from './open.js';
import { argumentSimilarity } from './similarity.js';

export interface DebaterComparison {
  /** As transcript A spells it (B's spelling for a debater only B has). */
  name: string;
  inA: boolean;
  inB: boolean;
  /** The vote of the debater's turn in the transcript's last round; null without a valid vote or a turn. */
  voteA: string | null;
  voteB: string | null;
  /** Both gave a valid final vote, and it is the same option (compared case-insensitively). */
  agree: boolean;
  /** 0..1, see similarity.ts; 0 when either transcript lacks the debater's final turn. */
  argumentSimilarity: number;
  /**
   * Open questions only (voteA and voteB are then null, as the turns' votes are): the debater's final
   * answers, and how alike their wording is (0..1; 0 when either is missing). `agree` is then true
   * when both answers have the same words in the same order.
   */
  answerA?: string | null;
  answerB?: string | null;
  answerSimilarity?: number;
  /** A person on the panel (--human) in either transcript; absent for models. */
  human?: true;
}

export interface Comparison {
  motionA: string;
  motionB: string;
  sameMotion: boolean;
  /** Both name the same winner, or both have none (a tie, or no valid votes). */
  sameWinner: boolean;
  sameLabel: boolean;
  /**
   * agreeing / debaters: the share of all debaters present in either transcript (matched by name,
   * case-insensitively) whose final votes agree. A debater missing from one side counts against it.
   */
  voteAgreement: number;
  agreeing: number;
  debaterCount: number;
  debaters: DebaterComparison[];
  outcomeA: AnyResult | null;
  outcomeB: AnyResult | null;
  turningPointsA: string[];
  turningPointsB: string[];
  /**
   * What each run cost in USD (null: unknown or unpriced), and the tokens it used; absent for a
   * transcript without cost. `mock`: a mock run, so what it would have cost live.
   */
  costA: RunCostSummary | null;
  costB: RunCostSummary | null;
  /** How each run went (roundtable or council). */
  protocolA: 'roundtable' | 'council';
  protocolB: 'roundtable' | 'council';
  /** A council's aggregate ranking (Borda), best first, by name; empty for a roundtable run. */
  rankingA: { name: string; points: number; firsts: number }[];
  rankingB: { name: string; points: number; firsts: number }[];
  /**
   * Present (true) when both transcripts are open questions. Then outcomeA/B are the syntheses'
   * results, sameWinner says the two syntheses give the same answer in the same words (or both
   * have none), sameLabel compares "All agreed" / "Agreement" / "No agreement", and voteAgreement is
   * the share of debaters whose final answers are the same in words; answerSimilarity and each
   * debater's answerSimilarity give the graded view.
   */
  open?: true;
  /** Open questions: 0..1, how alike the wording of the two syntheses' answers is; null when either has none. */
  answerSimilarity?: number | null;
  /** Open questions: the same label and the same agreed count. */
  sameAgreement?: boolean;
}

export interface RunCostSummary {
  usd: number | null;
  inputTokens: number;
  outputTokens: number;
  unpriced: string[];
  mock: boolean;
}

function rankingOf(t: Transcript): Comparison['rankingA'] {
  return (closedResult(t.result)?.ranking ?? []).map((e) => ({ name: t.panel.find((p) => p.id === e.debater)?.name ?? e.debater, points: e.points, firsts: e.firsts }));
}

function costOf(t: Transcript): Comparison['costA'] {
  if (!t.cost) return null;
  return { usd: t.cost.usd, inputTokens: t.cost.usage?.inputTokens ?? 0, outputTokens: t.cost.usage?.outputTokens ?? 0, unpriced: t.cost.unpriced, mock: t.source === 'mock' };
}

const winnerOf = (t: Transcript): string | null => closedResult(t.result)?.winner ?? null;
const key = (name: string) => name.trim().toLowerCase();
/** The label the votes give: the recount of an imported page that labels its result its own way. */
const countedLabel = (r: AnyResult | null) => (r && !isOpenResult(r) ? (r.computed ?? r.label) : (r?.label ?? null));
const sameOption = (a: string | null, b: string | null) => (a === null || b === null ? a === b : a.toLowerCase() === b.toLowerCase());

/**
 * Each panel member's turn in the last round (by round number), by name key; null when the member
 * has none there. An open question's last round of answers (a council's ranking round holds ballots).
 */
function finalTurns(t: Transcript, open = false): Map<string, { name: string; turn: Turn | null; human?: boolean }> {
  const rounds = open ? t.rounds.filter((r) => r.turns.some((turn) => answerOf(turn) !== null)) : t.rounds;
  const last = rounds.reduce<Transcript['rounds'][number] | undefined>((a, r) => (!a || r.number > a.number ? r : a), undefined);
  const finals = new Map<string, { name: string; turn: Turn | null; human?: boolean }>();
  for (const member of t.panel) {
    if (finals.has(key(member.name))) continue;
    finals.set(key(member.name), { name: member.name, turn: last?.turns.find((turn) => turn.debater === member.id) ?? null, ...(member.human ? { human: true } : {}) });
  }
  return finals;
}

/**
 * The comparison of two transcripts of the same kind: two votes among options, or two open
 * questions. An open question against a closed one is bad input (UsageError, naming them by
 * `labels`).
 */
export function compareTranscripts(a: Transcript, b: Transcript, labels?: { a: string; b: string }): Comparison {
  const open = checkSameKind(a, b, labels);
  const finalsA = finalTurns(a, open);
  const finalsB = finalTurns(b, open);
  const names = [...finalsA.keys(), ...[...finalsB.keys()].filter((k) => !finalsA.has(k))];
  const debaters = names.map((k): DebaterComparison => {
    const ea = finalsA.get(k);
    const eb = finalsB.get(k);
    const voteA = ea?.turn?.vote ?? null;
    const voteB = eb?.turn?.vote ?? null;
    const base = {
      name: (ea ?? eb)!.name,
      inA: ea !== undefined,
      inB: eb !== undefined,
      voteA,
      voteB,
      agree: voteA !== null && voteB !== null && sameOption(voteA, voteB),
      argumentSimilarity: ea?.turn && eb?.turn ? argumentSimilarity(ea.turn.argument, eb.turn.argument) : 0,
      ...(ea?.human || eb?.human ? { human: true as const } : {}),
    };
    if (!open) return base;
    const answerA = answerOf(ea?.turn);
    const answerB = answerOf(eb?.turn);
    return {
      ...base,
      agree: sameAnswer(answerA, answerB),
      answerA,
      answerB,
      answerSimilarity: answerA !== null && answerB !== null ? argumentSimilarity(answerA, answerB) : 0,
    };
  });
  const agreeing = debaters.filter((d) => d.agree).length;
  const openPart = open ? openFields(a, b) : null;
  return {
    motionA: a.motion,
    motionB: b.motion,
    sameMotion: a.motion.trim().toLowerCase() === b.motion.trim().toLowerCase(),
    sameWinner: open ? sameSynthesis(a, b) : sameOption(winnerOf(a), winnerOf(b)),
    // The label counted from the votes: an imported page's own label may call a plurality a
    // Majority, and a rerun with the same votes has the same outcome.
    sameLabel: countedLabel(a.result) === countedLabel(b.result),
    voteAgreement: debaters.length ? agreeing / debaters.length : 0,
    agreeing,
    debaterCount: debaters.length,
    debaters,
    outcomeA: a.result,
    outcomeB: b.result,
    turningPointsA: a.judgement?.turningPoints ?? [],
    turningPointsB: b.judgement?.turningPoints ?? [],
    costA: costOf(a),
    costB: costOf(b),
    protocolA: a.protocol ?? 'roundtable',
    protocolB: b.protocol ?? 'roundtable',
    rankingA: rankingOf(a),
    rankingB: rankingOf(b),
    ...(openPart ? { open: true as const, ...openPart } : {}),
  };
}

const WIDTH = 80;
const clean = sanitizeLine;
const fit = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));

/** Text wrapped to 80 columns after a first-line prefix, later lines indented to match; overlong words are cut. */
function wrap(text: string, prefix: string): string[] {
  const room = WIDTH - prefix.length;
  const words = clean(text)
    .split(' ')
    .flatMap((word) => word.match(new RegExp(`.{1,${room}}`, 'gu')) ?? ['']);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.map((l, i) => `${i === 0 ? prefix : ' '.repeat(prefix.length)}${l}`.trimEnd());
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

function costLines(c: Comparison): string[] {
  if (!c.costA && !c.costB) return [];
  const cost = (x: Comparison['costA']) =>
    !x
      ? 'not recorded'
      : `${x.usd === null ? 'unpriced' : `${x.unpriced.length ? 'at least ' : ''}${formatUsd(x.usd)}`}${x.mock ? ' if run live (mock)' : ''} (${x.inputTokens.toLocaleString('en-US')} in, ${x.outputTokens.toLocaleString('en-US')} out)`;
  return wrap(`A ${cost(c.costA)} · B ${cost(c.costB)}`, 'Cost: ');
}

function turningPointLines(c: Comparison): string[] {
  const out: string[] = [];
  for (const [label, points] of [
    ['A', c.turningPointsA],
    ['B', c.turningPointsB],
  ] as const) {
    out.push('', `Turning points ${label}:`);
    if (points.length === 0) out.push('  (none)');
    for (const point of points) out.push(...wrap(point, '  - '));
  }
  return out;
}

const two = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toFixed(2));

/**
 * Two open questions: the syntheses side by side (answer, how many agreed, counterpoint), whether
 * they are the same, then per debater how alike its final answers and arguments are, and the
 * answers themselves.
 */
function formatOpenComparison(c: Comparison, labels: { a: string; b: string }): string {
  const out: string[] = [];
  out.push(...wrap(labels.a, 'A: '), ...wrap(labels.b, 'B: '));
  if (c.sameMotion) out.push(...wrap(c.motionA, 'Question: '));
  else out.push(...wrap(c.motionA, 'Question A: '), ...wrap(c.motionB, 'Question B: '));
  if (c.protocolA !== 'roundtable' || c.protocolB !== 'roundtable') {
    out.push(...wrap(c.protocolA === c.protocolB ? c.protocolA : `A ${c.protocolA} · B ${c.protocolB}`, 'Protocol: '));
  }
  out.push(...wrap(synthesisLine(c.outcomeA), 'Answer A: '), ...wrap(synthesisLine(c.outcomeB), 'Answer B: '));
  const counterA = openResult(c.outcomeA)?.counterpoint;
  const counterB = openResult(c.outcomeB)?.counterpoint;
  if (counterA) out.push(...wrap(counterA, 'Counterpoint A: '));
  if (counterB) out.push(...wrap(counterB, 'Counterpoint B: '));
  out.push(...costLines(c));
  const percent = Math.round(c.voteAgreement * 100);
  const similarity = c.answerSimilarity === null || c.answerSimilarity === undefined ? '' : ` (answer similarity ${two(c.answerSimilarity)})`;
  out.push(
    ...wrap(
      `Same synthesis: ${yesNo(c.sameWinner)}${similarity} · same agreement: ${yesNo(c.sameAgreement ?? false)} · same final answer: ${c.agreeing} of ${c.debaterCount} debaters (${percent}%)`,
      '',
    ),
  );
  out.push('');
  const rows = c.debaters.map((d) => [`${clean(d.name)}${d.human ? ' (person)' : ''}`, !d.inA || !d.inB ? `absent in ${d.inA ? 'B' : 'A'}` : yesNo(d.agree), two(d.answerSimilarity ?? 0), two(d.argumentSimilarity)] as const);
  const nameWidth = Math.min(40, Math.max('Debater'.length, ...rows.map((r) => r[0].length)));
  const row = (cells: readonly string[]) => [fit(cells[0]!, nameWidth), fit(cells[1]!, 11), cells[2]!.padStart(6), cells[3]!.padStart(8)].join('  ').trimEnd();
  out.push(row(['Debater', 'Same answer', 'Answer', 'Argument']));
  out.push(row(['-'.repeat(nameWidth), '-'.repeat(11), '-'.repeat(6), '-'.repeat(8)]));
  for (const r of rows) out.push(row(r));
  out.push('', 'Final answers:');
  const shown = (present: boolean, answer: string | null | undefined) => (!present ? '(absent)' : (answer ?? '(no answer)'));
  for (const d of c.debaters) {
    out.push(...wrap(d.name, '  '));
    out.push(...wrap(shown(d.inA, d.answerA), '    A: '), ...wrap(shown(d.inB, d.answerB), '    B: '));
  }
  out.push(...turningPointLines(c));
  return `${out.join('\n')}\n`;
}

/** The comparison as a plain-text report that fits 80 columns, the debaters in an aligned table. */
export function formatComparison(c: Comparison, labels: { a: string; b: string } = { a: 'A', b: 'B' }): string {
  if (c.open) return formatOpenComparison(c, labels);
  const out: string[] = [];
  out.push(...wrap(labels.a, 'A: '), ...wrap(labels.b, 'B: '));
  if (c.sameMotion) out.push(...wrap(c.motionA, 'Motion: '));
  else out.push(...wrap(c.motionA, 'Motion A: '), ...wrap(c.motionB, 'Motion B: '));
  if (c.protocolA !== 'roundtable' || c.protocolB !== 'roundtable') {
    out.push(...wrap(c.protocolA === c.protocolB ? c.protocolA : `A ${c.protocolA} · B ${c.protocolB}`, 'Protocol: '));
  }
  out.push(...wrap(formatResult(c.outcomeA), 'Outcome A: '), ...wrap(formatResult(c.outcomeB), 'Outcome B: '));
  // A council's aggregate ranking, its first five.
  const ranked = (r: Comparison['rankingA']) =>
    r.slice(0, 5).map((e, i) => `${i + 1}. ${e.name} (${e.points} pt${e.points === 1 ? '' : 's'})`).join(' · ') + (r.length > 5 ? ` · … ${r.length - 5} more` : '');
  if (c.rankingA.length) out.push(...wrap(ranked(c.rankingA), 'Ranking A: '));
  if (c.rankingB.length) out.push(...wrap(ranked(c.rankingB), 'Ranking B: '));
  if (c.rankingA.length && c.rankingB.length) out.push(...wrap(yesNo(key(c.rankingA[0]!.name) === key(c.rankingB[0]!.name)), 'Same top-ranked: '));
  const percent = Math.round(c.voteAgreement * 100);
  out.push(...costLines(c));
  out.push(...wrap(`Same winner: ${yesNo(c.sameWinner)} · same label: ${yesNo(c.sameLabel)} · final votes agree: ${c.agreeing} of ${c.debaterCount} debaters (${percent}%)`, ''));
  out.push('');

  const vote = (present: boolean, v: string | null) => (present ? (v === null ? 'none' : clean(v)) : 'absent');
  const rows = c.debaters.map((d) => [`${clean(d.name)}${d.human ? ' (person)' : ''}`, vote(d.inA, d.voteA), vote(d.inB, d.voteB), yesNo(d.agree), d.argumentSimilarity.toFixed(2)] as const);
  const nameWidth = Math.min(28, Math.max('Debater'.length, ...rows.map((r) => r[0].length)));
  const voteWidth = Math.min(14, Math.max('Vote A'.length, ...rows.flatMap((r) => [r[1].length, r[2].length])));
  const row = (cells: readonly string[]) =>
    [fit(cells[0]!, nameWidth), fit(cells[1]!, voteWidth), fit(cells[2]!, voteWidth), fit(cells[3]!, 5), cells[4]!.padStart(10)].join('  ').trimEnd();
  out.push(row(['Debater', 'Vote A', 'Vote B', 'Agree', 'Similarity']));
  out.push(row(['-'.repeat(nameWidth), '-'.repeat(voteWidth), '-'.repeat(voteWidth), '-----', '-'.repeat(10)]));
  for (const r of rows) out.push(row(r));
  out.push(...turningPointLines(c));
  return `${out.join('\n')}\n`;
}
