// An open question's section of the report (no options, no votes): where the panel landed (the
// synthesis, how many agreed, the counterpoint and every position with its seats), how the
// positions formed (a flow picture and each seat's answer per round, changed minds marked), the
// judge's summary and turning points, every answer with its argument, the calls and the cost.
// Every text is cleaned and escaped here (text.ts).
import { judgeNamer, namedPanelists, namedResponses } from '../core/result.js';
import { answerFlowSvg } from './answer-flow.js';
import { debateModel } from './debate-model.js';
import { dot, plural, rankingHtml, timelineHtml, turnBody, turnMeta, usageHtml } from './debate-section.js';
import { NO_ANSWER, type OpenModel, openModel, positionColor } from './open-model.js';
import { escapeHtml, inline, prose } from './text.js';
import type { ReportTranscript } from './types.js';

function landingHtml(t: ReportTranscript, m: OpenModel): string {
  const answer = m.answer !== null
    ? `<p class="synthesis"><b>Answer:</b> ${escapeHtml(m.answer)} <span class="note">(${escapeHtml(m.agreement)})</span></p>`
    : `<p class="note">No synthesis: ${t.judge === null ? 'the run had no judge' : t.judgeError ? `the judge gave none (${inline(t.judgeError)})` : 'the judge gave none'}. The positions below are the last answers grouped by their exact wording, nothing more.</p>`;
  const counterpoint = m.counterpoint ? `<p class="counterpoint"><b>Counterpoint:</b> ${inline(m.counterpoint)}</p>` : '';
  const rows = m.positions
    .map(
      (p) =>
        `<li data-position="${p.index}" data-members="${escapeHtml(p.members.map((s) => s.id).join(' '))}"><span class="chip">${dot(p.color)}${plural(p.members.length, 'seat')}</span> <b>${escapeHtml(p.answer)}</b><br><span class="note">${p.members.map((s) => escapeHtml(s.name)).join(', ')}</span></li>`,
    )
    .join('\n');
  const none = m.seats.filter((s) => !m.positionOf.has(s.id));
  const unplaced = none.length ? `<p class="note">In no position (no answer in the last round): ${none.map((s) => escapeHtml(s.name)).join(', ')}.</p>` : '';
  return `<h3>Where the panel landed</h3><div class="judge landing">${answer}${counterpoint}${rows ? `<h4>Positions${m.judged ? ', as the judge grouped them' : ''}</h4><ol class="positions">${rows}</ol>` : ''}${unplaced}</div>`;
}

