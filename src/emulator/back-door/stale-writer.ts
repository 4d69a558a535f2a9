import type { AccessPolicies } from '../stores/environment-store.js';

/**
 * Another client of Portainer, such as its web UI, that read an environment's
 * (or a group's) access before someone's `PUT` and saves its own copy just
 * after it. Portainer's `PUT` replaces each map whole and has no version, so
 * the last writer wins and the earlier `PUT` is undone, as it would be on a
 * real server. Armed through the back door for the next `times` PUTs of one
 * environment or group (Infinity: every one).
 */
export class StaleWriters {
  readonly #armed = new Map<string, number>();

  arm(kind: HolderKind, id: number, times: number): void {
    this.#armed.set(`${kind}:${id}`, times);
  }

  /** Called by the PUT handlers after the write: when armed, puts back the maps as they were before it. */
  afterPut(kind: HolderKind, holder: { readonly id: number } & AccessMaps, before: AccessMaps): void {
    const key = `${kind}:${holder.id}`;
    const remaining = this.#armed.get(key) ?? 0;
    if (remaining <= 0) return;
    this.#armed.set(key, remaining - 1);
    holder.userAccess = before.userAccess;
    holder.teamAccess = before.teamAccess;
  }
}

export type HolderKind = 'environment' | 'group';

export interface AccessMaps {
  userAccess: AccessPolicies;
  teamAccess: AccessPolicies;
}

/** The other client's copy: read now, so later changes do not reach it. */
export function copyOfAccess(holder: AccessMaps): AccessMaps {
  return { userAccess: new Map(holder.userAccess), teamAccess: new Map(holder.teamAccess) };
}
