// Reading an open question's page of the roundtable text format (the layout is described in
// open-text-format.ts) back into a transcript. The page holds one round: the last one's answers
// and arguments. What the page states about counts is checked, and the first thing that does not
// fit is reported with its line number.
import { createHash } from 'node:crypto';
import { bordaRanking, computeOpenResult, groupsByWording } from '../core/result.js';
import { TRANSCRIPT_FORMAT, TRANSCRIPT_VERSION, TranscriptSchema, type OpenResult, type PanelMember, type Transcript, type Turn } from '../core/schema.js';
import { UsageError } from '../util/errors.js';
import { PageSeats, TextReader } from './text-reader.js';
import { formatZodIssues, transcriptField } from '../util/zod-issues.js';
import {
  ANSWER_LINE,
  answerLine,
  CHANGED_MIND,
  COUNTERPOINT,
  NO_ANSWERS,
  NO_SYNTHESIS,
  OPEN_HEADER,
  unescapeOpenLine,
} from './open-text-format.js';
import { ANSWERED_BEFORE_STOP, HEADINGS, NO_ARGUMENT, NO_REPLY, NO_SUMMARY, NO_TURN, RANKED, STATUS_LINE } from './text-format.js';

const NO_ANSWER_MARK = /^\(no answer: ([\s\S]*)\)$/;
const ANSWER_OF_TURN = /^Answer: (.*)$/;


/** What the answer line says: a synthesis with its counts, no synthesis, or no result. */
type StatedAnswer =
  | { kind: 'synthesis'; answer: string; label: OpenResult['label']; agreed: number; panelSize: number }
  | { kind: 'none' }
  | { kind: 'no-result' };

function readAnswerLine(p: TextReader, index: number): StatedAnswer {
  const line = p.at(index);
  if (line === NO_SYNTHESIS) return { kind: 'none' };
  if (line === NO_ANSWERS) return { kind: 'no-result' };
  const m = ANSWER_LINE.exec(line);
  if (!m) return p.expect(index, '"Answer: <synthesis> (All N models agreed)", "(K of N models agreed)" or "(no agreement; largest position K of N)"');
  if (m[2] !== undefined) return { kind: 'synthesis', answer: m[1]!, label: 'All agreed', agreed: Number(m[2]), panelSize: Number(m[2]) };
  const [agreed, size] = m[3] !== undefined ? [Number(m[3]), Number(m[4])] : [Number(m[5]), Number(m[6])];
  if (agreed > size) p.fail(index, `the answer line says ${agreed} of ${size} models agreed, more than there are`);
  // "K of N models agreed" as a page may word it: every model is all agreed, one alone no agreement.
  const label = m[3] === undefined ? 'No agreement' : agreed === size ? 'All agreed' : agreed < 2 ? 'No agreement' : 'Agreement';
  return { kind: 'synthesis', answer: m[1]!, label, agreed, panelSize: size };
}

/** A response starts at a name line followed by an (unescaped) answer line. */
const startsResponse = (p: TextReader, i: number, end: number) => i + 1 < end && p.at(i).trim() !== '' && !p.at(i).startsWith('\\') && ANSWER_OF_TURN.test(p.at(i + 1));

