// `stats`: the people on the panel (--human), apart from the models. A person's flips and
// conformity are a finding of their own, so they are neither mixed into the models' figures nor
// left out silently: each person (by name, over the runs they sat in) gets their own line.
import type { Transcript } from '../core/schema.js';

export interface HumanSeatStats {
  name: string;
  /** Runs this person sat in. */
  runs: number;
  /** Their turns, every round, answered or not. */
  turns: number;
  /** Turns without a vote (or answer): timed out, or unreadable. */
  silent: number;
  /** Turns that changed the person's vote (or answer) from the round before. */
  changes: number;
  /** Turns with a vote after a round with one: the chances to change. */
  transitions: number;
  /** changes / transitions; null without a transition. */
  flipRate: number | null;
  /**
   * Later turns where the person's previous vote was against the single majority of the other
   * seats in the round before, and of those the ones that moved to it.
   */
  againstMajority: number;
  movedToMajority: number;
  /** movedToMajority / againstMajority; null when the person was never against a majority. */
  conformity: number | null;
}

/** The one position most of the other seats held, or null on a tie or without positions. */
function majorityOf(positions: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const p of positions) if (p !== null) counts.set(p, (counts.get(p) ?? 0) + 1);
  const top = Math.max(0, ...counts.values());
  const leaders = [...counts].filter(([, n]) => n === top).map(([p]) => p);
  return top > 0 && leaders.length === 1 ? leaders[0]! : null;
}

const positionOf = (t: Transcript, turn: { vote: string | null; answer?: string | null | undefined }) => (t.open ? (turn.answer ?? null) : turn.vote);

/** Every person seated in these transcripts (`"human": true`), by name, in the order first met. */
export function humanSeats(transcripts: readonly Transcript[]): HumanSeatStats[] {
  const byName = new Map<string, HumanSeatStats>();
  for (const t of transcripts) {
    for (const person of t.panel.filter((p) => p.human)) {
      const key = person.name.trim().toLowerCase();
      const s = byName.get(key) ?? { name: person.name, runs: 0, turns: 0, silent: 0, changes: 0, transitions: 0, flipRate: null, againstMajority: 0, movedToMajority: 0, conformity: null };
      byName.set(key, s);
      s.runs++;
      const rounds = [...t.rounds].sort((a, b) => a.number - b.number);
      let before: string | null = null;
      let majorityBefore: string | null = null;
      for (const round of rounds) {
        const turn = round.turns.find((x) => x.debater === person.id);
        const others = round.turns.filter((x) => x.debater !== person.id).map((x) => positionOf(t, x));
        if (turn) {
          s.turns++;
          const now = positionOf(t, turn);
          if (now === null) s.silent++;
          else if (before !== null) {
            s.transitions++;
            if (turn.changed) s.changes++;
            if (majorityBefore !== null && before !== majorityBefore) {
              s.againstMajority++;
              if (now === majorityBefore) s.movedToMajority++;
            }
          }
          if (now !== null) before = now;
        }
        majorityBefore = majorityOf(others);
      }
    }
  }
  return [...byName.values()].map((s) => ({
    ...s,
    flipRate: s.transitions ? s.changes / s.transitions : null,
    conformity: s.againstMajority ? s.movedToMajority / s.againstMajority : null,
  }));
}

const share = (x: number | null) => (x === null ? '–' : x.toFixed(2));

/** The text lines `stats` prints for the people on the panel (none without one). */
export function humanSeatLines(seats: readonly HumanSeatStats[]): string[] {
  if (!seats.length) return [];
  const width = Math.max(...seats.map((s) => s.name.length));
  return [
    '',
    'People on the panel (--human; counted apart from the models)',
    ...seats.map((s) =>
      [
        `  ${s.name.padEnd(width)}`,
        `${s.runs} run${s.runs === 1 ? '' : 's'}`,
        `${s.turns} turn${s.turns === 1 ? '' : 's'}`,
        `${s.changes} change${s.changes === 1 ? '' : 's'}`,
        `flip rate ${share(s.flipRate)} (n=${s.transitions})`,
        `conformity ${share(s.conformity)} (${s.movedToMajority} of ${s.againstMajority} moved to the others' majority)`,
        ...(s.silent ? [`${s.silent} without a vote`] : []),
      ].join('  '),
    ),
  ];
}
