// Generated mock replies for any motion, options and panel, pure and seeded: the same seed, prompt
// and seat give the same reply. Debaters take positions spread across the options, argue blind in
// round 1, answer named panelists later and sometimes change their vote; the judge writes up what
// the prompt it is given shows. Replies come in every form the reply contract accepts.
import { parseJudgementReply, parseVoteReply } from '../agents/reply.js';
import { letterOf } from '../core/options.js';
import type { Judgement } from '../core/schema.js';
import type { DebaterPrompt, JudgePrompt, QuotedTurn } from './prompt-reader.js';
import { rng, type Rng } from '../core/random.js';
import { textRecord } from '../util/records.js';
import { promptQuotes } from '../prompting/prompts.js';

/** The seed of a mock run when --seed is not given. */
export const DEFAULT_MOCK_SEED = 1;

export interface GeneratorContext {
  seed: number;
  /** The seats of the panel, in order, so that opening positions can be spread across them. */
  panel?: readonly string[];
  /**
   * A known correct option (a batch question's `answer`): each seat is right in the blind round
   * with its own seeded probability (`skillOf`), may be swayed by the previous round's majority
   * (`swayOf`), and now and then corrects or loses its answer on its own.
   */
  answer?: string;
  /** Seeds each seat's skill and sway, so they hold across a batch's runs (the run's `seed` when absent). */
  traitSeed?: number;
}

export interface GeneratedTurn {
  vote: string;
  argument: string;
  /** The reply as streamed, in one of the contract's forms. */
  text: string;
}

const listOf = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** A share of later-round turns that change their vote: from 10% to 55%, fixed per seed. */
export function changeRate(seed: number): number {
  return 0.1 + 0.45 * rng(seed, 'change-rate').next();
}

/** The chance a seat answers right in the blind round of an answered question: 0.35 to 0.85, fixed per trait seed and seat. */
export function skillOf(traitSeed: number, seat: string): number {
  return 0.35 + 0.5 * rng(traitSeed, 'skill', seat.toLowerCase()).next();
}

/** The chance a seat that disagreed with the previous round's majority moves to it: 0.15 to 0.65. */
export function swayOf(traitSeed: number, seat: string): number {
  return 0.15 + 0.5 * rng(traitSeed, 'sway', seat.toLowerCase()).next();
}

/** The single most voted option of quoted turns, or null when none or tied. */
export function majorityOf(turns: readonly { vote: string | null }[]): string | null {
  const count = new Map<string, number>();
  for (const t of turns) if (t.vote !== null) count.set(t.vote, (count.get(t.vote) ?? 0) + 1);
  const top = Math.max(0, ...count.values());
  const leaders = [...count].filter(([, n]) => n === top);
  return leaders.length === 1 ? leaders[0]![0] : null;
}

/**
 * The vote of a seat on a question with a known answer: right in the blind round with its skill;
 * later, swayed to the previous round's majority with its sway, else correcting itself with
 * skill × 0.35, else (when right) losing the answer with (1 − skill) × 0.2, else keeping its vote.
 */
export function answeredVote(ctx: GeneratorContext & { answer: string }, seat: string, prompt: DebaterPrompt): string {
  const opts = prompt.options;
  const traits = ctx.traitSeed ?? ctx.seed;
  const skill = skillOf(traits, seat);
  const r = rng(ctx.seed, 'answered', seat.toLowerCase(), prompt.round, opts.join('\u0001'));
  const wrong = opts.filter((o) => o !== ctx.answer);
  const blind = () => (r.chance(skill) || wrong.length === 0 ? ctx.answer : r.pick(wrong));
  const mine = prompt.round <= 1 ? null : prompt.previousVote;
  if (mine === null) return blind();
  const majority = majorityOf(prompt.previous);
  if (majority !== null && majority !== mine && r.chance(swayOf(traits, seat))) return majority;
  if (mine !== ctx.answer) return r.chance(skill * 0.35) ? ctx.answer : mine;
  const others = wrong;
  return others.length && r.chance((1 - skill) * 0.2) ? r.pick(others) : mine;
}

