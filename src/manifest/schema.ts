import * as z from 'zod';
import { MAX_KEY_DESCRIPTION } from '../limits.js';
import { DURATION_PATTERN, parseDuration } from './duration.js';

/**
 * The manifest, version 1: the single source of truth for its types, for
 * validation and for the published JSON Schema. Every object is strict so a
 * misspelt key is an error instead of a silently ignored setting. Rules that
 * span several entries (duplicates) live in rules.ts, so they are reported
 * even when some entry has the wrong shape.
 */

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes a value a person typed, for messages about non-secret fields only. */
/** A value as the manifest has it, cut to a readable length. */
function shown(input: unknown): string {
  const text = typeof input === 'string' ? JSON.stringify(input) : String(input);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const envSecret = z
  .object({
    env: z
      .string()
      .regex(ENV_NAME, 'must be an environment variable name (letters, digits and _, not starting with a digit)')
      .meta({ title: 'Environment variable', description: 'Name of the environment variable that holds the secret.' }),
  })
  .strict()
  .meta({ title: 'Secret from an environment variable', description: 'Read when needed, e.g. `{ env: ALICE_PASSWORD }`.' });

const fileSecret = z
  .object({
    file: z
      .string()
      .min(1)
      .meta({ title: 'File', description: 'Path of a file holding the secret, relative to the manifest; a trailing newline is ignored.' }),
  })
  .strict()
  .meta({ title: 'Secret from a file', description: 'Read when needed, e.g. `{ file: secrets/alice.txt }`.' });

export const secretRefSchema = z
  .union(
    [
      z
        .string()
        .min(1)
        .meta({ title: 'Plain-text secret', description: 'Accepted with a warning: it would be stored in Git. Prefer `{ env }` or `{ file }`.' }),
      envSecret,
      fileSecret,
    ],
    { error: 'must be { env: NAME }, { file: PATH } or a string' },
  )
  .meta({ id: 'Secret', title: 'Password', description: '`{ env: NAME }`, `{ file: PATH }` (relative to the manifest) or a plain string (warned about).' });

const username = z
  .string()
  .min(1)
  .regex(/^\S*$/, { error: (issue) => `must not contain spaces, got ${shown(issue.input)}` })
  .meta({
    title: 'Username',
    description: 'Portainer compares usernames case-insensitively: `Bob` and `bob` are the same user.',
  });

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

const apiKeys = z
  .array(apiKeySchema)
  .optional()
  .meta({ title: 'API keys', description: 'Leave out to leave the user\'s keys alone; `[]` means the user has no keys.' });

const previousUsernames = z
  .array(username)
  .optional()
  .meta({
    title: 'Previously',
    description:
      'Names this user had on the server. Where the server has no user of this entry\'s name but one of these, the plan renames it in place (`PUT /users/{id}`): its Id, API keys, team memberships and environment access stay.',
  });

const adminSchema = z
  .object({
    username: username,
    previously: previousUsernames,
    password: secretRefSchema,
    apiKeys,
  })
  .strict()
  .meta({ id: 'Admin', title: 'Bootstrap administrator', description: 'Initialised when the server has no admin yet; always has the admin role.' });

const teamName = z
  .string()
  .regex(/\S/, { error: (issue) => (issue.input === '' ? 'must not be empty' : 'must not be blank (only spaces)') })
  .meta({ title: 'Team name', description: 'Portainer compares team names case-insensitively: `Developers` and `developers` are the same team.' });

const userTeamSchema = z
  .union(
    [
      teamName,
      z
        .object({
          name: teamName,
          role: z
            .enum(['leader', 'member'])
            .default('member')
            .meta({ title: 'Team role', description: '`leader` (may manage the team\'s members) or `member` (the default).' }),
        })
        .strict()
        .meta({ title: 'Team with a role', description: 'e.g. `{ name: developers, role: leader }`.' }),
    ],
    { error: 'must be a team name or { name: TEAM, role: leader|member }' },
  )
  .meta({ id: 'UserTeam', title: 'Team of the user', description: 'A team name (the user is a member) or `{ name, role }`.' });

const userSchema = z
  .object({
    username: username,
    previously: previousUsernames,
    role: z
      .enum(['admin', 'standard'])
      .default('standard')
      .meta({ title: 'Role', description: '`admin` or `standard` (the default).' }),
    password: secretRefSchema.optional(),
    apiKeys,
    teams: z
      .array(userTeamSchema)
      .optional()
      .meta({ title: 'Teams', description: 'Teams this user belongs to; a team missing from the top-level `teams` list is created.' }),
  })
  .strict()
  .meta({ id: 'User', title: 'User', description: 'A Portainer user the tool manages.' });

const teamMemberNames = (title: string, description: string) =>
  z.array(username).optional().meta({ title, description });

const teamSchema = z
  .object({
    name: teamName,
    previously: z
      .array(teamName)
      .optional()
      .meta({
        title: 'Previously',
        description:
          'Names this team had on the server. Where the server has no team of this name but one of these, the plan renames it in place (`PUT /teams/{id}`): its Id, memberships and environment access stay.',
      }),
    leaders: teamMemberNames('Leaders', 'Usernames of the team\'s leaders, who may manage its members.'),
    members: teamMemberNames('Members', 'Usernames of the team\'s other members.'),
  })
  .strict()
  .meta({
    id: 'Team',
    title: 'Team',
    description: 'A Portainer team; usernames may also be users that exist only on the server. Members named in users\' `teams` are added to these.',
  });

/** The five roles of Business Edition by slug; any other Portainer role is given by its exact name. */
export const ACCESS_ROLE_SLUGS = ['environment-admin', 'operator', 'helpdesk', 'standard', 'read-only'] as const;

const accessRole = z
  .string()
  .regex(/\S/, { error: (issue) => (issue.input === '' ? 'must not be empty' : 'must not be blank (only spaces)') })
  .meta({
    title: 'Environment role',
    description:
      '`environment-admin`, `operator`, `helpdesk`, `standard` (the default) or `read-only`, or any other Portainer role by its exact name (case-insensitive). Community Edition has no roles: any grant is access.',
  });

const accessGrant = (principal: z.ZodString, what: 'user' | 'team') =>
  z
    .union(
      [
        principal,
        z
          .object({ name: principal, role: accessRole.optional() })
          .strict()
          .meta({ title: `${what === 'user' ? 'User' : 'Team'} with a role`, description: `e.g. \`{ name: ${what === 'user' ? 'bob' : 'ops'}, role: operator }\`.` }),
      ],
      { error: `must be a ${what} name or { name: ${what.toUpperCase()}, role: ROLE }` },
    )
    .meta({ id: what === 'user' ? 'UserGrant' : 'TeamGrant', title: `${what === 'user' ? 'User' : 'Team'} access`, description: `A ${what} name (the default role) or \`{ name, role }\`.` });

const userGrant = accessGrant(username, 'user');
const teamGrant = accessGrant(teamName, 'team');

const accessHolder = (what: 'environment' | 'group') =>
  z
    .object({
      name: z
        .string()
        .min(1, { error: 'must not be empty' })
        .meta({ title: 'Name', description: what === 'environment' ? "The environment's name, exactly as Portainer shows it (names are unique)." : "The group's name, exactly as Portainer shows it; it must name one group only." }),
      users: z.array(userGrant).optional().meta({ title: 'Users', description: 'Users with access; a user that is neither in the manifest nor on the server is a plan error.' }),
      teams: z.array(teamGrant).optional().meta({ title: 'Teams', description: 'Teams with access; a team that is neither in the manifest nor on the server is a plan error.' }),
    })
    .strict()
    .meta({
      id: what === 'environment' ? 'EnvironmentAccess' : 'EnvironmentGroupAccess',
      title: what === 'environment' ? 'Environment access' : 'Environment group access',
      description: `Who may use this ${what === 'environment' ? 'environment' : 'group of environments'}: with \`prune.access\` (the default), every grant it does not list is removed.`,
    });

const percentage = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?%$/, { error: (issue) => `must be a whole number or a percentage like 20%, got ${shown(issue.input)}` })
  .refine((text) => Number.parseFloat(text) <= 100, { error: (issue) => `must be at most 100%, got ${shown(issue.input)}` });

