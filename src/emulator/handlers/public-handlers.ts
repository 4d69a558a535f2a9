import { METHOD_NUMBER } from '../auth/directory.js';
import { json } from '../http/reply.js';
import type { Handler } from '../stores/state.js';

/** The version the emulator speaks: where Portainer versions differ it follows 2.45. */
export const PORTAINER_VERSION = '2.45.0';

/** GET /status and /system/status. */
export const status: Handler = (state) => json({ Version: PORTAINER_VERSION, InstanceID: state.settings.instanceId });

/**
 * GET /settings/public (settings_public.go, plus `RequiresSetupToken` from
 * 2.44): the authentication method and team sync as configured, no edge compute.
 */
export const publicSettings: Handler = (state) =>
  json({
    LogoURL: '',
    AuthenticationMethod: METHOD_NUMBER[state.settings.auth.method],
    RequiredPasswordLength: state.settings.minPasswordLength,
    RequiresSetupToken: state.settings.setupToken !== undefined,
    GlobalDeploymentOptions: { hideStacksFunctionality: false },
    EnableEdgeComputeFeatures: false,
    Features: {},
    OAuthLoginURI: '',
    OAuthLogoutURI: '',
    EnableTelemetry: false,
    KubeconfigExpiry: '0',
    TeamSync: state.settings.auth.teamSync,
    IsAMTEnabled: false,
    Edge: { PingInterval: 60, SnapshotInterval: 60, CommandInterval: 60, CheckinInterval: 5 },
    IsDockerDesktopExtension: false,
  });
