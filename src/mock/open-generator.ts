// Generated mock replies for open questions (no options), pure and seeded: the same seed, prompt
// and seat give the same reply. In round 1 the seats take distinct positions (two to four drawn
// for the question, spread over the panel, never all the same); in later rounds some seats move
// to a position another seat argued and say so (`changed: true`, naming who moved them); the
// judge's synthesis groups the answers it was given, so every count in it is right.
import { parseAnswerReply } from '../agents/open-reply.js';
import { answerKey } from '../core/result.js';
import { rng, shuffled, type Rng } from '../core/random.js';
import { parseSynthesisReply } from '../agents/synthesis-reply.js';
import { changeRate, keySentence, type GeneratorContext } from './generator.js';
import type { OpenDebaterPrompt, OpenJudgePrompt, OpenQuotedTurn } from './prompt-reader.js';

/** Positions that answer most "how should…" and "what is the best…" questions, each one sentence. */
const POSITIONS: readonly string[] = [
  'Start with the simplest approach that meets today’s needs, and revisit it once real use shows its limits.',
  'Run a short, time-boxed trial of the two strongest candidates and keep whichever does better on your own work.',
  'Put long-term cost first: choose what will still be cheap to run, staff and change in five years.',
  'Let the people who will live with the decision set the criteria, and weigh them openly before choosing.',
  'Choose the most proven, widely used option, because the cost of a failure outweighs the gains of novelty.',
  'Prefer whatever is easiest to reverse, and commit only once the trade-offs are clearer.',
  'Decide from the hardest requirement you have, and treat every other preference as a tie-breaker.',
];

/** Reasons that fit each position, by its index in POSITIONS. */
const REASONS: readonly (readonly string[])[] = [
  ['Most early choices are made with too little information, so the cheapest mistake is the one you can outgrow.', 'A simple start also leaves the team time for the work that matters now.'],
  ['Evidence from your own workload beats any general ranking, and a fixed time box keeps the trial from becoming a project.', 'Two candidates are enough to compare and few enough to finish.'],
  ['The first months are a small share of the total cost; operating and changing the choice later is most of it.', 'A cheap start that is expensive to keep is a loan, not a saving.'],
  ['A decision the people involved helped shape is one they will make work.', 'Open criteria also make it easier to revisit the choice without a fight.'],
  ['A widely used option comes with documentation, people who know it and answers to the problems you will hit.', 'Novelty pays off only when its gains are large and the team can absorb the risk.'],
  ['Reversible decisions can be made quickly; irreversible ones deserve the care.', 'Keeping the exit cheap turns a risky bet into an experiment.'],
  ['One requirement usually rules most candidates out, and the rest then matter much less.', 'Starting from the constraint avoids weighing preferences that cannot change the outcome.'],
];

export interface GeneratedAnswer {
  answer: string;
  argument: string;
  changed: boolean;
  /** The reply as streamed, in one of the contract's forms. */
  text: string;
}

/** The positions of a run: two to four drawn for the question (fewer with a smaller panel). */
export function openPositions(seed: number, question: string, panelSize: number): string[] {
  const r = rng(seed, 'open-positions', question);
  const count = Math.max(2, Math.min(2 + r.int(3), panelSize || 2));
  return shuffled(POSITIONS, r).slice(0, count);
}

/**
 * A seat's position in the blind round: the panel is seated in an order drawn from the seed and
 * dealt the positions in turn, so every position is held and no two neighbours in that order agree.
 */
export function openingAnswer(ctx: GeneratorContext, seat: string, positions: readonly string[]): string {
  const panel = ctx.panel ?? [];
  const at = panel.findIndex((p) => p.toLowerCase() === seat.toLowerCase());
  if (at < 0 || panel.length < 2) return positions[rng(ctx.seed, 'open-position', seat.toLowerCase()).int(positions.length)]!;
  const order = shuffled(panel.map((_, i) => i), rng(ctx.seed, 'open-seating', panel.join('\u0001')));
  return positions[order.indexOf(at) % positions.length]!;
}

