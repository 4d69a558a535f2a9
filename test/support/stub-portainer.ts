import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback.js';

/**
 * The smallest Portainer a plan can run against, answering from fixed data:
 * for servers no real Portainer (nor the emulator) would be, such as one that
 * lists two users with one Id. Every request is recorded.
 */
export interface StubPortainer {
  url: string;
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

export type StubRoutes = Record<string, (req: IncomingMessage, res: ServerResponse) => void>;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Routes by `METHOD /api/path`; settings, the admin check, a login and `users/me` are there unless overridden. */
export async function startStubPortainer(routes: StubRoutes): Promise<StubPortainer> {
  const requests: { method: string; path: string }[] = [];
  const defaults: StubRoutes = {
    'GET /api/settings/public': (_req, res) => sendJson(res, 200, { RequiredPasswordLength: 12 }),
    'GET /api/users/admin/check': (_req, res) => res.writeHead(204).end(),
    'POST /api/auth': (_req, res) => sendJson(res, 200, { jwt: 'stub.jwt.value' }),
    'GET /api/users/me': (_req, res) => sendJson(res, 200, { Id: 1, Username: 'admin', Role: 1 }),
  };
  const all = { ...defaults, ...routes };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: req.method ?? 'GET', path });
    req.resume().on('end', () => {
      const route = all[`${req.method} ${path}`];
      if (route) route(req, res);
      else sendJson(res, 404, { message: 'Not found' });
    });
  });
  return { ...(await listenOnLoopback(server)), requests };
}
