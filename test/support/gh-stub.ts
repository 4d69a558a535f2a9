import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A stand-in for the GitHub CLI on PATH: `gh api` against an in-memory
 * GitHub kept in a JSON file (issue and pull-request comments, issues, the
 * pull request of a commit), each call's arguments appended to a log. What
 * it does not know it refuses as gh does (HTTP 404, exit 1), and without
 * GH_TOKEN it fails as gh does in a workflow, so a script that forgets the
 * token, or leans on a flag it does not emulate (--jq), fails its test.
 */

export interface StubComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string };
  html_url: string;
}

export interface StubIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
}

export interface StubGitHub {
  nextId: number;
  comments: StubComment[];
  issues: StubIssue[];
  /** The pull request that brought each commit (GET repos/:o/:r/commits/:sha/pulls). */
  pulls: Record<string, number>;
}

export interface GhStub {
  /** The folder to put first on PATH. */
  bin: string;
  /** The environment the stub reads (its files, and the token a workflow passes). */
  env: Record<string, string>;
  calls(): string[][];
  github(): StubGitHub;
  update(change: (github: StubGitHub) => void): void;
  /** An empty GitHub and an empty log. */
  reset(): void;
}

const SCRIPT = String.raw`#!/usr/bin/env node
'use strict';
const fs = require('node:fs');
const args = process.argv.slice(2);
fs.appendFileSync(process.env.GH_STUB_LOG, JSON.stringify(args) + '\n');
function fail(message, code = 1) { process.stderr.write(message + '\n'); process.exit(code); }
if (!process.env.GH_TOKEN) fail('gh: To use GitHub CLI in a GitHub Actions workflow, set the GH_TOKEN environment variable.', 4);
if (args[0] !== 'api') fail('stub gh: only gh api is emulated, got gh ' + args.join(' '));
let method = 'GET', input, path, slurp = false, paginate = false;
for (let i = 1; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--method' || arg === '-X') method = args[++i];
  else if (arg === '--input') input = JSON.parse(fs.readFileSync(args[++i], 'utf8'));
  else if (arg === '--paginate') paginate = true;
  else if (arg === '--slurp') slurp = true;
  else if (arg.startsWith('-')) fail('stub gh: ' + arg + ' is not emulated');
  else path = arg;
}
if (slurp && !paginate) fail('the --slurp option is only supported with --paginate');
const github = JSON.parse(fs.readFileSync(process.env.GH_STUB_STATE, 'utf8'));
const save = () => fs.writeFileSync(process.env.GH_STUB_STATE, JSON.stringify(github, null, 2));
const page = (list) => (slurp ? [list] : list);
const route = (path || '').split('?')[0].match(/^repos\/[^/]+\/[^/]+\/(.*)$/);
const rest = route ? route[1] : '';
let match;
let answer;
if (method === 'GET' && (match = rest.match(/^issues\/(\d+)\/comments$/))) {
  answer = page(github.comments.filter((c) => c.issue === Number(match[1])));
} else if (method === 'POST' && (match = rest.match(/^issues\/(\d+)\/comments$/))) {
  if (!input || typeof input.body !== 'string') fail('gh: Invalid request. "body" wasn\'t supplied. (HTTP 422)');
  const id = github.nextId++;
  answer = { id, issue: Number(match[1]), body: input.body, user: { login: 'github-actions[bot]' }, html_url: 'https://github.com/' + path.split('/').slice(1, 3).join('/') + '/issues/' + match[1] + '#issuecomment-' + id };
  github.comments.push(answer);
  save();
} else if (method === 'PATCH' && (match = rest.match(/^issues\/comments\/(\d+)$/))) {
  const comment = github.comments.find((c) => c.id === Number(match[1]));
  if (!comment) fail('gh: Not Found (HTTP 404)');
  if (!input || typeof input.body !== 'string') fail('gh: Invalid request. "body" wasn\'t supplied. (HTTP 422)');
  comment.body = input.body;
  answer = comment;
  save();
} else if (method === 'GET' && (match = rest.match(/^commits\/([0-9a-f]+)\/pulls$/))) {
  answer = github.pulls[match[1]] ? [{ number: github.pulls[match[1]] }] : [];
} else if (method === 'GET' && rest === 'issues') {
  answer = page(github.issues.filter((issue) => issue.state === 'open'));
} else if (method === 'POST' && rest === 'issues') {
  if (!input || typeof input.title !== 'string') fail('gh: Invalid request. "title" wasn\'t supplied. (HTTP 422)');
  answer = { number: github.nextId++, title: input.title, body: input.body || '', state: 'open' };
  github.issues.push(answer);
  save();
} else {
  fail('gh: Not Found (HTTP 404)');
}
process.stdout.write(JSON.stringify(answer) + '\n');
`;

/** Writes the stub into `dir`/gh-stub/ with an empty GitHub. */
export function installGhStub(dir: string): GhStub {
  const bin = join(dir, 'gh-stub');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'gh'), SCRIPT, { mode: 0o755 });
  const log = join(bin, 'calls.jsonl');
  const state = join(bin, 'github.json');
  const reset = () => {
    const empty: StubGitHub = { nextId: 1000, comments: [], issues: [], pulls: {} };
    writeFileSync(state, JSON.stringify(empty));
    writeFileSync(log, '');
  };
  reset();
  const github = () => JSON.parse(readFileSync(state, 'utf8')) as StubGitHub;
  return {
    bin,
    env: { GH_STUB_LOG: log, GH_STUB_STATE: state, GH_TOKEN: 'ghs_stub-token-for-tests' },
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as string[]) : []),
    github,
    update(change) {
      const current = github();
      change(current);
      writeFileSync(state, JSON.stringify(current));
    },
    reset,
  };
}
