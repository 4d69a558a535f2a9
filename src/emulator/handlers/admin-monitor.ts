/**
 * Portainer's admin-init monitor (api/adminmonitor/admin_monitor.go): one
 * timer from start; when it fires and there is no administrator, the instance
 * disables itself until restarted. Then every request whose URI (query string
 * included, as Portainer compares r.RequestURI) starts with /api, except exactly
 * /api/status and /api/settings/public, gets 303 with `redirect-reason`.
 */
export const INIT_TIMEOUT_REASON = 'AdminInitTimeout';
export const INIT_TIMEOUT_MESSAGE = 'Administrator initialization timeout';

export class AdminInitMonitor {
  #disabled = false;
  readonly #timer: NodeJS.Timeout;

  constructor(timeoutMs: number, hasAdmin: () => boolean) {
    this.#timer = setTimeout(() => {
      if (!hasAdmin()) this.#disabled = true;
    }, timeoutMs);
    this.#timer.unref();
  }

  /** True when this request must be answered 303 Administrator initialization timeout. */
  blocks(requestUri: string): boolean {
    return (
      this.#disabled &&
      requestUri.startsWith('/api') &&
      requestUri !== '/api/status' &&
      requestUri !== '/api/settings/public'
    );
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}
