// The person's turn (--human): pick an option (arrow keys and Enter, or the option's letter) or, on
// an open question, write a one-line answer; then write the argument (Enter for a new line, Ctrl-D
// to send, Esc to go back to the vote). Tab opens the previous round's turns one seat at a time, so
// they stay readable while the person writes. Round 1 is blind: nothing of anyone's is shown. The
// time left is shown when --human-timeout is set.
import { Box, Text, useInput } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { HumanReply, HumanTurnRequest } from '../core/human.js';
import { letterOf } from '../core/options.js';
import { sanitizeInline, sanitizeText } from '../util/sanitize.js';
import { isCtrlC } from './keys.js';
import { TailText } from './TailText.js';

export interface ComposerProps {
  request: HumanTurnRequest;
  onSubmit: (reply: HumanReply) => void;
  width: number;
  /** The clock (tests pass their own). */
  now?: () => number;
}

type Step = 'vote' | 'argument';

interface Draft {
  step: Step;
  cursor: number;
  answer: string;
  argument: string;
  hint: string | null;
  /** The previous round's seat open for reading (Tab), if any. */
  reading: number | null;
  /** Sent: keys after the reply (before the composer closes) do nothing. */
  sent: boolean;
  /** A council's review: the ballot entries placed so far, best first (indexes into the ballot). */
  order: number[];
}

/** The lines the composer may take on screen, at the most (the live part above leaves them free). */
export const COMPOSER_LINES = 22;

const ordinal = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

export const wordCount = (text: string): number => (text.trim() ? text.trim().split(/\s+/).length : 0);

/** Printable input: what typing a key adds (no control characters). */
const printable = (input: string) => input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');

