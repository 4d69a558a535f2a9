import type { EmulatorSeed, SeedUser } from '../../src/emulator/index.js';
import { PASSWORDS } from './world.js';

export function seedAdmin(apiKeys: string[] = []): SeedUser {
  return { username: 'admin', password: PASSWORDS.admin, role: 'admin', apiKeys: apiKeys.map((description) => ({ description })) };
}

/** A server that already matches the BASIC manifest. */
export const CONVERGED_BASIC: EmulatorSeed = {
  users: [
    seedAdmin(['ci']),
    { username: 'alice', password: PASSWORDS.alice, role: 'admin', apiKeys: [{ description: 'deploy' }] },
    { username: 'bob', password: PASSWORDS.bob, role: 'standard', apiKeys: [{ description: 'laptop' }] },
  ],
};
