/** The renderers of a fleet's plans and drift: text, JSON and one markdown comment. */
export { renderFleetDriftErrors, renderFleetDriftText, fleetDriftVerdict } from './drift-text.js';
export { renderFleetDriftJson, renderFleetPlanJson } from './json.js';
export { renderFleetDriftMarkdown, renderFleetPlanMarkdown } from './markdown.js';
export { renderFleetPlanErrors, renderFleetPlanText } from './plan-text.js';
