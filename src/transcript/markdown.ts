// A transcript as a Markdown document: every round, every debater's vote and argument, the judge.
// Model text is untrusted: it is sanitized, quoted as a blockquote line by line (so its headings,
// fences and lists stay inside the quote), and its raw HTML is escaped (so a stray "<!--" or
// "<details>" cannot swallow the rest of the document). Its Markdown emphasis is kept on purpose.
import { clippedNote } from '../core/reply-cap.js';
import { answered, ballotText, closedJudgement, councilDecision, formatOpenResult, formatResult, judgeNamer, namedPanelists, namedResponses, openResult, rankingLines } from '../core/result.js';
import { agreedNote } from './open-text-format.js';
import { own } from '../util/records.js';
import { sanitizeText } from '../util/sanitize.js';
import { costLine, formatUsd } from '../cost/format.js';
import type { Transcript, Turn, Usage } from '../core/schema.js';
import { MOCK_MARKER, shownResult, voteSuffix } from './text-format.js';

/** A label (motion, name, option) as literal text: every Markdown-active character escaped. */
const literal = (text: string) =>
  sanitizeText(text)
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>#|~!]/g, (c) => `\\${c}`);

/** Model prose on one line (a list item): Markdown kept, HTML and a leading "#" defused. */
const inline = (text: string) =>
  sanitizeText(text)
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/</g, '\\<')
    .replace(/^#/, '\\#');

/**
 * Model prose of any length as a blockquote. A leading "#", or a line of "=" under text, would
 * make a heading even inside the quote, so both are escaped.
 */
function quote(text: string): string {
  const clean = sanitizeText(text).replace(/\n{3,}/g, '\n\n').trim();
  return clean
    .split('\n')
    .map((line) => {
      const safe = line.replace(/</g, '\\<').replace(/^(\s*)([#=])/, '$1\\$2');
      return safe.trim() ? `> ${safe}` : '>';
    })
    .join('\n');
}

/** A turn in Markdown; under --anonymize, the panelists its text names are named by its round's letters. */
function turnSection(t: Transcript, turn: Turn, letters: Record<string, string> | undefined): string {
  const named = (text: string) => namedPanelists(t.panel, text, letters);
  const seat = t.panel.find((p) => p.id === turn.debater);
  // A person on the panel (--human) is shown like any seat, marked as a person.
  const name = `${seat?.name ?? turn.debater}${seat?.human ? ' (person)' : ''}`;
  if (t.open && !turn.ranking) {
    // An open question: the seat's answer leads, its argument follows.
    if (!answered(turn)) {
      const why = turn.error ? `No answer: ${inline(turn.error)}` : 'No reply.';
      return `### ${literal(name)} — no answer\n\n_${why.replace(/_/g, '\\_')}_`;
    }
    const argument = turn.argument.trim() ? quote(named(turn.argument)) : '_(no argument)_';
    const cut = turn.clipped ? `\n\n_(${clippedNote(turn.clipped)})_` : '';
    return `### ${literal(name)}${turn.changed ? ' (changed mind)' : ''}\n\n**Answer:** ${inline(named(turn.answer))}\n\n${argument}${cut}`;
  }
  if (turn.vote === null && !(t.open && turn.ranking)) {
    const why = turn.error ? `No valid vote: ${inline(turn.error)}` : 'No reply.';
    return `### ${literal(name)} — no vote\n\n_${why.replace(/_/g, '\\_')}_`;
  }
  if (turn.ranking) {
    // A council's ranking round: the seat's ballot by name, then its reason.
    const reason = turn.argument.trim() ? quote(named(namedResponses(t.panel, turn.argument, turn.shown))) : '_(no reason)_';
    return `### ${literal(name)} — ranking\n\n**Ranked:** ${literal(ballotText(t.panel, turn.ranking))}\n\n${reason}`;
  }
  const heading = `### ${literal(name)} — ${literal(`${turn.vote}${voteSuffix(turn)}`)}`;
  const argument = turn.argument.trim() ? quote(named(turn.argument)) : '_(no argument)_';
  const cut = turn.clipped ? `\n\n_(${clippedNote(turn.clipped)})_` : '';
  // --topology: whose turns this seat was shown.
  const read = turn.read ? `\n\n_Read: ${turn.read.length ? turn.read.map((id) => literal(t.panel.find((p) => p.id === id)?.name ?? id)).join(', ') : 'no one else'}_` : '';
  return `${heading}\n\n${argument}${cut}${read}`;
}

function roundTitle(t: Transcript, round: Transcript['rounds'][number]): string {
  const { number } = round;
  if (t.mode === 'poll') return t.open ? 'Answers' : 'Votes';
  // A council imported from text holds only its ranking round, as round 1.
  if (t.protocol === 'council') return number === 1 && !round.turns.some((turn) => turn.ranking) ? 'Round 1 (blind answers)' : `Round ${number} (ranking)`;
  return number === 1 ? 'Round 1 (blind opening)' : `Round ${number}`;
}

/** What the run cost: a row a debater, the judge, the total; unpriced seats say so. */
function costSection(t: Transcript): string | null {
  const cost = t.cost;
  if (!cost) return null;
  const usd = (n: number | null | undefined) => (n === null || n === undefined ? 'unpriced' : formatUsd(n));
  const tokens = (u: Usage | null | undefined) => (u ? `${u.inputTokens.toLocaleString('en-US')} | ${u.outputTokens.toLocaleString('en-US')}` : '– | –');
  const rows = t.panel.map((p) => `| ${literal(p.name)} | ${tokens(cost.byDebaterUsage?.[p.id])} | ${usd(own(cost.byDebater, p.id))} |`);
  if (t.judge) rows.push(`| Judge: ${literal(t.judge.name)} | ${tokens(t.judgeUsage)} | ${usd(cost.judge)} |`);
  rows.push(`| **Total** | ${tokens(cost.usage)} | **${usd(cost.usd)}** |`);
  const line = costLine(t);
  return `## Cost\n\n${line ? `${literal(line.replace(/^Cost · /, ''))}\n\n` : ''}| Seat | Tokens in | Tokens out | USD |\n| --- | ---: | ---: | ---: |\n${rows.join('\n')}`;
}

/** An open question's lead: the synthesis and how many agreed, the counterpoint, the facts. */
function openResultParts(t: Transcript, facts: string[]): string[] {
  const result = openResult(t.result);
  const sofar = t.status === 'complete' ? '' : ` (${t.status})`;
  const lead =
    result && result.answer !== null
      ? `**Answer:** ${inline(result.answer)} (${agreedNote(result)})${sofar}`
      : `**Answer:** ${literal(formatOpenResult(result, t.judge ? 'the judge gave none' : 'no judge'))}${sofar}`;
  const parts = [`${lead}\n\n${facts.join(' · ')}`];
  if (result?.counterpoint) parts.push(`**Counterpoint:** ${inline(result.counterpoint)}`);
  return parts;
}

export function exportMarkdown(t: Transcript): string {
  const parts: string[] = [];
  // A mock run says so in its title and first line: its replies are the stand-in's, not the models'.
  parts.push(`# ${t.source === 'mock' ? 'Mock run: ' : ''}${literal(t.motion)}`);
  if (t.source === 'mock') parts.push(`**${MOCK_MARKER}**`);

  const facts = [
    `${t.open ? 'Open ' : ''}${t.mode === 'poll' ? 'Poll' : t.protocol === 'council' ? 'Council' : 'Debate'}`,
    `${t.panel.length} debaters`,
    `${t.rounds.length} round${t.rounds.length === 1 ? '' : 's'}`,
    t.status,
    t.source,
  ];
  if (t.startedAt) facts.push(`started ${t.startedAt}`);
  // Counted from each debater's latest vote (the text export's count), so that the counts agree with
  // the votes below them (an interrupted transcript's stored result belongs to an earlier round).
  if (t.open) {
    parts.push(...openResultParts(t, facts));
  } else {
    const result = shownResult(t);
    const sofar = t.status === 'complete' ? '' : ` (${t.status}: each debater's latest vote)`;
    // A council's decision is the answer its members ranked first; the result counts the blind answers.
    const decision = councilDecision(t);
    const decided = decision ? `**Council's decision:** ${literal(decision.replace(/^Council's decision: /, ''))}\n\n` : '';
    parts.push(`${decided}**Result:** ${literal(formatResult(result))}${sofar}\n\n${facts.join(' · ')}`);
  }
  if (t.error) parts.push(`**Error:** ${inline(t.error)}`);
  // A run the budget let do nothing failed for that reason: said once, as its error.
  if (t.stopReason && t.stopReason !== t.error) parts.push(`**Stopped early:** ${inline(t.stopReason)}`);

  if (!t.open) {
    const result = shownResult(t);
    const rows = t.options.map((o) => `| ${literal(o)} | ${result ? (own(result.tally, o) ?? 0) : 0} |`);
    parts.push(`## Options\n\n| Option | ${t.status === 'complete' ? 'Final votes' : 'Votes so far'} |\n| --- | ---: |\n${rows.join('\n')}`);
  } else {
    const groups = openResult(t.result)?.groups ?? [];
    const nameOf = (id: string) => literal(t.panel.find((p) => p.id === id)?.name ?? id);
    if (groups.length) {
      const how = openResult(t.result)?.answer === null ? 'Answers given in the same words (no synthesis).' : 'The positions, as the judge grouped the final answers.';
      parts.push(`## Positions\n\n${how}\n\n${groups.map((g) => `- **${g.members.length}** — ${inline(g.answer)} (${g.members.map(nameOf).join(', ')})`).join('\n')}`);
    }
  }

  const member = (name: string, model: string | null) => `${literal(name)}${model ? ` (${literal(model)})` : ''}`;
  const panel = t.panel.map((p) => `- ${p.human ? `${literal(p.name)} (a person, at the terminal)` : member(p.name, p.model)}`);
  if (t.judge) panel.push(`- Judge: ${member(t.judge.name, t.judge.model)}`);
  parts.push(`## Panel\n\n${panel.join('\n')}`);

  for (const round of t.rounds) {
    parts.push(`## ${roundTitle(t, round)}`);
    for (const turn of round.turns) parts.push(turnSection(t, turn, round.letters));
    // What every seat read beside its neighbours in the next round (--digest, groups:K).
    if (round.digest !== undefined) parts.push(`### Digest of round ${round.number}\n\n${quote(namedPanelists(t.panel, round.digest, round.letters))}`);
    else if (round.digestError !== undefined) parts.push(`### Digest of round ${round.number}\n\n_No digest: ${inline(round.digestError).replace(/_/g, '\\_')}_`);
  }

  const ranking = rankingLines(t.panel, t.result);
  if (t.protocol === 'council') {
    parts.push(`## Council ranking\n\n${ranking.length ? `Borda count over the ranking round, ties broken by first places.\n\n${ranking.map((l) => literal(l).replace(/^(\d+)\\?\./, '$1.')).join('\n')}` : '_No valid ranking._'}`);
  }

  const cost = costSection(t);
  if (cost) parts.push(cost);
  if (t.judgement) {
    // Under --anonymize the judge read the panel by the last round's letters.
    const named = judgeNamer(t);
    parts.push(`## Judge's summary\n\n${quote(named(t.judgement.summary))}`);
    const strongest = Object.entries(closedJudgement(t.judgement)?.strongestArguments ?? {}).map(([option, text]) => `- **${literal(option)}:** ${inline(named(text))}`);
    if (strongest.length) parts.push(`### Strongest arguments\n\n${strongest.join('\n')}`);
    const points = t.judgement.turningPoints.map((p) => `- ${inline(named(p))}`);
    if (points.length) parts.push(`### Key turning points\n\n${points.join('\n')}`);
  } else if (t.judgeError) {
    parts.push(`## Judge's summary\n\n_No judgement: ${inline(t.judgeError).replace(/_/g, '\\_')}_`);
  }
  return `${parts.join('\n\n')}\n`;
}
