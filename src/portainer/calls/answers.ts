import type { z } from 'zod';
import {
  apiKeyRefused,
  httpFailure,
  invalidCredentials,
  invalidResponse,
  notPortainer,
  plainHttpToHttps,
  rateLimitBan,
  type PortainerComplaint,
  type PortainerError,
} from '../errors.js';
import { retryAfterMs } from '../transport/retry.js';
import { callName, type Answer, type Call } from '../transport/transport.js';
import { describeIssues, errorBodySchema } from '../wire/wire.js';

/** What Portainer's answers mean: success, or which error to tell a person. */

export function isSuccess(answer: Answer): boolean {
  return answer.status >= 200 && answer.status < 300;
}

/**
 * What a create or a delete found, when the server's answer is not a failure
 * but a fact: the thing exists already (409), or was gone already (404, or
 * Portainer's 500 `API Key not found`). Callers decide what the fact means.
 */
export type Created<T> = { outcome: 'created'; value: T } | { outcome: 'exists'; said?: string };

/** Portainer's 409 on a create: the thing exists, in Portainer's words when it gave some. */
export function exists(answer: Answer): { outcome: 'exists'; said?: string } {
  const { message } = complaintOf(answer);
  return message ? { outcome: 'exists', said: message } : { outcome: 'exists' };
}
export type Removed = 'deleted' | 'already-gone';

/** Throws the failure a person should read unless the call succeeded. */
export function expectSuccess(call: Call, answer: Answer, context: FailureContext = {}): Answer {
  if (!isSuccess(answer)) throw failureOf(call, answer, context);
  return answer;
}

/**
 * Parse a successful body once, at the boundary; a wrong shape is an error
 * here, never `undefined` later. A failed call throws its failure first.
 */
export function parseAnswer<Schema extends z.ZodType>(call: Call, answer: Answer, schema: Schema, expected: string, context: FailureContext = {}): z.output<Schema> {
  expectSuccess(call, answer, context);
  if (isHtmlPage(answer)) throw notPortainer(callName(call), answer.url, answer.status, answer.givenAs);
  if (answer.json === undefined) {
    const problem = answer.text.trim() === '' ? 'the body is empty' : 'the body is not JSON';
    throw invalidResponse(callName(call), answer.status, expected, problem);
  }
  const parsed = schema.safeParse(answer.json);
  if (!parsed.success) throw invalidResponse(callName(call), answer.status, expected, describeIssues(parsed.error));
  return parsed.data;
}

export interface FailureContext {
  /** The user a login was for: Portainer's 422 names nobody. */
  username?: string;
  /** A sentence to add when Portainer's own words do not explain the refusal. */
  hint?: string;
  /** The client authenticates with an API key, so a 401 means that key was refused. */
  apiKey?: boolean;
}

export function failureOf(call: Call, answer: Answer, context: FailureContext = {}): PortainerError {
  const name = callName(call);
  const complaint = complaintOf(answer);
  // The limiter answers 403 `Access denied` before any handler runs: not a password problem.
  if (call.paced && answer.status === 403 && complaint.message?.trim().toLowerCase() === 'access denied') {
    return rateLimitBan(name, answer.status, complaint);
  }
  if (call.route === 'auth' && answer.status === 422 && context.username !== undefined) {
    return invalidCredentials(name, answer.status, complaint, context.username);
  }
  if (answer.status === 401 && context.apiKey && context.hint === undefined) return apiKeyRefused(name, answer.status, complaint, answer.givenAs);
  // A web server that is not Portainer (or a proxy's error page): the URL is wrong, not the request.
  if (isHtmlPage(answer)) return notPortainer(name, answer.url, answer.status, answer.givenAs);
  // Go's https server answers plain http with this 400 and these words.
  if (answer.status === 400 && /HTTP request to an HTTPS server/i.test(answer.text)) return plainHttpToHttps(name, answer.url);
  if (answer.status >= 300 && answer.status < 400) {
    const location = answer.headers.get('location');
    const redirected = location ? `redirected to ${location}` : 'redirected';
    return httpFailure(name, answer.status, { message: complaint.message ?? redirected }, 'Check the Portainer URL (http or https, port)');
  }
  return httpFailure(name, answer.status, complaint, context.hint ?? serverWaitHint(answer));
}

/** A busy server that said how long to wait, when that was longer than the retries could cover. */
function serverWaitHint(answer: Answer): string | undefined {
  const wait = retryAfterMs(answer.headers.get('retry-after'), Date.now());
  if (wait === undefined) return undefined;
  return `Portainer asked to wait ${Math.ceil(wait / 1000)} s before trying again (Retry-After); try again later`;
}

/** An HTML page where Portainer would send JSON. */
function isHtmlPage(answer: Answer): boolean {
  const type = answer.headers.get('content-type') ?? '';
  return type.includes('text/html') || /^\s*<(!doctype|html|head|body)\b/i.test(answer.text);
}

/** Portainer's `{"message","details"}`; from a proxy's HTML or text page, its first words. */
function complaintOf(answer: Answer): PortainerComplaint {
  const body = errorBodySchema.safeParse(answer.json);
  if (body.success && (body.data.message || body.data.details)) {
    const message = oneLine(body.data.message ?? '', 300);
    const details = oneLine(body.data.details ?? '', 300);
    return { ...(message ? { message } : {}), ...(details ? { details } : {}) };
  }
  const words = oneLine(answer.text.replace(/<[^>]*>/g, ' '), 160);
  return words === '' ? {} : { message: words };
}

/**
 * What a server says goes into one line of our terminal output: control
 * characters (a hostile or broken server could send escape sequences) and
 * line breaks become spaces, and a long text is cut.
 */
function oneLine(text: string, max: number): string {
  const words = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').replace(/\s+/g, ' ').trim();
  return words.length > max ? `${words.slice(0, max - 3)}...` : words;
}