/** The option a seat takes in the blind round: spread over the panel, never all the same. */
export function openingPosition(ctx: GeneratorContext, seat: string, options: readonly string[]): string {
  const panel = ctx.panel ?? [];
  const at = panel.findIndex((p) => p.toLowerCase() === seat.toLowerCase());
  if (at < 0 || panel.length < 2) return options[rng(ctx.seed, 'position', seat, options.join('\u0001')).int(options.length)]!;
  const r = rng(ctx.seed, 'positions', options.join('\u0001'), panel.join('\u0001'));
  const picks = panel.map(() => r.int(options.length));
  if (picks.every((p) => p === picks[0])) {
    const moved = r.int(panel.length);
    picks[moved] = (picks[moved]! + 1 + r.int(options.length - 1)) % options.length;
  }
  return options[picks[at]!]!;
}

/** Words a full stop follows without ending the sentence. */
const ABBREVIATIONS = /(?:^|\s)(?:e\.g|i\.e|etc|vs|cf|approx|incl|Mr|Mrs|Ms|Dr|St)\.$/i;

/**
 * The sentences of a text, whitespace flattened. A sentence may start in lower case (a panelist
 * named by a model id, `gpt-5.4 argued…`); a full stop after an abbreviation ends none.
 */
export function sentencesOf(text: string): string[] {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return [];
  const out: string[] = [];
  let current = '';
  // A boundary: [.!?] and closing quotes, then a capital or digit; or a bare full stop, then a
  // lower-case word (not "?" is", the end of a quoted question inside a sentence).
  for (const piece of flat.split(/(?<=[.!?]["'”’)]*)\s+(?=["“(]?[\p{Lu}\p{N}])|(?<=\.)\s+(?=\p{Ll})/u)) {
    current = current ? `${current} ${piece}` : piece;
    if (!ABBREVIATIONS.test(current)) {
      out.push(current);
      current = '';
    }
  }
  if (current) out.push(current);
  return out;
}

/** At most `max` characters of a text, cut at a word ("…" when cut). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}

const QUOTE_MARK = /["“”]/;
const longest = (sentences: readonly string[]): string | null =>
  sentences.reduce<string | null>((a, b) => (a === null || b.length > a.length ? b : a), null);

/** The sentences of an argument that quote nobody: no quotation mark at all. */
export function ownSentences(text: string): string[] {
  return sentencesOf(text).filter((s) => !QUOTE_MARK.test(s));
}

/**
 * A sentence that frames a reply rather than argues (the vote, keeping or changing it, who
 * persuaded whom, "so my vote is…"), or that leans on the sentence before it ("That…", "But…"):
 * quoted alone it says nothing, so it is never what a quote picks.
 */
const FRAME = /\b(?:I vote|my vote|I keep|I change|I come down|my answer|persuaded me|my case|I back)\b|^(?:On|So|For those reasons|That is why|Having)\b/i;
const LEANS_ON_BEFORE = /^(?:That|This|It|But|And|Also|Which|These|Those|They|However|Therefore|Thus|Then)\b/;
const ENDS_SENTENCE = /[.!?]["”’)]*$/;

/** A sentence that makes sense alone: a whole sentence that argues, quotes nobody and leans on nothing before it. */
export function standsAlone(sentence: string): boolean {
  return sentence.length >= 30 && ENDS_SENTENCE.test(sentence) && !QUOTE_MARK.test(sentence) && !FRAME.test(sentence) && !LEANS_ON_BEFORE.test(sentence);
}

/** A sentence set inside "…": its own double quotes become ‘…’, so the outer quote is never cut short. */
export const quoteSafe = (sentence: string): string => sentence.replace(/"([^"]*)"/g, '‘$1’').replace(/["“”]/g, '’');

/**
 * The sentence of an argument most worth quoting, always whole: the longest that stands alone
 * within `max` characters (else the shortest that stands alone), else the same among those that
 * quote nobody, else among all; its own double quotes made single (quoteSafe). Never cut.
 */
