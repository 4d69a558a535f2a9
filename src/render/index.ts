export { renderPlanErrors, renderPlanText } from './text.js';
export { renderPlanJson } from './json.js';
export { renderPlanMarkdown } from './markdown.js';
