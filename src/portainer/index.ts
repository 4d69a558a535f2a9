/** The Portainer client: the only way the tool talks to Portainer. */
export { PortainerClient, type ClientOptions } from './client.js';
export type { Created, Removed } from './answers.js';
export type { ClientAuth } from './credentials.js';
export { isForbidden, isInvalidCredentials, outcomeUnknown, PortainerError, type PortainerErrorKind } from './errors.js';
export { pacingDirectory, resetPacing, serverFileFor } from './pacing-registry.js';
export { isLoopbackHost, serverKeyOf } from './server-identity.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export type { TlsOptions } from './tls.js';
export { nameOf, type GivenAs } from './given-as.js';
export type { RedactedExchange, RequestEvent } from './transport.js';
export { normaliseTarget, PortainerUrlError } from './url.js';
export type { MembershipInput } from './teams.js';
export type { ApiKeyInfo, InstanceStatus, Membership, PublicSettings, Role, Team, TeamMembership, TeamRole, UserSummary } from './wire.js';
export { ENVIRONMENT_PAGE_SIZE, type AccessUpdated, type EnvironmentPage } from './environments.js';
export type { AccessPolicy, AccessUpdate, Environment, EnvironmentGroup, EnvironmentRole } from './wire-environments.js';
export type { EffectiveAccess } from './effective-access.js';
