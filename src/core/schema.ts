// The transcript JSON of the contract (version 1), as one zod schema: the source of truth for
// what roundtable writes and what it accepts back (replay, export, compare, resume).
import { z } from 'zod';

export const TRANSCRIPT_FORMAT = 'roundtable-transcript';
export const TRANSCRIPT_VERSION = 1;

/** The limits flags are held to, and transcripts read back (resume, replay, export) too. */
export const MAX_ROUNDS = 10;
export const MAX_PANEL = 1000;
export const MAX_OPTIONS = 26;

const PROTO = '__proto__';
/** Stands in for a "__proto__" key while z.record checks the record (z.record drops that key). */
const PROTO_STAND_IN = '\u0000__proto__';
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A record keyed by option or model text: z.record's checks, but every key kept ("__proto__"
 * included, which z.record drops) in an object without a prototype, so "constructor" or
 * "toString" never answer from Object.prototype.
 */
export function textKeyed<T extends z.ZodType>(value: T) {
  return z.preprocess(
    (v) => (isObject(v) && Object.hasOwn(v, PROTO) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k === PROTO ? PROTO_STAND_IN : k, x])) : v),
    z.record(z.string(), value).transform((record) => {
      const out = Object.create(null) as Record<string, z.output<T>>;
      for (const [k, x] of Object.entries(record)) out[k === PROTO_STAND_IN ? PROTO : k] = x as z.output<T>;
      return out;
    }),
  );
}