export function keySentence(text: string, max = 140, _motion?: string): string {
  const all = sentencesOf(text);
  const alone = all.filter(standsAlone);
  const own = all.filter((x) => !QUOTE_MARK.test(x) && !FRAME.test(x));
  const pool = alone.length ? alone : own.length ? own : all;
  const fits = pool.filter((x) => x.length <= max);
  const pick = longest(fits) ?? pool.reduce<string | null>((a, b) => (a === null || b.length < a.length ? b : a), null) ?? '';
  return quoteSafe(pick);
}

const STOPWORDS = new Set(
  ('a an the this that these those is are was were be been being am do does did done have has had having will would shall should can could may might must ' +
    'there here what which who whom whose why how when where whether if or and but nor not no yes so than then too very of to in on at by for with about ' +
    'from into onto over under between against during before after above below up down out off again further once it its it\'s they them their we our you your ' +
    'i me my he him his she her any all some more most other such only own same just now ever still also yet one two every each better best worse worst good bad ' +
    'new old first last next many much few big small great high low long short large main major real right wrong true false whole full')
    .split(' '),
);
/** Words that are mostly verbs in a motion ("Should cities ban cars?"): not what an argument is about. */
const VERBS = /^(?:ban|allow|adopt|use|make|build|train|require|choose|replace|go|get|become|regulate|invest|learn|prioriti[sz]e|prefer|start|stop|keep|give|take|let|need|want|move|pay|tax|fund|hire|buy|sell|own|run|win|lose|exist|matter|work|switch|teach|open|close|cut|raise|lower)$/i;
const LEAD_INS = new Set(['a', 'an', 'the', 'this', 'that', 'these', 'those', 'our', 'their', 'its', 'of', 'to', 'for', 'on', 'in', 'with', 'about', 'from', 'by']);

/**
 * What a motion is about, in its own words: up to two terms (words likely to be nouns, an acronym
 * with the word after it), for "…about cars…", "…for cities…". A motion with none (a sum) is "this question".
 */
export function motionTerms(motion: string): [string, string] {
  const words = motion.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  const scored: { term: string; score: number; at: number }[] = [];
  words.forEach((word, i) => {
    const lower = word.toLowerCase();
    if (STOPWORDS.has(lower) || !/\p{L}/u.test(word) || (word.length < 3 && !/^\p{Lu}{2}$/u.test(word))) return;
    let score = 0;
    const acronym = /^\p{Lu}[\p{Lu}\p{N}]+$/u.test(word);
    if (i > 0 && /^\p{Lu}/u.test(word)) score += 3;
    if (i > 0 && LEAD_INS.has(words[i - 1]!.toLowerCase())) score += 2;
    if (/[^s]s$/i.test(word) && word.length > 3) score += 1;
    if (i === words.length - 1) score += 1;
    if (VERBS.test(word) || /(?:ise|ize|ify)$/i.test(word)) score -= 4;
    const next = words[i + 1];
    // "LLM model", "AI safety": an acronym reads better with the word it qualifies.
    const term = acronym && next && !STOPWORDS.has(next.toLowerCase()) && !VERBS.test(next) ? `${word} ${next}` : word;
    scored.push({ term, score, at: i });
  });
  const top = scored.filter((x) => x.score > -2).sort((a, b) => b.score - a.score || a.at - b.at).slice(0, 2);
  if (!top.length) return ['this question', 'the answer it needs'];
  const [first, second] = top.sort((a, b) => a.at - b.at).map((x) => x.term);
  return second && !second.toLowerCase().includes(first!.toLowerCase()) && !first!.toLowerCase().includes(second.toLowerCase()) ? [first!, second] : [first!, first!];
}

/**
 * Reasons for option `o` against its rivals (`others`), in the motion's own terms (`a`, `b`): each
 * argues for `o` alone, names what the motion is about, and makes sense quoted by itself.
 */
