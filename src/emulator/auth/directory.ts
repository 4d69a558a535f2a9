/**
 * What an LDAP or OAuth Portainer authenticates against, as Portainer's
 * handlers see it (auth/authenticate.go, users/user_create.go): the
 * authentication method, LDAP group sync (`TeamSync`), and, for LDAP, the
 * directory's passwords and groups of its users.
 */
export type AuthenticationMethod = 'internal' | 'ldap' | 'oauth';

export interface DirectoryEntry {
  password: string;
  /** A login adds the user to the teams named like these (team sync). */
  groups: string[];
}

export interface ExternalAuth {
  method: AuthenticationMethod;
  teamSync: boolean;
  /** By lower-cased username: the LDAP directory. */
  directory: Map<string, DirectoryEntry>;
}

/** Portainer's wire numbers for `AuthenticationMethod`. */
export const METHOD_NUMBER: Record<AuthenticationMethod, number> = { internal: 1, ldap: 2, oauth: 3 };

/** `user_create.go`: under LDAP or OAuth a password on create is refused. */
export const EXTERNAL_PASSWORD_REFUSED = 'a user with password can not be created when authentication method is Oauth or LDAP';
