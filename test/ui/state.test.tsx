// The view reducer, and the text helpers the cards lean on: stream preview, wrapping, layout.
import { describe, expect, it } from 'vitest';
import { cardLayout } from '../../src/ui/layout.js';
import { initialState, providerOf, reduce, reduceAll } from '../../src/ui/state.js';
import { previewReply } from '../../src/ui/stream-preview.js';
import { parseVoteReply } from '../../src/agents/reply.js';
import { clean } from '../../src/ui/text.js';
import { clipLines, displayWidth, wrapLines } from '../../src/ui/wrap.js';
import { baseTranscript, Script, SEED_PANEL } from './script.js';

describe('reduce', () => {
  it('takes motion, lettered options, panel with providers and the round count from debate_started', () => {
    const panel = [...SEED_PANEL.slice(0, 2), { id: 'human', name: 'Human', model: null }];
    const s = new Script(baseTranscript({ panel, options: ['Yes', 'No', 'Abstain'], rounds: 3 }));
    const state = reduce(initialState(), s.started());
    expect(state.status).toBe('running');
    expect(state.options).toEqual([
      { letter: 'A', label: 'Yes' },
      { letter: 'B', label: 'No' },
      { letter: 'C', label: 'Abstain' },
    ]);
    expect(state.panel.map((p) => p.provider)).toEqual(['xai', 'openai', null]);
    expect(state.totalRounds).toBe(3);
    expect(state.tally).toEqual({ Yes: 0, No: 0, Abstain: 0 });
  });

  it('reads the provider from the model id prefix', () => {
    expect(providerOf('openai:gpt-5.4')).toBe('openai');
    expect(providerOf('ollama:llama3:70b')).toBe('ollama');
    expect(providerOf(null)).toBeNull();
    expect(providerOf('no-colon')).toBeNull();
  });

  it('streams into a card, empties it on a retry, and counts the retry', () => {
    const s = new Script(baseTranscript());
    let state = reduceAll([s.started(), s.roundStarted(1), s.turnStarted(1, 'gpt-5-4'), s.token(1, 'gpt-5-4', 'draft ')]);
    state = reduce(state, s.token(1, 'gpt-5-4', 'one'));
    expect(state.cards['gpt-5-4']).toMatchObject({ status: 'thinking', text: 'draft one' });
    state = reduce(state, s.retry(1, 'gpt-5-4', 'HTTP 500'));
    expect(state.cards['gpt-5-4']).toMatchObject({ status: 'thinking', text: '', retries: 1, lastRetryReason: 'HTTP 500' });
    state = reduce(state, s.token(1, 'gpt-5-4', 'second'));
    state = reduce(state, s.turn(1, 'gpt-5-4', { vote: 'No', latencyMs: 900 }));
    expect(state.cards['gpt-5-4']).toMatchObject({ status: 'done', vote: 'No', latencyMs: 900, retries: 1 });
    // A judge retry goes to the judge, not to a card.
    state = reduce(state, s.retry(1, null, 'overloaded'));
    expect(state.judge).toMatchObject({ retries: 1, lastRetryReason: 'overloaded' });
  });

  it('counts the tally from each debater’s latest vote, and keeps previous votes for changed marks', () => {
    const s = new Script(baseTranscript({ panel: SEED_PANEL.slice(0, 3) }));
    let state = reduceAll([s.started(), ...s.round(1, { 'grok-4-1-fast': 'Yes', 'gpt-5-4': 'No', 'gemini-3-1-pro': 'No' })]);
    expect(state.tally).toEqual({ Yes: 1, No: 2 });
    expect(state.finishedRounds).toHaveLength(1);
    state = reduceAll([s.roundStarted(2), s.turn(2, 'gpt-5-4', { vote: 'Yes' })], state);
    expect(state.tally).toEqual({ Yes: 2, No: 1 });
    expect(state.cards['gpt-5-4']).toMatchObject({ vote: 'Yes', previousVote: 'No', changed: true });
    expect(state.cards['grok-4-1-fast']!.status).toBe('waiting');
    // A failed turn takes its debater's vote out of the count.
    state = reduce(state, s.turn(2, 'gemini-3-1-pro', { vote: null, error: 'timeout' }));
    expect(state.tally).toEqual({ Yes: 2, No: 0 });
    expect(state.cards['gemini-3-1-pro']).toMatchObject({ status: 'failed', error: 'timeout' });
  });

  it('shows the recorded turns of a resumed round as done', () => {
    const s = new Script(baseTranscript({ panel: SEED_PANEL.slice(0, 2) }));
    s.roundStarted(1);
    s.turn(1, 'grok-4-1-fast', { vote: 'Yes' });
    const resumed = s.started();
    const state = reduceAll([resumed, { type: 'round_started', round: 1, debaters: ['gpt-5-4'] }]);
    expect(state.cards['grok-4-1-fast']).toMatchObject({ status: 'done', vote: 'Yes' });
    expect(state.cards['gpt-5-4']!.status).toBe('waiting');
  });

  it('follows the judge, and ends with the transcript’s result', () => {
    const s = new Script(baseTranscript({ panel: SEED_PANEL.slice(0, 2) }));
    let state = reduceAll([s.started(), ...s.round(1, { 'grok-4-1-fast': 'Yes', 'gpt-5-4': 'Yes' }), ...s.round(2, { 'grok-4-1-fast': 'Yes', 'gpt-5-4': 'Yes' })]);
    state = reduce(state, s.judging());
    expect(state).toMatchObject({ status: 'judging', judge: { status: 'judging', name: 'Claude Opus 4.6' } });
    state = reduce(state, s.judged(null, 'the judge timed out'));
    expect(state.judge).toMatchObject({ status: 'failed', error: 'the judge timed out' });
    state = reduce(state, s.finished());
    expect(state.status).toBe('complete');
    expect(state.result).toMatchObject({ label: 'Unanimous', winner: 'Yes' });
  });
});

