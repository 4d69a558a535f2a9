import * as z from 'zod';
import { apiKeys } from './schema-api-keys.js';
import { passwordsSchema, pruneSchema, safetySchema } from './schema-policies.js';
import { shown } from './schema-values.js';

/**
 * The manifest, version 1: the single source of truth for its types, for
 * validation and for the published JSON Schema. Every object is strict so a
 * misspelt key is an error instead of a silently ignored setting. Rules that
 * span several entries (duplicates) live in rules.ts, so they are reported
 * even when some entry has the wrong shape.
 */

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

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

/**
 * A RoleId as Portainer stores it, for a grant whose RoleId is no role the
 * server lists (Business Edition's Kubernetes namespace screen writes 0):
 * export writes it so, and the plan reads it back as the same grant.
 */
const roleById = z
  .object({
    id: z
      .number()
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must be zero or more' })
      .meta({ title: 'RoleId', description: "Portainer's RoleId, written as it is stored." }),
  })
  .strict()
  .meta({
    id: 'RoleById',
    title: 'Role by its id',
    description:
      '`{ id: 0 }`: a RoleId as Portainer stores it, for a grant whose RoleId is no role the server lists (what `export` writes for one); such a grant gives no access on Business Edition.',
  });

const accessRole = z
  .union(
    [
      z
        .string()
        .regex(/\S/, { error: (issue) => (issue.input === '' ? 'must not be empty' : 'must not be blank (only spaces)') }),
      roleById,
    ],
    { error: 'must be a role (a slug or a role\'s name) or { id: ROLE_ID }' },
  )
  .meta({
    title: 'Environment role',
    description:
      '`environment-admin`, `operator`, `helpdesk`, `standard` (the default) or `read-only`, any other Portainer role by its exact name (case-insensitive), or `{ id: N }` for a RoleId the server lists as no role. Community Edition has no roles: any grant is access.',
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
