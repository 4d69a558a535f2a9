import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiKeyOf, AUTH_COOKIE, bearerOf, cookieOf } from '../auth/authenticate.js';
import type { FaultBoard } from './faults.js';
import { failure, type Reply } from './reply.js';
import { respond } from './respond.js';
import type { EmulatorState } from '../stores/state.js';
import type { RecordedRequest } from '../types.js';

/** What the HTTP layer adds around Portainer's behaviour: the request log, latency and faults. */
export interface ListenerDeps {
  state: EmulatorState;
  faults: FaultBoard;
  requests: RecordedRequest[];
  latencyMs: () => number;
  onRequest?: (request: RecordedRequest, ms: number) => void;
}

export function createListener(deps: ListenerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch(() => req.socket.destroy());
  };
}

async function handle(deps: ListenerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const record = await serve(deps, req, res);
  deps.onRequest?.(record, Math.round(performance.now() - started));
}

async function serve(deps: ListenerDeps, req: IncomingMessage, res: ServerResponse): Promise<RecordedRequest> {
  const method = req.method ?? 'GET';
  const requestUri = req.url ?? '/';
  const path = requestUri.split('?')[0] ?? '/';
  const record: RecordedRequest = { method, path, status: 0, auth: credentialKind(req, requestUri) };
  deps.requests.push(record);
  const body = await readBody(req);
  const latency = deps.latencyMs();
  if (latency > 0) await sleep(latency);
  const fault = deps.faults.take(method, path);
  if (fault?.kind === 'delay') await sleep(fault.ms);
  if (fault?.kind === 'drop' && fault.drop === 'connection') {
    req.socket.destroy();
    return record;
  }
  const reply =
    fault?.kind === 'status'
      ? injected(fault.status, fault.message ?? STATUS_CODES[fault.status] ?? 'Injected fault')
      : safeRespond(deps.state, { method, requestUri, headers: req.headers, body, ip: req.socket.remoteAddress ?? '', nowMs: Date.now() });
  if (fault?.kind === 'drop') {
    req.socket.destroy(); // the change above has happened; the client never hears of it
    return record;
  }
  record.status = reply.status;
  writeReply(res, reply);
  return record;
}

/** An injected failure says what the test asked for, as written (a proxy's answer need not be Portainer's). */
function injected(status: number, message: string): Reply {
  return { status, body: { message, details: message } };
}

function safeRespond(state: EmulatorState, incoming: Parameters<typeof respond>[1]): Reply {
  try {
    return respond(state, incoming);
  } catch (error) {
    return failure(500, 'Internal Server Error', (error as Error).message);
  }
}

/** For the request log: which credential the request presented, valid or not. */
function credentialKind(req: IncomingMessage, requestUri: string): RecordedRequest['auth'] {
  const query = new URL(requestUri, 'http://emulator').searchParams;
  if (apiKeyOf(req.headers, query) !== undefined) return 'api-key';
  if (bearerOf(req.headers) !== undefined || cookieOf(req.headers, AUTH_COOKIE) !== undefined) return 'jwt';
  return 'none';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function writeReply(res: ServerResponse, reply: Reply): void {
  // Portainer's MWSecureHeaders sets this on every API answer.
  const headers: Record<string, string> = { 'x-content-type-options': 'nosniff', ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
  } else if (typeof reply.body === 'string') {
    res.writeHead(reply.status, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(reply.body);
  } else {
    res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
  }
}
