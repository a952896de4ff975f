// The report page: one self-contained HTML file. Styles and the one small script are inline, the
// pictures are inline SVG, and a Content-Security-Policy forbids every request (default-src 'none'),
// so opening the file fetches nothing. The whole page passes through the redactor on the way out.
import { createHash } from 'node:crypto';
import { redactSecrets } from '../util/redact.js';
import { STYLE, SCRIPT } from './style.js';
import { escapeHtml } from './text.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

export function page(title: string, body: string, subtitle: string): string {
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${sha256(SCRIPT)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="roundtable report">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header class="page"><b>roundtable</b> · ${escapeHtml(subtitle)}</header>
${body}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
  return redactSecrets(html);
}