export const UsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  /** Extension: of inputTokens, how many were read from the provider's prompt cache (when it says). */
  cachedInputTokens: z.number().int().nonnegative().optional(),
  /** Extension: of outputTokens, how many were reasoning (when the provider says). See src/agents/usage.ts. */
  reasoningTokens: z.number().int().nonnegative().optional(),
  /** Extension: the cost in USD the provider reported for these calls itself (OpenRouter's usage.cost). */
  providerCostUsd: z.number().nonnegative().optional(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const RetryNoteSchema = z.object({
  attempt: z.number().int().positive(),
  reason: z.string(),
  delayMs: z.number().nonnegative(),
});
export type RetryNote = z.infer<typeof RetryNoteSchema>;

/** Extension: the cost of some calls, and where the price came from. */
export const CallCostSchema = z.object({
  usd: z.number().nonnegative().nullable(),
  source: z.enum(['catalogue', 'prices-file', 'provider']).nullable(),
});

export const TurnSchema = z.object({
  debater: z.string().min(1),
  vote: z.string().nullable(),
  argument: z.string(),
  previousVote: z.string().nullable(),
  changed: z.boolean(),
  latencyMs: z.number().nonnegative().nullable(),
  usage: UsageSchema.nullable(),
  error: z.string().nullable(),
  /** Extension: the retries this turn needed, with their reasons. */
  retries: z.array(RetryNoteSchema).optional(),
  /** Extension: unreadable replies asked again, with the reason (apart from transport retries). */
  reasks: z.array(z.object({ reason: z.string() })).optional(),
  /** Extension (council's ranking round): the other debaters' ids, best first. */
  ranking: z.array(z.string()).optional(),
  /** Extension (council's ranking round): the answers as this seat saw them, in order: "Response A" is the first. */
  shown: z.array(z.string()).optional(),
  /**
   * Extension: the reply was longer than roundtable keeps (src/agents/reply-cap.ts); `argument` is
   * read from its first keptChars characters. receivedChars: what had arrived when reading stopped.
   */
  clipped: z.object({ keptChars: z.number().int().nonnegative(), receivedChars: z.number().int().nonnegative() }).optional(),
  /** Extension: what this turn's calls cost (src/cost); usd null when the model is unpriced. */
  cost: CallCostSchema.optional(),
  /** Extension (--topology other than full): the other debaters whose previous turns this seat was shown, by id. */
  read: z.array(z.string()).optional(),
  /** Open questions: the seat's one-sentence position (null when it gave none); `vote` is then null. */
  answer: z.string().nullable().optional(),
  /**
   * Extension: calls whose reply reported no usage, at the worst case their requests allowed (the
   * prompt's estimated tokens in, max_tokens out): what budgets count them at, never a price.
   */
  unreportedUsage: UsageSchema.optional(),
});
export type Turn = z.infer<typeof TurnSchema>;

export const RoundSchema = z.object({
  number: z.number().int().positive(),
  turns: z.array(TurnSchema),
  /** Extension (--anonymize): the letter each debater was shown as in this round ("Panelist A"), by id. */
  letters: z.record(z.string(), z.string()).optional(),
  /** Extension (--digest, groups:K): the digest of this round every seat read in the next round. */
  digest: z.string().optional(),
  /** Extension: the digest call's tokens, and why there is no digest when it failed. */
  digestUsage: UsageSchema.nullable().optional(),
  /** Extension: the digest calls that reported no usage, at their worst case (see the turn's `unreportedUsage`). */
  digestUnreportedUsage: UsageSchema.optional(),
  digestError: z.string().optional(),
});
export type Round = z.infer<typeof RoundSchema>;

export const ResultLabelSchema = z.enum(['Unanimous', 'Supermajority', 'Majority', 'Plurality', 'Tie']);
export type ResultLabel = z.infer<typeof ResultLabelSchema>;

export const RankingEntrySchema = z.object({ debater: z.string(), points: z.number().nonnegative(), firsts: z.number().int().nonnegative() });

export const ResultSchema = z.object({
  label: ResultLabelSchema,
  winner: z.string().nullable(),
  tally: textKeyed(z.number().int().nonnegative()),
  validVotes: z.number().int().nonnegative(),
  panelSize: z.number().int().nonnegative(),
  /** Extension: debaters whose last-round turn carried no valid vote. */
  abstentions: z.number().int().nonnegative().optional(),
  /** Extension (council): the aggregate ranking, best first (Borda points, ties broken by first places). */
  ranking: z.array(RankingEntrySchema).optional(),
  /** Extension (imported pages): the label counted from the votes, when the page's own `label` differs. */
  computed: ResultLabelSchema.optional(),
});
/** The result of a question with options (votes counted). */
export type Result = z.infer<typeof ResultSchema>;

export const OpenResultLabelSchema = z.enum(['All agreed', 'Agreement', 'No agreement']);
export type OpenResultLabel = z.infer<typeof OpenResultLabelSchema>;

/** Open questions: one position the panel landed on, and the seats that hold it. */
export const OpenGroupSchema = z.object({
  answer: z.string(),
  /** Debater ids. */
  members: z.array(z.string().min(1)),
});
export type OpenGroup = z.infer<typeof OpenGroupSchema>;

/**
 * The result of an open question (no options): where the panel landed. `agreed` is the size of the
 * largest group; `answer` is the synthesis (null when no judge wrote one); `groups` the positions,
 * largest first (empty when who holds which is not known, as on an imported page).
 */
export const OpenResultSchema = z.object({
  label: OpenResultLabelSchema,
  answer: z.string().nullable(),
  agreed: z.number().int().nonnegative(),
  panelSize: z.number().int().nonnegative(),
  counterpoint: z.string().nullable(),
  groups: z.array(OpenGroupSchema),
  /** Extension (council): the aggregate ranking of the answers, best first, as a closed result's. */
  ranking: z.array(RankingEntrySchema).optional(),
});
export type OpenResult = z.infer<typeof OpenResultSchema>;

/** A transcript's result: the closed kind (votes) or the open kind, told apart by the label. */
export const AnyResultSchema = z.discriminatedUnion('label', [ResultSchema, OpenResultSchema]);
export type AnyResult = Result | OpenResult;

export const JudgementSchema = z.object({
  summary: z.string(),
  strongestArguments: textKeyed(z.string()),
  turningPoints: z.array(z.string()),
});
/** The judge's write-up of a question with options. */
export type Judgement = z.infer<typeof JudgementSchema>;

/** The judge's (or council chair's) synthesis of an open question; group members are debater ids. */
export const OpenJudgementSchema = z.object({
  answer: z.string(),
  groups: z.array(OpenGroupSchema),
  counterpoint: z.string().nullable(),
  summary: z.string(),
  turningPoints: z.array(z.string()),
  /**
   * Extension (a batch question with a known `answer`): the judge's verdict that its synthesis says
   * the same as that answer (null: it gave none). Read by `roundtable stats` as judged, never as exact.
   */
  matchesAnswer: z.boolean().nullable().optional(),
});
export type OpenJudgement = z.infer<typeof OpenJudgementSchema>;

/** A transcript's judgement: the closed kind or the open kind (the open one has an `answer`). */
export const AnyJudgementSchema = z.union([JudgementSchema, OpenJudgementSchema]);
export type AnyJudgement = Judgement | OpenJudgement;

export const PanelMemberSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  model: z.string().nullable(),
  /** Extension: the role this seat was given (panel file `persona`). */
  persona: z.string().optional(),
  /** Extension: the option this seat was assigned to argue in round 1 (panel file `stance`). */
  stance: z.string().optional(),
  /** Extension: this seat's own reading list (panel file `reads`), by id: it reads these seats whatever the topology. */
  reads: z.array(z.string()).optional(),
  /** Extension (--human): this seat is the person at the terminal; its model is null. */
  human: z.boolean().optional(),
});
export type PanelMember = z.infer<typeof PanelMemberSchema>;

