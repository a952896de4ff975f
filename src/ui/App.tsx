// The whole screen. Finished rounds (and, at the end, the judgement) go into Ink's <Static>, printed
// once above the live part; the live part (header, cards, tally, status) is sized to stay shorter
// than the terminal, so a redraw never has to clear the screen.
import { Box, Static, Text } from 'ink';
import type { ReactNode } from 'react';
import { costLine } from '../cost/format.js';
import { closedJudgement, councilDecision, formatResult, judgeNamer } from '../core/result.js';
import { CardGrid } from './CardGrid.js';
import { FinishedRound } from './FinishedRound.js';
import { Header } from './Header.js';
import { JudgePanel } from './JudgePanel.js';
import { openKindOf, OpenStandings, openStandingsLines } from './OpenStandings.js';
import { cardLayout, cardsPerRow, estimateLines } from './layout.js';
import { isFinished, type FinishedRoundView, type ViewState } from './state.js';
import { COMPACT_ABOVE, SeatTable } from './SeatTable.js';
import { pathText, StatusLine } from './StatusLine.js';
import { TailText } from './TailText.js';
import { TallyBar, tallyTitle } from './TallyBar.js';
import { cleanLine } from './text.js';
import { wrapLines } from './wrap.js';
import { useTerminalSize } from './use-terminal-size.js';
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

/** Seats with a turn in the round under way, as the transcript has them (an interrupted card is no answer). */
const turnsIn = (state: ViewState): number => state.transcript?.rounds.find((r) => r.number === state.round)?.turns.length ?? answeredCount(state.cards);

/** Lines the judge's write-up (JudgePanel, full) takes at a width, counted generously. */
function writeUpLines(state: ViewState, width: number): number {
  const inner = Math.max(10, width - 4);
  const wrapped = (text: string, w = inner) => wrapLines(cleanLine(text), Math.max(1, w)).length;
  const j = state.judge.judgement;
  let n = 2 + 2 + 1 + (state.judge.error ? wrapped(`✗ No judgement from ${state.judge.name ?? ''}: ${state.judge.error}`) : 0);
  if (!j) return n;
  n += 2 + j.summary.split(/\n\s*\n/).reduce((sum, paragraph) => sum + wrapped(paragraph), 0);
  const strongest = Object.entries(closedJudgement(j)?.strongestArguments ?? {});
  if (strongest.length) n += 2 + strongest.reduce((sum, [option, argument]) => sum + wrapped(`${option}: ${argument}`), 0);
  if (j.turningPoints.length) n += 2 + j.turningPoints.reduce((sum, point) => sum + wrapped(point, inner - 2), 0);
  return n;
}

/** The write-up as plain text, for a screen too short for its box. */
function writeUpText(state: ViewState): string {
  const j = state.judge.judgement;
  const head = councilDecision(state.transcript) ?? `Result: ${formatResult(state.result)}`;
  if (!j) return `${head}\n✗ No judgement: ${state.judge.error ?? 'unknown error'}`;
  const strongest = Object.entries(closedJudgement(j)?.strongestArguments ?? {}).map(([option, argument]) => `${option}: ${argument}`);
  const points = j.turningPoints.map((point) => `• ${point}`);
  return [head, `Summary: ${j.summary.replace(/\s+/g, ' ').trim()}`, ...strongest, ...points].map(cleanLine).join('\n');
}

type StaticItem = { kind: 'round'; round: FinishedRoundView } | { kind: 'final' };