const REASONS: ((o: string, others: string, a: string, b: string) => string)[] = [
  (o, _x, a, b) => `${o} is the answer that weighs what is really at stake for ${a === b ? a : `${a} and ${b}`}, not only the parts that are easiest to state.`,
  (o, others, a) => `The case for ${others} leans on assumptions about ${a} that rarely hold in practice, and ${o} does not need them.`,
  (o, _x, a) => `Where decisions about ${a} have been tested against real conditions, outcomes closest to ${o} have held up better than their critics predicted.`,
  (o, _x, a, b) => `${o} leaves the most room to correct course on ${a} if it proves wrong, which matters while the evidence on ${b} is still moving.`,
  (o, _x, a, b) => `The people most affected by ${a} would most likely choose ${o} if they were asked directly, and a good answer on ${b} should pass that test.`,
  (o, _x, a) => `${o} is also the answer on ${a} that is easiest to carry out well, and a position that cannot be carried out is not much of a position.`,
  (o, others, a, b) => `Set against ${others}, ${o} asks less of ${b} and delivers more of what the question about ${a} is really after.`,
];

const OPENINGS: ((option: string, motion: string) => string)[] = [
  (o, m) => `On "${m}", I vote ${o}.`,
  (o, m) => `My answer to "${m}" is ${o}.`,
  (o, m) => `I come down on ${o} for the motion "${m}".`,
];

const CLOSINGS: ((option: string) => string)[] = [
  (o) => `So my vote is ${o}.`,
  (o) => `For those reasons I back ${o}.`,
  (o) => `That is why ${o} is my answer.`,
];

const REBUTTALS: ((their: string, mine: string, a: string) => string)[] = [
  (their, mine, a) => `that does not answer the practical cost for ${a} that ${mine} avoids and ${their} does not.`,
  (their, _mine, a) => `that assumes conditions for ${a} the motion does not guarantee, and ${their} stands or falls with them.`,
  (their, mine, a) => `that is a reason for care about ${a}, not a reason for ${their} over ${mine}.`,
];

function reasons(r: Rng, count: number, option: string, options: readonly string[], motion: string): string[] {
  const others = listOf(options.filter((o) => o !== option));
  const [a, b] = motionTerms(motion);
  const bank = [...REASONS];
  const picked: string[] = [];
  while (picked.length < count && bank.length) picked.push(bank.splice(r.int(bank.length), 1)[0]!(option, others, a, b));
  return picked;
}

/** The reply in one of the contract's forms, checked against the real parser (bare JSON if a form would not read back). */
function render(r: Rng, vote: string, argument: string, options: readonly string[], plain: boolean): string {
  const index = options.indexOf(vote);
  const letterSafe = !options.some((o) => /^[A-Za-z]$/.test(o.trim()));
  const bare = JSON.stringify({ vote, argument });
  if (plain) return bare;
  const forms = [
    bare,
    `\`\`\`json\n${JSON.stringify({ vote, argument }, null, 2)}\n\`\`\``,
    `Having weighed the motion, here is my reply.\n\n${JSON.stringify({ vote, argument })}\n\nI am happy to defend it.`,
    `Vote: ${vote}\n\n${argument}`,
    letterSafe ? JSON.stringify({ vote: letterOf(index), argument }) : bare,
    letterSafe ? `Vote: ${letterOf(index)}\n${argument}` : `**Vote:** ${vote}\n${argument}`,
  ];
  const text = r.pick(forms);
  const check = parseVoteReply(text, null, options);
  return check.ok && check.vote === vote && check.argument === argument ? text : bare;
}

export interface TurnOptions {
  /** The option this seat holds throughout (a scripted debater's generated rounds): it never changes. */
  stance?: string | null;
  /** A re-ask: answer in bare JSON. */
  plain?: boolean;
}

