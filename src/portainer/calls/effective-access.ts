import { z } from 'zod';
import { parseAnswer } from './answers.js';
import type { Send } from './send.js';
import type { Call } from '../transport/transport.js';
import * as wire from '../wire/wire.js';

/**
 * Portainer 2.45's own answer to "who may use what": a user's effective
 * access (the roles its resolver finds, per environment), and the users and
 * teams with access to one environment. The audit resolves access itself,
 * from the lists it reads anyway (one request per user would not scale);
 * these are for checking it against the server, and for library users.
 */
const id = z.number().int().nonnegative();

export const effectiveAccessSchema = z.array(
  z
    .object({
      endpointId: id,
      endpointName: z.string(),
      roleId: id,
      roleName: z.string(),
      rolePriority: z.number().int(),
      groupId: id.optional(),
      groupName: z.string().optional(),
      teamId: id.optional(),
      teamName: z.string().optional(),
      accessLocation: z.enum(['environment', 'environmentGroup']),
    })
    .transform((entry) => ({
      environmentId: entry.endpointId,
      environment: entry.endpointName,
      roleId: entry.roleId,
      roleName: entry.roleName,
      rolePriority: entry.rolePriority,
      ...(entry.groupId ? { groupId: entry.groupId, group: entry.groupName ?? '' } : {}),
      ...(entry.teamId ? { teamId: entry.teamId, team: entry.teamName ?? '' } : {}),
      location: entry.accessLocation,
    })),
);
export type EffectiveAccess = z.output<typeof effectiveAccessSchema>[number];

/** `GET /users/{id}/effective-access` (2.45): the user itself or an administrator. */
export async function userEffectiveAccess(send: Send, userId: number): Promise<EffectiveAccess[]> {
  const call: Call = { method: 'GET', route: `users/${userId}/effective-access` };
  return parseAnswer(call, await send(call), effectiveAccessSchema, "a user's effective access");
}

/** `GET /users?environmentId=N`: those with access to the environment, directly, through its group or a team. */
export async function usersWithAccessTo(send: Send, environmentId: number): Promise<wire.UserSummary[]> {
  const call: Call = { method: 'GET', route: `users?environmentId=${environmentId}` };
  return parseAnswer(call, await send(call), wire.userListSchema, 'a list of users');
}

/** `GET /teams?environmentId=N`: the teams the environment or its group names. */
export async function teamsWithAccessTo(send: Send, environmentId: number): Promise<wire.Team[]> {
  const call: Call = { method: 'GET', route: `teams?environmentId=${environmentId}` };
  return parseAnswer(call, await send(call), wire.teamListSchema, 'a list of teams');
}