export function App({ state, transcriptPath, mode = 'live', final, footer, footerLines = 0 }: AppProps) {
  const { columns, rows } = useTerminalSize();
  const width = Math.max(20, columns);
  // Printed text (round summaries, the judgement) reads badly in very long lines.
  const documentWidth = Math.min(width, DOCUMENT_WIDTH);
  const ended = mode === 'live' ? isFinished(state) : Boolean(final);
  const printRounds = mode === 'live' || ended;
  const items: StaticItem[] = printRounds ? state.finishedRounds.map((round) => ({ kind: 'round', round })) : [];
  // The closing write-up: the result and the judgement, when there is anything to write up. An
  // interrupted debate has no result (its last round's result is an earlier round's): only a
  // judgement that was written is.
  const interrupted = state.status === 'interrupted';
  if (ended && (interrupted ? state.judge.judgement !== null : state.result || state.judge.status !== 'idle')) items.push({ kind: 'final' });

  // A replay stopped at the judgement (paused there, or stepped to it) shows the write-up in place of
  // the cards: the judge's status line alone would leave it unread until the replay ends.
  const showWriteUp = mode === 'replay' && !ended && (state.judge.status === 'done' || state.judge.status === 'failed');
  const roundDone = state.finishedRounds.some((r) => r.number === state.round);
  // Live, a finished round's cards give way to its printed summary; a replay keeps them until the next round.
  const showCards = state.round > 0 && state.panel.length > 0 && (mode === 'replay' && !ended ? true : !roundDone) && !showWriteUp;
  const showJudgeStatus = !ended && state.judge.status !== 'idle' && !showWriteUp;

  const optionsText = state.options.map((o) => `${o.letter}. ${o.label}  `).join('');
  const motionEstimate = estimateLines(cleanLine(state.motion) || 'x', width);
  const mock = state.transcript?.source === 'mock';
  const briefing = (state.transcript?.settings?.briefing ?? []).map((d) => d.name);
  const pathLabel = mode === 'replay' ? 'Replaying' : 'Transcript';
  const tallyProps = {
    options: state.options,
    tally: state.tally,
    panelSize: state.panel.length,
    title: interrupted ? 'Tally when stopped' : ended ? 'Final tally' : 'Tally',
    answered: (!ended || interrupted) && state.round > 1 ? { count: interrupted ? turnsIn(state) : answeredCount(state.cards), round: state.round } : null,
  };
  // The cost line wraps on a narrow terminal ("Cost so far · … tokens … in · … out · …"): counted as drawn.
  const cost = state.transcript ? costLine(state.transcript) : null;
  const stopLines = state.transcript?.stopReason ? estimateLines(`Stopped early · ${state.transcript.stopReason}`, width) : 0;
  const costLines = cost ? estimateLines(`Cost so far · ${cost}`, width) : 0;
  // Wrapped as the Paragraph under the screen wraps it (a long path breaks off its label).
  const pathLines = wrapLines(pathText(pathLabel, transcriptPath), width).length;
  const optionsLines = estimateLines(`${optionsText}Round 00/00 · interrupted`, width);
  // The digest every seat reads next (--digest): its title line and up to three lines of it.
  const showDigest = Boolean(state.digest) && state.status === 'running';
  const digestLines = showDigest ? 1 + (state.digest?.text !== null ? 3 : 0) + (state.digest?.error ? estimateLines(state.digest.error, width) : 0) : 0;
  // The live part must stay shorter than the terminal (a taller frame makes Ink clear the screen on
  // every redraw, and the header scrolls away). Lines it takes besides the seats: roomy, with
  // margins, the motion on up to three lines and every line wrapped; or, when the seats would not fit
  // even at a line each, tight: no margins, the motion, the tally's title and the cost on one line each.
  const reserve = (tight: boolean) =>
    (mock ? 1 : 0) +
    (briefing.length ? 1 : 0) +
    (tight ? 1 : Math.min(3, motionEstimate)) +
    optionsLines +
    // The tally, or an open question's standings in its place.
    (state.open ? openStandingsLines(state.result, ended) : state.options.length ? (tight ? 1 : estimateLines(tallyTitle(tallyProps), width)) + state.options.length : 0) +
    (showJudgeStatus ? 1 : 0) +
    digestLines +
    (tight ? 0 : (showCards || showWriteUp ? 1 : 0) + (state.open || state.options.length ? 1 : 0) + (showJudgeStatus ? 1 : 0) + (showDigest ? 1 : 0) + 1) +
    (ended ? 2 : 0) +
    stopLines +
    Math.max(1, tight ? (cost ? 1 : 0) : costLines) +
    pathLines +
    footerLines +
    1;
  const table = state.panel.length > COMPACT_ABOVE;
  // Seats at a line each (a compact card, or a table line and its summary).
  // The write-up a replay stopped at the judgement shows: at least its box and a few lines.
  const seatsNeed = showCards ? (table ? 2 : Math.ceil(state.panel.length / cardsPerRow(width, state.panel.length))) : showWriteUp ? 6 : 0;
  const tight = rows - reserve(false) < seatsNeed;
  const seatRoom = rows - reserve(tight);
  // A long motion is clipped to three lines (one when tight); a shorter one takes what it needs.
  const motionLines = tight ? 1 : motionEstimate > 3 ? 3 : 0;
  const layout = cardLayout(width, seatRoom, state.panel.length);
  const margin = tight ? 0 : 1;

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
              <JudgePanel judge={state.judge} result={state.result} options={state.options} width={documentWidth} variant="full" open={state.open} panel={state.panel} decision={councilDecision(state.transcript)} named={judgeNamer(state.transcript)} />
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
          mockReplies={state.transcript?.settings?.mockReplies}
          briefing={briefing}
          openKind={state.open ? openKindOf(state.transcript) : null}
        />
        {state.digest && showDigest ? (
          <Box marginTop={margin} flexDirection="column" width={width}>
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
          <Box marginTop={margin}>
            {table || seatRoom < seatsNeed ? (
              <SeatTable panel={state.panel} cards={state.cards} options={state.options} width={width} maxLines={Math.max(1, seatRoom)} open={state.open} />
            ) : (
              <CardGrid panel={state.panel} cards={state.cards} options={state.options} layout={layout} open={state.open} />
            )}
          </Box>
        ) : null}
        {state.open ? (
          <Box marginTop={margin}>
            <OpenStandings result={state.result} panel={state.panel} cards={state.cards} round={state.round} ended={ended} width={width} />
          </Box>
        ) : state.options.length ? (
          <Box marginTop={margin}>
            <TallyBar {...tallyProps} width={width} oneLine={tight} />
          </Box>
        ) : null}
        {showWriteUp ? (
          <Box marginTop={margin}>
            {writeUpLines(state, documentWidth) > seatRoom ? (
              // Too tall for the room left: its text, cut at the foot with "…" (the end prints it whole).
              <TailText text={writeUpText(state)} lines={Math.max(1, seatRoom)} width={width} keep="head" fixed={false} />
            ) : (
              <JudgePanel judge={state.judge} result={state.result} options={state.options} width={documentWidth} variant="full" open={state.open} panel={state.panel} decision={councilDecision(state.transcript)} named={judgeNamer(state.transcript)} />
            )}
          </Box>
        ) : null}
        {showJudgeStatus ? (
          <Box marginTop={margin}>
            <JudgePanel judge={state.judge} result={state.result} options={state.options} width={width} variant="status" open={state.open} />
          </Box>
        ) : null}
        <Box marginTop={margin} flexDirection="column">
          <StatusLine state={state} transcriptPath={transcriptPath} pathLabel={pathLabel} width={width} compact={tight} />
          {footer}
        </Box>
      </Box>
    </>
  );
}