/** One debater's generated reply to the prompt it was given. */
export function generateTurn(ctx: GeneratorContext, seat: string, prompt: DebaterPrompt, options: TurnOptions = {}): GeneratedTurn {
  const { motion, round } = prompt;
  const opts = prompt.options;
  // A scripted debater's held position, else the stance the prompt assigns (round 1 only: later rounds vote freely).
  const assigned = round <= 1 && prompt.stance !== undefined && opts.includes(prompt.stance) ? prompt.stance : null;
  const stance = options.stance && opts.includes(options.stance) ? options.stance : assigned;
  const answered = !stance && ctx.answer !== undefined && opts.includes(ctx.answer) ? answeredVote({ ...ctx, answer: ctx.answer }, seat, prompt) : null;
  const r = rng(ctx.seed, 'turn', seat, round, opts.join('\u0001'));
  const form = rng(ctx.seed, 'form', seat, round);
  const sentences: string[] = [];
  let vote: string;

  const others = prompt.previous.filter((t) => !t.self && t.vote !== null && t.name.toLowerCase() !== seat.toLowerCase());
  if (round <= 1 || others.length === 0) {
    // Blind: the motion, the option and reasons; never another panelist or an earlier vote.
    vote = answered ?? stance ?? (round <= 1 ? openingPosition(ctx, seat, opts) : (prompt.previousVote ?? openingPosition(ctx, seat, opts)));
    sentences.push(r.pick(OPENINGS)(vote, quoteSafe(motion)), ...reasons(r, 2, vote, opts, motion), r.pick(CLOSINGS)(vote));
  } else {
    const mine = stance ?? prompt.previousVote ?? openingPosition(ctx, seat, opts);
    const dissenters = others.filter((t) => t.vote !== mine);
    const changes = answered !== null ? answered !== mine : !stance && dissenters.length > 0 && r.chance(changeRate(ctx.seed));
    const toward = answered !== null ? dissenters.filter((t) => t.vote === answered) : dissenters;
    if (changes && toward.length === 0) {
      // Answered questions: a change nobody argued for (the seat works the question out again).
      vote = answered!;
      sentences.push(
        `I change my vote from ${mine} to ${vote} on "${quoteSafe(motion)}".`,
        `Working through the question again, my case for ${mine} in round ${round - 1} does not hold up, and ${vote} does.`,
        ...reasons(r, 1, vote, opts, motion),
      );
    } else if (changes) {
      const persuader = r.chance(0.6) ? mostFollowed(toward) : r.pick(toward);
      vote = persuader.vote!;
      sentences.push(
        `I change my vote from ${mine} to ${vote} on "${quoteSafe(motion)}".`,
        `${persuader.name}'s argument for ${vote} persuaded me: "${keySentence(persuader.argument)}"`,
        `My case for ${mine} in round ${round - 1} did not account for that, and ${vote} does.`,
        ...reasons(r, 1, vote, opts, motion),
      );
    } else {
      vote = mine;
      sentences.push(`I keep my vote for ${mine} on "${quoteSafe(motion)}".`);
      if (dissenters.length) {
        const answered = r.pick(dissenters);
        sentences.push(`${answered.name} argued for ${answered.vote} that "${keySentence(answered.argument)}", but ${r.pick(REBUTTALS)(answered.vote!, mine, motionTerms(motion)[0])}`);
      } else {
        const ally = r.pick(others);
        sentences.push(`${ally.name} made the case for ${mine} well ("${keySentence(ally.argument)}"), and nothing said against it outweighs that.`);
      }
      sentences.push(...reasons(r, 1, mine, opts, motion));
    }
  }
  const argument = sentences.join(' ');
  return { vote, argument, text: render(form, vote, argument, opts, Boolean(options.plain)) };
}

/** The dissenter whose option most dissenters share (the first such, in quoted order). */
function mostFollowed(dissenters: QuotedTurn[]): QuotedTurn {
  const count = new Map<string, number>();
  for (const t of dissenters) count.set(t.vote!, (count.get(t.vote!) ?? 0) + 1);
  return dissenters.reduce((best, t) => (count.get(t.vote!)! > count.get(best.vote!)! ? t : best));
}

