// The whole screen. Finished rounds (and, at the end, the judgement) go into Ink's <Static>, printed
// once above the live part; the live part (header, cards, tally, status) is sized to stay shorter
// than the terminal, so a redraw never has to clear the screen.
import { Box, Static, Text } from 'ink';
import type { ReactNode } from 'react';
import { costLine } from '../cost/format.js';
import { CardGrid } from './CardGrid.js';
import { FinishedRound } from './FinishedRound.js';
import { Header } from './Header.js';
import { JudgePanel } from './JudgePanel.js';
import { openKindOf, OpenStandings, openStandingsLines } from './OpenStandings.js';
import { cardLayout, estimateLines } from './layout.js';
import { isFinished, type FinishedRoundView, type ViewState } from './state.js';
import { COMPACT_ABOVE, SeatTable } from './SeatTable.js';
import { pathText, StatusLine } from './StatusLine.js';
import { TallyBar } from './TallyBar.js';
import { cleanLine } from './text.js';
import { useTerminalSize } from './use-terminal-size.js';
import { TailText } from './TailText.js';
import { sanitizeInline, sanitizeText } from '../util/sanitize.js';

export interface AppProps {
  state: ViewState;
  transcriptPath: string;
  /**
   * `live`: each finished round is printed into the scrollback as it ends. `replay`: rounds stay on
   * the live screen (the player can seek back), and everything is printed once, when `final` is set.
   */
  mode?: 'live' | 'replay';
  /** Print the closing document now (the replay's last frame). The live view does so when the debate ends. */
  final?: boolean;
  /** Lines under everything, such as the replay's controls. */
  footer?: ReactNode;
  footerLines?: number;
}

const DOCUMENT_WIDTH = 120;

/** Seats that have answered the round under way (a failed turn has answered too). */
const answeredCount = (cards: ViewState['cards']): number =>
  Object.values(cards).filter((card) => card.status === 'done' || card.status === 'failed').length;

type StaticItem = { kind: 'round'; round: FinishedRoundView } | { kind: 'final' };

