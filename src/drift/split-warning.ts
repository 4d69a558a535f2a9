import { membershipAddress, teamAddress } from '../plan/address.js';
import { foldUsername } from '../plan/match.js';
import type { DesiredState, ObservedState } from '../plan/types.js';
import type { HeldDrift } from './types.js';

/**
 * Plan warnings start with an address (design.md), then `: ` and the
 * sentence. Addresses may hold `: ` themselves: a key's description, a
 * team's name, a member's name. So the addresses the plan could have warned
 * about are tried first, longest first; patterns are the fallback.
 */
export function warningSplitter(desired: DesiredState, observed: ObservedState): (warning: string) => HeldDrift {
  const known = [...teamAddresses(desired, observed)].sort((a, b) => b.length - a.length);
  return (warning) => {
    const address = known.find((candidate) => warning.startsWith(`${candidate}: `));
    if (address !== undefined) return { address, message: warning.slice(address.length + 2) };
    return splitByPattern(warning);
  };
}

/** Every team and membership address the planner can use: the manifest's spellings, and the server's for members it would remove. */
function teamAddresses(desired: DesiredState, observed: ObservedState): Set<string> {
  const addresses = new Set<string>();
  const serverTeams = new Map((observed.teams ?? []).map((team) => [foldUsername(team.name), team]));
  for (const team of desired.teams ?? []) {
    addresses.add(teamAddress(team.name));
    for (const member of team.members) addresses.add(membershipAddress(team.name, member.username));
    for (const member of serverTeams.get(foldUsername(team.name))?.members ?? []) addresses.add(membershipAddress(team.name, member.username));
  }
  for (const team of observed.teams ?? []) addresses.add(teamAddress(team.name));
  return addresses;
}

const KEY_WARNING = /^(user\.\S+?\.apiKey\[.*?\](?:#\d+)?): ([\s\S]*)$/;
const MEMBERSHIP_WARNING = /^(team\.[\s\S]*?\.member\[[\s\S]*?\]): ([\s\S]*)$/;
const ANY_WARNING = /^(\S+?): ([\s\S]*)$/;

export function splitByPattern(warning: string): HeldDrift {
  const match = KEY_WARNING.exec(warning) ?? MEMBERSHIP_WARNING.exec(warning) ?? ANY_WARNING.exec(warning);
  return match ? { address: match[1] ?? '', message: match[2] ?? '' } : { address: '', message: warning };
}

/**
 * The words of the planner's safety rules (`plan/safety.ts`) for a change it
 * keeps back. A team warning without them (a member who is only on the
 * server, say) is information, not drift.
 */
const HELD_WORDS = /^(?:not (?:created|changed|replaced|deleted)|role not changed)\b/;

/** Whether a warning is a change the plan keeps back for safety: drift that apply will not fix. */
export function isHeldChange(warning: HeldDrift): boolean {
  if (warning.address === 'admin' || warning.address.startsWith('user.')) return true;
  return warning.address.startsWith('team.') && HELD_WORDS.test(warning.message);
}
