/** The Portainer client: the only way the tool talks to Portainer. */
export { PortainerClient, type ClientOptions } from './client.js';
export type { Created, Removed } from './calls/answers.js';
export type { ClientAuth } from './credentials.js';
export { isForbidden, isInvalidCredentials, outcomeUnknown, PortainerError, type PortainerErrorKind } from './errors.js';
export { pacingDirectory, resetPacing, serverFileFor } from './pacing/pacing-registry.js';
export { isLoopbackHost, serverKeyOf } from './pacing/server-identity.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './transport/retry.js';
export type { TlsOptions } from './network/tls.js';
export { nameOf, type GivenAs } from './network/given-as.js';
export type { RedactedExchange, RequestEvent } from './transport/transport.js';
export { normaliseTarget, PortainerUrlError } from './network/url.js';
export type { MembershipInput } from './calls/teams.js';
export type { ApiKeyInfo, InstanceStatus, Membership, PublicSettings, Role, Team, TeamMembership, TeamRole, UserSummary } from './wire/wire.js';
export { ENVIRONMENT_PAGE_SIZE, type AccessUpdated, type EnvironmentPage } from './calls/environments.js';
export type { AccessPolicy, AccessUpdate, Environment, EnvironmentGroup, EnvironmentRole } from './wire/wire-environments.js';
export type { EffectiveAccess } from './calls/effective-access.js';