export function App({ state, transcriptPath, mode = 'live', final, footer, footerLines = 0 }: AppProps) {
  const { columns, rows } = useTerminalSize();
  const width = Math.max(20, columns);
  // Printed text (round summaries, the judgement) reads badly in very long lines.
  const documentWidth = Math.min(width, DOCUMENT_WIDTH);
  const ended = mode === 'live' ? isFinished(state) : Boolean(final);
  const printRounds = mode === 'live' || ended;
  const items: StaticItem[] = printRounds ? state.finishedRounds.map((round) => ({ kind: 'round', round })) : [];
  // The closing write-up: the result and the judgement, when there is anything to write up.
  if (ended && (state.result || state.judge.status !== 'idle')) items.push({ kind: 'final' });

  const roundDone = state.finishedRounds.some((r) => r.number === state.round);
  // Live, a finished round's cards give way to its printed summary; a replay keeps them until the next round.
  const showCards = state.round > 0 && state.panel.length > 0 && (mode === 'replay' && !ended ? true : !roundDone);
  const showJudgeStatus = !ended && state.judge.status !== 'idle';

  const optionsText = state.options.map((o) => `${o.letter}. ${o.label}  `).join('');
  const motionEstimate = estimateLines(cleanLine(state.motion) || 'x', width);
  // A long motion is clipped to three lines; a shorter one takes what it needs.
  const motionLines = motionEstimate > 3 ? 3 : 0;
  const mock = state.transcript?.source === 'mock';
  const briefing = (state.transcript?.settings?.briefing ?? []).map((d) => d.name);
  const headerLines = (mock ? 1 : 0) + (briefing.length ? 1 : 0) + Math.min(3, motionEstimate) + estimateLines(`${optionsText}Round 00/00 · interrupted`, width);
  const tallyLines = state.open ? openStandingsLines(state.result, ended) : state.options.length + 1;
  const pathLabel = mode === 'replay' ? 'Replaying' : 'Transcript';
  // The cost line wraps on a narrow terminal ("Cost so far · … tokens … in · … out · …"): counted as drawn.
  const cost = state.transcript ? costLine(state.transcript) : null;
  const costLines = (cost ? estimateLines(`Cost so far · ${cost}`, width) : 0) + (state.transcript?.stopReason ? estimateLines(`Stopped early · ${state.transcript.stopReason}`, width) : 0);
  const statusLines = (ended ? 2 : 0) + estimateLines(pathText(pathLabel, transcriptPath), width) + Math.max(1, costLines);
  const reserve = headerLines + 1 + 1 + tallyLines + (showJudgeStatus ? 2 : 0) + 1 + statusLines + footerLines + 1;
  const layout = cardLayout(width, rows - reserve, state.panel.length);

  return (
    <>
      <Static items={items}>
        {(item) =>
          item.kind === 'round' ? (
            <FinishedRound
              key={`round-${item.round.number}`}
              number={item.round.number}
              totalRounds={state.totalRounds}
              turns={item.round.turns}
              result={item.round.result}
              panel={state.panel}
              options={state.options}
              width={documentWidth}
              open={state.open}
            />
          ) : (
            <Box key="final" marginBottom={1}>
              <JudgePanel judge={state.judge} result={state.result} options={state.options} width={documentWidth} variant="full" open={state.open} panel={state.panel} />
            </Box>
          )
        }
      </Static>
      <Box flexDirection="column" width={width}>
        <Header
          motion={state.motion}
          options={state.options}
          round={state.round}
          totalRounds={state.totalRounds}
          status={state.status}
          width={width}
          motionLines={motionLines}
          mock={mock}
          briefing={briefing}
          openKind={state.open ? openKindOf(state.transcript) : null}
        />
        {state.digest && state.status === 'running' ? (
          <Box marginTop={1} flexDirection="column" width={width}>
            <Text dimColor>
              {state.digest.text === null
                ? state.digest.error
                  ? `No digest of round ${state.digest.round}: ${sanitizeInline(state.digest.error)}`
                  : `Writing the digest of round ${state.digest.round}…`
                : `Digest of round ${state.digest.round} (every seat reads it):`}
            </Text>
            {state.digest.text !== null ? <TailText text={sanitizeText(state.digest.text)} lines={3} width={width} keep="head" dimColor fixed={false} /> : null}
          </Box>
        ) : null}
        {showCards ? (
          <Box marginTop={1}>
            {state.panel.length > COMPACT_ABOVE ? (
              <SeatTable panel={state.panel} cards={state.cards} options={state.options} width={width} maxLines={Math.max(1, rows - reserve)} open={state.open} />
            ) : (
              <CardGrid panel={state.panel} cards={state.cards} options={state.options} layout={layout} open={state.open} />
            )}
          </Box>
        ) : null}
        {state.open ? (
          <Box marginTop={1}>
            <OpenStandings result={state.result} panel={state.panel} cards={state.cards} round={state.round} ended={ended} width={width} />
          </Box>
        ) : state.options.length ? (
          <Box marginTop={1}>
            <TallyBar
              options={state.options}
              tally={state.tally}
              panelSize={state.panel.length}
              width={width}
              title={ended ? 'Final tally' : 'Tally'}
              answered={!ended && state.round > 1 ? { count: answeredCount(state.cards), round: state.round } : null}
            />
          </Box>
        ) : null}
        {showJudgeStatus ? (
          <Box marginTop={1}>
            <JudgePanel judge={state.judge} result={state.result} options={state.options} width={width} variant="status" open={state.open} />
          </Box>
        ) : null}
        <Box marginTop={1} flexDirection="column">
          <StatusLine state={state} transcriptPath={transcriptPath} pathLabel={pathLabel} width={width} />
          {footer}
        </Box>
      </Box>
    </>
  );
}
