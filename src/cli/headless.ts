// The headless face of the engine: one plain line per thing that happened, on stderr, so stdout
// stays clean for the result (text or --json). Reads well in a CI log.
import { clippedNote } from '../core/reply-cap.js';
import type { DebateEvent, DebateListener } from '../core/events.js';
import { answerKey, answered, ballotText, compactRanking, councilDecision, formatOpenResult, formatResult, isOpenTranscript, openResult } from '../core/result.js';
import { turnCostLabel } from '../cost/format.js';
import type { Transcript, Turn } from '../core/schema.js';
import { formatSeconds, sanitizeLine } from '../util/sanitize.js';
import { mockRepliesLabel } from '../transcript/text-format.js';

const seconds = formatSeconds;
const clean = sanitizeLine;

/** "  $0.0123" after a turn's latency, when the turn carries a cost. */
function costNote(turn: Turn): string {
  const label = turnCostLabel(turn.cost);
  return label ? `  ${label.padStart(7)}` : '';
}

/** "  $0.0276" after the judgement, when the judge used tokens ("billed" when the provider said what it cost). */
function judgeCostNote(t: Transcript): string {
  if (!t.judgeUsage || !t.cost) return '';
  const billed = t.judgeUsage.providerCostUsd !== undefined && t.source !== 'mock';
  const label = turnCostLabel({ usd: t.cost.judge, source: billed ? 'provider' : null });
  return label ? `  ${label}` : '';
}