export const RunCostSchema = z.object({
  usd: z.number().nonnegative().nullable(),
  byDebater: z.record(z.string(), z.number().nonnegative().nullable()),
  judge: z.number().nonnegative().nullable(),
  /** Extension: the round digests' cost (--digest), when there were any. */
  digest: z.number().nonnegative().nullable().optional(),
  unpriced: z.array(z.string()),
  unpricedSeats: z.number().int().nonnegative().optional(),
  usage: UsageSchema.optional(),
  byDebaterUsage: z.record(z.string(), UsageSchema).optional(),
  sources: z.array(z.enum(['catalogue', 'prices-file', 'provider'])).optional(),
  /**
   * Extension: the calls whose usage no provider reported (in neither `usd` nor `usage`), at their
   * worst case: the tokens, the price of those of priced seats, how many seats and which models.
   * Budgets count it. (An unpriced seat's unreported calls also make it one of `unpriced`.)
   */
  unreported: z.object({ usage: UsageSchema, usd: z.number().nonnegative(), seats: z.number().int().nonnegative(), models: z.array(z.string()) }).optional(),
});

export const TranscriptSchema = z
  .object({
    format: z.literal(TRANSCRIPT_FORMAT),
    version: z.literal(TRANSCRIPT_VERSION),
    id: z.string().min(1),
    motion: z.string().min(1),
    /** At least two options; none in an open question. */
    options: z.array(z.string().min(1)),
    /** Extension (open questions): the question has no options; seats answer in a sentence. */
    open: z.boolean().optional(),
    mode: z.enum(['debate', 'poll']),
    status: z.enum(['complete', 'interrupted', 'failed']),
    source: z.enum(['live', 'mock', 'imported']),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    panel: z.array(PanelMemberSchema),
    judge: z.object({ name: z.string(), model: z.string().nullable() }).nullable(),
    rounds: z.array(RoundSchema),
    result: AnyResultSchema.nullable(),
    judgement: AnyJudgementSchema.nullable(),
    /** Extension: the protocol the debate ran ("roundtable" when absent). */
    protocol: z.enum(['roundtable', 'council']).optional(),
    /** Extension: the total number of rounds the debate was set up for. */
    plannedRounds: z.number().int().positive().optional(),
    /** Extension: why the judge gave no judgement, or why the debate failed. */
    judgeError: z.string().nullable().optional(),
    error: z.string().nullable().optional(),
    /** Extension: what the run cost (src/cost): per debater, the judge, the whole run; null where unpriced. */
    cost: RunCostSchema.nullable().optional(),
    /** Extension: the judge's tokens. */
    judgeUsage: UsageSchema.nullable().optional(),
    /** Extension: the judge's calls that reported no usage, at their worst case (see the turn's `unreportedUsage`). */
    judgeUnreportedUsage: UsageSchema.optional(),
    /** Extension: why the run ended before its planned rounds by design (a budget). */
    stopReason: z.string().nullable().optional(),
    /**
     * Extension (imported transcripts): the file's own wording of derived lines (counts, result,
     * final vote) that say the same as roundtable's, keyed by the line roundtable would write, so
     * that export gives the file back as it was.
     */
    importedWording: z.record(z.string(), z.string()).optional(),
    /** Extension: what shaped the run (mock mode records the seed of its generated replies; --via the gateway). */
    settings: z.object({
      seed: z.number().int().nonnegative().optional(),
      rounds: z.number().int().positive().optional(),
      mode: z.enum(['debate', 'poll']).optional(),
      maxTokens: z.number().int().positive().optional(),
      judgeMaxTokens: z.number().int().positive().optional(),
      retries: z.number().int().nonnegative().optional(),
      retryBaseMs: z.number().nonnegative().optional(),
      timeouts: z.object({ firstTokenMs: z.number().nonnegative(), idleMs: z.number().nonnegative(), callMs: z.number().nonnegative() }).optional(),
      /** The background reading every debater was given: by name, size in bytes and sha256. */
      briefing: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative(), sha256: z.string() })).optional(),
      /** The protocol, and whether the seats were anonymized and the quoted arguments shuffled. */
      protocol: z.enum(['roundtable', 'council']).optional(),
      anonymize: z.boolean().optional(),
      shuffle: z.boolean().optional(),
      /** Mock mode: whether the stand-in's replies were generated, or scripted from a file (generated where it had none). */
      mockReplies: z.enum(['generated', 'scripted']).optional(),
      /** The gateway every seat went through (--via), when one did. */
      via: z.enum(['openrouter', 'compat']).nullable().optional(),
      /** Who reads whom (--topology): full, ring, random:K or groups:K ("full" when absent). */
      topology: z.string().regex(/^(full|ring|random:\d+|groups:\d+)$/).optional(),
      /** Whether a digest of each round was written for every seat (--digest), and by which model. */
      digest: z.boolean().optional(),
      digestModel: z.string().optional(),
      /** --human-visible: the models were told which panelist is a person; --human-timeout in seconds. */
      humanVisible: z.boolean().optional(),
      humanTimeout: z.number().positive().optional(),
      /** An open question (`--open`). */
      open: z.boolean().optional(),
    }).passthrough().optional(),
    /** Extension: the known correct option of a batch question (`roundtable batch`), read by `roundtable stats`. */
    answer: z.string().min(1).optional(),
    /** Extension: which batch question and repeat this run is (`roundtable batch`). */
    batch: z.object({ question: z.string().min(1), repeat: z.number().int().positive() }).optional(),
  })
  .superRefine((t, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    // Sizes first: a transcript over a limit is refused for that, and its items are not checked.
    const sizes = sizeIssues(t);
    for (const s of sizes) issue(s.path, s.message);
    if (sizes.length) return;
    const open = t.open === true;
    if (open && t.options.length > 0) issue(['options'], 'should be empty in an open question ("open": true)');
    if (!open && t.options.length < 2) issue(['options'], 'should hold at least 2 items');
    if (!open && t.answer !== undefined && !t.options.includes(t.answer)) issue(['answer'], `is "${t.answer}", which is not one of the options`);
    // Every check below is one pass with a Set: work in proportion to the transcript, never per pair.
    const ids = new Set<string>();
    t.panel.forEach((p, i) => {
      if (ids.has(p.id)) issue(['panel', i, 'id'], `is "${p.id}" again; each debater's id must be different`);
      ids.add(p.id);
    });
    t.panel.forEach((p, i) => {
      (p.reads ?? []).forEach((id, k) => {
        if (!ids.has(id)) issue(['panel', i, 'reads', k], `names "${id}", who is not on the panel`);
      });
    });
    const options = new Set(t.options);
    t.rounds.forEach((round, r) => {
      if (round.number !== r + 1) issue(['rounds', r, 'number'], `is ${round.number} where round ${r + 1} belongs`);
      const seen = new Set<string>();
      round.turns.forEach((turn, i) => {
        if (seen.has(turn.debater)) issue(['rounds', r, 'turns', i, 'debater'], `names "${turn.debater}" a second time in round ${round.number}`);
        seen.add(turn.debater);
        if (!ids.has(turn.debater)) issue(['rounds', r, 'turns', i, 'debater'], `names "${turn.debater}", who is not on the panel`);
        for (const field of ['ranking', 'shown', 'read'] as const) {
          (turn[field] ?? []).forEach((id, k) => {
            if (!ids.has(id)) issue(['rounds', r, 'turns', i, field, k], `names "${id}", who is not on the panel`);
          });
        }
        if (open && turn.vote !== null) issue(['rounds', r, 'turns', i, 'vote'], 'should be null in an open question, which has no options');
        else if (turn.vote !== null && !options.has(turn.vote)) issue(['rounds', r, 'turns', i, 'vote'], `is "${turn.vote}", which is not one of the options`);
      });
    });
    if (t.result) {
      const kindOpen = OPEN_LABELS.has(t.result.label);
      if (kindOpen !== open) issue(['result', 'label'], `is "${t.result.label}", a label for ${kindOpen ? 'an open question' : 'a question with options'}, but this transcript ${open ? 'is' : 'is not'} open`);
      if ('groups' in t.result) checkOpenResult(t.result, ids, issue);
    }
    if (t.judgement) {
      const kindOpen = 'answer' in t.judgement;
      if (kindOpen !== open) issue(['judgement'], `is ${kindOpen ? 'an open question\'s synthesis' : 'a write-up of options'}, but this transcript ${open ? 'is' : 'is not'} open`);
      if ('groups' in t.judgement) checkGroups(t.judgement.groups, ids, ['judgement', 'groups'], issue);
    }
  });
