import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files a GitHub runner gives a step (GITHUB_OUTPUT, GITHUB_ENV,
 * GITHUB_PATH, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH) and RUNNER_TEMP, as
 * temporary files, and readers that parse them as the runner does.
 */
export interface StepFiles {
  env: Record<string, string>;
  outputs(): Record<string, string>;
  exported(): Record<string, string>;
  paths(): string[];
  summary(): string;
}

export function stepFiles(dir: string, event: { name: string; payload: unknown }): StepFiles {
  const step = mkdtempSync(join(dir, 'step-'));
  const files = {
    GITHUB_OUTPUT: join(step, 'output'),
    GITHUB_ENV: join(step, 'env'),
    GITHUB_PATH: join(step, 'path'),
    GITHUB_STEP_SUMMARY: join(step, 'summary'),
    GITHUB_EVENT_PATH: join(step, 'event.json'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(event.payload));
  const runnerTemp = join(dir, 'runner-temp');
  mkdirSync(runnerTemp, { recursive: true });
  return {
    env: { ...files, GITHUB_EVENT_NAME: event.name, RUNNER_TEMP: runnerTemp, GITHUB_ACTIONS: 'true', CI: 'true' },
    outputs: () => parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    exported: () => parseCommandFile(readFileSync(files.GITHUB_ENV, 'utf8')),
    paths: () => readFileSync(files.GITHUB_PATH, 'utf8').split('\n').filter(Boolean),
    summary: () => readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

/** `name=value` lines and `name<<DELIMITER` blocks, as the runner reads GITHUB_OUTPUT and GITHUB_ENV. */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] as string, i + 1);
      if (end < 0) throw new Error(`${heredoc[1]}: no closing ${heredoc[2]}`);
      values[heredoc[1] as string] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) throw new Error(`not name=value: ${line}`);
    values[line.slice(0, equals)] = line.slice(equals + 1);
  }
  return values;
}