export function headlessPrinter(write: (line: string) => void, options: { mock: boolean }): DebateListener {
  let transcript: Transcript | null = null;
  let width = 12;
  let voteWidth = 3;
  // Every name, option and vote came from a flag, a panel file, a transcript or a model: cleaned.
  // Names by id, made again when the panel given is another (a line a turn: no search of the panel each).
  let names = new Map<string, string>();
  let namesOf: Transcript['panel'] | null = null;
  const name = (id: string | null) => {
    if (id === null) return clean('judge');
    if (transcript && transcript.panel !== namesOf) {
      namesOf = transcript.panel;
      names = new Map();
      for (const p of namesOf) if (!names.has(p.id)) names.set(p.id, p.name);
    }
    return clean(names.get(id) ?? id);
  };
  return (event: DebateEvent) => {
    switch (event.type) {
      case 'debate_started': {
        transcript = event.transcript;
        const t = event.transcript;
        width = Math.max(...t.panel.map((p) => clean(p.name).length), 5);
        voteWidth = Math.max(...t.options.map((o) => clean(o).length), 'no vote'.length);
        const rounds = t.plannedRounds ?? t.rounds.length;
        const asked = isOpenTranscript(t) ? `open question (${t.mode === 'poll' ? 'Open Poll' : 'Open Debate'})` : t.options.map(clean).join(' / ');
        write(
          `roundtable · ${clean(t.motion)} · ${asked} · ${t.panel.length} debaters · ${rounds} round${rounds === 1 ? '' : 's'}` +
            `${t.judge ? ` · judge ${clean(t.judge.name)}` : ''}${options.mock ? ` · mock (${mockRepliesLabel(t.settings?.mockReplies)}, no network)` : ''}`,
        );
        const docs = t.settings?.briefing ?? [];
        if (docs.length) write(`Briefing: ${docs.map((d) => `${clean(d.name)} (${d.size} bytes)`).join(', ')}`);
        break;
      }
      case 'round_started':
        write(`Round ${event.round} of ${transcript?.plannedRounds ?? '?'}${event.round === 1 ? ' (blind)' : ''}`);
        break;
      case 'retry':
        write(`  ↻ ${name(event.debater).padEnd(width)}  retry ${event.note.attempt} in ${seconds(event.note.delayMs)}: ${clean(event.note.reason)}`);
        break;
      case 'reask':
        write(`  ↻ ${name(event.debater).padEnd(width)}  asked again: ${clean(event.reason)}`);
        break;
      case 'turn_finished': {
        const turn = event.turn;
        transcript = event.transcript;
        if (turn.ranking && transcript) {
          write(`  ✓ ${name(turn.debater).padEnd(width)}  ranked ${ballotText(transcript.panel, turn.ranking)}  ${seconds(turn.latencyMs)}${costNote(turn)}`);
        } else if (transcript && isOpenTranscript(transcript)) {
          if (!answered(turn)) {
            write(`  ✗ ${name(turn.debater).padEnd(width)}  no answer  ${seconds(turn.latencyMs)}${costNote(turn)}  ${clean(turn.error ?? 'no reply')}`);
          } else {
            const cut = turn.clipped ? `  (${clippedNote(turn.clipped)})` : '';
            write(`  ✓ ${name(turn.debater).padEnd(width)}  ${seconds(turn.latencyMs).padStart(6)}${costNote(turn)}${turn.changed ? '  changed mind' : ''}  ${clean(turn.answer)}${cut}`);
          }
        } else if (turn.vote === null) {
          write(`  ✗ ${name(turn.debater).padEnd(width)}  ${'no vote'.padEnd(voteWidth)}  ${seconds(turn.latencyMs)}${costNote(turn)}  ${clean(turn.error ?? 'no reply')}`);
        } else {
          const change = turn.changed ? `changed from ${clean(turn.previousVote ?? '')}` : turn.previousVote ? 'kept' : '';
          const cut = turn.clipped ? `  (${clippedNote(turn.clipped)})` : '';
          write(`  ✓ ${name(turn.debater).padEnd(width)}  ${clean(turn.vote).padEnd(voteWidth)}  ${seconds(turn.latencyMs).padStart(6)}${costNote(turn)}${change ? `  ${change}` : ''}${cut}`);
        }
        break;
      }
      case 'round_finished': {
        const open = isOpenTranscript(event.transcript);
        write(`  → ${open ? openRoundLine(event.transcript, event.round) : formatResult(event.transcript.result)}`);
        // A council's ranking round: the aggregate (Borda count), best first.
        const ranking = compactRanking(event.transcript.panel, event.transcript.result);
        const top = ranking.slice(0, 10);
        if (ranking.length > 10) top.push(`${ranking.length - 10} more`);
        if (ranking.length) write(`  → Ranking (Borda): ${top.join(' · ')}`);
        break;
      }
      case 'stopped':
        write(`Stopped early · ${clean(event.reason)}`);
        break;
      case 'digested':
        write(
          event.digest !== null
            ? `Digest of round ${event.round} · ${clean(event.digest).replace(/\s+/g, ' ')}`
            : `Digest of round ${event.round} · none: ${clean(event.error ?? 'unknown error')}`,
        );
        break;
      case 'digesting':
        break;
      case 'judging':
        write(`Judging · ${clean(event.judge)}`);
        break;
      case 'judged':
        write(
          event.judgement
            ? `  ✓ judgement written${judgeCostNote(event.transcript)}`
            : `  ✗ no judgement${judgeCostNote(event.transcript)}: ${clean(event.error ?? 'unknown error')}`,
        );
        break;
      case 'debate_finished': {
        const t = event.transcript;
        const open = openResult(t.result);
        // A council's headline is its decision (the answer ranked first), beside the blind answers' count.
        write(`Done · ${open || isOpenTranscript(t) ? formatOpenResult(open, t.judge ? 'the judge gave none' : 'no judge') : clean(councilDecision(t) ?? formatResult(t.result))}`);
        if (open?.counterpoint) write(`Counterpoint: ${clean(open.counterpoint)}`);
        break;
      }
        break;
      case 'interrupted':
        write('Interrupted · the calls in flight were cancelled; finished turns are kept.');
        break;
      case 'failed':
        write(`Failed · ${clean(event.error)}`);
        break;
      case 'turn_started':
      case 'token':
        break;
    }
  };
}

/** An open round in a line: who answered, how many different answers (in words), who changed mind. */
function openRoundLine(t: Transcript, number: number): string {
  const turns = t.rounds.find((r) => r.number === number)?.turns ?? [];
  const given = turns.filter(answered);
  const words = new Set(given.map((x) => answerKey(x.answer))).size;
  const changed = given.filter((x) => x.changed).length;
  const ranked = turns.filter((x) => x.ranking).length;
  if (ranked) return `${ranked} of ${t.panel.length} ranked the answers`;
  return `${given.length} of ${t.panel.length} answered · ${words} different answer${words === 1 ? '' : 's'}${changed ? ` · ${changed} changed mind` : ''}`;
}
