/** The fleet file: which Portainers one repository manages (schema, load with positions, selection). */
export { FleetError, loadFleet, type FleetCredentials, type FleetTarget, type LoadedFleet } from './load.js';
export { parseFleetText } from './parse.js';
export { fleetSchema, TARGET_NAME, type Fleet } from './schema.js';
export { selectTargets } from './select.js';
