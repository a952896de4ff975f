// The top of the screen: the motion, the lettered options and where the debate stands.
import { Box, Text } from 'ink';
import type { OptionView, ViewStatus } from './state.js';
import { cleanLine, optionColor } from './text.js';
import { clipLines } from './wrap.js';
import { mockRepliesLabel } from '../transcript/text-format.js';

interface Props {
  motion: string;
  options: readonly OptionView[];
  round: number;
  totalRounds: number;
  status: ViewStatus;
  width: number;
  /** Clip the motion to this many lines; 0 lets it take what it needs. */
  motionLines: number;
  /** A mock run: a badge says so for as long as the header is on screen. */
  mock?: boolean;
  /** What a mock run's replies are (its settings.mockReplies). */
  mockReplies?: 'generated' | 'scripted' | undefined;
  /** The background reading every debater was given, by file name (none: no line). */
  briefing?: string[];
  /** An open question ("Open Debate", "Open Poll"): said where the options would be. */
  openKind?: string | null;
}

/** The badge of a mock run: what its replies are (generated, or scripted), and that nothing left the machine. */
export const mockBadge = (kind?: 'generated' | 'scripted') => `MOCK · ${mockRepliesLabel(kind)} · no network`;

export function phaseLabel(status: ViewStatus, round: number, totalRounds: number): string {
  const counter = `Round ${Math.max(round, 0)}/${totalRounds}`;
  const starting = totalRounds ? `Starting · ${totalRounds} round${totalRounds === 1 ? '' : 's'}` : 'Starting';
  // Before round 1 there is no round to count ("Round 0/2" would flash by).
  if (round < 1 && (status === 'starting' || status === 'running')) return starting;
  switch (status) {
    case 'starting':
      return starting;
    case 'running':
      return round === 1 && totalRounds > 1 ? `${counter} · blind` : counter;
    case 'judging':
      return `${counter} · judging`;
    case 'complete':
      return `${counter} · done`;
    case 'failed':
      return `${counter} · failed`;
    case 'interrupted':
      return `${counter} · interrupted`;
  }
}

export function Header({ motion, options, round, totalRounds, status, width, motionLines, mock, mockReplies, briefing = [], openKind = null }: Props) {
  const phase = phaseLabel(status, round, totalRounds);
  return (
    <Box flexDirection="column" width={width}>
      {mock ? (
        <Text color="black" backgroundColor="yellow" bold wrap="truncate-end">
          {` ${mockBadge(mockReplies)} `}
        </Text>
      ) : null}
      {motionLines > 0 ? (
        // Clipped at a word, with "…" to say that the motion goes on.
        <Box flexDirection="column">
          {clipLines(cleanLine(motion), width, motionLines, 'head').map((line, i) => (
            <Text key={i} bold wrap="truncate-end">
              {line}
            </Text>
          ))}
        </Box>
      ) : (
        <Text bold wrap="wrap">
          {cleanLine(motion) || 'Waiting for the debate to start…'}
        </Text>
      )}
      {briefing.length ? (
        <Text dimColor wrap="truncate-end">
          {`Briefing: ${briefing.map(cleanLine).join(', ')}`}
        </Text>
      ) : null}
      <Box width={width}>
        <Box flexGrow={1} flexShrink={1} flexWrap="wrap" overflow="hidden">
          {openKind ? (
            <Text dimColor wrap="truncate-end">
              {`${openKind} · each seat answers in a sentence`}
            </Text>
          ) : null}
          {options.map((option, i) => (
            <Box key={option.label} marginRight={2} flexShrink={0}>
              <Text color={optionColor(i)} bold>{`${option.letter}.`}</Text>
              <Text>{` ${cleanLine(option.label)}`}</Text>
            </Box>
          ))}
        </Box>
        <Box flexShrink={0} marginLeft={1}>
          <Text color={status === 'failed' ? 'red' : status === 'interrupted' ? 'yellow' : 'cyan'} bold>
            {phase}
          </Text>
        </Box>
      </Box>
    </Box>
  );
}
