import { describe, expect, it } from 'vitest';
import { parseSeed } from '../../src/emulator/index.js';
import { PortainerClient } from '../../src/portainer/index.js';
import { itEmulated, startTarget } from './target.js';

/** One Portainer, known by the InstanceID its database got when it was new: both status routes, public. */
describe('the instance of a Portainer', () => {
  it('answers GET /api/system/status and /api/status without credentials, with one InstanceID', async () => {
    const target = await startTarget();
    const [system, legacy] = await Promise.all(
      ['system/status', 'status'].map(async (route) => {
        const response = await fetch(`${target.url}/api/${route}`);
        expect(response.status).toBe(200);
        return (await response.json()) as { Version: string; InstanceID: string };
      }),
    );
    expect(system?.InstanceID).toMatch(/\S/);
    expect(legacy).toEqual(system);
    expect(await target.client({ kind: 'none' }).instanceStatus()).toEqual({ version: system?.Version, instanceId: system?.InstanceID });
  });

  itEmulated('reports the instance id it was given (option or seed), and a new one for a new database', async () => {
    const pinned = await startTarget({ instanceId: '6b2af0e1-0000-4000-8000-000000000001' });
    expect((await pinned.client({ kind: 'none' }).instanceStatus()).instanceId).toBe('6b2af0e1-0000-4000-8000-000000000001');
    const seeded = await startTarget({ seed: { ...parseSeed('instanceId: restored-backup-id\nusers: [{ username: admin, password: admin-password-1, role: admin }]\n') } });
    expect((await seeded.client({ kind: 'none' }).instanceStatus()).instanceId).toBe('restored-backup-id');
    const [one, two] = await Promise.all([startTarget(), startTarget()]);
    const ids = await Promise.all([one, two].map(async (target) => (await target?.client({ kind: 'none' }).instanceStatus())?.instanceId));
    expect(ids[0]).not.toBe(ids[1]);
  });

  itEmulated('falls back to /api/status on an older Portainer that answers 404 to /api/system/status', async () => {
    const target = await startTarget({ instanceId: 'older-portainer' });
    target.emulator?.injectFault({ method: 'GET', path: '/api/system/status', status: 404, message: 'Not found', times: Infinity });
    const events: string[] = [];
    const client = new PortainerClient({ url: target.url, onRequest: (event) => events.push(`${event.method} ${event.path} ${event.status}`) });
    expect(await client.instanceStatus()).toMatchObject({ instanceId: 'older-portainer' });
    expect(events).toEqual(['GET /api/system/status 404', 'GET /api/status 200']);
  });

  it('refuses a seed whose instanceId is not a string', () => {
    expect(() => parseSeed('instanceId: [1]\n')).toThrow(/instanceId must be a string/);
  });
});