export type Transcript = z.infer<typeof TranscriptSchema>;

const OPEN_LABELS: ReadonlySet<string> = new Set(OpenResultLabelSchema.options);
type Issue = (path: (string | number)[], message: string) => void;

/** Every member of a group is on the panel, and no seat is in two groups (or twice in one). */
function checkGroups(groups: readonly OpenGroup[], ids: ReadonlySet<string>, at: (string | number)[], issue: Issue): void {
  const seen = new Set<string>();
  groups.forEach((g, k) =>
    g.members.forEach((id, m) => {
      if (!ids.has(id)) issue([...at, k, 'members', m], `names "${id}", who is not on the panel`);
      else if (seen.has(id)) issue([...at, k, 'members', m], `names "${id}" again; each seat is in one group at most`);
      seen.add(id);
    }),
  );
}

/** An open result's counts hold together: its groups, the largest of them, and the panel. */
function checkOpenResult(result: OpenResult, ids: ReadonlySet<string>, issue: Issue): void {
  checkGroups(result.groups, ids, ['result', 'groups'], issue);
  if (result.agreed > result.panelSize) issue(['result', 'agreed'], `is ${result.agreed}, more than the panel's ${result.panelSize}`);
  if (result.groups.length > 0) {
    const largest = Math.max(...result.groups.map((g) => g.members.length));
    if (result.agreed !== largest) issue(['result', 'agreed'], `is ${result.agreed}, but the largest group has ${largest} member${largest === 1 ? '' : 's'}`);
  }
}
export type Settings = NonNullable<Transcript['settings']>;