/** Each seat's answer in every round: a row a seat, a column a round, the cell marked where its mind changed. */
function answerTable(m: OpenModel): string {
  const head = m.rounds.map((r) => `<th>Round ${r}</th>`).join('');
  const rows = m.seats
    .map((s, i) => {
      const p = m.positionOf.get(s.id);
      const cells = m.cells
        .map((row) => {
          const c = row[i]!;
          const shown = c.ballot ? 'ranked the others' : c.answer ?? NO_ANSWER;
          const attrs = `data-seat="${escapeHtml(s.id)}" data-round="${c.round}" data-answer="${escapeHtml(c.answer ?? NO_ANSWER)}"${c.changed ? ' data-changed="true"' : ''}`;
          return `<td ${attrs}${c.changed ? ' class="changed"' : ''}>${c.changed ? '<span class="mark">↻ changed mind</span><br>' : ''}${c.answer === null || c.ballot ? `<span class="note">${escapeHtml(shown)}</span>` : escapeHtml(shown)}</td>`;
        })
        .join('');
      return `<tr><td class="name">${dot(positionColor(p))} ${escapeHtml(s.name)}</td>${cells}</tr>`;
    })
    .join('\n');
  return `<div class="scroll"><table class="answers"><thead><tr><th>Seat</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function panelTable(m: OpenModel): string {
  const last = m.cells.filter((row) => row.some((c) => c.answer !== null)).at(-1);
  const rows = m.seats
    .map((s, i) => {
      const c = last?.[i];
      const p = m.positionOf.get(s.id);
      return `<tr><td class="name">${escapeHtml(s.name)}</td><td class="name">${escapeHtml(s.model)}</td><td class="prov">${escapeHtml(s.provider)}</td><td class="name">${dot(positionColor(p))} ${c?.answer ? escapeHtml(c.answer) : `<span class="note">${NO_ANSWER}</span>`}${c?.changed ? ' <span class="mark">↻</span>' : ''}</td></tr>`;
    })
    .join('\n');
  return `<div class="scroll"><table class="panel"><thead><tr><th>Seat</th><th>Model</th><th class="prov">Provider</th><th>Final answer</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function judgeHtml(t: ReportTranscript): string {
  const by = t.judge ? ` <span class="note">by ${inline(t.judge.name)}${t.judge.model ? ` (${inline(t.judge.model)})` : ''}</span>` : '';
  const j = t.judgement;
  if (!j) return t.judge ? `<h3>Judge${by}</h3><p class="note">${t.judgeError ? `The judge gave no synthesis: ${inline(t.judgeError)}` : 'No synthesis in this transcript.'}</p>` : '';
  const named = judgeNamer(t);
  const turning = j.turningPoints.map((p) => `<li>${inline(named(p))}</li>`).join('\n');
  return `<h3>Judge${by}</h3><div class="judge">${prose(named(j.summary))}${turning ? `<h4>Turning points</h4><ol>${turning}</ol>` : ''}</div>`;
}

function argumentsHtml(t: ReportTranscript, m: OpenModel): string {
  return m.cells
    .map((row, r) => {
      const letters = t.rounds.find((x) => x.number === m.rounds[r])?.letters;
      const items = row
        .filter((c) => c.turn !== null)
        .map((c) => {
          const turn = c.turn!;
          const argument = namedPanelists(t.panel, c.ballot ? namedResponses(t.panel, turn.argument, turn.shown) : turn.argument, letters);
          const body = turnBody(turn, argument);
          const headline = c.ballot ? '<span class="note">ranked the others</span>' : c.answer === null ? `<span class="err">${NO_ANSWER}</span>` : `<span class="answer">${escapeHtml(c.answer)}</span>`;
          return `<details><summary><span class="seatname">${dot(positionColor(m.positionOf.get(c.seat.id)))} ${escapeHtml(c.seat.name)}</span>${c.changed ? '<span class="mark">↻ changed mind</span>' : ''}${headline}<span class="note">${escapeHtml(turnMeta(turn))}</span></summary><div class="body">${body}</div></details>`;
        })
        .join('\n');
      return `<div class="round-title">Round ${m.rounds[r]}</div>\n${items || '<p class="note">No turns.</p>'}`;
    })
    .join('\n');
}

export async function openSection(t: ReportTranscript, id: string, headingLevel: 'h1' | 'h2', first = true): Promise<string> {
  const d = debateModel(t);
  const m = openModel(t, d.seats);
  const kind = t.protocol === 'council' ? 'Open Council' : t.mode === 'poll' ? 'Open Poll' : 'Open Debate';
  const status = t.status !== 'complete' ? `<span class="badge warn">${escapeHtml(t.status)}${t.error ? `: ${inline(t.error)}` : ''}</span>` : '';
  const badges = [
    `<span class="badge">${kind}</span>`,
    `<span class="badge">${escapeHtml(d.source)}</span>`,
    d.protocol !== 'roundtable' ? `<span class="badge">${inline(d.protocol)}</span>` : '',
    `<span class="badge">${plural(m.rounds.length, 'round')}${t.plannedRounds && t.plannedRounds !== m.rounds.length ? ` of ${t.plannedRounds}` : ''}</span>`,
    `<span class="badge">${plural(m.seats.length, 'seat')}</span>`,
    t.batch ? `<span class="badge">${inline(t.batch.question)} · repeat ${t.batch.repeat}</span>` : '',
    t.answer !== undefined ? `<span class="badge">expected answer: ${inline(t.answer)}</span>` : '',
    t.startedAt ? `<span class="badge">${inline(t.startedAt)}</span>` : '',
    status,
  ].join('');
  const changes = m.cells.flat().filter((c) => c.changed).length;
  const picture = await answerFlowSvg(m);
  const flow = picture
    ? `<figure class="flow scroll" data-picture="answer-flow" style="--flow-w:${picture.width}px">${picture.svg}</figure><figcaption>Each column is a round of answers. In the last, each seat sits in the block of the position it landed in${m.judged ? ' (as the judge grouped them)' : ' (answers in the same words; no judge grouped them)'}; in the rounds before, in the block of the answer it gave then (the same words share a block). Each seat keeps its final position’s colour throughout; a band in full colour, a dark border and ↻ mark a changed mind (${plural(changes, 'change')} in all).</figcaption>`
    : '<p class="note">No answers were recorded.</p>';
  const heading = headingLevel === 'h1' ? `<h1 id="${id}">${escapeHtml(d.motion)}</h1>` : `<h2 id="${id}"${first ? ' class="first"' : ''}>${escapeHtml(d.motion)}</h2>`;
  return `<section class="debate open" data-debate="${escapeHtml(t.id)}">
${heading}
<p class="result">${escapeHtml(d.resultLine)}</p>
<div class="badges">${badges}</div>
${landingHtml(t, m)}
<h3>Panel</h3>
${panelTable(m)}
<h3>How the positions formed</h3>
${flow}
${m.rounds.length ? `<h3>Answers by round</h3>${answerTable(m)}` : ''}
${await rankingHtml(t)}
${judgeHtml(t)}
<h3>Answers and arguments</h3>
${argumentsHtml(t, m)}
${await timelineHtml(d)}
${await usageHtml(t, d)}
</section>`;
}
