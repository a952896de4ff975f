// The judge: while the debate runs, one line saying how the judging goes; at the end, the result
// line (`Supermajority — Yes (5/6 votes)`), the summary, the strongest argument per option and
// the turning points.
import { Box, Text } from 'ink';
import type { Result } from '../core/schema.js';
import { JudgeStatusLine, judgeName } from './JudgeStatusLine.js';
import { Paragraph } from './Paragraph.js';
import { ResultLine } from './ResultLine.js';
import type { JudgeView, OptionView } from './state.js';
import { clean, cleanLine, optionColor } from './text.js';

interface Props {
  judge: JudgeView;
  result: Result | null;
  options: readonly OptionView[];
  width: number;
  /** `status`: one line for the live screen; `full`: the whole write-up. */
  variant: 'status' | 'full';
  /** A council's decision (councilDecision): its headline, in place of the blind answers' result. */
  decision?: string | null;
}

export function JudgePanel({ judge, result, options, width, variant, decision }: Props) {
  if (variant === 'status') return <JudgeStatusLine judge={judge} />;
  const judgement = judge.judgement;
  // Inside the border and its padding.
  const inner = Math.max(10, width - 4);
  return (
    <Box flexDirection="column" width={width} borderStyle="round" borderColor="magenta" paddingX={1}>
      <ResultLine result={result} options={options} decision={decision} />
      {judge.status === 'done' && judge.name ? <Text dimColor wrap="truncate-end">{`Judged by ${judgeName(judge)}`}</Text> : null}
      {judge.status === 'failed' ? (
        <Paragraph text={`✗ No judgement from ${judgeName(judge)}: ${cleanLine(judge.error ?? 'unknown error')}`} width={inner} color="red" />
      ) : null}
      {judgement ? (
        <>
          <Box marginTop={1} flexDirection="column">
            <Text bold>Summary</Text>
            {clean(judgement.summary)
              .trim()
              .split(/\n\s*\n/)
              .map((paragraph, i) => (
                <Paragraph key={i} text={paragraph.replace(/\s+/g, ' ')} width={inner} />
              ))}
          </Box>
          {Object.keys(judgement.strongestArguments).length ? (
            <Box marginTop={1} flexDirection="column">
              <Text bold>Strongest arguments</Text>
              {Object.entries(judgement.strongestArguments).map(([option, argument]) => {
                const index = options.findIndex((o) => o.label === option);
                return (
                  <Paragraph
                    key={option}
                    text={cleanLine(argument)}
                    width={inner}
                    lead={{ text: `${cleanLine(option)}: `, color: index >= 0 ? optionColor(index) : undefined }}
                  />
                );
              })}
            </Box>
          ) : null}
          {judgement.turningPoints.length ? (
            <Box marginTop={1} flexDirection="column">
              <Text bold>Turning points</Text>
              {judgement.turningPoints.map((point, i) => (
                <Paragraph key={i} text={cleanLine(point)} width={inner} bullet="• " />
              ))}
            </Box>
          ) : null}
        </>
      ) : null}
    </Box>
  );
}
