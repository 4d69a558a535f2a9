import { isInvalidCredentials, PortainerError } from './errors.js';
import type { Secret } from '../secret.js';

/**
 * Who the client is to Portainer, as request headers. Exactly one credential
 * is ever sent: Portainer rejects a request carrying both `X-API-Key` and
 * `Authorization`.
 */
export type ClientAuth =
  | { kind: 'none' }
  | { kind: 'api-key'; key: Secret }
  /** `earlierNames`: names the user may still have on the server (a rename the plan makes): tried in turn when Portainer refuses `username`. */
  | { kind: 'password'; username: string; password: Secret; earlierNames?: readonly string[] }
  | { kind: 'jwt'; jwt: Secret };

export type LogIn = (username: string, password: Secret) => Promise<Secret>;

export interface AuthHeaders {
  headers: Record<string, string>;
  /** Which login produced the JWT sent, so a 401 renews that one and no other. */
  session: number;
}

export class Credentials {
  readonly #auth: ClientAuth;
  readonly #logIn: LogIn;
  #jwt: Promise<Secret> | undefined;
  #session = 0;

  constructor(auth: ClientAuth, logIn: LogIn) {
    this.#auth = auth;
    this.#logIn = logIn;
    if (auth.kind === 'jwt') this.#jwt = Promise.resolve(auth.jwt);
  }

  get canLogInAgain(): boolean {
    return this.#auth.kind === 'password';
  }

  /** A client made by `asUser` has just logged in; its first call need not do it again. */
  adopt(jwt: Secret): void {
    this.#jwt = Promise.resolve(jwt);
  }

  /** Headers for one call as this identity; a password identity logs in on first need. */
  async headers(): Promise<AuthHeaders> {
    const auth = this.#auth;
    switch (auth.kind) {
      case 'none':
        return { headers: {}, session: 0 };
      case 'api-key':
        return { headers: { 'x-api-key': auth.key.reveal() }, session: 0 };
      case 'jwt':
      case 'password': {
        const session = this.#session;
        this.#jwt ??= this.#startLogin();
        const jwt = await this.#jwt;
        return { headers: { authorization: `Bearer ${jwt.reveal()}` }, session };
      }
    }
  }

  /**
   * After a 401: Portainer forgets JWTs when it restarts and refuses those
   * issued before a role or password change, so log in again, once per stale
   * token however many calls were refused with it.
   */
  async logInAgain(stale: AuthHeaders): Promise<void> {
    if (stale.session === this.#session) {
      this.#session += 1;
      this.#jwt = this.#startLogin();
    }
    await this.#jwt;
  }

  #startLogin(): Promise<Secret> {
    const auth = this.#auth;
    if (auth.kind !== 'password') throw new Error('only a password identity logs in');
    const login = this.#logInUnderAnyName(auth);
    // Remember a refusal (wrong password, ban) so that parallel calls do not spend more
    // rate-limited logins on it; forget a transport failure so the next call tries again.
    login.catch((error: unknown) => {
      const transient = error instanceof PortainerError && (error.kind === 'network' || error.kind === 'timeout');
      if (transient && this.#jwt === login) this.#jwt = undefined;
    });
    return login;
  }

  /** A user about to be renamed logs in under the name it has now: its new one, or else an earlier one. */
  async #logInUnderAnyName(auth: Extract<ClientAuth, { kind: 'password' }>): Promise<Secret> {
    const [first, ...others] = [auth.username, ...(auth.earlierNames ?? [])];
    try {
      return await this.#logIn(first as string, auth.password);
    } catch (error) {
      if (others.length === 0 || !isInvalidCredentials(error)) throw error;
      return this.#logInUnderAnyName({ ...auth, username: others[0] as string, earlierNames: others.slice(1) });
    }
  }
}
