import { describe, expect, it } from 'vitest';
import { docPages, readDoc, rowsByCode, sectionOf, sectionsOf, tableRows } from '../support/docs.js';
import { commands, environmentVariables, exitCodes, globalOptions, type CommandFacts } from './code-facts.js';

/**
 * docs/commands.md against the real commander program: every command has a
 * section, every option of a command is in that section (or in a usage line
 * of another page that names the command and the option in one code span, as
 * `plan --fleet F` would be), with each of its choices; every global option,
 * environment variable and exit code has its row.
 */

const page = readDoc('commands.md');
const allDocs = docPages().map(readDoc);

/** A code span holding the flag as a word: `--out FILE`, `-f, --file M`, `--format text\|json`. */
function flagPattern(flag: string): RegExp {
  const escaped = flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\`(?:-[a-zA-Z], )?${escaped}(?![\\w-])[^\`]*\``);
}

/** The section of commands.md for a command: its heading names it as code (`` ## `plan` ``). */
function commandSection(name: string): string | undefined {
  return sectionsOf(page).find((section) => section.title.includes(`\`${name}\``))?.text;
}

/** A usage line naming the command and the flag in one code span: `plan --fleet F [--target A,B]`. */
function usagePattern(command: string, flag: string): RegExp {
  const escaped = flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\`(?:portainer-users )?${command} [^\`]*${escaped}(?![\\w-])[^\`]*\``);
}

/**
 * The lines that document an option: in the command's section, a code span
 * starting with the flag; anywhere in the docs, a usage line of the command
 * that holds it.
 */
function documentingLines(command: string, flag: string): string[] {
  const own = (commandSection(command) ?? '').split('\n').filter((line) => flagPattern(flag).test(line));
  const usage = allDocs.flatMap((text) => text.split('\n')).filter((line) => usagePattern(command, flag).test(line));
  return [...own, ...usage];
}

/** Options of a command documented nowhere a reader of that command looks, or without their choices. */
function undocumented(command: CommandFacts): string[] {
  return command.options.flatMap((option) => {
    const lines = documentingLines(command.name, option.flag);
    if (lines.length === 0) return [`${command.name} ${option.flag}`];
    const withChoices = lines.some((line) => option.choices.every((choice) => new RegExp(`\\b${choice}\\b`).test(line)));
    return withChoices ? [] : [`${command.name} ${option.flag} (${option.choices.join(', ')})`];
  });
}

describe('docs/commands.md', () => {
  it('has a section for every command', () => {
    const names = commands().map((command) => command.name);
    expect(names).toEqual(expect.arrayContaining(['validate', 'plan', 'apply', 'drift', 'export', 'schema', 'emulator']));
    expect(names.filter((name) => commandSection(name) === undefined)).toEqual([]);
  });

  it("documents every option of every command, with its choices, in that command's section", () => {
    const all = commands();
    expect(all.flatMap((command) => command.options).length).toBeGreaterThan(20);
    expect(all.flatMap(undocumented)).toEqual([]);
  });

  it("names every command's arguments", () => {
    const missing = commands().flatMap((command) =>
      command.arguments.filter((argument) => !(commandSection(command.name) ?? '').includes(argument.toUpperCase())).map((argument) => `${command.name} ${argument}`),
    );
    expect(missing).toEqual([]);
  });

  it('has a row for every global option, with its environment variable', () => {
    const section = sectionOf(page, 'Global options');
    const options = globalOptions();
    expect(options.map((option) => option.flag)).toEqual(expect.arrayContaining(['--url', '--timeout', '--version']));
    const missing = options.filter((option) => {
      const row = section.split('\n').find((line) => line.startsWith('|') && flagPattern(option.flag).test(line));
      return row === undefined || (option.env !== undefined && !row.includes(`\`${option.env}`));
    });
    expect(missing.map((option) => option.flag)).toEqual([]);
  });

  it('has a row for every environment variable the CLI reads', () => {
    const variables = environmentVariables();
    expect(variables).toEqual(expect.arrayContaining(['PORTAINER_URL', 'NO_COLOR', 'PORTAINER_INSECURE']));
    const section = sectionOf(page, 'Environment variables');
    const rows = section.split('\n').filter((line) => line.startsWith('|'));
    expect(variables.filter((name) => !rows.some((row) => row.includes(`\`${name}\``)))).toEqual([]);
  });

  it('has a row for every exit code the CLI gives', () => {
    const codes = exitCodes();
    expect(codes).toEqual(expect.arrayContaining(['0', '1', '2', '130']));
    const rows = rowsByCode(sectionOf(page, 'Exit codes'));
    expect(codes.filter((code) => !rows.has(code))).toEqual([]);
  });
});

describe('docs/emulator.md', () => {
  it("has a row for every flag of the emulator, with its choices", () => {
    const emulator = commands().find((command) => command.name === 'emulator');
    const rows = tableRows(sectionOf(readDoc('emulator.md'), 'Flags'));
    const missing = (emulator?.options ?? []).filter((option) => {
      const row = rows.find((cells) => flagPattern(option.flag).test(cells[0] ?? ''));
      return row === undefined || !option.choices.every((choice) => row.join(' ').includes(choice));
    });
    expect(emulator?.options.length).toBeGreaterThan(5);
    expect(missing.map((option) => option.flag)).toEqual([]);
  });
});
