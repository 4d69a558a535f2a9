/** The renderers of a fleet's access review and of its comparison with an earlier one, in every format of `audit`. */
export { renderFleetAuditCsv } from '../audit/csv.js';
export { renderFleetAuditHtml } from '../audit/html.js';
export { renderFleetComparisonMarkdown, renderFleetComparisonText } from './audit-comparison.js';
export { renderFleetAuditJson, renderFleetComparisonJson } from './audit-json.js';
export { renderFleetAuditMarkdown } from './audit-markdown.js';
export { renderFleetAuditErrors, renderFleetAuditText } from './audit-text.js';
