// A finished round, compactly, for Ink's <Static>: the round's tally, then each debater's vote
// (or error) and the first lines of its argument. Printed once, so 12 debaters cost nothing later.
import { Box, Text } from 'ink';
import { ballotText, closedResult, compactRanking, namedResponses } from '../core/result.js';
import type { AnyResult, Turn } from '../core/schema.js';
import { ChangedMark } from './ChangedMark.js';
import { answerOfTurn, type OptionView, type PanelView } from './state.js';
import { cleanLine, optionColor } from './text.js';
import { TailText } from './TailText.js';

interface Props {
  number: number;
  totalRounds: number;
  turns: readonly Turn[];
  result: AnyResult | null;
  panel: readonly PanelView[];
  options: readonly OptionView[];
  width: number;
  /** Lines of argument per debater. */
  argumentLines?: number;
  /** An open question: each seat's answer, marked when its mind changed, in place of a vote. */
  open?: boolean;
}

/** Lines of a seat's answer in a finished round, before it is cut. */
const ANSWER_LINES = 3;

/** An open question's finished round: how many answered and changed their minds, then each seat's answer and argument. */
function OpenRound({ number, totalRounds, turns, panel, width, argumentLines = 2 }: Props) {
  const byId = new Map(panel.map((p) => [p.id, p]));
  const textWidth = Math.max(10, width - 4);
  const members = panel.map((p) => ({ id: p.id, name: p.name, model: p.model }));
  // A council's ranking round asks for ballots, not answers.
  const ballots = turns.filter((t) => t.ranking).length;
  const answered = turns.filter((t) => !t.ranking && answerOfTurn(t) !== null).length;
  const changed = turns.filter((t) => !t.ranking && t.changed && answerOfTurn(t) !== null).length;
  const none = turns.length - answered - ballots;
  return (
    <Box flexDirection="column" width={width} marginBottom={1}>
      <Text wrap="truncate-end">
        <Text bold inverse>{` Round ${number}/${Math.max(totalRounds, number)} `}</Text>
        <Text>{ballots ? `  ${ballots} ranked` : `  ${answered} answered`}</Text>
        {changed ? <Text color="yellow" bold>{`  ↻ ${changed} changed mind${changed === 1 ? '' : 's'}`}</Text> : null}
        {none ? <Text color="red">{`  no answer ${none}`}</Text> : null}
      </Text>
      {turns.map((turn) => {
        const member = byId.get(turn.debater);
        const answer = answerOfTurn(turn);
        if (turn.ranking) {
          return (
            <Box key={turn.debater} flexDirection="column" width={width}>
              <Text wrap="truncate-end">
                <Text bold>{cleanLine(member?.name ?? turn.debater)}</Text>
                {member?.provider ? <Text dimColor>{` · ${cleanLine(member.provider)}`}</Text> : null}
                <Text>{`  ranked ${cleanLine(ballotText(members, turn.ranking))}`}</Text>
              </Text>
              <Box paddingLeft={2}>
                <TailText text={cleanLine(namedResponses(members, turn.argument, turn.shown))} lines={argumentLines} keep="head" dimColor fixed={false} width={textWidth} />
              </Box>
            </Box>
          );
        }
        return (
          <Box key={turn.debater} flexDirection="column" width={width}>
            <Text wrap="truncate-end">
              <Text bold>{cleanLine(member?.name ?? turn.debater)}</Text>
              {member?.provider ? <Text dimColor>{` · ${cleanLine(member.provider)}`}</Text> : null}
              {answer === null ? <Text color="red" bold>{'  no answer'}</Text> : null}
              {answer !== null && turn.changed ? <Text color="yellow" bold>{'  (changed mind)'}</Text> : null}
            </Text>
            <Box paddingLeft={2} flexDirection="column">
              {answer === null ? (
                <TailText text={`✗ ${cleanLine(turn.error ?? 'no reply')}`} lines={argumentLines} keep="head" color="red" fixed={false} width={textWidth} />
              ) : (
                <>
                  <TailText text={`Answer: ${cleanLine(answer)}`} lines={ANSWER_LINES} keep="head" color="cyan" fixed={false} width={textWidth} />
                  <TailText text={cleanLine(turn.argument)} lines={argumentLines} keep="head" dimColor fixed={false} width={textWidth} />
                </>
              )}
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}

export function FinishedRound(props: Props) {
  if (props.open) return <OpenRound {...props} />;
  const { number, totalRounds, turns, result, panel, options, width, argumentLines = 2 } = props;
  const byId = new Map(panel.map((p) => [p.id, p]));
  const counts = options.map((o, i) => ({ option: o, i, n: turns.filter((t) => t.vote === o.label).length }));
  const noVote = turns.filter((t) => t.vote === null).length;
  const textWidth = Math.max(10, width - 4);
  // A council's ranking round: each seat's ballot, and the aggregate under the round's title.
  const rankingRound = turns.some((t) => t.ranking);
  const members = panel.map((p) => ({ id: p.id, name: p.name, model: p.model }));
  const ranked = rankingRound ? compactRanking(members, closedResult(result)).join(' · ') : '';
  return (
    <Box flexDirection="column" width={width} marginBottom={1}>
      <Text wrap="truncate-end">
        <Text bold inverse>{` Round ${number}/${Math.max(totalRounds, number)} `}</Text>
        {counts.map(({ option, i, n }) => (
          <Text key={option.label}>
            {'  '}
            <Text color={optionColor(i)} bold>{`${cleanLine(option.label)} ${n}`}</Text>
          </Text>
        ))}
        {noVote ? <Text color="red">{`  no vote ${noVote}`}</Text> : null}
        {result ? <Text dimColor>{`  · ${result.label}`}</Text> : null}
      </Text>
      {ranked ? (
        <Text wrap="truncate-end">
          <Text bold>Ranking (Borda) </Text>
          <Text>{ranked}</Text>
        </Text>
      ) : null}
      {turns.map((turn) => {
        const member = byId.get(turn.debater);
        const index = turn.vote === null ? -1 : options.findIndex((o) => o.label === turn.vote);
        return (
          <Box key={turn.debater} flexDirection="column" width={width}>
            <Text wrap="truncate-end">
              <Text bold>{cleanLine(member?.name ?? turn.debater)}</Text>
              {member?.provider ? <Text dimColor>{` · ${cleanLine(member.provider)}`}</Text> : null}
              {'  '}
              {turn.ranking ? (
                <Text>{`ranked ${cleanLine(ballotText(members, turn.ranking))}`}</Text>
              ) : turn.vote === null ? (
                <Text color="red" bold>no vote</Text>
              ) : (
                <Text color={index >= 0 ? optionColor(index) : undefined} bold>
                  {index >= 0 ? `${options[index]?.letter ?? ''}. ${cleanLine(turn.vote)}` : cleanLine(turn.vote)}
                </Text>
              )}
              {turn.changed && !turn.ranking ? '  ' : ''}
              {turn.ranking ? null : <ChangedMark vote={turn.changed ? turn.vote : null} previousVote={turn.previousVote} changed={turn.changed} />}
            </Text>
            <Box paddingLeft={2}>
              {turn.vote === null ? (
                <TailText text={`✗ ${cleanLine(turn.error ?? 'no reply')}`} lines={argumentLines} keep="head" color="red" fixed={false} width={textWidth} />
              ) : (
                <TailText text={cleanLine(turn.ranking ? namedResponses(members, turn.argument, turn.shown) : turn.argument)} lines={argumentLines} keep="head" dimColor fixed={false} width={textWidth} />
              )}
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}
