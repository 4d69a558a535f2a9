/**
 * Portainer's limits, each said once: the planner, the manifest's schema,
 * export and the manifest edits all read them from here (no I/O, so the pure
 * core may import it). The emulator keeps its own copies, written from
 * Portainer's handlers, so that it can prove the client wrong.
 */

/** The first administrator, the one admin init creates: Portainer's user Id 1. */
export const INITIAL_ADMIN_ID = 1;

/**
 * The longest API key description Portainer accepts: its handler's
 * `MinStringLength(description, 128)` refuses 128 characters and more.
 */
export const MAX_KEY_DESCRIPTION = 127;

/** bcrypt, which Portainer hashes passwords with, refuses more than this many bytes (a 500 on every path that sets one). */
export const BCRYPT_MAX_BYTES = 72;

/** The RoleId Community Edition's UI writes for every grant (it has no roles, only access). */
export const COMMUNITY_ROLE_ID = 3;