/** The judge's write-up of the debate in its prompt: the result, the strongest argument per option voted for, the vote changes. */
export function generateJudgement(prompt: JudgePrompt): Judgement {
  const { motion, options, rounds } = prompt;
  const last = rounds[rounds.length - 1];
  const finalBy = options
    .map((o) => ({ option: o, names: (last?.turns ?? []).filter((t) => t.vote === o).map((t) => t.name) }))
    .filter((x) => x.names.length);
  const changes = rounds.flatMap((round) => round.turns.filter((t) => t.changedFrom && t.vote).map((t) => ({ round: round.number, turn: t })));
  if (prompt.ranking) return chairJudgement(prompt, prompt.ranking);
  const summary = [
    `On "${quoteSafe(motion)}", the panel's result was ${prompt.result}.`,
    finalBy.length ? `In the final round ${finalBy.map((x) => `${listOf(x.names)} voted ${x.option}`).join('; ')}.` : 'No panelist gave a valid vote in the final round.',
    changes.length
      ? `${changes.length === 1 ? 'One vote change' : `${changes.length} vote changes`} shaped that outcome along the way.`
      : rounds.length > 1
        ? 'Nobody changed their vote after the opening round.'
        : 'It was a single round, so nobody had the chance to change their vote.',
  ].join(' ');

  // Per option voted for: the latest, longest argument for it with a sentence of its own (one that
  // quotes nobody), else the latest, longest argument for it. Keyed by option text, which may be
  // "__proto__": a record without a prototype keeps it.
  const strongestArguments = textRecord<string>();
  for (const option of options) {
    const candidates = rounds
      .flatMap((round) => round.turns.filter((t) => t.vote === option && t.argument).map((turn) => ({ round: round.number, turn })))
      .sort((a, b) => b.round - a.round || b.turn.argument.length - a.turn.argument.length);
    const best = candidates.find((c) => sentencesOf(c.turn.argument).some(standsAlone)) ?? candidates.find((c) => ownSentences(c.turn.argument).length > 0) ?? candidates[0];
    if (best) strongestArguments[option] = `${best.turn.name} (round ${best.round}): "${keySentence(best.turn.argument, 240)}"`;
  }

  // A vote change, and what moved it: the words it quoted from a named panelist's argument of the
  // round before, else the changer's own words, said to be theirs.
  const turningPoints = changes.length
    ? changes.map(({ round, turn }) => {
        const before = rounds.find((r) => r.number === round - 1)?.turns ?? [];
        const named = before.filter((t) => t.name !== turn.name && t.vote && turn.argument.includes(t.name));
        const head = `Round ${round}: ${turn.name} changed from ${turn.changedFrom} to ${turn.vote}`;
        // Whole sentences of the persuader's argument that the changer quoted (as a quote, so never cut at a nested quote mark).
        for (const t of named) {
          const words = longest(sentencesOf(t.argument).map(quoteSafe).filter((q) => q.length >= 12 && q !== motion && turn.argument.includes(`"${q}"`)));
          if (words) return `${head}, after ${t.name}'s argument for ${t.vote}: "${words}"`;
        }
        const after = named.length ? `, after ${listOf(named.map((t) => `${t.name}'s argument for ${t.vote}`))}` : '';
        return `${head}${after}; in ${turn.name}'s words: "${keySentence(turn.argument, 240)}"`;
      })
    : [rounds.length > 1 ? 'There were no vote changes: every panelist kept its opening vote to the end.' : 'There were no vote changes: the debate had a single round.'];
  return { summary, strongestArguments, turningPoints };
}

/**
 * A council chair's decision: the members' answers (round 1) and their review. The answers cannot
 * change, so what the write-up turns on is the ranking: who came first, and by how much.
 */
