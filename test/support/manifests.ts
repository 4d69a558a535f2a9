/** Small manifests for end-to-end tests, built in a line or two. */

export const HEADER = 'version: 1\nadmin:\n  username: admin\n  password: { env: PORTAINER_ADMIN_PASSWORD }\n';

export interface UserEntry {
  username: string;
  role?: 'admin' | 'standard';
  passwordEnv?: string;
  apiKeys?: string[];
}

/** Users with a password each and nothing more: `ALICE_PASSWORD` for alice, as world.ts's PASSWORD_ENV has them. */
export function withPasswords(...usernames: string[]): UserEntry[] {
  return usernames.map((username) => ({ username, passwordEnv: `${username.toUpperCase()}_PASSWORD` }));
}

/** The admin block, then `users` as listed, then `extra` (more top-level keys) as given. */
export function manifest(users: UserEntry[], extra = '', adminKeys?: string[]): string {
  let text = HEADER;
  if (adminKeys) text += `  apiKeys:\n${adminKeys.map((d) => `    - description: ${d}\n`).join('')}`;
  text += users.length ? 'users:\n' : 'users: []\n';
  for (const user of users) {
    text += `  - username: ${user.username}\n`;
    if (user.role) text += `    role: ${user.role}\n`;
    if (user.passwordEnv) text += `    password: { env: ${user.passwordEnv} }\n`;
    if (user.apiKeys) {
      text += user.apiKeys.length ? '    apiKeys:\n' : '    apiKeys: []\n';
      for (const description of user.apiKeys) text += `      - description: ${description}\n`;
    }
  }
  return text + extra;
}

/** The basic world: an admin with a key, alice (admin) and bob (standard), each with a key. */
export const BASIC = manifest(
  [
    { username: 'alice', role: 'admin', passwordEnv: 'ALICE_PASSWORD', apiKeys: ['deploy'] },
    { username: 'bob', passwordEnv: 'BOB_PASSWORD', apiKeys: ['laptop'] },
  ],
  '',
  ['ci'],
);
