// One debater's live card: name and provider, a spinner while it thinks, the argument streaming
// in (its latest lines), then its vote, a changed-vote mark, or its error in red.
import { Box, Text } from 'ink';
import { memo, useMemo } from 'react';
import { Busy } from './Busy.js';
import { ChangedMark } from './ChangedMark.js';
import type { CardState, OptionView, PanelView } from './state.js';
import { previewOpenReply, previewReply } from './stream-preview.js';
import { TailText } from './TailText.js';
import { clean, cleanLine, seconds } from './text.js';
import { clipLines } from './wrap.js';
import { VoteBadge } from './VoteBadge.js';

interface Props {
  member: PanelView;
  card: CardState;
  options: readonly OptionView[];
  width: number;
  textLines: number;
  bordered: boolean;
  /** An open question: the answer is the card's headline, in place of a vote. */
  open?: boolean;
}

/** The most lines an answer takes at the top of a card's text (the rest goes to the argument). */
const ANSWER_LINES = 2;

function StatusMark({ status }: { status: CardState['status'] }) {
  switch (status) {
    case 'thinking':
      return <Busy />;
    case 'done':
      return <Text color="green">✓</Text>;
    case 'failed':
      return <Text color="red">✗</Text>;
    case 'waiting':
      return <Text dimColor>·</Text>;
  }
}

/** The vote (or what stands for it) and how the turn went: badge, changed mark, latency, retries. */
function VoteLine({ card, options, leaning, busy }: { card: CardState; options: readonly OptionView[]; leaning: string | null; busy: string }) {
  const retries = card.retries ? `${card.retries} ${card.retries === 1 ? 'retry' : 'retries'}` : '';
  const facts = [card.latencyMs === null ? '' : seconds(card.latencyMs), retries].filter(Boolean).join(' · ');
  switch (card.status) {
    case 'waiting':
      return <Text dimColor>waiting</Text>;
    case 'thinking':
      return <Text dimColor wrap="truncate-end">{[busy, leaning ? `leaning ${cleanLine(leaning)}` : '', retries].filter(Boolean).join(' · ')}</Text>;
    case 'failed':
      return (
        <Text wrap="truncate-end">
          <Text color="red" bold>no vote</Text>
          <Text dimColor>{facts ? ` · ${facts}` : ''}</Text>
        </Text>
      );
    case 'done': {
      const marked = card.vote !== null && card.previousVote !== null;
      return (
        <Box>
          {card.vote !== null ? <VoteBadge vote={card.vote} options={options} /> : null}
          <Box flexShrink={1} marginLeft={1}>
            <Text wrap="truncate-end">
              <ChangedMark vote={card.vote} previousVote={card.previousVote} changed={card.changed} />
              <Text dimColor>{marked && facts ? ` · ${facts}` : facts}</Text>
            </Text>
          </Box>
        </Box>
      );
    }
  }
}

/**
 * An open question's status line, in the vote's place: how the turn went and, for a seat that moved,
 * "changed mind". With no text lines to show it in (a compact card), the answer itself follows.
 */
function AnswerLine({ card, answer, inline, busy }: { card: CardState; answer: string | null; inline: boolean; busy: string }) {
  const retries = card.retries ? `${card.retries} ${card.retries === 1 ? 'retry' : 'retries'}` : '';
  const facts = [card.latencyMs === null ? '' : seconds(card.latencyMs), retries].filter(Boolean).join(' · ');
  const shown = inline && answer ? cleanLine(answer) : '';
  switch (card.status) {
    case 'waiting':
      return <Text dimColor>waiting</Text>;
    case 'thinking':
      return (
        <Text wrap="truncate-end">
          <Text dimColor>{[busy, retries].filter(Boolean).join(' · ')}</Text>
          {shown ? <Text bold>{` · ${shown}`}</Text> : null}
        </Text>
      );
    case 'failed':
      return (
        <Text wrap="truncate-end">
          <Text color="red" bold>no answer</Text>
          <Text dimColor>{facts ? ` · ${facts}` : ''}</Text>
        </Text>
      );
    case 'done':
      return (
        <Text wrap="truncate-end">
          {card.changed ? <Text color="yellow" bold>↻ changed mind</Text> : null}
          {shown ? <Text bold>{`${card.changed ? ' · ' : ''}${shown}`}</Text> : null}
          <Text dimColor>{facts ? `${card.changed || shown ? ' · ' : ''}${facts}` : ''}</Text>
        </Text>
      );
  }
}

