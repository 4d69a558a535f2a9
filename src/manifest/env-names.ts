/**
 * The environment variable each exported password refers to, derived from
 * the username: `maria.garcia` -> `MARIA_GARCIA_PASSWORD`. The admin block
 * gets `PORTAINER_ADMIN_PASSWORD`, the name the examples and CI workflows use.
 * Names are unique: a later username that maps to a taken name gets `_2`, `_3`.
 */
export const ADMIN_PASSWORD_ENV = 'PORTAINER_ADMIN_PASSWORD';

/**
 * `usernames` in the order names are handed out (the admin first, then sorted
 * users). `alreadyTaken` are names in use elsewhere (a manifest's existing
 * references, when users are added to it): none of them is handed out.
 */
export function passwordEnvNames(usernames: readonly string[], adminUsername?: string, alreadyTaken: Iterable<string> = []): Map<string, string> {
  const taken = new Set<string>(alreadyTaken);
  const names = new Map<string, string>();
  for (const username of usernames) {
    const base = username === adminUsername ? ADMIN_PASSWORD_ENV : `${envStem(username)}_PASSWORD`;
    let name = base;
    for (let suffix = 2; taken.has(name); suffix += 1) name = `${base}_${suffix}`;
    taken.add(name);
    names.set(username, name);
  }
  return names;
}

/** Upper-case ASCII letters and digits, everything else one `_`; never empty, never starting with a digit. */
function envStem(username: string): string {
  const stem = username
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // é -> e
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (stem === '') return 'USER';
  return /^[0-9]/.test(stem) ? `USER_${stem}` : stem;
}
