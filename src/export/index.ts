/** Onboarding: the server's users, roles, readable keys and teams as a manifest. */
export { exportManifest, exportManifestWithCounts, type ExportedCounts } from './export-manifest.js';
export { exportTeams, type ExportedTeam, type ExportedTeams } from './export-teams.js';
export { ADMIN_PASSWORD_ENV, passwordEnvNames } from '../manifest/env-names.js';
export { readServerForExport, type ReadServerOptions } from './read-server.js';
