import * as z from 'zod';
import { MAX_KEY_DESCRIPTION } from '../limits.js';
import { DURATION_PATTERN, parseDuration } from './duration.js';
import { shown } from './schema-values.js';

/** A user's API keys in the manifest: descriptions, rotation and its overlap (part of schema.ts). */

/** A duration as `rotateAfter` and `overlap` take it: one whole number and a unit. */
const duration = z.string().regex(DURATION_PATTERN, {
  error: (issue) =>
    typeof issue.input === 'string' && /^0+[smhdw]$/.test(issue.input)
      ? `must be longer than zero, got ${shown(issue.input)}`
      : `must be a duration like 90d, 12h, 30m, 45s or 2w (one number and a unit), got ${shown(issue.input)}`,
});

const apiKeySchema = z
  .object({
    description: z
      .string()
      .max(MAX_KEY_DESCRIPTION)
      .regex(/\S/, { error: (issue) => (issue.input === '' ? 'must not be empty' : 'must not be blank (only spaces)') })
      .meta({ title: 'Description', description: `Identifies the key (keys are matched by description); 1 to ${MAX_KEY_DESCRIPTION} characters (Portainer refuses ${MAX_KEY_DESCRIPTION + 1} and more), unique per user.` }),
    rotateAfter: duration
      .optional()
      .meta({ title: 'Rotate after', description: 'Replace the key once it is older than this (the new key is created first), e.g. `90d`.' }),
    overlap: duration
      .optional()
      .meta({
        title: 'Overlap',
        description:
          'With `rotateAfter`: a due rotation creates the successor and keeps the old key working this long after the successor exists (a later plan deletes it), e.g. `7d`; shorter than `rotateAfter`. Without it, rotation replaces the key in one apply.',
      }),
  })
  .strict()
  .superRefine((key, context) => {
    if (key.overlap === undefined) return;
    if (key.rotateAfter === undefined) {
      context.addIssue({ code: 'custom', path: ['overlap'], message: 'overlap goes with rotateAfter: it is how long the replaced key keeps working after a rotation' });
      return;
    }
    const overlap = parseDuration(key.overlap);
    const rotateAfter = parseDuration(key.rotateAfter);
    if (overlap !== undefined && rotateAfter !== undefined && overlap >= rotateAfter) {
      context.addIssue({ code: 'custom', path: ['overlap'], message: `overlap must be shorter than rotateAfter (${key.rotateAfter}), got ${shown(key.overlap)}` });
    }
  })
  .meta({ id: 'ApiKey', title: 'API key', description: 'An API key the user owns; its raw value is written to `--secrets-out` when created.' });

export const apiKeys = z
  .array(apiKeySchema)
  .optional()
  .meta({ title: 'API keys', description: 'Leave out to leave the user\'s keys alone; `[]` means the user has no keys.' });
