import type { HeldDrift } from '../drift/types.js';
import type { ManifestRole, Role, TeamRole } from '../plan/types/index.js';

/**
 * Accepting drift: the manifest changed so that it says what the server
 * has. An edit is what changes, as data (never the text); each names the
 * plan address of the difference it accepts, so a reader can match it with
 * the drift report.
 */
export type ManifestEdit =
  | { kind: 'set-role'; address: string; username: string; role: Role }
  | { kind: 'add-user'; address: string; username: string; role: Role; passwordEnv: string }
  | { kind: 'remove-user'; address: string; username: string }
  | { kind: 'add-key'; address: string; username: string; description: string }
  | { kind: 'remove-key'; address: string; username: string; description: string }
  | { kind: 'add-member'; address: string; team: string; username: string; role: TeamRole }
  | { kind: 'set-member-role'; address: string; team: string; username: string; role: TeamRole }
  | { kind: 'remove-member'; address: string; team: string; username: string }
  | { kind: 'add-team'; address: string; team: string; members: { username: string; role: TeamRole }[] }
  | { kind: 'remove-team'; address: string; team: string }
  | ({ kind: 'add-grant'; role?: ManifestRole } & GrantPlace)
  | ({ kind: 'set-grant-role'; role?: ManifestRole } & GrantPlace)
  | ({ kind: 'remove-grant' } & GrantPlace);

/** A grant on a listed environment or group: where (`resource`, exactly as the manifest names it) and for whom. `role` absent: the default. */
export interface GrantPlace {
  address: string;
  scope: 'environment' | 'group';
  resource: string;
  principal: 'user' | 'team';
  name: string;
}

export type ManifestEditKind = ManifestEdit['kind'];

/** Why a difference is listed instead of patched: the manifest cannot say it honestly. */
export type NotPatchedCode =
  | 'held' // the planner keeps the change back for safety (the held rule is `problem`)
  | 'password' // passwords are write-only: nobody can read the server's to write it down
  | 'admin-init' // the server has no administrator at all
  | 'admin-block' // the manifest's admin block is always there, always an administrator
  | 'protected' // prune.protect: a patch never adds or removes a protected user
  | 'key-rotation' // a key past its rotateAfter: the manifest asks for the replacement
  | 'key-replace' // --replace names the key: the command asks for the replacement, not the manifest
  | 'rename' // previously: the manifest renames the user or team, and apply makes the rename
  | 'key-raw-value' // nobody holds the key's raw value
  | 'duplicate-key' // several keys share one description, and the manifest can list it only once
  | 'unrepresentable' // a name or description no manifest can hold
  | 'member-unmanaged' // a team member the manifest cannot name: a server user that prune.users would delete, kept by a safety rule
  | 'grant-unnameable' // a grant of an id that is nobody (an orphan), or of a user or team prune would delete
  | 'yaml-shape' // the entry is written with an alias, an anchor or a merge key that an edit would change elsewhere too
  | 'unresolved'; // the patched manifest would still plan this change or error (said rather than hidden)

export interface NotPatched {
  address: string;
  code: NotPatchedCode;
  /** For `held`: the rule that holds the change back. */
  problem?: HeldDrift;
}

/** The manifest as read, as patched, and what was (and was not) accepted. */
export interface ManifestPatch {
  original: string;
  /** `original` with every edit made; equal to it when nothing could be accepted. */
  patched: string;
  edits: ManifestEdit[];
  notPatched: NotPatched[];
}