/** Parses an open question's page; throws a UsageError naming path and line when it cannot. */
export function importOpenText(text: string, path: string): Transcript {
  const p: TextReader = new TextReader(text, path);
  const headerIndex = p.nextNonBlank(0);
  const header = OPEN_HEADER.exec(p.at(headerIndex).trim());
  if (!header) p.expect(headerIndex, '"AI Roundtable Open Debate · N models" (or Open Poll, Open Council)');
  const kind = header[1]!;
  const models = Number(header[2]);
  const questionIndex = p.nextNonBlank(headerIndex + 1);
  const question = p.at(questionIndex).trim();
  if (!question || question.startsWith('Answer:')) p.expect(questionIndex, 'the question on the line after the header');
  const answerIndex = p.nextNonBlank(questionIndex + 1);
  const stated = readAnswerLine(p, answerIndex);
  if (stated.kind === 'synthesis' && stated.panelSize !== models) {
    p.fail(answerIndex, `the answer line counts ${stated.panelSize} models, but the header announces ${models}`);
  }
  let next = p.nextNonBlank(answerIndex + 1);
  let counterpoint: string | null = null;
  if (p.at(next).startsWith(`${COUNTERPOINT} `)) {
    counterpoint = p.at(next).slice(COUNTERPOINT.length + 1).trim();
    if (stated.kind !== 'synthesis') p.fail(next, 'a counterpoint belongs to a synthesis, but the answer line gives none');
    next = p.nextNonBlank(next + 1);
  }
  let status: Transcript['status'] = 'complete';
  let statusDetail: string | null = null;
  let stopped = false;
  let statusIndex = -1;
  const statusMatch = STATUS_LINE.exec(p.at(next));
  if (statusMatch) {
    statusIndex = next;
    stopped = statusMatch[1] === 'stopped';
    status = stopped ? 'complete' : (statusMatch[1] as Transcript['status']);
    statusDetail = statusMatch[2]?.trim() ?? null;
    next = p.nextNonBlank(next + 1);
  }
  if (p.at(next) !== HEADINGS.responses) p.expect(next, `"${HEADINGS.responses}"`);
  const responsesIndex = next;

  // The closing sections: the synthesis's summary and turning points, and a council's ranking.
  let summaryIndex = -1;
  for (let i = responsesIndex + 1; i < p.lines.length; i++) if (p.at(i) === HEADINGS.summary) summaryIndex = i;
  const judgementAt = summaryIndex >= 0 ? summaryIndex : p.lines.length;
  let councilIndex = -1;
  if (kind === 'Council') for (let i = responsesIndex + 1; i < judgementAt; i++) if (p.at(i) === HEADINGS.council) councilIndex = i;
  const end = councilIndex >= 0 ? councilIndex : judgementAt;

  const starts: number[] = [];
  const first = p.nextNonBlank(responsesIndex + 1, end);
  if (first < end && !startsResponse(p, first, end)) p.expect(first, "a debater's name followed by an \"Answer: …\" line");
  for (let i = first; i < end; i++) if (startsResponse(p, i, end)) starts.push(i);
  if (starts.length !== models) p.fail(starts[models] ?? end, `the header announces ${models} models, but the page holds ${starts.length} response${starts.length === 1 ? '' : 's'}`);

  const seats = new PageSeats(p);
  const panel: PanelMember[] = starts.map((index) => {
    const line = p.at(index).trim();
    const name = line.endsWith(CHANGED_MIND) ? line.slice(0, -CHANGED_MIND.length).trim() : line;
    if (!name) p.expect(index, "a debater's name");
    return seats.named(index, name);
  });
  const idByName = new Map(panel.map((m) => [m.name.toLowerCase(), m.id]));

  const read = starts.map((index, k): Turn | null => {
    const stop = starts[k + 1] ?? end;
    const changed = p.at(index).trim().endsWith(CHANGED_MIND);
    // The answer as written (a no-break space in it kept), at the offset the matched line gives.
    const answerMatch = ANSWER_OF_TURN.exec(p.at(index + 1))!;
    const said = p.text(index + 1, answerMatch.index + answerMatch[0].length - answerMatch[1]!.length).trim();
    let at = index + 2;
    let ranking: string[] | undefined;
    if (p.at(at).startsWith(`${RANKED} `)) {
      if (kind !== 'Council') p.fail(at, 'a "Ranked:" line belongs to a council page');
      ranking = p.at(at).slice(RANKED.length + 1).split(' > ').map((name) => idByName.get(name.trim().toLowerCase()) ?? p.fail(at, `the ballot names "${name.trim()}", who is not on the panel`));
      at++;
    }
    let last = stop;
    while (last > at && p.lines[last - 1]!.trim() === '') last--;
    // The marks as matched (other spaces plain); the argument as written.
    const raw = p.lines.slice(at, last).join('\n').trim();
    const body = p.raw.slice(at, last);
    if (raw === NO_TURN) {
      if (said !== 'none') p.fail(index + 1, `"${NO_TURN}" belongs to a debater with no answer ("Answer: none")`);
      return null;
    }
    const answer = said === 'none' ? null : said;
    const failure = NO_ANSWER_MARK.exec(raw);
    const error = failure ? failure[1]!.split('\n').map(unescapeOpenLine).join('\n') : null;
    const silent = raw === NO_REPLY || failure !== null;
    if (answer === null && !silent && !ranking) p.fail(at, `a response with "Answer: none" shows "${NO_REPLY}" or "(no answer: …)", not an argument`);
    const argument = silent || raw === NO_ARGUMENT ? '' : body.map(unescapeOpenLine).join('\n').trim();
    const turn: Turn = { debater: panel[k]!.id, vote: null, answer, argument, previousVote: null, changed, latencyMs: null, usage: null, error };
    if (ranking) turn.ranking = ranking;
    return turn;
  });
  const turns = read.filter((t): t is Turn => t !== null);
  const missing = read.findIndex((t) => t === null);
  if (missing >= 0 && status !== 'interrupted' && !stopped) {
    p.fail(starts[missing]! + 2, `"${NO_TURN}" belongs to an interrupted or stopped run, but the page has no "Status: interrupted" or "Status: stopped" line`);
  }
  if (status === 'interrupted' && statusDetail !== null) {
    const answeredLine = ANSWERED_BEFORE_STOP.exec(statusDetail);
    if (answeredLine && (Number(answeredLine[1]) !== turns.length || Number(answeredLine[2]) !== models)) {
      p.fail(statusIndex, `the status line says ${answeredLine[1]} of ${answeredLine[2]} debaters answered, but ${turns.length} of the ${models} responses are answers`);
    }
  }

  const ballots = turns.flatMap((t) => (t.ranking ? [t.ranking] : []));
  const withRanking = <T extends OpenResult>(r: T): T => (ballots.length ? { ...r, ranking: bordaRanking(panel, ballots) } : r);
  let result: OpenResult | null = null;
  if (stated.kind === 'synthesis') {
    // Who holds which position is not on the page: the groups stay empty, the counts as stated.
    result = withRanking({ label: stated.label, answer: stated.answer, agreed: stated.agreed, panelSize: stated.panelSize, counterpoint, groups: [] });
  } else if (stated.kind === 'none') {
    const groups = groupsByWording(turns);
    if (groups.length === 0) p.fail(answerIndex, `"${NO_SYNTHESIS}" counts the answers shown, but no response gives one; write "${NO_ANSWERS}"`);
    result = withRanking(computeOpenResult(groups, models, null, null));
  }

  const transcript: Transcript = {
    format: TRANSCRIPT_FORMAT,
    version: TRANSCRIPT_VERSION,
    id: `imported-${createHash('sha256').update(p.lines.join('\n')).digest('hex').slice(0, 16)}`,
    motion: question,
    options: [],
    open: true,
    mode: kind === 'Poll' ? 'poll' : 'debate',
    ...(kind === 'Council' ? { protocol: 'council' as const } : {}),
    status,
    source: 'imported',
    startedAt: null,
    finishedAt: null,
    panel,
    judge: null,
    rounds: turns.length ? [{ number: 1, turns }] : [],
    result,
    judgement: null,
  };
  if (status === 'failed' && statusDetail) transcript.error = statusDetail;
  if (stopped) transcript.stopReason = statusDetail ?? 'stopped early';

  // The answer line keeps the page's own wording where it says the same as roundtable's would.
  const written = answerLine(result);
  if (p.at(answerIndex) !== written) transcript.importedWording = { [written]: p.at(answerIndex) };

  if (summaryIndex >= 0) {
    let pointsIndex = -1;
    for (let i = summaryIndex + 1; i < p.lines.length; i++) if (p.at(i) === HEADINGS.turningPoints) pointsIndex = i;
    if (pointsIndex < 0) p.fail(p.lines.length, `"${HEADINGS.summary}" is followed by no "${HEADINGS.turningPoints}" section`);
    let summaryEnd = pointsIndex;
    // A "Strongest Arguments" section (a debate page's) may stand between them; an open page has none to keep.
    for (let i = summaryIndex + 1; i < pointsIndex; i++) if (p.at(i) === HEADINGS.strongest) summaryEnd = i;
    const summaryText = p.raw.slice(summaryIndex + 1, summaryEnd).map(unescapeOpenLine).join('\n').trim();
    const summaryMatched = p.lines.slice(summaryIndex + 1, summaryEnd).join('\n').trim();
    const turningPoints: string[] = [];
    for (let i = pointsIndex + 1; i < p.lines.length; i++) {
      const line = p.at(i);
      if (line.trim() === '') continue;
      if (!line.startsWith('- ')) p.expect(i, 'a turning point ("- …")');
      turningPoints.push(p.text(i).slice(2).trim());
    }
    transcript.judgement = {
      answer: result?.answer ?? '',
      groups: [],
      counterpoint,
      summary: summaryMatched === NO_SUMMARY ? '' : summaryText,
      turningPoints,
    };
  }

  const valid = TranscriptSchema.safeParse(transcript);
  if (!valid.success) throw new UsageError(`${path} does not make a valid transcript: ${formatZodIssues(valid.error.issues, transcriptField)}.`);
  return valid.data;
}
