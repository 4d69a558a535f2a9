import { exportManifestWithCounts, readServerForExport } from '../../export/index.js';
import { describeExportCounts } from '../../render/common/export-counts.js';
import { refuseUnwritable, writeFileAtomic } from '../../files/write-atomic.js';
import { connect, TargetError } from '../../session/connection.js';
import { readInstance } from '../../session/instance.js';
import { asAdministrator } from '../../session/require-admin.js';
import { writeErr, writeOut } from '../output.js';
import type { GlobalOptions } from '../global-options.js';
import { targetOf, UsageError } from '../target.js';

interface ExportOptions {
  output?: string;
  emptyKeyLists?: boolean;
}

/**
 * `export`: a manifest of what the server has (users, keys, teams), for
 * onboarding an existing Portainer. There is no manifest yet to take an
 * admin's password from, so credentials must come from the flags or the
 * environment.
 */
export async function run(options: ExportOptions, globals: GlobalOptions): Promise<number> {
  if (!globals.apiKey && !globals.username && !globals.password) {
    throw new UsageError(
      "export needs an administrator's credentials: give --api-key (PORTAINER_API_KEY), or --username and --password (PORTAINER_USERNAME and PORTAINER_PASSWORD)",
      'export',
    );
  }
  if (options.output) await refuseUnwritable(options.output, 'the manifest');
  const connection = connect(targetOf(globals));
  // A public call beside the admin check: the instance id goes into the file's header.
  const instance = readInstance(connection.publicClient, connection.target, undefined);
  if (!(await connection.publicClient.adminExists())) {
    throw new TargetError('the server has no administrator yet, so there is nothing to export; start from a manifest with an admin block instead');
  }
  const runningAs = connection.runningAs ?? (await connection.client.currentUser()).username;
  const observed = await asAdministrator(readServerForExport({ client: connection.client, runningAs, concurrency: connection.concurrency }), runningAs);
  const instanceId = await instance;
  const { text, counts } = exportManifestWithCounts(observed, { ...(instanceId !== undefined ? { instanceId } : {}), ...(options.emptyKeyLists ? { emptyKeyLists: true } : {}) });
  if (options.output) {
    await writeFileAtomic(options.output, text);
    writeErr(`Wrote ${describeExportCounts(counts)} to ${options.output}. Set the password variables it names before plan or apply.`);
  } else {
    writeOut(text);
  }
  return 0;
}
