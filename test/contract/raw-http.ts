import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Secret } from '../../src/secret.js';
import type { Target } from './target.js';

/**
 * One HTTP exchange with exactly the headers given (plus Host and, with a
 * body, Content-Type and Content-Length): for contract tests that check
 * Portainer's own words and headers, where a client would add or hide some.
 */
export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON (throws when it is not). */
  json(): any;
}

export interface RawCall {
  headers?: Record<string, string>;
  body?: unknown;
}

export function raw(baseUrl: string, method: string, path: string, call: RawCall = {}): Promise<RawAnswer> {
  const url = new URL(`/api${path}`, baseUrl);
  const body = call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
  const headers: Record<string, string> = { ...call.headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `Bearer <jwt>` and the like, ready to spread into `headers`. */
export function bearer(jwt: string): Record<string, string> {
  return { authorization: `Bearer ${jwt}` };
}

/** The `portainer_api_key` cookie a browser would send back: Portainer's cookie value is the JWT itself. */
export function sessionCookie(jwt: string): Record<string, string> {
  return { cookie: `portainer_api_key=${jwt}` };
}

/** The Origin a browser on the server's own page would send. */
export function sameOrigin(baseUrl: string): Record<string, string> {
  return { origin: new URL(baseUrl).origin };
}

/** A JWT of `username`, for raw calls: one paced login through the client. */
export async function jwtOf(target: Target, username: string, password: string): Promise<string> {
  return (await target.client({ kind: 'none' }).login(username, new Secret(password))).reveal();
}
