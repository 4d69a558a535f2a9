import type { Action } from '../../plan/types/index.js';
import type { Tone } from './paint.js';

/**
 * How every form shows an action, said once: Terraform's symbol and its
 * colour, the plan's default headline ("# <address> will be created"; a
 * kind may say it its own way, see plan/change-attributes.ts), and apply's
 * progress words.
 */
export const ACTIONS = {
  create: {
    symbol: '+',
    tone: 'create',
    headline: 'will be created',
    progress: { doing: 'Creating...', still: 'Still creating...', done: 'Creation complete' },
  },
  update: {
    symbol: '~',
    tone: 'update',
    headline: 'will be updated in place',
    progress: { doing: 'Modifying...', still: 'Still modifying...', done: 'Modifications complete' },
  },
  replace: {
    symbol: '-/+',
    tone: 'replace',
    headline: 'will be replaced',
    progress: { doing: 'Replacing...', still: 'Still replacing...', done: 'Replacement complete' },
  },
  delete: {
    symbol: '-',
    tone: 'delete',
    headline: 'will be destroyed',
    progress: { doing: 'Destroying...', still: 'Still destroying...', done: 'Destruction complete' },
  },
} as const satisfies Record<Action, { symbol: string; tone: Tone; headline: string; progress: { doing: string; still: string; done: string } }>;

/** Terraform's symbols: `+` create, `~` update, `-` delete, `-/+` replace. */
export type ActionSymbol = (typeof ACTIONS)[Action]['symbol'];
