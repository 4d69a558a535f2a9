import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlyCodeBlock, readDoc } from '../support/docs.js';
import { expectNoSecretsIn, filesWritten } from '../support/secrets.js';
import { PASSWORDS, startWorld, type World } from '../support/world.js';

/**
 * The README's quickstart as a reader runs it: its manifest, and its
 * commands in order, against the emulator as a Portainer in use: its admin
 * initialised, an environment named production (the one thing the manifest
 * needs the server to have).
 */

const readme = readDoc('README.md');
const manifest = onlyCodeBlock(readme, 'Quickstart', 'yaml');
const commands = onlyCodeBlock(readme, 'Quickstart', 'sh')
  .split('\n')
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line.startsWith('portainer-users '))
  .map((line) => line.split(/\s+/).slice(1));

let world: World;
beforeAll(async () => {
  world = await startWorld(manifest, { edition: 'be', seed: { users: [{ username: 'admin', password: PASSWORDS.admin, role: 'admin' }], environments: [{ name: 'production' }] } });
});
afterAll(() => world.close());

describe("the README's quickstart", () => {
  it('validates, plans, applies the saved plan and then finds no drift, as written', async () => {
    expect(commands.map((args) => args[0])).toEqual(['validate', 'plan', 'apply', 'drift']);
    const results = [];
    for (const args of commands) results.push({ args: args.join(' '), ...(await world.cli(args)) });
    expect(results.map(({ args, code, stderr }) => ({ args, code, stderr }))).toEqual(
      commands.map((args) => ({ args: args.join(' '), code: 0, stderr: '' })),
    );
    expect(world.emulator.findUser('alice')).toMatchObject({ role: 'admin', apiKeys: [expect.objectContaining({ description: 'deploy' })] });
    expect(world.emulator.listAccess().find((holder) => holder.name === 'production')?.teams).toEqual([expect.objectContaining({ name: 'developers', roleId: 4 })]);
    const raw = Object.values((JSON.parse(readFileSync(join(world.dir, 'keys.json'), 'utf8')) as { users: Record<string, Record<string, string>> }).users).flatMap(Object.values);
    expect(raw).toEqual([expect.stringMatching(/^ptr_/)]);
    const written = filesWritten(world.dir, [join(world.dir, 'keys.json')]);
    expectNoSecretsIn([...results.flatMap((result) => [result.stdout, result.stderr]), ...written], [...Object.values(PASSWORDS), ...raw]);
  });
});
