// Reads what a mock stand-in is asked, from the request body alone (the text a real model would
// get): the motion, the lettered options, the round, and the quoted turns of the previous round
// (a debater) or of the whole debate (the judge). Nothing reaches the stand-in by a side channel.
import { promptQuotes } from '../prompting/prompts.js';

export interface QuotedTurn {
  name: string;
  /** The option voted for, or null for "no valid vote". */
  vote: string | null;
  argument: string;
  /** The option this panelist voted for the round before (judge prompt, "changed from"). */
  changedFrom: string | null;
  /** Marked "(you)" in a debater's prompt. */
  self: boolean;
}

export interface DebaterPrompt {
  motion: string;
  options: string[];
  round: number;
  rounds: number;
  /** "In round N you voted X": the asker's previous vote, when it was one of the options. */
  previousVote: string | null;
  /** The previous round's turns, in the order quoted (empty in round 1). */
  previous: QuotedTurn[];
  /** "You are assigned to argue for X in this round": the option the seat must vote (round 1), when one. */
  stance?: string;
}

export interface JudgePrompt {
  motion: string;
  options: string[];
  /** The result line as the prompt states it. */
  result: string;
  rounds: { number: number; turns: QuotedTurn[] }[];
  /** A council chair's prompt: the aggregate ranking of the answers, best first. */
  ranking?: { name: string; points: number; firsts: number }[];
}

/** The ranking lines of a council chair's prompt ("1. Claude — 6 points, 3 first places"). */
function readRanking(prompt: string): JudgePrompt['ranking'] {
  const at = prompt.indexOf('The aggregate ranking of the answers by the members');
  if (at < 0) return undefined;
  return [...prompt.slice(at).matchAll(/^\d+\. (.+) — (\d+) points?, (\d+) first places?$/gm)].map((m) => ({ name: m[1]!, points: Number(m[2]), firsts: Number(m[3]) }));
}

type Message = { role?: unknown; content?: unknown };

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) => (part && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string' ? (part as { text: string }).text : ''))
      .join('');
  }
  return '';
}

/** The user messages of a chat or messages request body, in order. */
export function userMessages(body: Record<string, unknown>): string[] {
  const messages = Array.isArray(body.messages) ? (body.messages as Message[]) : [];
  return messages.filter((m) => m && m.role === 'user').map((m) => textOf(m.content));
}

function field(text: string, label: string): string | null {
  const m = new RegExp(`^${label}: ([\\s\\S]*?)\\n\\s*\\n`, 'm').exec(`${text}\n\n`);
  return m ? m[1]!.trim() : null;
}

function readOptions(text: string): string[] {
  const m = /^Options:\n((?:[A-Z]\. .*\n?)+)/m.exec(text);
  if (!m) return [];
  return m[1]!
    .split('\n')
    .map((line) => /^[A-Z]\. (.*)$/.exec(line)?.[1]?.trim() ?? '')
    .filter(Boolean);
}

/**
 * Every quoted block (its label and its text) in order, a turn without a valid vote given the
 * label it would have had: "NAME, voted no valid vote" (a debater's prompt) or "NAME, round N:
 * no valid vote" (the judge's).
 */
function materials(text: string, judge = false): { label: string; body: string }[] {
  return promptQuotes(text).map((q) =>
    q.kind === 'material' ? q : { label: judge ? `${q.name}, round ${q.round}: no valid vote` : `${q.name}, voted no valid vote`, body: '' },
  );
}

/** "…, voted X" where X is an option (longest match first, so "No" never shadows "Not yet"). */
function votedSuffix(label: string, options: string[]): { head: string; vote: string | null } | null {
  const byLength = [...options].sort((a, b) => b.length - a.length);
  for (const option of byLength) {
    if (label.endsWith(`, voted ${option}`)) return { head: label.slice(0, -`, voted ${option}`.length), vote: option };
  }
  if (label.endsWith(', voted no valid vote')) return { head: label.slice(0, -', voted no valid vote'.length), vote: null };
  return null;
}

export function readDebaterPrompt(prompt: string): DebaterPrompt | null {
  const motion = field(prompt, 'Motion');
  const options = readOptions(prompt);
  const roundLine = /This is round (\d+) of (\d+)/.exec(prompt);
  if (!motion || options.length < 2 || !roundLine) return null;
  const round = Number(roundLine[1]);
  const previousLine = /In round \d+ you voted (.*?)\. Here is/.exec(prompt);
  const previousVote = previousLine && options.includes(previousLine[1]!) ? previousLine[1]! : null;
  const previous: QuotedTurn[] = [];
  if (round > 1) {
    for (const { label, body } of materials(prompt)) {
      const voted = votedSuffix(label, options);
      if (!voted) continue; // background reading
      const self = voted.head.endsWith(' (you)');
      const name = self ? voted.head.slice(0, -' (you)'.length) : voted.head;
      previous.push({ name, vote: voted.vote, argument: voted.vote ? body : '', changedFrom: null, self });
    }
  }
  // An assigned stance (panel `stance`), as the round-1 prompt words it.
  const assigned = /You are assigned to argue for "([\s\S]*?)" in this round: vote for it/.exec(prompt)?.[1];
  const stance = assigned === undefined ? undefined : options.find((o) => o === assigned) ?? options.find((o) => o.toLowerCase() === assigned.toLowerCase());
  return { motion, options, round, rounds: Number(roundLine[2]), previousVote, previous, ...(stance !== undefined ? { stance } : {}) };
}

