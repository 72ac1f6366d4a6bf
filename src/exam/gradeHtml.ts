// The student's report as a standalone HTML page: the Markdown report's content, every text escaped
// (answers and names come from the submission, which is untrusted), no script and no remote load.
import type { Grade } from './grade';
import type { Scheme } from './gradeScheme';
import { marks, reportOutline } from './gradeReport';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.pts{white-space:nowrap;text-align:right}.v-correct,.v-rounding{color:#1a7f37}.v-wrong,.v-blank{color:#cf222e}
.v-carried-forward,.v-convention,.v-transposed{color:#9a6700}code{font-size:90%}.flags{background:#fff8c5;padding:.5rem 1rem}`;

export function htmlReport(g: Grade, scheme: Scheme): string {
  const r = reportOutline(g, scheme);
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escape(r.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escape(r.title)}</h1>`,
  ];
  if (r.flags.length) {
    parts.push('<div class="flags"><p><strong>The question was changed</strong> (every answer is graded with the key’s values):</p><ul>');
    for (const f of r.flags) parts.push(`<li>${escape(f)}</li>`);
    parts.push('</ul></div>');
  }
  for (const q of r.questions) {
    parts.push(
      `<h2>${escape(q.question)}</h2><table><thead><tr><th>check</th><th>your answer</th><th>mark</th><th>reason</th></tr></thead><tbody>`,
    );
    for (const a of q.answers) {
      parts.push(
        `<tr><td><code>${escape(a.check)}</code></td><td><code>${escape(a.answer || '—')}</code></td>` +
          `<td class="pts">${marks(a.points, a.max)}</td><td class="v-${a.verdict}">${escape(a.reason)}</td></tr>`,
      );
    }
    parts.push('</tbody></table>');
  }
  if (r.notes.length) parts.push('<h2>Notes</h2><ul>', ...r.notes.map((n) => `<li>${escape(n)}</li>`), '</ul>');
  parts.push(`<p><small>${escape(r.scheme)}</small></p>`, '</body></html>', '');
  return parts.join('\n');
}
