// One debate's section of the report, as HTML. Every text is cleaned and escaped here (text.ts);
// the pictures come from Vega as SVG.
import { closedJudgement, closedResult, councilDecision, isOpenTranscript, judgeNamer, namedPanelists, namedResponses } from '../core/result.js';
import { openSection } from './open-section.js';
import { callBars, type DebateModel, debateModel, NO_VOTE, optionColor, seatUsage } from './debate-model.js';
import { rankingSvg, seatCostSvg, tallySvg, timelineSvg, usageSvg } from './debate-charts.js';
import { clean, escapeHtml, inline, prose } from './text.js';
import type { ReportTranscript, Transcript } from './types.js';
import { MOCK_MARKER } from '../transcript/text-format.js';
import { voteFlowSvg } from './vote-flow.js';

export const dot = (color: string) => `<span class="dot" style="background:${color}"></span>`;

function voteHtml(option: number | null, vote: string, changed: boolean): string {
  return `<span class="vote${changed ? ' changed' : ''}">${dot(optionColor(option))}${escapeHtml(vote)}${changed ? ' ↻' : ''}</span>`;
}

/** Four decimals, as the cost charts and the batch figures write it. */
export const usd = (n: number | null) => (n === null ? '—' : `$${n.toFixed(4)}`);
export const int = (n: number) => n.toLocaleString('en-US');
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function panelTable(m: DebateModel): string {
  const last = m.cells.at(-1);
  const rows = m.seats
    .map((s, i) => {
      const cell = last?.[i];
      return `<tr><td class="name">${escapeHtml(s.name)}</td><td class="name">${escapeHtml(s.model)}</td><td class="prov">${escapeHtml(s.provider)}</td><td>${cell ? voteHtml(cell.option, cell.vote, cell.changed) : '—'}</td></tr>`;
    })
    .join('\n');
  return `<div class="scroll"><table class="panel"><thead><tr><th>Seat</th><th>Model</th><th class="prov">Provider</th><th>Final vote</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function voteGrid(m: DebateModel): string {
  const head = m.rounds.map((r) => `<th>Round ${r}</th>`).join('');
  const rows = m.seats
    .map(
      (s, i) =>
        `<tr><td class="name">${escapeHtml(s.name)}</td>${m.cells
          .map((row) => {
            const c = row[i]!;
            return `<td data-seat="${escapeHtml(s.id)}" data-round="${c.round}" data-vote="${escapeHtml(c.vote)}"${c.changed ? ' data-changed="true"' : ''}>${voteHtml(c.option, c.vote, c.changed)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  return `<div class="scroll"><table class="grid"><thead><tr><th>Seat</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function judgeHtml(t: ReportTranscript, m: DebateModel): string {
  const j = t.judgement;
  const by = t.judge ? ` <span class="note">by ${inline(t.judge.name)}${t.judge.model ? ` (${inline(t.judge.model)})` : ''}</span>` : '';
  if (!j) {
    const why = t.judgeError ? `The judge gave no judgement: ${inline(t.judgeError)}` : 'No judgement in this transcript.';
    return `<h3>Judge${by}</h3><p class="note">${why}</p>`;
  }
  // Under --anonymize the judge read the panel by the last round's letters.
  const named = judgeNamer(t);
  const strongest = Object.entries(closedJudgement(j)?.strongestArguments ?? {})
    .map(([option, text]) => {
      const i = t.options.indexOf(option);
      return `<dt>${dot(optionColor(i >= 0 ? i : null))} ${inline(option)}</dt><dd>${inline(named(text))}</dd>`;
    })
    .join('\n');
  const turning = j.turningPoints.map((p) => `<li>${inline(named(p))}</li>`).join('\n');
  return `<h3>Judge${by}</h3><div class="judge">${prose(named(j.summary))}
${strongest ? `<h4>Strongest arguments</h4><dl>${strongest}</dl>` : ''}
${turning ? `<h4>Turning points</h4><ol>${turning}</ol>` : ''}</div>`;
}

type ReportTurn = ReportTranscript['rounds'][number]['turns'][number];

/** A turn's call in a line: its time, retries, re-asks and tokens (the same for a vote and an answer). */
export function turnMeta(turn: ReportTurn): string {
  return [
    turn.latencyMs !== null ? `${(turn.latencyMs / 1000).toFixed(1)} s` : '',
    turn.retries?.length ? plural(turn.retries.length, 'retry', 'retries') : '',
    turn.reasks?.length ? `asked again ${turn.reasks.length}×` : '',
    turn.usage ? `${int(turn.usage.inputTokens)} in / ${int(turn.usage.outputTokens)} out` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A turn's text: its argument (named as written), or its error when it gave none. */
export function turnBody(turn: ReportTurn, argument: string): string {
  if (turn.error !== null && !turn.argument.trim()) return `<p class="err">No answer: ${inline(turn.error)}</p>`;
  return `${prose(argument)}${turn.error !== null ? `<p class="err">${inline(turn.error)}</p>` : ''}`;
}

function argumentsHtml(m: DebateModel, t: ReportTranscript): string {
  const byId = new Map(t.panel.map((p) => [p.id, p.name]));
  return m.cells
    .map((row, r) => {
      const letters = t.rounds.find((x) => x.number === m.rounds[r])?.letters;
      const items = row
        .filter((c) => c.turn !== null)
        .map((c) => {
          const turn = c.turn!;
          const ranking = turn.ranking?.length
            ? `<p class="note">Ranking: ${turn.ranking.map((id, k) => `${k + 1}. ${inline(byId.get(id) ?? id)}`).join(' · ')}</p>`
            : '';
          const argument = namedPanelists(t.panel, turn.ranking ? namedResponses(t.panel, turn.argument, turn.shown) : turn.argument, letters);
          const body = turnBody(turn, argument);
          const retries = turn.retries?.length
            ? `<p class="note">Retries: ${turn.retries.map((x) => `attempt ${x.attempt}: ${inline(x.reason)} (waited ${(x.delayMs / 1000).toFixed(1)} s)`).join('; ')}</p>`
            : '';
          return `<details><summary><span class="seatname">${escapeHtml(c.seat.name)}</span>${voteHtml(c.option, c.vote, c.changed)}${c.changed ? `<span class="note">${c.previous !== null ? `from ${escapeHtml(c.previous)}` : 'changed mind'}</span>` : ''}<span class="note">${escapeHtml(turnMeta(turn))}</span></summary><div class="body">${body}${ranking}${retries}</div></details>`;
        })
        .join('\n');
      return `<div class="round-title">Round ${m.rounds[r]}</div>\n${items || '<p class="note">No turns.</p>'}`;
    })
    .join('\n');
}

export async function timelineHtml(m: DebateModel): Promise<string> {
  const { bars, rounds, timed } = callBars(m);
  if (!timed) return '<h3>Calls</h3><p class="note">This transcript records no call timings (an imported debate), so there is no timeline.</p>';
  const retries = bars.reduce((a, b) => a + b.retries, 0);
  return `<h3>Calls</h3><figure class="timeline">${await timelineSvg(m, bars, rounds)}<figcaption>One bar per call per round. Transcripts record how long each call took (retries and their backoff included) but not when it started, so every call of a round is drawn from the round’s start, and a round starts when the slowest call of the one before ends. The slowest call of each round (red) is the critical path; amber is time spent waiting before a retry, drawn at the start of the call because the transcript does not say when the wait fell; ↻ counts retries and re-asks (${plural(retries, 'retry', 'retries')} in all).</figcaption></figure>`;
}

export async function usageHtml(t: ReportTranscript, m: DebateModel): Promise<string> {
  const usage = seatUsage(t, m);
  const any = usage.some((u) => u.hasUsage);
  const priced = usage.some((u) => u.costUsd !== null);
  const rows = usage
    .map(
      (u) =>
        `<tr><td class="name">${escapeHtml(u.seat.name)}</td><td class="num">${u.calls}</td><td class="num">${u.hasUsage ? int(u.inputTokens) : '—'}</td><td class="num">${u.hasUsage ? int(u.cachedInputTokens) : '—'}</td><td class="num">${u.hasUsage ? int(u.outputTokens) : '—'}</td><td class="num">${u.hasUsage ? int(u.reasoningTokens) : '—'}</td><td class="num">${usd(u.costUsd)}</td></tr>`,
    )
    .join('\n');
  const judgeTokens = t.judgeUsage ?? null;
  const sum = (f: (u: (typeof usage)[number]) => number, judge: number) => int(usage.reduce((a, u) => a + f(u), 0) + judge);
  const total = t.cost?.usd ?? (priced ? usage.reduce((a, u) => a + (u.costUsd ?? 0), 0) : null);
  const judgeCost = t.cost?.judge ?? null;
  const judgeRow = t.judgeUsage || judgeCost !== null
    ? `<tr><td class="name">Judge</td><td class="num">1</td><td class="num">${t.judgeUsage ? int(t.judgeUsage.inputTokens) : '—'}</td><td class="num">${t.judgeUsage ? int(t.judgeUsage.cachedInputTokens ?? 0) : '—'}</td><td class="num">${t.judgeUsage ? int(t.judgeUsage.outputTokens) : '—'}</td><td class="num">${t.judgeUsage ? int(t.judgeUsage.reasoningTokens ?? 0) : '—'}</td><td class="num">${usd(judgeCost)}</td></tr>`
    : '';
  const table = `<div class="scroll"><table class="usage"><thead><tr><th>Seat</th><th class="num">Calls</th><th class="num">Input</th><th class="num">cached</th><th class="num">Output</th><th class="num">reasoning</th><th class="num">Cost</th></tr></thead><tbody>${rows}${judgeRow}
<tr><th>Total</th><th></th><th class="num">${sum((u) => u.inputTokens, judgeTokens?.inputTokens ?? 0)}</th><th class="num">${sum((u) => u.cachedInputTokens, judgeTokens?.cachedInputTokens ?? 0)}</th><th class="num">${sum((u) => u.outputTokens, judgeTokens?.outputTokens ?? 0)}</th><th class="num">${sum((u) => u.reasoningTokens, judgeTokens?.reasoningTokens ?? 0)}</th><th class="num">${usd(total)}</th></tr></tbody></table></div>`;
  const note = total === null && judgeCost === null
    ? '<p class="note">No cost recorded in this transcript (an unpriced model, or a run from before costs were kept).</p>'
    : t.source === 'mock'
      ? '<p class="note">A mock run: the cost is what it would have cost live (real prices, stand-in token counts).</p>'
      : '';
  const costChart = priced ? `<figure data-picture="cost">${await seatCostSvg(usage, judgeCost)}<figcaption>Cost per seat${judgeCost !== null ? ' and the judge' : ''}, in USD${t.cost?.usd != null ? ` ($${t.cost.usd.toFixed(4)} for the run)` : ''}.</figcaption></figure>` : '';
  if (!any) return `<div class="usage-block"><h3>Tokens and cost</h3>${table}<p class="note">This transcript records no token usage.</p>${total !== null ? note : ''}</div>`;
  return `<div class="usage-block"><h3>Tokens and cost</h3><figure data-picture="tokens">${await usageSvg(usage)}</figure>${costChart}${table}${note}</div>`;
}

export async function rankingHtml(t: ReportTranscript): Promise<string> {
  const ranking = t.result?.ranking;
  const anyTurn = t.rounds.some((r) => r.turns.some((x) => x.ranking?.length));
  if (!ranking?.length && !anyTurn) return '';
  const byId = new Map(t.panel.map((p) => [p.id, p.name]));
  const name = (id: string) => inline(byId.get(id) ?? id);
  let html = '<h3>Council ranking</h3>';
  if (ranking?.length) {
    html += `<figure data-picture="ranking">${await rankingSvg(ranking.map((r) => ({ name: clean(byId.get(r.debater) ?? r.debater), points: r.points, firsts: r.firsts })))}<figcaption>The council’s aggregate ranking: Borda points over every seat’s ranking of the others, ties broken by first places.</figcaption></figure>`;
  }
  const ballots = t.rounds
    .flatMap((r) => r.turns.filter((x) => x.ranking?.length).map((x) => `<tr><td>Round ${r.number}</td><td class="name">${name(x.debater)}</td><td class="name">${x.ranking!.map((id, k) => `${k + 1}. ${name(id)}`).join(' · ')}</td></tr>`))
    .join('\n');
  if (ballots) html += `<div class="scroll"><table><thead><tr><th>Round</th><th>Seat</th><th>Its ranking, best first</th></tr></thead><tbody>${ballots}</tbody></table></div>`;
  return html;
}

/** A batch question's known answer, and whether the panel's result found it. */
function answerBadge(t: ReportTranscript): string {
  if (t.answer === undefined) return '';
  const winner = closedResult(t.result)?.winner ?? null;
  const verdict = t.status !== 'complete' ? 'not finished' : winner === t.answer ? 'the result is right' : winner === null ? 'no single winner' : 'the result is wrong';
  return `<span class="badge${winner === t.answer ? '' : ' warn'}">answer ${inline(t.answer)} · ${verdict}</span>`;
}

/** A council's headline: its decision (the answer ranked first), above the blind answers' result. */
function decisionLine(t: ReportTranscript): string {
  const decision = councilDecision(t as unknown as Transcript);
  return decision ? `<p class="result">${escapeHtml(decision)}</p>\n` : '';
}

export async function debateSection(t: ReportTranscript, id: string, headingLevel: 'h1' | 'h2', first = true): Promise<string> {
  if (isOpenTranscript(t)) return openSection(t, id, headingLevel, first);
  const m = debateModel(t);
  const status = t.status !== 'complete' ? `<span class="badge warn">${escapeHtml(t.status)}${t.error ? `: ${inline(t.error)}` : ''}</span>` : '';
  const badges = [
    `<span class="badge">${escapeHtml(m.source)}</span>`,
    m.protocol !== 'roundtable' ? `<span class="badge">${inline(m.protocol)}</span>` : '',
    `<span class="badge">${plural(m.rounds.length, 'round')}${t.plannedRounds && t.plannedRounds !== m.rounds.length ? ` of ${t.plannedRounds}` : ''}</span>`,
    `<span class="badge">${plural(m.seats.length, 'seat')}</span>`,
    t.batch ? `<span class="badge">${inline(t.batch.question)} · repeat ${t.batch.repeat}</span>` : '',
    answerBadge(t),
    t.startedAt ? `<span class="badge">${inline(t.startedAt)}</span>` : '',
    status,
  ].join('');
  const options = m.options.map((o, i) => `<span class="chip">${dot(optionColor(i))}${escapeHtml(o)}</span>`).join('');
  const changes = m.cells.flat().filter((c) => c.changed).length;
  const picture = m.rounds.length ? await voteFlowSvg(m) : null;
  const flow = picture
    ? `<figure class="flow scroll" data-picture="vote-flow" style="--flow-w:${picture.width}px">${picture.svg}</figure><figcaption>Each column is a round; each seat sits in the block of the option it voted for. Bands follow each seat from one round to the next; a band in full colour, a dark border and ↻ mark a changed mind (${plural(changes, 'change')} in all).${m.cells.flat().some((c) => c.option === null) ? ` “${NO_VOTE}”: the seat gave no valid vote that round.` : ''}</figcaption>`
    : '<p class="note">No rounds were recorded.</p>';
  const heading = headingLevel === 'h1' ? `<h1 id="${id}">${escapeHtml(m.motion)}</h1>` : `<h2 id="${id}"${first ? ' class="first"' : ''}>${escapeHtml(m.motion)}</h2>`;
  // A mock run's banner: its replies are the offline stand-in's, not the named models'.
  const banner = t.source === 'mock' ? `<p class="mock-banner" role="note">${escapeHtml(MOCK_MARKER)}</p>\n` : '';
  return `<section class="debate" data-debate="${escapeHtml(t.id)}">
${heading}
${banner}${decisionLine(t)}<p class="result">${escapeHtml(m.resultLine)}</p>
<div class="badges">${badges}</div>
<div class="chips">${options}</div>
<h3>Panel</h3>
${panelTable(m)}
<h3>Vote flow</h3>
${flow}
${m.rounds.length ? `<h3>Tally per round</h3><figure>${await tallySvg(m)}</figure><h3>Votes by round</h3>${voteGrid(m)}` : ''}
${await rankingHtml(t)}
${judgeHtml(t, m)}
<h3>Arguments</h3>
${argumentsHtml(m, t)}
${await timelineHtml(m)}
${await usageHtml(t, m)}
</section>`;
}
