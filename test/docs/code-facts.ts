import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command, Option } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { APPLY_PHASES } from '../../src/index.js';
import { CHANGE_SCHEMAS } from '../../src/plan-format/change-schemas.js';
import { SEVERITY } from '../../src/plan/index.js';
import { ROOT } from '../support/package.js';

/**
 * What the docs must cover, read from the code itself (never from a copy
 * kept by hand): the runtime tables where there is one (the problem codes'
 * severities, the change schemas, the apply phases, the commander program),
 * and the source text where the list exists only as a type (drift kinds) or
 * is spread over files (problem codes, environment variables, exit codes).
 * A code, kind, command or option another engineer adds shows up here.
 */

const SRC = join(ROOT, 'src');

interface SourceFile {
  path: string;
  text: string;
}

function sourceFiles(folder = SRC): SourceFile[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [{ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }] : [];
  });
}

const sources = sourceFiles();

function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** The problem codes of the plan: every rule's code has a severity in this table. */
export function problemCodes(): string[] {
  return sorted(Object.keys(SEVERITY));
}

/**
 * Every `area.name` code the source gives a `code:` (`code: 'held.protected'`,
 * and each alternative of `code: 'a.b' | 'a.c'`), as `grep -rhoE "code: '[a-z-]+\.[a-z][a-z.-]*'" src` finds them and more.
 */
export function codesInSource(): string[] {
  const codes: string[] = [];
  for (const { text } of sources) {
    for (const match of text.matchAll(/\bcode:\s*('[^'\n]*'(?:\s*\|\s*'[^'\n]*')*)/g)) {
      for (const literal of match[1]!.matchAll(/'([a-z-]+\.[a-z][a-z.-]*)'/g)) codes.push(literal[1]!);
    }
  }
  return sorted(codes);
}

/** Every change kind and the actions it has, from the zod schemas a saved plan is parsed with. */
export function changeKinds(): Map<string, string[]> {
  return new Map(Object.entries(CHANGE_SCHEMAS).map(([kind, actions]) => [kind, Object.keys(actions)]));
}

export function applyPhases(): string[] {
  return APPLY_PHASES.map((phase) => phase.name);
}

/** The string literals of a union type declared in src/ (`type DriftKind = | 'a' | 'b'`), for every type whose name matches. */
export function unionMembers(typeName: RegExp): string[] {
  const members: string[] = [];
  for (const { text } of sources) {
    for (const match of text.matchAll(/\btype\s+(\w+)\s*=\s*((?:\s*\|?\s*'[^'\n]+'\s*(?:\/\/[^\n]*)?)+)/g)) {
      if (!typeName.test(match[1]!)) continue;
      for (const literal of match[2]!.replace(/\/\/[^\n]*/g, '').matchAll(/'([^']+)'/g)) members.push(literal[1]!);
    }
  }
  return sorted(members);
}

export function driftKinds(): string[] {
  return unionMembers(/^\w*DriftKind$/);
}

export function notPatchedCodes(): string[] {
  return unionMembers(/^NotPatchedCode$/);
}

export interface CommandFacts {
  name: string;
  /** Long flags (`--out`), or the short one where there is no long. */
  options: { flag: string; choices: string[]; env?: string }[];
  /** Positional arguments, as their names (`planfile`). */
  arguments: string[];
}

function optionFacts(option: Option) {
  return { flag: option.long ?? option.short ?? option.flags, choices: option.argChoices ?? [], ...(option.envVar ? { env: option.envVar } : {}) };
}

/** The real commander program, walked: every command with its options and arguments. */
export function commands(): CommandFacts[] {
  return buildProgram().commands.map((command: Command) => ({
    name: command.name(),
    options: command.options.map(optionFacts),
    arguments: command.registeredArguments.map((argument) => argument.name()),
  }));
}

/** The options every command inherits (`--url`, `--version`, ...). */
export function globalOptions(): CommandFacts['options'] {
  return buildProgram().options.map(optionFacts);
}

/** Every environment variable the CLI reads: the options' and those read in the source. */
export function environmentVariables(): string[] {
  const fromOptions = [...globalOptions(), ...commands().flatMap((command) => command.options)].flatMap((option) => (option.env ? [option.env] : []));
  const fromSource = sources.flatMap(({ text }) => [...text.matchAll(/process\.env(?:\[\s*['"]([A-Z0-9_]+)['"]\s*\]|\.([A-Z0-9_]+))/g)].map((match) => match[1] ?? match[2]!));
  return sorted([...fromOptions, ...fromSource]);
}

/** Every exit code cli/ can give: `return 2`, `? 2 : 0`, `process.exit(130)`, `EXIT_CODE = 130`. */
export function exitCodes(): string[] {
  const codes: string[] = [];
  const patterns = [/\breturn\s+(\d+)\s*;/g, /\?\s*(\d+)\s*:\s*(\d+)\s*;/g, /process\.exit\((\d+)\)/g, /EXIT_CODE\s*=\s*(\d+)/g, /exitCode\s*=\s*(\d+)/g];
  for (const { text } of sources.filter(({ path }) => path.startsWith(join('src', 'cli')))) {
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) codes.push(...match.slice(1).filter((code): code is string => code !== undefined));
    }
  }
  return sorted(codes).sort((a, b) => Number(a) - Number(b));
}
