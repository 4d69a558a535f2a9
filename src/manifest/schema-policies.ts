import * as z from 'zod';
import { shown } from './schema-values.js';

/** What the manifest says of the server as a whole: prune, passwords and safety (part of schema.ts). */

const percentage = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?%$/, { error: (issue) => `must be a whole number or a percentage like 20%, got ${shown(issue.input)}` })
  .refine((text) => Number.parseFloat(text) <= 100, { error: (issue) => `must be at most 100%, got ${shown(issue.input)}` });

export const pruneSchema = z
  .object({
    users: z
      .boolean()
      .default(false)
      .meta({ title: 'Prune users', description: 'Delete server users that the manifest does not list.' }),
    protect: z
      .array(z.string().min(1))
      .default([])
      .meta({ title: 'Protected users', description: 'Glob patterns (`*`, `?`) of usernames never changed or deleted, e.g. `break-glass-*`.' }),
    maxDeletes: z
      .union([z.int().nonnegative(), percentage], {
        error: 'must be a whole number of users (e.g. 5) or a percentage of existing users (e.g. 20%)',
      })
      .optional()
      .meta({ title: 'Maximum deletes', description: 'A plan deleting more users refuses to apply without `--allow-mass-delete`: a count or a percentage like `20%`.' }),
    teams: z
      .boolean()
      .default(false)
      .meta({ title: 'Prune teams', description: 'Delete server teams that the manifest does not list (default false).' }),
    memberships: z
      .boolean()
      .default(true)
      .meta({ title: 'Prune memberships', description: 'Remove members the manifest does not list from the teams it lists (default true).' }),
    access: z
      .boolean()
      .default(true)
      .meta({ title: 'Prune access', description: 'On a listed environment or group, remove grants the manifest does not list (default true); unlisted environments and groups are never touched.' }),
  })
  .strict()
  .meta({ id: 'Prune', title: 'Prune', description: 'What happens to server users, teams and memberships the manifest does not list.' });

export const passwordsSchema = z
  .object({
    verify: z
      .boolean()
      .default(false)
      .meta({
        title: 'Verify passwords',
        description:
          "Plan logs in as each user with a manifest password (one paced login each) and plans a reset where Portainer refuses it. Internal authentication only; default false.",
      }),
  })
  .strict()
  .meta({ id: 'Passwords', title: 'Passwords', description: 'Whether passwords are checked against the server, and reset where they differ.' });

export const safetySchema = z
  .object({
    minAdmins: z
      .int()
      .min(1)
      .default(1)
      .meta({
        title: 'Minimum administrators',
        description:
          'A plan that would leave the server fewer administrators than this (deletes, demotions) is an error, `admins.below-minimum`; a server already below it is a warning. Default 1.',
      }),
  })
  .strict()
  .meta({ id: 'Safety', title: 'Safety', description: 'Guards a plan checks on its outcome before anything is applied.' });
