import { createHash } from 'node:crypto';
import type { AuditReport, FleetAudit } from '../../audit/index.js';
import { escapeHtml } from '../common/markdown-escape.js';
import { printable } from '../common/printable.js';
import { unicodeEscape } from '../../unprintable.js';
import { MATRIX_SCRIPT } from './html-script.js';
import { fleetMatrixDataOf, matrixDataOf, type MatrixData } from './html-matrix.js';
import { STYLE } from './html-style.js';
import { count, summarise, summaryLine } from './summary.js';

/**
 * The review as one self-contained page: inline style and script, the data
 * embedded as JSON, no font, image, script or request to any address. Its
 * Content-Security-Policy allows exactly the page's own style and script
 * (by hash) and nothing else, so even a name crafted to break out of its
 * place could neither run nor fetch anything.
 */
export function renderAuditHtml(report: AuditReport): string {
  const instance = report.instanceId ? ` Instance: ${text(report.instanceId)}.` : '';
  return page({ title: `Access review of ${report.target}`, meta: instance, targets: '', data: matrixDataOf(report) });
}

/**
 * A fleet's review as one page: a table of the targets (each one's URL,
 * instance and summary, or why it failed), then one matrix whose columns are
 * every reviewed target's environments, each named with its target, with a
 * filter for targets beside those for users and environments.
 */
export function renderFleetAuditHtml(fleet: FleetAudit): string {
  return page({ title: `Access review of a fleet of ${count(fleet.summary.targets, 'Portainer')}`, meta: '', targets: targetsTable(fleet), data: fleetMatrixDataOf(fleet) });
}

function targetsTable(fleet: FleetAudit): string {
  const rows = fleet.targets.map((entry) => {
    const cells = [entry.name, entry.url, 'report' in entry ? (entry.report.instanceId ?? '') : '', 'report' in entry ? summaryLine(summarise(entry.report)) : `Failed: ${entry.error}`];
    return `<tr${'error' in entry ? ' class="failed"' : ''}>${cells.map((cell) => `<td>${text(cell)}</td>`).join('')}</tr>`;
  });
  return `<h2>Targets</h2>
<table id="targets"><thead><tr><th>Target</th><th>URL</th><th>Instance</th><th>Review</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
<h2>Access</h2>
`;
}

interface Page {
  title: string;
  /** Escaped HTML after the summary line. */
  meta: string;
  /** Escaped HTML before the filters: a fleet's table of targets. */
  targets: string;
  data: MatrixData;
}

function page({ title, meta, targets, data }: Page): string {
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
  const fleet = data.targets !== undefined;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(policy)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${text(title)}</h1>
<p class="meta"><span id="summary"></span>${meta} Hover a cell to see where its access comes from.</p>
${targets}<div class="filters">
<label>Users <input id="filter-users" type="search" placeholder="name or team" autocomplete="off"></label>
${fleet ? '<label>Targets <input id="filter-targets" type="search" placeholder="name" autocomplete="off"></label>\n' : ''}<label>Environments <input id="filter-environments" type="search" placeholder="name" autocomplete="off"></label>
<span id="shown"></span>
</div>
<div id="matrix"><table id="matrix-table"></table></div>
<h2>API keys</h2>
<table id="keys"><thead><tr>${fleet ? '<th>Target</th>' : ''}<th>User</th><th>Description</th><th>Created</th><th>Last used</th><th>Stale</th></tr></thead><tbody id="keys-body"></tbody></table>
<script type="application/json" id="audit-data">${embeddedJson(data)}</script>
<script>${MATRIX_SCRIPT}</script>
</body>
</html>
`;
}

/** Text from the server, for the page's static HTML: shown, never run, and no control character reaches the page. */
function text(value: string): string {
  return escapeHtml(printable(value));
}

function sha256(content: string): string {
  return `sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}`;
}

/** JSON that cannot end its script element or open a comment: every <, > and & is a \\u escape, and so are the line separators. */
function embeddedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, unicodeEscape);
}

function attribute(value: string): string {
  return escapeHtml(value).replace(/"/g, '&quot;');
}
