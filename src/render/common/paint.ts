import { styleText } from 'node:util';

type Format = Parameters<typeof styleText>[0];

/** What a piece of plan text is, for colour: Terraform's green +, yellow ~, red -, cyan -/+. */
export type Tone = 'create' | 'update' | 'delete' | 'replace' | 'warning' | 'error';

export type Paint = (tone: Tone, text: string) => string;

const FORMATS: Record<Tone, Format> = {
  create: 'green',
  update: 'yellow',
  delete: 'red',
  replace: 'cyan',
  warning: ['yellow', 'bold'],
  error: ['red', 'bold'],
};

/**
 * The caller (the CLI) has already decided whether colour is wanted, from
 * the TTY, `--no-color` and `NO_COLOR`; `validateStream: false` stops newer
 * Node versions from second-guessing that against process.stdout.
 */
export function painter(color: boolean): Paint {
  if (!color) return (_tone, text) => text;
  return (tone, text) => styleText(FORMATS[tone], text, { validateStream: false });
}