/** An open question's card text: the answer in bold first (its first lines), then the argument. */
function OpenBody({ card, answer, streamed, lines, width }: { card: CardState; answer: string | null; streamed: string; lines: number; width: number }) {
  if (lines <= 0) return null;
  if (card.status === 'failed') {
    return <TailText text={`✗ ${clean(card.error ?? 'no answer')}`} lines={lines} width={width} keep="head" color="red" />;
  }
  const note = card.status === 'thinking' && card.retries > 0 && card.lastRetryReason !== null;
  const noteLine = note ? (
    <Text color="yellow" wrap="truncate-end">{`↻ retry ${card.retries}: ${cleanLine(card.lastRetryReason ?? '')}`}</Text>
  ) : null;
  const room = lines - (noteLine ? 1 : 0);
  const answerText = answer ? cleanLine(answer) : '';
  const answerLines = answerText ? Math.min(ANSWER_LINES, room, clipLines(answerText, width, ANSWER_LINES, 'head').length) : 0;
  const argumentLines = room - answerLines;
  const done = card.status === 'done';
  return (
    <Box flexDirection="column" height={lines} flexShrink={0}>
      {noteLine}
      {answerLines > 0 ? <TailText text={answerText} lines={answerLines} width={width} keep="head" color="cyan" /> : null}
      {argumentLines > 0 ? (
        <TailText text={done ? clean(card.argument ?? '').trim() : streamed} lines={argumentLines} width={width} keep={done ? 'head' : 'tail'} dimColor={done} />
      ) : null}
    </Box>
  );
}

/** What fills the card's text lines: the error, the retry note, the argument (streamed or final). */
function Body({ card, streamed, lines, width }: { card: CardState; streamed: string; lines: number; width: number }) {
  if (lines <= 0) return null;
  if (card.status === 'failed') {
    return <TailText text={`✗ ${clean(card.error ?? 'no valid vote')}`} lines={lines} width={width} keep="head" color="red" />;
  }
  const note = card.status === 'thinking' && card.retries > 0 && card.lastRetryReason !== null;
  const noteLine = note ? (
    <Text color="yellow" wrap="truncate-end">{`↻ retry ${card.retries}: ${cleanLine(card.lastRetryReason ?? '')}`}</Text>
  ) : null;
  const textLines = lines - (noteLine ? 1 : 0);
  if (card.status === 'done') {
    return <TailText text={clean(card.argument ?? '').trim()} lines={textLines} width={width} keep="head" />;
  }
  return (
    <Box flexDirection="column" height={lines} flexShrink={0}>
      {noteLine}
      <TailText text={streamed} lines={textLines} width={width} keep="tail" />
    </Box>
  );
}

// A card whose props did not change does no work when another card streams (memo).
export const DebaterCard = memo(function DebaterCard({ member, card, options, width, textLines, bordered, open = false }: Props) {
  const inner = bordered ? width - 4 : width - 2;
  // A person (--human) writes where a model thinks.
  const busy = member.human ? 'writing' : 'thinking';
  // The leaning hint is read as the reply parser reads a vote: an option's label (any case) or its letter.
  const labels = useMemo(() => options.map((o) => o.label), [options]);
  const preview = useMemo(() => (card.status === 'thinking' && !open ? previewReply(card.text, labels) : null), [card.status, card.text, labels, open]);
  const openPreview = useMemo(() => (card.status === 'thinking' && open ? previewOpenReply(card.text) : null), [card.status, card.text, open]);
  const streamed = useMemo(() => clean((preview ?? openPreview)?.text ?? '').trim(), [preview, openPreview]);
  const leaning = preview?.vote ?? null;
  // An open question's headline: the answer given, or while streaming the answer once said in full.
  const answer = card.status === 'done' ? card.answer : (openPreview?.answer ?? null);
  const statusLine = open ? <AnswerLine card={card} answer={answer} inline={textLines <= 0} busy={busy} /> : <VoteLine card={card} options={options} leaning={leaning} busy={busy} />;
  const body = open ? (
    <OpenBody card={card} answer={answer} streamed={streamed} lines={textLines} width={inner} />
  ) : (
    <Body card={card} streamed={streamed} lines={textLines} width={inner} />
  );
  const title = (
    <Text wrap="truncate-end">
      <Text bold>{cleanLine(member.name)}</Text>
      {member.provider ? <Text dimColor>{` · ${cleanLine(member.provider)}`}</Text> : null}
    </Text>
  );
  if (bordered) {
    const borderColor = card.status === 'failed' ? 'red' : card.status === 'done' ? 'green' : card.status === 'thinking' ? 'cyan' : 'gray';
    return (
      <Box width={width} flexDirection="column" borderStyle="round" borderColor={borderColor} paddingX={1} flexShrink={0}>
        <Box width={inner}>
          <Box flexGrow={1} flexShrink={1}>
            {title}
          </Box>
          <Box flexShrink={0} marginLeft={1}>
            <StatusMark status={card.status} />
          </Box>
        </Box>
        <Box width={inner} overflow="hidden">
          {statusLine}
        </Box>
        {body}
      </Box>
    );
  }
  // Compact: the title line carries the status and the vote; the text is indented below it. One
  // line, whatever the vote line holds (a wrapped "changed No → Yes · 1.5 s" would add blank lines).
  return (
    <Box width={width} flexDirection="column" flexShrink={0}>
      <Box width={width} height={1} overflow="hidden">
        <Box flexShrink={0} marginRight={1}>
          <StatusMark status={card.status} />
        </Box>
        <Box flexGrow={1} flexShrink={3}>
          {title}
        </Box>
        <Box flexShrink={1} marginLeft={1} overflow="hidden">
          {statusLine}
        </Box>
      </Box>
      <Box paddingLeft={2} width={width}>
        {body}
      </Box>
    </Box>
  );
});
