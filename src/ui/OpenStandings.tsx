// An open question's place for the tally: there are no votes to count, so while the rounds run it
// says how many seats have answered and who changed their mind; once the synthesis arrives (or the
// run ends) it says where the panel landed: how many agreed, and each position with the seats that
// hold it, largest first.
import { Box, Text } from 'ink';
import { agreementPhrase, formatOpenResult, openResult } from '../core/result.js';
import type { AnyResult, Transcript } from '../core/schema.js';
import { own } from '../util/records.js';
import type { CardState, PanelView } from './state.js';
import { cleanLine, optionColor } from './text.js';

/** What kind of open question it is, as the published pages name it: Open Debate, Open Poll, Open Council. */
export function openKindOf(t: Pick<Transcript, 'mode' | 'protocol'> | null): string {
  if (t?.protocol === 'council') return 'Open Council';
  return t?.mode === 'poll' ? 'Open Poll' : 'Open Debate';
}

/** Positions listed before the rest are summed up in one line. */
export const MAX_POSITION_LINES = 6;

interface Props {
  result: AnyResult | null;
  panel: readonly PanelView[];
  cards: Readonly<Record<string, CardState>>;
  /** The round under way (its cards), 0 before the first. */
  round: number;
  /** The run has ended (or the replay printed its last frame): show the landing even without a synthesis. */
  ended: boolean;
  width: number;
}

/** Whether the landing is shown: a synthesis has been written, or the run is over with a result. */
export function showsLanding(result: AnyResult | null, ended: boolean): boolean {
  const r = openResult(result);
  return r !== null && (r.answer !== null || ended);
}

/** The lines the panel takes, for the screen's budget. */
export function openStandingsLines(result: AnyResult | null, ended: boolean): number {
  const r = openResult(result);
  if (!r || !showsLanding(result, ended)) return 2;
  const groups = r.groups.length;
  return 1 + Math.min(groups, MAX_POSITION_LINES) + (groups > MAX_POSITION_LINES ? 1 : 0);
}

export function OpenStandings({ result, panel, cards, round, ended, width }: Props) {
  const r = openResult(result);
  const names = new Map(panel.map((p) => [p.id, cleanLine(p.name)]));
  if (r && showsLanding(result, ended)) {
    const shown = r.groups.slice(0, MAX_POSITION_LINES);
    const rest = r.groups.slice(MAX_POSITION_LINES);
    const countWidth = String(Math.max(1, ...r.groups.map((g) => g.members.length))).length;
    return (
      <Box flexDirection="column" width={width}>
        <Text bold wrap="truncate-end">
          {'Where the panel landed'}
          <Text dimColor>{` · ${r.answer === null ? formatOpenResult(r) : agreementPhrase(r)}`}</Text>
        </Text>
        {shown.map((g, i) => (
          <Text key={i} wrap="truncate-end">
            <Text color={optionColor(i)}>{'● '}</Text>
            <Text bold>{`${String(g.members.length).padStart(countWidth)}  `}</Text>
            <Text>{cleanLine(g.answer)}</Text>
            <Text dimColor>{` — ${g.members.map((id) => names.get(id) ?? cleanLine(id)).join(', ')}`}</Text>
          </Text>
        ))}
        {rest.length ? (
          <Text dimColor wrap="truncate-end">{`… ${rest.length} more position${rest.length === 1 ? '' : 's'} (${rest.reduce((a, g) => a + g.members.length, 0)} seats)`}</Text>
        ) : null}
      </Box>
    );
  }
  const states = panel.map((p) => own(cards, p.id));
  const answered = states.filter((c) => c?.status === 'done' || c?.status === 'failed').length;
  const changed = panel.filter((p) => {
    const c = own(cards, p.id);
    return c?.status === 'done' && c.changed;
  });
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {'Answers'}
        <Text dimColor>{round > 0 ? ` · ${answered} of ${panel.length} answered round ${round}` : ` · ${panel.length} seats`}</Text>
      </Text>
      <Text wrap="truncate-end" dimColor={changed.length === 0} color={changed.length ? 'yellow' : undefined}>
        {round > 1
          ? changed.length
            ? `↻ changed mind: ${changed.map((p) => cleanLine(p.name)).join(', ')}`
            : 'No one has changed their mind this round yet'
          : 'Round 1: each seat answers on its own, without seeing the others'}
      </Text>
    </Box>
  );
}
