import { createHash } from 'node:crypto';
import type { AuditReport } from '../../audit/index.js';
import { escapeHtml } from '../markdown-escape.js';
import { MATRIX_SCRIPT } from './html-script.js';
import { matrixDataOf } from './html-matrix.js';

/**
 * The review as one self-contained page: inline style and script, the data
 * embedded as JSON, no font, image, script or request to any address. Its
 * Content-Security-Policy allows exactly the page's own style and script
 * (by hash) and nothing else, so even a name crafted to break out of its
 * place could neither run nor fetch anything.
 */
const STYLE = `
:root { color-scheme: light; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; }
body { margin: 0; padding: 16px 20px; }
h1 { font-size: 18px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 20px 0 8px; }
.meta { color: #59636e; margin: 0 0 12px; }
.filters { display: flex; gap: 12px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.filters input { font: inherit; padding: 4px 8px; border: 1px solid #d1d9e0; border-radius: 6px; width: 220px; }
#shown { color: #59636e; }
#matrix { overflow: auto; max-height: calc(100vh - 190px); min-height: 120px; border: 1px solid #d1d9e0; border-radius: 6px; }
#matrix-table { border-collapse: separate; border-spacing: 0; table-layout: fixed; }
#matrix-table th, #matrix-table td { height: 26px; padding: 0 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; border-bottom: 1px solid #eff2f5; box-sizing: border-box; }
#matrix-table thead th { position: sticky; top: 0; z-index: 2; background: #f6f8fa; border-bottom: 1px solid #d1d9e0; text-align: left; font-weight: 600; }
#matrix-table th.environment, #matrix-table td.cell { width: 120px; min-width: 120px; max-width: 120px; }
#matrix-table th.user, #matrix-table th.corner { position: sticky; left: 0; width: 200px; min-width: 200px; max-width: 200px; background: #fff; text-align: left; border-right: 1px solid #d1d9e0; z-index: 1; }
#matrix-table th.corner { z-index: 3; background: #f6f8fa; }
#matrix-table th.user.admin { font-style: italic; }
#matrix-table .spacer { padding: 0; border: 0; }
#matrix-table tr.spacer-row td, #matrix-table tr.spacer-row { padding: 0; border: 0; }
td.cell { font-size: 12px; }
td.r-administrator { background: #fbe3e4; color: #82071e; }
td.r-environment-admin { background: #ffebe9; color: #a40e26; }
td.r-operator { background: #fff1e5; color: #953800; }
td.r-helpdesk { background: #fff8c5; color: #7d4e00; }
td.r-standard, td.r-access { background: #dafbe1; color: #116329; }
td.r-read-only { background: #ddf4ff; color: #0550ae; }
td.r-other { background: #fbefff; color: #6e40c9; }
#keys { border-collapse: collapse; }
#keys th, #keys td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid #eff2f5; }
#keys tr.stale td { color: #953800; font-weight: 600; }
#keys tr.unreadable td { color: #59636e; font-style: italic; }
`;

export function renderAuditHtml(report: AuditReport): string {
  const data = embeddedJson(matrixDataOf(report));
  const policy = [
    "default-src 'none'",
    `script-src '${sha256(MATRIX_SCRIPT)}'`,
    `style-src '${sha256(STYLE)}'`,
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  const title = `Access review of ${report.target}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(policy)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta"><span id="summary"></span>${report.instanceId ? ` Instance ${escapeHtml(report.instanceId)}.` : ''} Hover a cell to see where its access comes from.</p>
<div class="filters">
<label>Users <input id="filter-users" type="search" placeholder="name or team" autocomplete="off"></label>
<label>Environments <input id="filter-environments" type="search" placeholder="name" autocomplete="off"></label>
<span id="shown"></span>
</div>
<div id="matrix"><table id="matrix-table"></table></div>
<h2>API keys</h2>
<table id="keys"><thead><tr><th>User</th><th>Description</th><th>Created</th><th>Last used</th><th>Stale</th></tr></thead><tbody id="keys-body"></tbody></table>
<script type="application/json" id="audit-data">${data}</script>
<script>${MATRIX_SCRIPT}</script>
</body>
</html>
`;
}

function sha256(content: string): string {
  return `sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}`;
}

/** JSON that cannot end its script element or open a comment: every <, > and & is a \\u escape, and so are the line separators. */
function embeddedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function attribute(value: string): string {
  return escapeHtml(value).replace(/"/g, '&quot;');
}
