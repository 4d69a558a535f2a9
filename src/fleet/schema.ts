import * as z from 'zod';

/**
 * The fleet file, version 1: which Portainers one repository manages, each
 * with its layered manifests, optionally pinned to one instance and with
 * credentials of its own. The single source of its types, its checks and its
 * published JSON Schema (`schema --fleet`, schemas/fleet.schema.json).
 */

/** A target's name is a file name (`plan --out DIR` writes DIR/<name>.json) and an item of `--target A,B`. */
export const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const envSecret = z
  .object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name (letters, digits and _, not starting with a digit)').describe('Name of the environment variable that holds the secret.') })
  .strict()
  .describe('Read when needed, e.g. `{ env: PROD_EU_API_KEY }`.');

const fileSecret = z
  .object({ file: z.string().min(1).describe('Path of a file holding the secret, relative to the fleet file; a trailing newline is ignored.') })
  .strict()
  .describe('Read when needed, e.g. `{ file: secrets/prod-eu.key }`.');

const secret = (what: string) =>
  z
    .union([z.string().min(1).describe('Accepted with a warning: it would be stored in Git. Prefer `{ env }` or `{ file }`.'), envSecret, fileSecret], {
      error: 'must be { env: NAME }, { file: PATH } or a string',
    })
    .describe(`${what}: \`{ env: NAME }\`, \`{ file: PATH }\` (relative to the fleet file) or a plain string (warned about).`);

const apiKeyCredentials = z
  .object({ apiKey: secret("An administrator's API key (sent as X-API-Key)") })
  .strict()
  .describe('Authenticate with an API key.');

const passwordCredentials = z
  .object({
    username: secret('The username to log in as (POST /api/auth)'),
    password: secret("That user's password"),
  })
  .strict()
  .describe('Authenticate with a username and password (a JWT from POST /api/auth).');

const targetSchema = z
  .object({
    name: z
      .string()
      .max(64, 'must be at most 64 characters')
      .regex(TARGET_NAME, { error: 'must be letters, digits, ".", "_" and "-", starting with a letter or digit (it names the file plan --out DIR writes)' })
      .describe('Names the target in `--target`, in reports and in `plan --out DIR` (DIR/<name>.json); unique, compared case-insensitively.'),
    url: z
      .string()
      .regex(/^https?:\/\/\S+$/i, { error: 'must be an http:// or https:// URL, e.g. https://portainer.example:9443' })
      .describe("The Portainer's base URL, e.g. `https://portainer-eu.example:9443` (the `/api` prefix is added)."),
    manifests: z
      .array(z.string().min(1).describe('A manifest file, relative to the fleet file.'))
      .min(1, 'must name at least one manifest')
      .describe('The manifest files of this target, relative to the fleet file, layered in order (later files add to and override earlier ones).'),
    instanceId: z
      .string()
      .min(1)
      .optional()
      .describe("This Portainer's InstanceID (`plan` prints it as `Instance:`): any other Portainer at the URL is refused before a credential is sent."),
    credentials: z
      .union([apiKeyCredentials, passwordCredentials], { error: 'must be { apiKey } or { username, password }, each a secret reference' })
      .optional()
      .describe("How to authenticate to this Portainer; without it, the tool logs in as the manifest's admin block."),
  })
  .strict()
  .describe('One Portainer of the fleet.');

export const fleetSchema = z
  .object({
    version: z.literal(1).describe('Always `1`.'),
    targets: z.array(targetSchema).min(1, 'must list at least one target').describe('The Portainers of the fleet, in the order reports list them.'),
  })
  .strict()
  .describe('A fleet of Portainers managed from one repository: `plan --fleet`, `drift --fleet`, `apply --fleet --target`, `targets --fleet`.');

export type Fleet = z.infer<typeof fleetSchema>;
export type FleetTargetEntry = Fleet['targets'][number];
export type FleetSecretRef = string | { env: string } | { file: string };
