// The page's own styles and its one script (open every argument before printing), inline.
export const STYLE = `
:root { --ink:#202124; --muted:#5f6368; --line:#dadce0; --soft:#f1f3f4; --accent:#1a73e8; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 980px; margin: 0 auto; padding: 20px 16px 64px; }
header.page { border-bottom: 1px solid var(--line); margin-bottom: 8px; padding-bottom: 8px; color: var(--muted); font-size: 13px; }
header.page b { color: var(--ink); }
h1 { font-size: 26px; line-height: 1.25; margin: 18px 0 6px; overflow-wrap: anywhere; }
h2 { font-size: 20px; margin: 34px 0 8px; padding-top: 12px; border-top: 1px solid var(--line); overflow-wrap: anywhere; }
h3 { font-size: 16px; margin: 24px 0 8px; }
p { margin: 6px 0; }
a { color: var(--accent); }
.result { font-size: 19px; font-weight: 650; margin: 4px 0 10px; }
.badges { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0 12px; }
.badge { font-size: 12px; padding: 2px 8px; border-radius: 999px; background: var(--soft); color: var(--muted); border: 1px solid var(--line); }
.badge.warn { background: #fef7e0; color: #8a5a00; border-color: #f9d77e; }
.mock-banner { margin: 6px 0 10px; padding: 8px 12px; border-radius: 6px; background: #fef7e0; color: #5c3c00; border: 1px solid #f9d77e; font-weight: 600; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0; }
.chip { display: inline-flex; align-items: center; gap: 6px; font-size: 13px; padding: 2px 10px 2px 6px; border-radius: 999px; border: 1px solid var(--line); overflow-wrap: anywhere; }
.dot { width: 10px; height: 10px; border-radius: 50%; display: inline-block; flex: none; }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; font-size: 13.5px; min-width: 100%; }
th, td { text-align: left; padding: 5px 10px 5px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.name { overflow-wrap: anywhere; min-width: 8em; }
.vote { display: inline-flex; align-items: center; gap: 5px; white-space: nowrap; }
.changed { font-weight: 700; }
figure { margin: 10px 0 4px; overflow-x: auto; -webkit-overflow-scrolling: touch; }
figure svg { display: block; height: auto; width: 100%; max-width: var(--w, 100%); min-width: calc(var(--w, 0px) * .75); }
figure.flow svg { width: min(100%, calc(var(--flow-w) * 1.25)); min-width: calc(var(--flow-w) * .75); max-width: none; }
figcaption, .note { color: var(--muted); font-size: 12.5px; margin-top: 4px; }
.judge { background: #f8f9fa; border: 1px solid var(--line); border-radius: 10px; padding: 12px 16px; }
.judge dl { margin: 6px 0; }
.judge dt { font-weight: 650; margin-top: 8px; }
.judge dd { margin: 2px 0 0 18px; overflow-wrap: anywhere; }
.judge ol { padding-left: 22px; margin: 6px 0; }
details { border: 1px solid var(--line); border-radius: 8px; margin: 6px 0; background: #fff; }
details > summary { cursor: pointer; padding: 8px 12px; display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: center; list-style-position: outside; }
details > summary::-webkit-details-marker { display: none; }
details > summary::before { content: "▸"; color: var(--muted); }
details[open] > summary::before { content: "▾"; }
details > .body { padding: 0 14px 10px; overflow-wrap: anywhere; }
.seatname { font-weight: 650; overflow-wrap: anywhere; }
.err { color: #a50e0e; }
.round-title { margin: 14px 0 4px; font-weight: 650; color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: .04em; }
.grid td { white-space: nowrap; }
.mark { color: #8a5a00; font-weight: 700; white-space: nowrap; }
.answers td { min-width: 12em; overflow-wrap: anywhere; }
.answers td.changed { background: #fef7e0; }
.synthesis { font-size: 16px; }
ol.positions { padding-left: 22px; margin: 6px 0; }
ol.positions li { margin: 6px 0; overflow-wrap: anywhere; }
.answer { font-weight: 600; overflow-wrap: anywhere; }
/* A batch page holds many debates: the browser lays out and paints only those near the screen. */
section.batch ~ section.debate { content-visibility: auto; contain-intrinsic-size: auto 3600px; }
nav.toc { background: #f8f9fa; border: 1px solid var(--line); border-radius: 10px; padding: 8px 16px; }
nav.toc ol { margin: 6px 0; padding-left: 22px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 8px; margin: 10px 0; }
.stat { border: 1px solid var(--line); border-radius: 10px; padding: 8px 12px; }
.stat b { display: block; font-size: 20px; }
.stat span { color: var(--muted); font-size: 12px; }
@media (max-width: 600px) {
  body { font-size: 14.5px; }
  main { padding: 12px 10px 40px; }
  h1 { font-size: 21px; }
  .result { font-size: 17px; }
  .prov { display: none; }
}
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2 { break-before: page; }
  h2.first { break-before: auto; }
  figure, table, details, .judge { break-inside: avoid; }
  section.batch ~ section.debate { content-visibility: visible; }
  figure { overflow: visible; }
  figure svg, figure.flow svg { min-width: 0; }
  .scroll { overflow: visible; }
  .dot, .badge, .chip, .stat, .answers td.changed { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  details > summary::before { content: ""; }
}
`;

/** Opens every argument before printing, and closes again those that were closed. */
export const SCRIPT = `(function(){var opened=[];addEventListener('beforeprint',function(){document.querySelectorAll('details:not([open])').forEach(function(d){d.open=true;opened.push(d);});});addEventListener('afterprint',function(){opened.forEach(function(d){d.open=false;});opened=[];});})();`;