describe('previewReply', () => {
  it('shows the argument of a JSON reply as it streams, escapes decoded', () => {
    expect(previewReply('{"vote": "Ye')).toEqual({ vote: null, text: '' });
    expect(previewReply('{"vote": "Yes", "argument": "Line one\\nline \\"two')).toEqual({ vote: 'Yes', text: 'Line one\nline "two' });
    // A cut-off escape waits for the rest.
    expect(previewReply('{"vote":"No","argument":"caf\\u00')).toEqual({ vote: 'No', text: 'caf' });
    expect(previewReply('```json\n{"argument": "first", "vote": "No"}\n```').text).toBe('first');
  });

  it('shows the argument of a JSON reply inside prose, not the braces and escapes', () => {
    expect(previewReply('Having weighed the motion, here is my reply.\n\n{"vote":"No","argument":"On \\"Q?\\", I vote')).toEqual({ vote: 'No', text: 'On "Q?", I vote' });
    expect(previewReply('Having weighed the motion, here is my reply.')).toEqual({ vote: null, text: 'Having weighed the motion, here is my reply.' });
  });

  it('drops a Vote: line, and passes prose through', () => {
    expect(previewReply('Vote: B\nBecause of the cost.')).toEqual({ vote: 'B', text: 'Because of the cost.' });
    expect(previewReply('I think the answer is yes')).toEqual({ vote: null, text: 'I think the answer is yes' });
  });

  it.each([
    ['Vote: B\nBecause.', 'No'],
    ['**Vote:** yes\nBecause.', 'Yes'],
    ['vote：(A)\nBecause.', 'Yes'],
    ['Vote: Maybe\nBecause.', null],
    ['{"vote": "b", "argument": "x', 'No'],
    ['{"vote": "Perhaps", "argument": "x', null],
  ])('with the options, reads the leaning %j as the reply parser reads a vote', (text, vote) => {
    expect(previewReply(text, ['Yes', 'No']).vote).toBe(vote);
    const parsed = parseVoteReply(text.endsWith('x') ? `${text}"}` : text, null, ['Yes', 'No']);
    expect(parsed.ok ? parsed.vote : null).toBe(vote);
  });
});

describe('text for the screen', () => {
  it('strips escape sequences and control characters, keeps newlines, turns tabs to spaces', () => {
    expect(clean('a\u001b[2J\u001b[31mred\u001b[0m\u001b]0;title\u0007\tb\r\nc\u0000')).toBe('ared    b\nc');
  });

  it('wraps at words within the width, splitting words that are too long', () => {
    const text = 'the quick brown fox jumps over the lazy dog supercalifragilisticexpialidocious';
    const wrapped = wrapLines(text, 12);
    for (const line of wrapped) expect(displayWidth(line)).toBeLessThanOrEqual(12);
    expect(wrapped.join(' ').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    expect(wrapped[0]).toBe('the quick');
  });

  it('counts wide characters as two columns', () => {
    expect(displayWidth('漢字')).toBe(4);
    expect(displayWidth('ok👍')).toBe(4);
    for (const line of wrapLines('漢字漢字漢字漢字 漢字', 5)) expect(displayWidth(line)).toBeLessThanOrEqual(5);
  });

  it('keeps the latest lines of a long text, or the first with an ellipsis', () => {
    const text = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    const tail = clipLines(text, 10, 2, 'tail');
    expect(tail).toHaveLength(2);
    expect(tail.at(-1)).toMatch(/w29$/);
    const head = clipLines(text, 10, 2, 'head');
    expect(head[0]).toMatch(/^w0 /);
    expect(head[1]).toMatch(/…$/);
    expect(clipLines('short', 10, 3, 'head')).toEqual(['short']);
  });
});

describe('cardLayout', () => {
  it('puts one card a row below 100 columns, two below 150, three from there', () => {
    expect(cardLayout(60, 30, 6).perRow).toBe(1);
    expect(cardLayout(120, 30, 6).perRow).toBe(2);
    expect(cardLayout(160, 30, 6).perRow).toBe(3);
    expect(cardLayout(160, 30, 2).perRow).toBe(2);
  });

  it('shrinks cards to fit the rows there are: compact, then title only', () => {
    const roomy = cardLayout(160, 30, 6);
    expect(roomy).toMatchObject({ bordered: true });
    const tight = cardLayout(60, 26, 12);
    expect(tight.bordered).toBe(false);
    expect(12 * (1 + tight.textLines)).toBeLessThanOrEqual(26);
    expect(cardLayout(60, 12, 12).textLines).toBe(0);
  });
});