const reasonsFor = (answer: string): readonly string[] => REASONS[POSITIONS.indexOf(answer)] ?? ['It answers the question as asked, with the fewest assumptions.'];

/** The reply in one of the contract's forms, checked against the real parser (bare JSON if a form would not read back). */
function render(r: Rng, reply: { answer: string; argument: string; changed: boolean }, later: boolean, plain: boolean): string {
  const bare = JSON.stringify(reply);
  if (plain) return bare;
  const forms = [
    bare,
    `\`\`\`json\n${JSON.stringify(reply, null, 2)}\n\`\`\``,
    `Here is my reply.\n\n${bare}\n\nHappy to defend it.`,
    later ? `Answer: ${reply.answer}\nChanged: ${reply.changed ? 'yes' : 'no'}\n\n${reply.argument}` : `Answer: ${reply.answer}\n\n${reply.argument}`,
    later ? `**Answer:** ${reply.answer}\n**Changed:** ${reply.changed ? 'yes' : 'no'}\n${reply.argument}` : `**Answer:** ${reply.answer}\n${reply.argument}`,
  ];
  const text = r.pick(forms);
  const check = parseAnswerReply(text, null);
  const same = check.ok && check.answer === reply.answer && check.argument === reply.argument && (check.changed ?? false) === reply.changed;
  return same ? text : bare;
}

/** The answer most of these turns share (the first such, in quoted order). */
function mostShared(turns: readonly OpenQuotedTurn[]): OpenQuotedTurn {
  const count = new Map<string, number>();
  for (const t of turns) count.set(answerKey(t.answer), (count.get(answerKey(t.answer)) ?? 0) + 1);
  return turns.reduce((best, t) => (count.get(answerKey(t.answer))! > count.get(answerKey(best.answer))! ? t : best));
}

/** One seat's generated answer to the prompt it was given. */
export function generateOpenTurn(ctx: GeneratorContext, seat: string, prompt: OpenDebaterPrompt, options: { plain?: boolean } = {}): GeneratedAnswer {
  const { question, round } = prompt;
  const r = rng(ctx.seed, 'open-turn', seat, round, question);
  const form = rng(ctx.seed, 'open-form', seat, round);
  const positions = openPositions(ctx.seed, question, ctx.panel?.length ?? 0);
  const opening = openingAnswer(ctx, seat, positions);
  const others = prompt.previous.filter((t) => !t.self && t.name.toLowerCase() !== seat.toLowerCase());
  const later = round > 1 && prompt.previousAnswer !== null;
  let answer: string;
  let changed = false;
  const sentences: string[] = [];
  if (round <= 1 || others.length === 0) {
    // Blind: the question and this seat's reasons; never another panelist.
    answer = prompt.previousAnswer ?? opening;
    sentences.push(`On "${question}", my answer is this: ${answer}`, ...reasonsFor(answer));
  } else {
    const mine = prompt.previousAnswer ?? opening;
    const dissenters = others.filter((t) => answerKey(t.answer) !== answerKey(mine));
    // A seat is drawn toward positions more of the panel hold than its own (now and then toward any
    // other), so a panel converges rather than trading places.
    const held = (answer: string) => prompt.previous.filter((t) => answerKey(t.answer) === answerKey(answer)).length;
    const stronger = dissenters.filter((t) => held(t.answer) > held(mine));
    const toward = stronger.length ? stronger : r.chance(0.2) ? dissenters : [];
    if (toward.length > 0 && r.chance(changeRate(ctx.seed))) {
      const persuader = r.chance(0.6) ? mostShared(toward) : r.pick(toward);
      answer = persuader.answer;
      changed = true;
      sentences.push(
        `I have changed my mind on "${question}".`,
        `${persuader.name}'s answer persuaded me: "${keySentence(persuader.argument, 140, question)}"`,
        `My earlier position did not account for that, so I now answer: ${answer}`,
        ...reasonsFor(answer).slice(0, 1),
      );
    } else {
      answer = mine;
      sentences.push(`I keep my position on "${question}": ${answer}`);
      if (dissenters.length) {
        const answered = r.pick(dissenters);
        sentences.push(`${answered.name} answered differently ("${keySentence(answered.argument, 140, question)}"), but that does not outweigh my reasons.`);
      } else {
        const ally = r.pick(others);
        sentences.push(`${ally.name} made the same case well, and nothing said against it outweighs that.`);
      }
      sentences.push(...reasonsFor(answer).slice(0, 1));
    }
  }
  const reply = { answer, argument: sentences.join(' '), changed };
  return { ...reply, text: render(form, reply, later, Boolean(options.plain)) };
}

