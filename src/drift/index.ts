/** Drift detection: a plan, read as how the server differs from the manifest. Pure. */
export { detectDrift } from './detect-drift.js';
export type {
  DriftItem,
  DriftKind,
  DriftReport,
  DriftStatus,
  DriftSummary,
  DriftValue,
  HeldDrift,
  MembershipDriftItem,
  MembershipDriftKind,
  TeamDriftItem,
  TeamDriftKind,
  UnmanagedTeam,
  UnmanagedUser,
  UserDriftItem,
  UserDriftKind,
} from './types.js';
