/** The access review's formats: each takes the report (or a comparison) and returns a string. */
export { renderAuditCsv } from './csv.js';
export { renderAuditHtml } from './html.js';
export { renderAuditJson, renderComparisonJson } from './json.js';
export { renderAuditMarkdown } from './markdown.js';
export { renderAuditText } from './text.js';
export { renderComparisonMarkdown } from './comparison-markdown.js';
export { renderComparisonText } from './comparison-text.js';
export { changeCount } from './comparison-words.js';