export interface GeneratedSynthesis {
  answer: string;
  groups: { answer: string; members: string[] }[];
  counterpoint: string | null;
  summary: string;
  turningPoints: string[];
}

const listOf = (items: readonly string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/**
 * The judge's (or chair's) synthesis of the answers in its prompt: answers in the same words form
 * a group, largest first; the synthesis is the largest group's position and the counterpoint the
 * next one's. The judge groups the last round; the chair the round-1 answers.
 */
export function generateSynthesis(prompt: OpenJudgePrompt): GeneratedSynthesis {
  const { question, rounds } = prompt;
  const final = (prompt.council ? rounds.find((r) => r.number === 1) : rounds.at(-1))?.turns ?? [];
  const byKey = new Map<string, { answer: string; members: string[] }>();
  for (const t of final) {
    const k = answerKey(t.answer);
    const g = byKey.get(k);
    if (g) g.members.push(t.name);
    else byKey.set(k, { answer: t.answer, members: [t.name] });
  }
  const groups = [...byKey.values()].sort((a, b) => b.members.length - a.members.length);
  const top = groups[0];
  const n = final.length;
  const moves = rounds.flatMap((round) => round.turns.filter((t) => t.changed).map((t) => ({ round: round.number, turn: t })));
  const best = prompt.ranking?.[0];
  const summary = [
    top
      ? top.members.length === n
        ? `On "${question}", all ${n} panelists landed on one position: ${top.answer}`
        : `On "${question}", ${top.members.length} of ${n} panelists (${listOf(top.members)}) landed on one position: ${top.answer}`
      : `On "${question}", no panelist gave an answer.`,
    groups.length > 1 ? `The others split ${groups.length - 1 === 1 ? 'one way' : `${groups.length - 1} ways`}: ${groups.slice(1).map((g) => `${listOf(g.members)} answered "${g.answer.replace(/\.$/, '')}"`).join('; ')}.` : '',
    best ? `In the review the members ranked ${best.name}'s answer first (${best.points} point${best.points === 1 ? '' : 's'}).` : '',
    prompt.council ? '' : moves.length ? `${moves.length === 1 ? 'One panelist' : `${moves.length} panelists`} changed mind along the way.` : rounds.length > 1 ? 'Nobody changed position after the opening round.' : 'It was a single round.',
  ]
    .filter(Boolean)
    .join(' ');
  const turningPoints = moves.length
    ? moves.map(({ round, turn }) => `Round ${round}: ${turn.name} changed mind, now answering: ${turn.answer}`)
    : [prompt.council ? (best ? `The review put ${best.name}'s answer first.` : 'The members gave no valid ranking.') : rounds.length > 1 ? 'No panelist changed position after the opening round.' : 'The question had a single round.'];
  return {
    answer: top?.answer ?? 'The panel gave no answer.',
    groups,
    counterpoint: groups[1]?.answer ?? null,
    summary,
    turningPoints,
  };
}

/** The synthesis as a reply, bare or fenced JSON, checked against the real parser. */
export function renderSynthesis(seed: number, synthesis: GeneratedSynthesis): string {
  const bare = JSON.stringify(synthesis);
  const text = rng(seed, 'synthesis-form').pick([bare, `\`\`\`json\n${JSON.stringify(synthesis, null, 2)}\n\`\`\``, `Here is where the panel landed.\n\n${bare}`]);
  const names = synthesis.groups.flatMap((g) => g.members).map((m) => ({ id: m, label: m }));
  return parseSynthesisReply(text, null, names, names).ok ? text : bare;
}
