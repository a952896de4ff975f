// The last lines of the screen: how the run stands, and where its transcript is.
import { Box, Text } from 'ink';
import { costLine } from '../cost/format.js';
import { councilDecision } from '../core/result.js';
import type { ViewState } from './state.js';
import { cleanLine } from './text.js';
import { Paragraph } from './Paragraph.js';
import { ResultLine } from './ResultLine.js';

interface Props {
  state: ViewState;
  transcriptPath: string;
  /** What the path is: where a live run saves its transcript, or the file being replayed. */
  pathLabel: string;
  width: number;
  /** A terminal too short for more: the cost on one line, cut at the end. */
  compact?: boolean;
}

/** A line cut to the width, with "…" where it was cut. */
const clipped = (text: string, width: number) => (Array.from(text).length > width ? `${Array.from(text).slice(0, Math.max(1, width - 1)).join('')}…` : text);

/** The run's cost so far (a running total while it runs), and why it stopped early if it did. */
function CostLines({ state, width, oneLine }: { state: ViewState; width: number; oneLine?: boolean }) {
  const t = state.transcript;
  const line = t ? costLine(t) : null;
  const running = state.status === 'running' || state.status === 'judging';
  const shown = (text: string) => cleanLine(running ? text.replace(/^Cost · /, 'Cost so far · ') : text);
  return (
    <>
      {/* A run the budget let do nothing failed for that reason: "Failed · …" says it once. */}
      {t?.stopReason && t.error !== t.stopReason ? <Paragraph text={`Stopped early · ${cleanLine(t.stopReason)}`} width={width} color="yellow" /> : null}
      {line ? <Text dimColor wrap="wrap">{oneLine ? clipped(shown(line), width) : shown(line)}</Text> : null}
    </>
  );
}

export const pathText = (label: string, path: string): string => `${label}: ${cleanLine(path)}`;

export function StatusLine({ state, transcriptPath, pathLabel, width, compact }: Props) {
  // Whole, wrapped if need be, never cut: the path is there to be copied.
  const path = (
    <>
      <CostLines state={state} width={width} oneLine={compact} />
      <Paragraph text={pathText(pathLabel, transcriptPath)} width={width} dimColor />
    </>
  );
  switch (state.status) {
    case 'complete':
      return (
        <Box flexDirection="column" width={width}>
          <ResultLine result={state.result} options={state.options} prefix="Done · " open={state.open} decision={councilDecision(state.transcript)} />
          {path}
        </Box>
      );
    case 'failed':
      return (
        <Box flexDirection="column" width={width}>
          <Paragraph text={`Failed · ${cleanLine(state.error ?? 'the debate failed')}`} width={width} color="red" bold />
          {path}
        </Box>
      );
    case 'interrupted':
      return (
        <Box flexDirection="column" width={width}>
          <Text color="yellow" bold wrap="wrap">Interrupted · finished turns are kept in the transcript.</Text>
          {path}
        </Box>
      );
    default:
      return <Box flexDirection="column" width={width}>{path}</Box>;
  }
}
