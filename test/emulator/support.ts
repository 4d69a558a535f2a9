import { afterEach } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';

/** Builders for emulator tests: start on a free port, call it over real HTTP. */

export const ADMIN = { username: 'admin', password: 'admin-password-1' } as const;
export const ALICE = { username: 'alice', password: 'alice-password-1' } as const;

const running: Emulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

/** An emulator on port 0 (with Portainer's defaults unless told otherwise) that is closed after the test. */
export async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const started = await startEmulator({ port: 0, ...options });
  running.push(started);
  return started;
}

/** An emulator with an initialised admin and a standard user alice. */
export async function seeded(options: EmulatorOptions = {}): Promise<Emulator> {
  return emulator({
    seed: { users: [{ ...ADMIN, role: 'admin' }, { ...ALICE }] },
    ...options,
  });
}

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  jwt?: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

/** One HTTP call under /api; the body is parsed as JSON when it is JSON. */
export async function call(target: Emulator, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.jwt !== undefined) headers['authorization'] = `Bearer ${options.jwt}`;
  if (options.apiKey !== undefined) headers['x-api-key'] = options.apiKey;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${target.url}/api${path}`, {
    method,
    headers,
    redirect: 'manual',
    ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  return { status: response.status, body: isJson ? JSON.parse(text) : text, headers: response.headers };
}

export async function login(target: Emulator, user: { username: string; password: string }): Promise<string> {
  const answer = await call(target, 'POST', '/auth', { body: { username: user.username, password: user.password } });
  if (answer.status !== 200) throw new Error(`login as ${user.username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.jwt as string;
}

/** Portainer compares TokenIssueAt and iat in whole seconds: wait until the clock enters a new second. */
export async function nextSecond(): Promise<void> {
  const now = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 1000 - (now % 1000) + 20));
}

export function idOf(target: Emulator, username: string): number {
  const user = target.findUser(username);
  if (user === undefined) throw new Error(`no user ${username}`);
  return user.id;
}