const pruneSchema = z
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

const passwordsSchema = z
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

const safetySchema = z
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

export const manifestSchema = z
  .object({
    version: z.literal(1).meta({ title: 'Manifest version', description: 'Always `1`.' }),
    admin: adminSchema.optional(),
    users: z.array(userSchema).default([]).meta({ title: 'Users', description: 'The users the tool manages, in order.' }),
    teams: z
      .array(teamSchema)
      .optional()
      .meta({ title: 'Teams', description: 'The teams the tool manages, with their leaders and members. Leave out (and give no user `teams`) to leave teams alone.' }),
    prune: pruneSchema.prefault({}),
    safety: safetySchema.optional(),
    passwords: passwordsSchema.optional(),
    environments: z
      .array(accessHolder('environment'))
      .optional()
      .meta({ title: 'Environments', description: 'Access to environments, by their unique name. Environments not listed are never touched.' }),
    environmentGroups: z
      .array(accessHolder('group'))
      .optional()
      .meta({ title: 'Environment groups', description: 'Access to environment groups (covering every environment in them); names must be unambiguous.' }),
  })
  .strict()
  .meta({
    title: 'portainer-users manifest',
    description: 'Which Portainer users exist, their roles, their API keys, their teams and their access to environments.',
  });

/** A checked manifest (the schema's output: defaults filled in). */
export type Manifest = z.infer<typeof manifestSchema>;
