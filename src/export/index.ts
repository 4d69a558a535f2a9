/** Onboarding: the server's users, roles and readable keys as a manifest. */
export { exportManifest } from './export-manifest.js';
export { ADMIN_PASSWORD_ENV, passwordEnvNames } from './env-names.js';
export { readServerForExport, type ReadServerOptions } from './read-server.js';