export function readJudgePrompt(prompt: string): JudgePrompt | null {
  const motion = field(prompt, 'Motion');
  const options = readOptions(prompt);
  const result = /^Result: (.*)$/m.exec(prompt)?.[1]?.trim();
  if (!motion || options.length < 2 || !result) return null;
  const rounds = new Map<number, QuotedTurn[]>();
  for (const { label, body } of materials(prompt, true)) {
    const abstained = /^(.*), round (\d+): no valid vote$/.exec(label);
    let name: string;
    let number: number;
    let vote: string | null = null;
    let changedFrom: string | null = null;
    if (abstained) {
      name = abstained[1]!;
      number = Number(abstained[2]);
    } else {
      let rest = label;
      const change = /^(.*) \(changed from (.*)\)$/.exec(label);
      if (change && options.includes(change[2]!)) {
        rest = change[1]!;
        changedFrom = change[2]!;
      }
      const voted = votedSuffix(rest, options);
      const head = voted ? /^(.*), round (\d+)$/.exec(voted.head) : null;
      if (!voted || !head) continue;
      name = head[1]!;
      number = Number(head[2]);
      vote = voted.vote;
    }
    const turns = rounds.get(number) ?? [];
    turns.push({ name, vote, argument: vote ? body : '', changedFrom, self: false });
    rounds.set(number, turns);
  }
  const ranking = readRanking(prompt);
  return { motion, options, result, rounds: [...rounds].sort((a, b) => a[0] - b[0]).map(([number, turns]) => ({ number, turns })), ...(ranking ? { ranking } : {}) };
}

// ---- Open questions (no options) -------------------------------------------------------------

export interface OpenQuotedTurn {
  name: string;
  answer: string;
  argument: string;
  /** Marked "(changed mind)" in the judge's prompt. */
  changed: boolean;
  /** Marked "(you)" in a seat's prompt. */
  self: boolean;
}

export interface OpenDebaterPrompt {
  question: string;
  round: number;
  rounds: number;
  /** The asker's own answer the round before (the block marked "(you)"), when it gave one. */
  previousAnswer: string | null;
  /** The previous round's answers, in the order quoted (empty in round 1). */
  previous: OpenQuotedTurn[];
}

export interface OpenJudgePrompt {
  question: string;
  /** A council chair's prompt (the round-1 answers and the ranking). */
  council: boolean;
  rounds: { number: number; turns: OpenQuotedTurn[] }[];
  ranking?: { name: string; points: number; firsts: number }[];
}

/** A quoted answer's body: the `Answer:` line, then the argument. */
function answerOf(body: string): { answer: string; argument: string } | null {
  const m = /^Answer: (.*)\n?([\s\S]*)$/.exec(body);
  return m ? { answer: m[1]!.trim(), argument: m[2]!.trim() } : null;
}

const isOpenPrompt = (prompt: string) => /^Question: /m.test(prompt) && !/^Options:/m.test(prompt);

export function readOpenDebaterPrompt(prompt: string): OpenDebaterPrompt | null {
  if (!isOpenPrompt(prompt) || /the council's review/.test(prompt)) return null;
  const question = field(prompt, 'Question');
  const roundLine = /This is round (\d+) of (\d+)/.exec(prompt);
  if (!question || !roundLine) return null;
  const round = Number(roundLine[1]);
  const previous: OpenQuotedTurn[] = [];
  if (round > 1) {
    for (const q of promptQuotes(prompt)) {
      if (q.kind !== 'material') continue;
      const said = answerOf(q.body);
      if (!said) continue; // background reading
      const self = q.label.endsWith(' (you)');
      previous.push({ name: self ? q.label.slice(0, -' (you)'.length) : q.label, ...said, changed: false, self });
    }
  }
  return { question, round, rounds: Number(roundLine[2]), previousAnswer: previous.find((t) => t.self)?.answer ?? null, previous };
}

export function readOpenJudgePrompt(prompt: string): OpenJudgePrompt | null {
  if (!isOpenPrompt(prompt)) return null;
  const council = /^The members to group/m.test(prompt);
  if (!council && !/^The seats to group/m.test(prompt)) return null;
  const question = field(prompt, 'Question');
  if (!question) return null;
  const rounds = new Map<number, OpenQuotedTurn[]>();
  for (const q of promptQuotes(prompt)) {
    if (q.kind !== 'material') continue;
    const head = /^(.*), round (\d+)( \(changed mind\))?$/.exec(q.label);
    const said = answerOf(q.body);
    if (!head || !said) continue;
    const number = Number(head[2]);
    const turns = rounds.get(number) ?? [];
    turns.push({ name: head[1]!, ...said, changed: Boolean(head[3]), self: false });
    rounds.set(number, turns);
  }
  const ranking = readRanking(prompt);
  return { question, council, rounds: [...rounds].sort((a, b) => a[0] - b[0]).map(([number, turns]) => ({ number, turns })), ...(ranking ? { ranking } : {}) };
}
