// The judge: while the debate runs, one line saying how the judging goes; at the end, the result
// line (`Supermajority — Yes (5/6 votes)`), the summary, the strongest argument per option and
// the turning points.
import { Box, Text } from 'ink';
import { agreementNote } from '../core/agreement.js';
import { closedJudgement, formatOpenResult, openJudgement, openResult } from '../core/result.js';
import type { AnyResult } from '../core/schema.js';
import { JudgeStatusLine, judgeName } from './JudgeStatusLine.js';
import { Paragraph } from './Paragraph.js';
import { ResultLine } from './ResultLine.js';
import type { JudgeView, OptionView, PanelView } from './state.js';
import { clean, cleanLine, optionColor } from './text.js';

interface Props {
  judge: JudgeView;
  result: AnyResult | null;
  options: readonly OptionView[];
  width: number;
  /** `status`: one line for the live screen; `full`: the whole write-up. */
  variant: 'status' | 'full';
  /** An open question: the synthesis and the positions, in place of the result line and strongest arguments. */
  open?: boolean;
  panel?: readonly PanelView[];
  /** A council's decision (councilDecision): its headline, in place of the blind answers' result. */
  decision?: string | null;
  /** Under --anonymize: the judge's text with the panelists' letters named (namedPanelists), as Markdown and replay name them. */
  named?: (text: string) => string;
}

const asIs = (text: string) => text;

/** The summary's paragraphs. */
function Summary({ text, width }: { text: string; width: number }) {
  return (
    <Box marginTop={1} flexDirection="column">
      <Text bold>Summary</Text>
      {clean(text)
        .trim()
        .split(/\n\s*\n/)
        .map((paragraph, i) => (
          <Paragraph key={i} text={paragraph.replace(/\s+/g, ' ')} width={width} />
        ))}
    </Box>
  );
}

function TurningPoints({ points, width }: { points: readonly string[]; width: number }) {
  if (!points.length) return null;
  return (
    <Box marginTop={1} flexDirection="column">
      <Text bold>Turning points</Text>
      {points.map((point, i) => (
        <Paragraph key={i} text={cleanLine(point)} width={width} bullet="• " />
      ))}
    </Box>
  );
}

/**
 * An open question's closing write-up: the synthesis (`Answer: …`), how many agreed, the
 * counterpoint, every position with the seats that hold it, then the summary and turning points.
 */
function OpenWriteUp({ judge, result, width, panel, named }: { judge: JudgeView; result: AnyResult | null; width: number; panel: readonly PanelView[]; named: (text: string) => string }) {
  const inner = Math.max(10, width - 4);
  const r = openResult(result);
  const synthesis = openJudgement(judge.judgement);
  const answer = r?.answer ?? synthesis?.answer ?? null;
  const counterpoint = r?.counterpoint ?? synthesis?.counterpoint ?? null;
  const names = new Map(panel.map((p) => [p.id, cleanLine(p.name)]));
  return (
    <Box flexDirection="column" width={width} borderStyle="round" borderColor="magenta" paddingX={1}>
      {answer !== null ? (
        <>
          <Paragraph text={cleanLine(named(answer))} width={inner} bold lead={{ text: 'Answer: ', color: 'cyan' }} />
          {r ? <Text color="cyan" wrap="truncate-end">{`(${agreementNote(r)})`}</Text> : null}
        </>
      ) : (
        <Paragraph text={formatOpenResult(r)} width={inner} bold color="yellow" />
      )}
      {counterpoint ? <Paragraph text={cleanLine(named(counterpoint))} width={inner} lead={{ text: 'Counterpoint: ', color: 'yellow' }} /> : null}
      {judge.status === 'done' && judge.name ? <Text dimColor wrap="truncate-end">{`Synthesis by ${judgeName(judge)}`}</Text> : null}
      {judge.status === 'failed' ? (
        <Paragraph text={`✗ No synthesis from ${judgeName(judge)}: ${cleanLine(judge.error ?? 'unknown error')}`} width={inner} color="red" />
      ) : null}
      {r?.groups.length ? (
        <Box marginTop={1} flexDirection="column">
          <Text bold>Positions</Text>
          {r.groups.map((g, i) => (
            <Paragraph
              key={i}
              text={`${cleanLine(g.answer)} — ${g.members.map((id) => names.get(id) ?? cleanLine(id)).join(', ')}`}
              width={inner}
              bullet={`${g.members.length} `.padStart(String(r.panelSize).length + 1)}
            />
          ))}
        </Box>
      ) : null}
      {synthesis ? (
        <>
          <Summary text={named(synthesis.summary)} width={inner} />
          <TurningPoints points={synthesis.turningPoints.map(named)} width={inner} />
        </>
      ) : null}
    </Box>
  );
}

export function JudgePanel({ judge, result, options, width, variant, panel = [], open = false, decision, named = asIs }: Props) {
  if (variant === 'status') return <JudgeStatusLine judge={judge} open={open} />;
  if (open) return <OpenWriteUp judge={judge} result={result} width={width} panel={panel} named={named} />;
  const judgement = closedJudgement(judge.judgement);
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
            {clean(named(judgement.summary))
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
                    text={cleanLine(named(argument))}
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
                <Paragraph key={i} text={cleanLine(named(point))} width={inner} bullet="• " />
              ))}
            </Box>
          ) : null}
        </>
      ) : null}
    </Box>
  );
}
