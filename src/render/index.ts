export { renderPlanErrors, renderPlanText, renderPlanWarnings } from './plan/text.js';
export { renderPlanJson } from './plan/json.js';
export { renderPlanMarkdown } from './plan/markdown.js';