function chairJudgement(prompt: JudgePrompt, ranking: NonNullable<JudgePrompt['ranking']>): Judgement {
  const { motion, options } = prompt;
  const answers = prompt.rounds.find((r) => r.number === 1)?.turns ?? [];
  const voteOf = (name: string) => answers.find((t) => t.name === name)?.vote ?? null;
  const [first, second] = ranking;
  const points = (n: number) => `${n} point${n === 1 ? '' : 's'}`;
  const summary = [
    `On "${quoteSafe(motion)}", the members answered ${prompt.result}.`,
    first
      ? `In the review the members ranked ${first.name}'s answer${voteOf(first.name) ? ` (for ${voteOf(first.name)})` : ''} first, with ${points(first.points)} and ${first.firsts} first place${first.firsts === 1 ? '' : 's'}${second ? `, ahead of ${second.name} with ${points(second.points)}` : ''}.`
      : 'No member gave a valid ranking, so the decision rests on the answers alone.',
  ].join(' ');
  const strongestArguments = textRecord<string>();
  for (const option of options) {
    // The best-ranked answer for each option.
    const best = ranking.map((e) => answers.find((t) => t.name === e.name && t.vote === option && t.argument)).find(Boolean)
      ?? answers.find((t) => t.vote === option && t.argument);
    if (best) strongestArguments[option] = `${best.name}: "${keySentence(best.argument, 240)}"`;
  }
  const turningPoints = first
    ? [
        `The review put ${first.name}'s answer first (${points(first.points)})${second ? `, ${first.points === second.points ? `level on points with ${second.name}, ahead on first places` : `${first.points - second.points} ahead of ${second.name}`}` : ''}.`,
        ...(ranking.length > 2 ? [`${ranking.at(-1)!.name}'s answer was ranked last (${points(ranking.at(-1)!.points)}).`] : []),
      ]
    : ['The members gave no valid ranking.'];
  return { summary, strongestArguments, turningPoints };
}

/** The judgement as a reply, bare or fenced JSON, checked against the real parser. */
export function renderJudgement(seed: number, judgement: Judgement, options: readonly string[]): string {
  const bare = JSON.stringify(judgement);
  const text = rng(seed, 'judge-form').pick([bare, `\`\`\`json\n${JSON.stringify(judgement, null, 2)}\n\`\`\``, `Here is my write-up.\n\n${bare}`]);
  return parseJudgementReply(text, null, options).ok ? text : bare;
}

/**
 * A stand-in moderator's digest of a round, drawn from the turns its prompt quotes: each position
 * with its count, and the first sentence of the longest argument made for it, attributed.
 */
export function generateDigest(prompt: string): string {
  const byVote = new Map<string, { count: number; best: { name: string; text: string } | null }>();
  let silent = 0;
  for (const quote of promptQuotes(prompt)) {
    if (quote.kind === 'silent') {
      silent++;
      continue;
    }
    // A vote ("Name, voted Yes"), or on an open question an answer ("Name, answered" over "Answer: …").
    const voted = /^(.*), voted (.+)$/.exec(quote.label);
    const answered = /^(.*), answered$/.exec(quote.label);
    const answer = answered ? /^Answer: (.*)$/m.exec(quote.body)?.[1]?.trim() : undefined;
    const name = voted?.[1] ?? answered?.[1];
    const position = voted?.[2] ?? (answer ? `"${answer}"` : undefined);
    if (!name || !position) continue;
    const text = answered ? quote.body.replace(/^Answer: .*\n?/, '') : quote.body;
    const entry = byVote.get(position) ?? { count: 0, best: null };
    entry.count++;
    if (!entry.best || text.length > entry.best.text.length) entry.best = { name, text };
    byVote.set(position, entry);
  }
  if (!byVote.size) return 'No panelist gave a valid vote this round.';
  const firstSentence = (text: string) => (/^[\s\S]*?[.!?](?=\s|$)/.exec(text.trim())?.[0] ?? text.trim()).replace(/\s+/g, ' ').slice(0, 300);
  const parts = [...byVote.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([vote, e]) => `${vote} (${e.count}): ${e.best!.name} argued "${firstSentence(e.best!.text)}"`);
  return `${parts.join(' ')}${silent ? ` ${silent} gave no valid vote.` : ''}`;
}