/**
 * The size limits of a transcript, checked on the parsed JSON before anything else (the schema
 * checks them first too): the panel, the options, the rounds, and each round's turns (a round holds
 * at most one turn a debater). Input of any shape: what is not an array is the schema's to report.
 */
export function sizeIssues(data: unknown): Array<{ path: (string | number)[]; message: string }> {
  const out: Array<{ path: (string | number)[]; message: string }> = [];
  if (!isObject(data)) return out;
  const { panel, options, rounds, plannedRounds } = data;
  if (Array.isArray(panel) && panel.length > MAX_PANEL) out.push({ path: ['panel'], message: `has ${panel.length} debaters, more than the ${MAX_PANEL} roundtable seats` });
  if (Array.isArray(options) && options.length > MAX_OPTIONS) out.push({ path: ['options'], message: `lists ${options.length} options, more than the ${MAX_OPTIONS} allowed` });
  if (typeof plannedRounds === 'number' && plannedRounds > MAX_ROUNDS) out.push({ path: ['plannedRounds'], message: `is ${plannedRounds}, more than the ${MAX_ROUNDS} rounds roundtable runs` });
  if (Array.isArray(rounds) && rounds.length > MAX_ROUNDS) {
    out.push({ path: ['rounds'], message: `holds ${rounds.length} rounds, more than the ${MAX_ROUNDS} roundtable runs` });
  } else if (Array.isArray(rounds) && Array.isArray(panel) && !out.length) {
    rounds.forEach((round, r) => {
      const turns = isObject(round) ? round.turns : null;
      if (Array.isArray(turns) && turns.length > panel.length) {
        out.push({ path: ['rounds', r, 'turns'], message: `holds ${turns.length} turns, more than the ${panel.length} debaters on the panel (one turn each a round)` });
      }
    });
  }
  return out;
}