export function HumanComposer({ request, onSubmit, width, now = Date.now }: ComposerProps) {
  const open = request.open;
  /** A council's review: rank these instead of voting. */
  const ballot = request.ballot;
  const initial = ballot ? 0 : request.previous !== null ? Math.max(0, request.options.indexOf(request.previous)) : 0;
  // The draft lives in a ref as well as in state: keys typed faster than the screen redraws (or on
  // a loaded machine) each act on the keys before them, never on the last frame drawn.
  const [draft, setDraft] = useState<Draft>(() => ({
    step: 'vote',
    cursor: initial,
    answer: open ? (request.previous ?? '') : '',
    argument: '',
    hint: null,
    reading: null,
    sent: false,
    order: [],
  }));
  const current = useRef(draft);
  const update = (change: Partial<Draft>) => {
    current.current = { ...current.current, ...change };
    setDraft(current.current);
  };
  const [clock, setClock] = useState(now());

  useEffect(() => {
    if (request.deadline === null) return;
    const timer = setInterval(() => setClock(now()), 1000);
    return () => clearInterval(timer);
  }, [request.deadline, now]);

  const choose = (index: number) => update({ cursor: index, hint: null, step: 'argument' });

  const send = (text: string) => {
    if (wordCount(text) === 0) return update({ hint: 'Write your argument before sending it: a sentence at least (Ctrl-D sends, Esc goes back to your vote).' });
    update({ sent: true });
    if (ballot) return onSubmit({ ranking: current.current.order.map((i) => ballot[i]!.name), argument: text.trim() });
    return onSubmit(open ? { answer: current.current.answer.trim(), argument: text.trim() } : { vote: request.options[current.current.cursor]!, argument: text.trim() });
  };
  /** A chunk of keys (typed fast, or pasted) into the argument: its line breaks kept, a Ctrl-D in it sends. */
  const typeArgument = (input: string) => {
    const [before = '', ...after] = input.replace(/\r\n?/g, '\n').split('\u0004');
    const text = before.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '');
    const argument = current.current.argument + text;
    if (text) update({ argument });
    if (after.length) send(argument);
  };

  useInput((input, key) => {
    if (isCtrlC(input, key)) return; // the live view's own: it interrupts the run
    const d = current.current;
    if (d.sent) return;
    if (key.tab) {
      if (ballot) return update({ reading: d.reading === null ? 0 : d.reading + 1 >= ballot.length ? null : d.reading + 1 });
      if (!request.shown.length) return update({ hint: request.round === 1 ? 'Round 1 is blind: nobody\'s reply is shown until the round is over.' : 'There is nothing from the last round to read.' });
      return update({ reading: d.reading === null ? 0 : d.reading + 1 >= request.shown.length ? null : d.reading + 1 });
    }
    if (d.step === 'vote' && ballot) {
      // A council's review: place the answers best first (a letter, or ↑/↓ and Enter); Backspace
      // takes the last one back; once every answer is placed, the reason follows.
      const n = ballot.length;
      const place = (index: number) => {
        if (d.order.includes(index)) return update({ hint: `${ballot[index]!.name} is already placed ${ordinal(d.order.indexOf(index) + 1)}; Backspace takes the last one back.` });
        const order = [...d.order, index];
        const next = Array.from({ length: n }, (_, i) => i).find((i) => !order.includes(i)) ?? 0;
        update({ order, cursor: next, hint: null, ...(order.length === n ? { step: 'argument' as const } : {}) });
      };
      if (key.upArrow && n) return update({ cursor: (d.cursor + n - 1) % n });
      if (key.downArrow && n) return update({ cursor: (d.cursor + 1) % n });
      if (key.backspace || key.delete) return update({ order: d.order.slice(0, -1), hint: null });
      if (key.return) return d.order.length === n ? update({ step: 'argument', hint: null }) : place(d.cursor);
      if (key.ctrl || key.meta) return;
      const letter = printable(input).trim()[0]?.toUpperCase();
      if (!letter) return;
      const index = ballot.findIndex((_, i) => letterOf(i) === letter);
      if (index < 0) return update({ hint: n ? `There is no Response ${letter}: pick ${letterOf(0)} to ${letterOf(n - 1)}.` : 'There is no answer to rank: press Enter.' });
      return place(index);
    }
    if (d.step === 'vote') {
      if (open) {
        if (key.return) {
          if (!d.answer.trim()) return update({ hint: 'Write your answer in one sentence first, then press Enter.' });
          return choose(0);
        }
        if (key.backspace || key.delete) return update({ answer: d.answer.slice(0, -1) });
        const text = printable(input);
        if (text && !key.ctrl && !key.meta) update({ answer: d.answer + text });
        return;
      }
      const n = request.options.length;
      if (key.upArrow) return update({ cursor: (d.cursor + n - 1) % n });
      if (key.downArrow) return update({ cursor: (d.cursor + 1) % n });
      if (key.return) return choose(d.cursor);
      if (key.ctrl || key.meta) return;
      // Keys typed quickly (or pasted) arrive as one chunk: the first is the vote's letter, the
      // rest is the start of the argument.
      const text = input.trimStart();
      const letter = printable(text)[0]?.toUpperCase();
      if (!letter || printable(text[0] ?? '') === '') return;
      const index = request.options.findIndex((_, i) => letterOf(i) === letter);
      if (index < 0 || !/[A-Z]/.test(letter)) return update({ hint: `There is no option ${letter}: pick ${letterOf(0)} to ${letterOf(n - 1)}.` });
      choose(index);
      // The rest of the chunk is the argument as typed (its line breaks and a Ctrl-D included).
      const rest = text.slice(1).replace(/^[ \t]+/, '');
      if (rest) typeArgument(rest);
      return;
    }
    // The argument.
    if (key.escape) return update({ hint: null, step: 'vote' });
    if (key.ctrl && input === 'd') return send(d.argument);
    if (key.return) return update({ argument: `${d.argument}\n` });
    if (key.backspace || key.delete) return update({ argument: d.argument.slice(0, -1) });
    if (key.ctrl || key.meta) return;
    typeArgument(input);
  });

  const { step, cursor, answer, argument, hint, reading, order } = draft;
  const inner = Math.max(10, width - 4);
  const left = request.deadline !== null ? Math.max(0, Math.ceil((request.deadline - clock) / 1000)) : null;
  const shown = reading !== null ? (ballot ?? request.shown)[reading] : undefined;
  const position = ballot
    ? order.map((i) => letterOf(i)).join(' > ') || '(none to rank)'
    : open ? sanitizeInline(answer) : `${letterOf(cursor)}. ${sanitizeInline(request.options[cursor] ?? '')}`;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="green" paddingX={1} width={width}>
      <Text bold color="green">
        Your turn, {sanitizeInline(request.seat)} · round {request.round} of {request.rounds}
        {left !== null ? <Text color={left <= 10 ? 'red' : 'yellow'}>{`  ·  ${left} s left`}</Text> : null}
      </Text>
      {request.reask ? <Text color="red">{`Not sent: ${sanitizeInline(request.reask)}`}</Text> : null}
      {shown ? (
        <Box flexDirection="column" marginTop={1}>
          <Text dimColor>{`Round ${request.round - 1} · ${sanitizeInline(shown.name)} · ${shown.position === null ? 'no answer' : sanitizeInline(shown.position)}  (Tab: next seat)`}</Text>
          <TailText text={sanitizeText(shown.argument)} lines={6} width={inner} keep="head" fixed={false} />
        </Box>
      ) : null}
      {step === 'vote' && ballot ? (
        <Box flexDirection="column" marginTop={1}>
          <Text>Rank the other members' answers, best first:</Text>
          {ballot.map((entry, i) => {
            const placed = order.indexOf(i);
            return (
              <Text key={i} color={i === cursor ? 'cyan' : undefined} bold={i === cursor} wrap="truncate-end">
                {`${i === cursor ? '›' : ' '} ${placed >= 0 ? ordinal(placed + 1).padEnd(4) : '    '} ${letterOf(i)}. ${sanitizeInline(entry.name)}${entry.position !== null ? ` (voted ${sanitizeInline(entry.position)})` : ''}: ${sanitizeInline(entry.argument).slice(0, inner)}`}
              </Text>
            );
          })}
        </Box>
      ) : step === 'vote' ? (
        open ? (
          <Box flexDirection="column" marginTop={1}>
            <Text>{request.previous !== null ? 'Your answer (keep it or change it), one sentence:' : 'Your answer, in one sentence:'}</Text>
            <Text color="cyan">{`> ${sanitizeInline(answer)}▌`}</Text>
          </Box>
        ) : (
          <Box flexDirection="column" marginTop={1}>
            <Text>{request.previous !== null ? `Your vote (last round: ${sanitizeInline(request.previous)}):` : 'Your vote:'}</Text>
            {request.options.map((option, i) => (
              <Text key={i} color={i === cursor ? 'cyan' : undefined} bold={i === cursor}>
                {`${i === cursor ? '›' : ' '} ${letterOf(i)}. ${sanitizeInline(option)}`}
              </Text>
            ))}
          </Box>
        )
      ) : (
        <Box flexDirection="column" marginTop={1}>
          <Text>{`${ballot ? 'Ranking' : open ? 'Answer' : 'Vote'}: ${position}`}</Text>
          <Text>{ballot ? 'Your reason:' : 'Your argument:'}</Text>
          <TailText text={`${sanitizeText(argument)}▌`} lines={6} width={inner} keep="tail" fixed={false} />
          <Text dimColor>{`${wordCount(argument)} word${wordCount(argument) === 1 ? '' : 's'}`}</Text>
        </Box>
      )}
      {hint ? <Text color="yellow">{hint}</Text> : null}
      <Text dimColor>
        {step === 'vote' && ballot
          ? 'A letter, or ↑/↓ and Enter: the next place · Backspace: take the last back · Tab: read an answer · Ctrl-C: stop the run'
          : step === 'vote'
          ? open
            ? 'Enter: on to your argument · Tab: read the last round · Ctrl-C: stop the run'
            : '↑/↓ and Enter, or a letter: your vote · Tab: read the last round · Ctrl-C: stop the run'
          : 'Enter: new line · Ctrl-D: send · Esc: back to your vote · Tab: read the last round'}
      </Text>
    </Box>
  );
}
